"""Login sessions the server can end. The signed cookie holds only a random token; the
`sesi_login` row behind it decides: ended (logout, deactivation, password change, the
admin's "end sessions"), idle too long, older than the absolute lifetime, or presented by
another browser than the one that logged in (a copied cookie: ended, and recorded)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request, session
from sqlalchemy import func

from app.extensions import db
from models import AuthLog, OfficeSettings, SesiLogin, User
from models._kantor import KANTOR_AWAL
from models._time import utcnow

# The accounts screen's bulk action that ends an account's sessions (its inline handler is
# allowed by hash in the CSP, app/security.py).
AKHIRI_SESI = "akhiri_sesi"

TOKEN_KEY = "sid"
# The idle clock is written at most this often, not on every request.
TOUCH_SECONDS = 60

# Why a session can no longer be used (`periksa`'s answers).
BERAKHIR, DIAM, KEDALUWARSA, ASING = "berakhir", "diam", "kedaluwarsa", "asing"
# The login record's event for a cookie presented by another browser (or address).
PERAMBAN_LAIN = "sesi_peramban_lain"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _seconds(value) -> int:
    return int(getattr(value, "total_seconds", lambda: value)())


def _perangkat() -> str:
    """The browser that sends this request, as far as the server can tell: its User-Agent
    (hashed: the row need not say which browser)."""
    return _hash(request.headers.get("User-Agent", ""))


def mulai(user) -> None:
    """A new server-side session for `user`, bound to this cookie and this browser (call
    after login_user)."""
    token = secrets.token_urlsafe(32)
    db.session.add(SesiLogin(id=_hash(token), user_id=user.id, ip=request.remote_addr,
                             perangkat=_perangkat()))
    session[TOKEN_KEY] = token


def _current_id() -> str | None:
    token = session.get(TOKEN_KEY)
    return _hash(token) if isinstance(token, str) and token else None


def akhiri_ini(alasan: str) -> None:
    if (sid := _current_id()) is not None:
        _end(db.update(SesiLogin).where(SesiLogin.id == sid), alasan)


def akhiri_semua(user_id: int, alasan: str, kecuali_ini: bool = False) -> int:
    """End every open session of the account; `kecuali_ini`: all but this request's."""
    stmt = db.update(SesiLogin).where(SesiLogin.user_id == user_id)
    if kecuali_ini and (sid := _current_id()) is not None:
        stmt = stmt.where(SesiLogin.id != sid)
    return _end(stmt, alasan)


def _end(stmt, alasan: str) -> int:
    result = db.session.execute(stmt.where(SesiLogin.berakhir_at.is_(None))
                                .values(berakhir_at=utcnow(), alasan=alasan))
    return result.rowcount


def terbuka(user_id: int) -> int:
    """Open sessions of an account (for the account screen)."""
    return db.session.execute(db.select(db.func.count()).select_from(SesiLogin).where(
        SesiLogin.user_id == user_id, SesiLogin.berakhir_at.is_(None))).scalar_one()


def periksa(user_id: int | None) -> str | None:
    """None if this request's session may go on, else why not (the row is then ended)."""
    sid = _current_id()
    row = None
    if sid:
        # The session with its user and the user's office (a regency role's: the first,
        # which names the regency) in one statement; the user is held for the request's
        # user loader, which then finds it in the identity map without a second read, and
        # the office for the page's header and documents.
        found = db.session.execute(
            db.select(SesiLogin, User, OfficeSettings).join(User, User.id == SesiLogin.user_id)
            .outerjoin(OfficeSettings, OfficeSettings.id == func.coalesce(User.kantor_id,
                                                                          KANTOR_AWAL))
            .where(SesiLogin.id == sid)).first()
        if found is not None:
            row, db.session.info["pengguna_sesi"], kantor = found
            if kantor is not None:
                OfficeSettings.tahan(kantor)
    if row is None or row.berakhir_at is not None or row.user_id != user_id:
        return BERAKHIR
    now = utcnow()
    if _dari_tempat_lain(row):
        # The cookie was copied: whoever holds it, the session is over for both.
        row.berakhir_at, row.alasan = now, ASING
        owner = db.session.get(User, row.user_id)
        db.session.add(AuthLog(event=PERAMBAN_LAIN, username=owner.username, user_id=owner.id,
                               ip=request.remote_addr))
        db.session.commit()
        current_app.logger.warning(
            "session cookie presented by another browser or address: user_id=%s "
            "login_address=%s address=%s", row.user_id, row.ip, request.remote_addr)
        return ASING
    idle = _seconds(current_app.config["PERMANENT_SESSION_LIFETIME"])
    absolute = _seconds(current_app.config["SESSION_ABSOLUTE_LIFETIME"])
    problem = (KEDALUWARSA if now - row.dibuat_at > timedelta(seconds=absolute)
               else DIAM if now - row.terakhir_at > timedelta(seconds=idle) else None)
    if problem:
        row.berakhir_at, row.alasan = now, problem
        db.session.commit()
    elif now - row.terakhir_at > timedelta(seconds=TOUCH_SECONDS):
        row.terakhir_at = now
        db.session.commit()
    return problem


def _dari_tempat_lain(row: SesiLogin) -> bool:
    if row.perangkat != _perangkat():
        return True
    # Off by default: behind an office's NAT or DHCP a clerk's address may change.
    return current_app.config["SESSION_BIND_ADDRESS"] and row.ip != request.remote_addr
