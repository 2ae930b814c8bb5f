"""What the workflow refuses, as domain exceptions of the kinds in app/domain_errors.py.
They carry the message a user reads and no HTTP status: app/errors.py maps the kinds."""
from app import domain_errors as kinds
from app.domain_errors import DomainError


class WorkflowError(DomainError):
    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message, errors)


class Refused(WorkflowError, kinds.InvalidInput):
    """A guard, a missing note or a bad input: the file stays as it was. `errors` holds
    the bad inputs' messages by input name, for the form to show beside each field."""


class NotAllowed(WorkflowError, kinds.Forbidden):
    """The user's role may not do this (here, or at all)."""


class NotFound(WorkflowError, kinds.NotFound):
    """No such application or transition."""


class StaleState(WorkflowError, kinds.Conflict):
    """The file changed since the user saw it (another officer, a double click)."""


class Unavailable(WorkflowError, kinds.Unavailable):
    """A service the transition needs (a signing service, a time-stamping authority) did
    not answer; nothing was changed, the user may try again later."""
