"""Logging, configured once in the factory (the server and `flask worker` alike): one line
per record with the request's id, the user and the remote address; levels from settings.

What is never logged: a NIK, a document token, a password or a passphrase. Our own lines
name files by id and people by username; xhtml2pdf, which logs each document's whole
source at DEBUG, is held at WARNING here whatever the root level."""
from __future__ import annotations

import contextlib
import contextvars
import logging
import logging.config
import re
import secrets
import sys

from flask import Flask, g, has_request_context, request

FORMAT = "%(asctime)s %(levelname)s [%(request_id)s %(user)s %(remote_addr)s] %(name)s: %(message)s"
# Libraries whose lower levels carry what must not be logged (document sources).
QUIET = {"xhtml2pdf": "WARNING"}
# Defaults a setting may change: Alembic names each of its plugins at every start.
DEFAULT_LEVELS = {"alembic.runtime.plugins": "WARNING"}
HEADER = "X-Request-ID"

# The id of what is done outside a request: a background job in the worker.
_current_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class ContextFilter(logging.Filter):
    """Adds request_id, user and remote_addr to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current_id.get()
        record.user = record.remote_addr = "-"
        if has_request_context():
            record.request_id = g.get("request_id", "-")
            # The user already loaded by this request, never a load from inside a log call.
            user = g.get("_login_user")
            record.user = getattr(user, "username", None) or "-"
            record.remote_addr = request.remote_addr or "-"
        return True


class LineFormatter(logging.Formatter):
    """A warning with an exception stays on its line (the exception's name and message);
    an error keeps its traceback. A library's warning about a bad PDF or an unreachable
    host is not a traceback on the console."""

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.levelno < logging.ERROR:
            exc = record.exc_info[1]
            record = logging.makeLogRecord(record.__dict__)
            record.msg = f"{record.getMessage()} ({type(exc).__name__}: {exc})"
            record.args = None
            record.exc_info = record.exc_text = None
        return super().format(record)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time of the record, as Python's last-resort
    handler does: a stream captured when the app was made (a test runner's) may be closed."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def config(level: str, levels: dict[str, str]) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"line": {"()": LineFormatter, "format": FORMAT}},
        "handlers": {"stderr": {"()": StderrHandler, "formatter": "line",
                                "filters": ["context"]}},
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {name: {"level": lvl} for name, lvl in {**DEFAULT_LEVELS, **levels, **QUIET}.items()},
    }


def init_app(app: Flask) -> None:
    root = logging.getLogger()
    # Handlers someone else put on the root before us (a test's log capture) stay; ours
    # is replaced, so a second app in one process does not print each line twice.
    others = [h for h in root.handlers if not isinstance(h, StderrHandler)]
    logging.config.dictConfig(config(app.config["LOG_LEVEL"], app.config["LOG_LEVELS"]))
    for handler in others:
        root.addHandler(handler)
    app.before_request(_start_request)
    app.after_request(_send_request_id)


def _start_request() -> None:
    g.request_id = secrets.token_hex(8)


def _send_request_id(response):
    if "request_id" in g:
        response.headers[HEADER] = g.request_id
    return response


@contextlib.contextmanager
def bound(name: str):
    """Log lines inside carry `name` as their id (a background job: `job:<id>`)."""
    token = _current_id.set(re.sub(r"\s", "_", name)[:64])
    try:
        yield
    finally:
        _current_id.reset(token)
