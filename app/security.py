"""HTTP hardening: security headers with a per-request CSP nonce, and the idle timeout."""
import base64
import hashlib
import secrets
import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, logout_user

from app.i18n import clear_session_keeping_language


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def _admin_inline_handlers() -> str:
    """Flask-Admin's Bootstrap 4 templates keep a few inline onclick handlers (the filter
    menu and one per bulk action). Allow exactly those, by hash, and nothing else inline."""
    from app.services.cetak_massal import AKSI_CETAK
    from app.workflow.declaration import all_workflows

    # `href="javascript:void(0)"` on dropdown toggles: hashed as the whole URL by Chromium.
    # One bulk action per transition name of the services declared at start-up.
    actions = dict.fromkeys(t.name for wf in all_workflows() for t in wf.bulk_transitions)
    handlers = ["return false;", "javascript:void(0)"] + [
        f"return modelActions.execute('{name}');" for name in (*actions, *AKSI_CETAK)]
    return "'unsafe-hashes' " + " ".join(_sha256(h) for h in handlers)


def _headers(response):
    # Scripts only from the app itself or carrying this response's nonce (Flask-Admin
    # puts it on its own tags); styles allow attributes, which Flask-Admin's markup uses.
    response.headers.setdefault("Content-Security-Policy", "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'nonce-{csp_nonce()}' {current_app.extensions['csp_handlers']}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _idle_timeout():
    """Log out a session unused for longer than the configured idle time (server-checked,
    not just the cookie's expiry, so an old copied cookie is refused too)."""
    if not current_user.is_authenticated:
        return None
    now = int(time.time())
    last = session.get("last_seen", now)
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    limit = int(getattr(lifetime, "total_seconds", lambda: lifetime)())
    if now - int(last) > limit:
        logout_user()
        clear_session_keeping_language()
        flash(gettext("Sesi berakhir karena tidak ada aktivitas. Silakan masuk kembali."), "warning")
        return redirect(url_for("auth.login", next=request.full_path))
    session["last_seen"] = now
    return None


def init_app(app: Flask) -> None:
    app.extensions["csp_handlers"] = _admin_inline_handlers()
    app.after_request(_headers)
    app.before_request(_idle_timeout)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
