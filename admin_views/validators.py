"""WTForms validators for our admin forms, after Flask-Admin's examples (`form_args`):
each wraps a rule that lives in the services and is tested there without HTTP."""
from flask_babel import gettext
from wtforms.validators import ValidationError

from app.services import stopwatch


class ServerStartTime:
    """The hidden start time must be one this server signed for this form."""

    def __init__(self, purpose: str):
        self.purpose = purpose

    def __call__(self, form, field):
        if stopwatch.started_at(field.data, self.purpose) is None:
            raise ValidationError(gettext("Formulir ini sudah kedaluwarsa atau rusak. Muat "
                                          "ulang halaman lalu isi kembali."))


class Rule:
    """A field check from the services: `check(value) -> message | None`."""

    def __init__(self, check):
        self.check = check

    def __call__(self, form, field):
        if (message := self.check(field.data)):
            raise ValidationError(message)


class FieldsRule:
    """A check across fields: `check(*values of the named fields) -> message | None`,
    the message shown on the field this validator is attached to."""

    def __init__(self, check, *names: str):
        self.check, self.names = check, names

    def __call__(self, form, field):
        if (message := self.check(*(form[name].data for name in self.names))):
            raise ValidationError(message)


class RecordRule:
    """One field's message from a check of the whole record: `check({name: value}) ->
    {field: message}` over the named fields (the NIK against birth date and sex)."""

    def __init__(self, check, *names: str):
        self.check, self.names = check, names

    def __call__(self, form, field):
        record = {name: form[name].data for name in self.names if name in form}
        message = self.check(record).get(field.name)
        if message and message not in field.errors:  # the field's own validator said it
            raise ValidationError(message)


def add_errors(form, errors: dict[str, str]) -> bool:
    """Put a service's per-field messages (field name -> message) next to the fields;
    True when there were none."""
    for name, message in errors.items():
        if message not in form[name].errors:  # a field's own validator may have said it
            form[name].errors = [*form[name].errors, message]
    return not errors


def strip(value):
    """WTForms filter: surrounding spaces off a text value."""
    return value.strip() if isinstance(value, str) else value


def strip_or_none(value):
    value = strip(value)
    return value or None
