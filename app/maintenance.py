"""The maintenance flag: a file in the instance folder, read by every server process and by
the background worker, so a restore can take the whole application out of service (one
process's memory would stop only that process).

While the flag exists every request but the health check gets a 503 page with Retry-After,
and a commit made inside a request is refused (a request that passed the door before the
flag must not be acknowledged after it); the worker leaves its queue alone."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, render_template, request
from flask_babel import gettext
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from werkzeug.exceptions import ServiceUnavailable

from app.i18n import N_

TITLE = N_("Sedang pemeliharaan")
TEXT = N_("Basis data sedang dipulihkan dari cadangan. Tidak ada data yang disimpan selama "
          "pemeliharaan: tunggu sebentar, lalu kirim ulang isian Anda.")
# Served during maintenance: the load balancer's health check, and the page's own styles.
OPEN_ENDPOINTS = frozenset({"health.healthz", "static", "admin.static"})


def flag_path(app: Flask | None = None) -> Path:
    app = app or current_app
    return Path(app.config.get("MAINTENANCE_FLAG") or Path(app.instance_path) / "pemeliharaan")


def active(app: Flask | None = None) -> bool:
    return flag_path(app).exists()


class AlreadyClosed(Exception):
    """The flag is already up: another restore is running, or one died without lowering it."""


@contextmanager
def out_of_service(reason: str):
    """Raise the flag for the duration of the block; an existing flag (another restore)
    is a refusal, not something to take over."""
    path = flag_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AlreadyClosed(str(path)) from None
    with os.fdopen(fd, "w") as f:
        f.write(reason + "\n")
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


class InMaintenance(ServiceUnavailable):
    """A commit refused because the flag went up while the request ran."""


def _answer():
    # The page must not touch the database being replaced: no user is loaded for it.
    g._login_user = current_app.login_manager.anonymous_user()
    seconds = current_app.config["MAINTENANCE_RETRY_AFTER"]
    title, text = gettext(TITLE), gettext(TEXT)
    if request.accept_mimetypes.best == "application/json":
        body = {"error": title, "message": text}
    else:
        body = render_template("errors.html", code=503, title=title, text=text)
    return body, 503, {"Retry-After": str(seconds), "Cache-Control": "no-store"}


def _door():
    if request.endpoint not in OPEN_ENDPOINTS and active():
        return _answer()
    return None


def _refuse_commit(session: Session) -> None:
    if has_request_context() and active():
        raise InMaintenance()


def _connection_lost(error: DBAPIError):
    """A restore ends the sessions still open after its grace period: the request whose
    connection it ended is told to come back, not shown an error page."""
    if active():
        return _answer()
    raise error


def init_app(app: Flask) -> None:
    app.config.setdefault("MAINTENANCE_RETRY_AFTER", 60)
    # First of all before_request hooks: nothing (session checks, user loading) touches the
    # database behind a closed door.
    app.before_request_funcs.setdefault(None, []).insert(0, _door)
    app.register_error_handler(InMaintenance, lambda _e: _answer())
    app.register_error_handler(DBAPIError, _connection_lost)
    if not event.contains(Session, "before_commit", _refuse_commit):
        event.listen(Session, "before_commit", _refuse_commit)
