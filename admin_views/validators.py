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
