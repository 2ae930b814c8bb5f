"""HTTP hardening: security headers with a per-request CSP nonce, no caching of pages
behind the login, and the server-side session check."""
import base64
import hashlib
import secrets

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, logout_user

from app.assets import is_static
from app.i18n import N_, clear_session_keeping_language
from app.services import sesi


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def _admin_inline_handlers() -> str:
    """Flask-Admin's Bootstrap 4 templates keep a few inline handlers (the filter menu's
    `return false;`, `href="javascript:void(0)"` on dropdown toggles, hashed as the whole
    URL by Chromium). Allow exactly those, by hash, and nothing else inline; the bulk
    actions name themselves in data attributes instead (templates/admin/actions.html)."""
    return "'unsafe-hashes' " + " ".join(_sha256(h) for h in ("return false;", "javascript:void(0)"))


def _headers(response):
    # Scripts only from the app itself or carrying this response's nonce (Flask-Admin
    # puts it on its own tags); styles allow attributes, which Flask-Admin's markup uses.
    response.headers.setdefault("Content-Security-Policy", "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'nonce-{csp_nonce()}' {_admin_inline_handlers()}",
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


_ENDED = {
    "diam": N_("Sesi berakhir karena tidak ada aktivitas. Silakan masuk kembali."),
    "kedaluwarsa": N_("Sesi berakhir karena sudah terlalu lama dibuka. Silakan masuk kembali."),
    "berakhir": N_("Sesi Anda telah diakhiri. Silakan masuk kembali."),
    "asing": N_("Sesi ini dibuka dari peramban lain, jadi diakhiri demi keamanan. "
                "Silakan masuk kembali."),
}


def _check_session():
    """Every logged-in request: its server-side session must still be open, within the idle
    time and the absolute lifetime; else the user is logged out here and now."""
    user_id = session.get("_user_id")
    if user_id is None or is_static(request.endpoint):
        return None
    id_part = str(user_id).partition(":")[0]
    problem = sesi.periksa(int(id_part) if id_part.isascii() and id_part.isdigit() else None)
    if problem is None:
        # The user now (read with the session), so the view's first query is already
        # narrowed to their office: the user loader sets the scope.
        current_user._get_current_object()
        return None
    logout_user()
    clear_session_keeping_language()
    flash(gettext(_ENDED[problem]), "warning")
    return redirect(url_for("auth.login", next=request.full_path))


def _no_store(response):
    # Pages behind the login carry full NIKs: no copy in the browser's or a proxy's cache.
    if not is_static(request.endpoint) and (current_user.is_authenticated
                             or request.path.startswith(("/admin", "/akun"))):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
    app.after_request(_no_store)
    app.before_request(_check_session)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
