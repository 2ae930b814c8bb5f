"""The base of every form: Flask-WTF's CSRF, and no control characters or bidirectional
overrides in any text field (app.services.validation.cek_karakter)."""
from flask_wtf import FlaskForm
from wtforms.widgets import TextArea

from app.services.validation import cek_karakter


class Form(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            if not isinstance(field.data, str):
                continue
            if (msg := cek_karakter(field.data, multiline=isinstance(field.widget, TextArea))):
                field.errors = [*field.errors, msg]
                ok = False
        return ok
