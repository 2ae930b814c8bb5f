"""When the server handed out a form, signed so no client can move it: SOP step 1 is
timed from it (issue 12), not from a time the browser sends."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

MAX_AGE_SECONDS = 4 * 3600  # a form left open longer is refused: reload it


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.secret_key, salt="stopwatch")


def start_token(purpose: str) -> str:
    return _signer().sign(purpose).decode()


def started_at(token: str | None, purpose: str) -> datetime | None:
    """The naive UTC time the token was issued, or None if it is forged, for another
    form, or too old."""
    try:
        value, ts = _signer().unsign(token or "", max_age=MAX_AGE_SECONDS,
                                     return_timestamp=True)
    except (BadSignature, SignatureExpired):
        return None
    if value.decode() != purpose:
        return None
    return ts.astimezone(timezone.utc).replace(tzinfo=None)
