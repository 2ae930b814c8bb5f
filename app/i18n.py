"""Bahasa Indonesia first: our catalogues for our own strings (`messages`), Flask-Admin
(`admin`) and WTForms (`wtforms`), none of which ships Indonesian; English on request."""
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, request, session

from app.extensions import babel

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = ("id", "en")

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    lang = session.get("lang")
    return lang if lang in LANGUAGES else "id"


@bp.post("/bahasa")
def switch_language():
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
    target = request.form.get("next", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)


def _use_our_wtforms_catalogue() -> None:
    # Flask-Admin and Flask-WTF both look for WTForms' messages in WTForms' own locale
    # folder, which has no Indonesian; point both at ours (same domain, same msgids).
    import flask_admin.babel as admin_babel
    import flask_wtf.i18n as wtf_i18n
    from flask_babel import Domain

    admin_babel.wtforms_domain = Domain(str(TRANSLATIONS_DIR), domain="wtforms")
    wtf_i18n.messages_path = lambda: str(TRANSLATIONS_DIR)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    app.config["WTF_I18N_ENABLED"] = True
    babel.init_app(app, locale_selector=select_locale,
                   timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"])
    _use_our_wtforms_catalogue()
    app.register_blueprint(bp)
