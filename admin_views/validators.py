"""WTForms validators for our admin forms, after Flask-Admin's examples (`form_args`):
each wraps a rule that lives in the services and is tested there without HTTP."""
from flask_babel import gettext
from flask_admin.babel import gettext as admin_gettext
from flask_login import current_user
from sqlalchemy import select
from wtforms.validators import StopValidation, ValidationError

from app.domain_errors import InvalidInput
from app.extensions import db
from app.services import stopwatch
from app.services.accounts import cek_kata_sandi_baru, cek_perubahan_akun


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
            # The rule's own words, not a generic "required" after it (Flask-Admin adds
            # InputRequired behind our validators).
            raise StopValidation(message)


class NewPassword:
    """The account form's password: required for a new account (the form's row is None),
    else optional; when given, the password rules (app/services/accounts.py)."""

    def __call__(self, form, field):
        if (message := cek_kata_sandi_baru(field.data, form.username.data, form.nama.data,
                                           new_account=form._obj is None)):
            raise StopValidation(message)
        if not field.data:
            raise StopValidation()  # optional and left empty: nothing more to check


class AccountChange:
    """Role and status of an account: no one changes their own role or deactivates
    themselves, and one active administrator always remains (checked again under row
    locks when saved)."""

    def __call__(self, form, field):
        errors = cek_perubahan_akun(current_user, form._obj, form.role.data,
                                    bool(form.aktif.data))
        if (message := errors.get(field.name)):
            raise ValidationError(message)


class Upload:
    """An uploaded file read and checked by a service, `read(bytes) -> value`, which raises
    a domain error with the reason. The value waits on the form (`form.checked[name]`) for
    the save, which stores it only once every field has passed: a refused form keeps
    nothing."""

    def __init__(self, read, max_bytes: int = -1):
        self.read, self.max_bytes = read, max_bytes

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            value = self.read(field.data.read(self.max_bytes))
        except InvalidInput as error:
            raise StopValidation(str(error)) from None
        form.checked = {**getattr(form, "checked", {}), field.name: value}


def strip(value):
    """WTForms filter: surrounding spaces off a text value."""
    return value.strip() if isinstance(value, str) else value


def strip_or_none(value):
    value = strip(value)
    return value or None


class UniqueInOffice:
    """Flask-Admin's `Unique` for a number unique within an office (the NIK): the query is
    narrowed to the office at work like every other (models/_kantor.py)."""

    def __init__(self, column):
        self.column = column

    def __call__(self, form, field):
        model = self.column.class_
        query = select(model.id).where(self.column == field.data)
        editing = getattr(form, "_obj", None)
        if editing is not None:
            query = query.where(model.id != editing.id)
        if db.session.execute(query.limit(1)).first() is not None:
            raise ValidationError(admin_gettext("Already exists."))
