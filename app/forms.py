"""The base of every form: Flask-WTF's CSRF, and no control characters or bidirectional
overrides in any text field (app.services.validation.cek_karakter)."""
from flask_wtf import FlaskForm
from wtforms.widgets import TextArea

from app.services.validation import cek_karakter


class Form(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        # Characters first: a validator that asks the database (a unique name) must never
        # send it a NUL, which PostgreSQL refuses with an error instead of a no.
        refused = {}
        for field in self:
            if isinstance(field.data, str) and (msg := cek_karakter(
                    field.data, multiline=isinstance(field.widget, TextArea))):
                refused[field.name] = msg
        if refused:
            for field in self:
                field.errors = [refused[field.name]] if field.name in refused else []
            return False
        return super().validate(extra_validators)
