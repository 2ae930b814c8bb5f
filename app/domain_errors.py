"""The root of every refusal the domain raises, and its few kinds. Ground floor: imports
nothing of the app. A domain error carries the message a person reads (and, for a form,
the message per field); never an HTTP status, which app/errors.py alone gives each kind.

Exception classes are plumbing, named in English after their kind (`NotFound`, `Conflict`);
a service's own class adds its Indonesian noun in front (`SurveiNotFound`)."""
from __future__ import annotations


class DomainError(Exception):
    """A refusal: nothing was changed. `message` is for the person; `errors` holds the
    message per field, for a form to show beside each field."""

    def __init__(self, message: str = "", errors: dict[str, str] | None = None):
        self.errors = dict(errors or {})
        self.message = message or "; ".join(self.errors.values())
        super().__init__(self.message)


class NotFound(DomainError):
    """No such thing (or not one this person may know of)."""


class Forbidden(DomainError):
    """This person's role may not do this."""


class Conflict(DomainError):
    """The thing changed meanwhile, or was already done (a double click, another officer)."""


class Expired(DomainError):
    """It existed, and its time is over (a survey past its days)."""


class InvalidInput(DomainError):
    """What was given is wrong or breaks a rule; `errors` says which field and why."""


class LimitReached(DomainError):
    """Too many at once (background jobs running); try again when one has finished."""


class Unavailable(DomainError):
    """A service it needs did not answer; try again later."""
