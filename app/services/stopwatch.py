"""When the clerk started a file: SOP step 1 is timed from it (issue 12, issue 23).

The server signs the time it handed out the form, so no client can move the start before
it. The page adds how long it then lay idle before the first key or click of that file
(`token~idle_ms`): the time a form waits open on the desk is not the clerk's. The start
can move forward only, never past the moment it is read, so a wrong idle figure can at
worst shorten the time to zero, never stretch it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

MAX_AGE_SECONDS = 4 * 3600  # a form left open longer is refused: reload it
IDLE_SEPARATOR = "~"        # not in a signed token's alphabet


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.secret_key, salt="stopwatch")


def start_token(purpose: str) -> str:
    return _signer().sign(purpose).decode()


def _idle(text: str) -> timedelta:
    """The page's idle milliseconds before the first key; anything else counts none."""
    return timedelta(milliseconds=int(text)) if text.isdigit() and len(text) <= 9 else timedelta()


def started_at(token: str | None, purpose: str) -> datetime | None:
    """The naive UTC time the clerk started: the token's issue plus the idle time sent with
    it, or None if the token is forged, for another form, or too old."""
    signed, _, idle = (token or "").partition(IDLE_SEPARATOR)
    try:
        value, ts = _signer().unsign(signed, max_age=MAX_AGE_SECONDS, return_timestamp=True)
    except (BadSignature, SignatureExpired):
        return None
    if value.decode() != purpose:
        return None
    issued = ts.astimezone(timezone.utc).replace(tzinfo=None)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return max(issued, min(issued + _idle(idle), now))
