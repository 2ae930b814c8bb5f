"""What the workflow refuses, as domain exceptions. They carry the message a user reads
and no HTTP status: the web layer maps them (app/errors.py, `http_status`)."""


class WorkflowError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Refused(WorkflowError):
    """A guard, a missing note or a bad input: the file stays as it was. `errors` holds
    the bad inputs' messages by input name, for the form to show beside each field."""

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


class NotAllowed(WorkflowError):
    """The user's role may not do this (here, or at all)."""


class NotFound(WorkflowError):
    """No such application or transition."""


class StaleState(WorkflowError):
    """The file changed since the user saw it (another officer, a double click)."""


class Unavailable(WorkflowError):
    """A service the transition needs (a signing service, a time-stamping authority) did
    not answer; nothing was changed, the user may try again later."""
