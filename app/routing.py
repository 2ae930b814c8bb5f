"""URL converters: `<int:id>` accepts only ASCII digits within the ids' range."""
from werkzeug.routing import IntegerConverter, ValidationError

from app.services.validation import MAX_ID


class IdConverter(IntegerConverter):
    """Werkzeug's `\\d+` also matches other scripts' digits and any length; a number no
    row can have (`99999999999999999999`) would reach the database and fail there."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        if not value.isascii():
            raise ValidationError()
        return super().to_python(value)
