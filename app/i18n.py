"""Bahasa Indonesia first: our catalogues for our own strings (`messages`), Flask-Admin
(`admin`) and WTForms (`wtforms`), none of which ships Indonesian; English on request.

Our msgids are the Indonesian words themselves, so the `id` locale needs no `messages`
catalogue, and English needs none for `admin` and `wtforms` (their msgids are English)."""
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, has_request_context, redirect, request, session
from flask_babel import get_locale, gettext, lazy_gettext
from wtforms import SelectChoice

from app.extensions import babel

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = ("id", "en")

bp = Blueprint("i18n", __name__)


def N_(message: str) -> str:
    """Marks a declaration's words for `pybabel extract`. They stay plain Indonesian (stored,
    compared, printed on documents) and are translated where a screen shows them."""
    return message


def translate(message):
    """Jinja filter for declared words held in a variable (state labels...): unlike
    `_()`, the result is plain text, so autoescaping still applies."""
    return gettext(message) if message else message


def lazy_choices(labels: dict[str, str]) -> list[tuple[str, object]]:
    """(value, label) pairs for a form or a filter, the label in the user's language."""
    return [(value, lazy_gettext(label)) for value, label in labels.items()]


def select_choices(labels: dict[str, str]) -> list[SelectChoice]:
    """A form field's options, the label in the user's language (WTForms' own shape;
    `lazy_choices` gives the pairs that Flask-Admin's lists and filters read)."""
    return [SelectChoice(value, lazy_gettext(label)) for value, label in labels.items()]


def ui_locale() -> str:
    """The language of the screen being drawn ('id' outside a request: CLI, jobs)."""
    return str(get_locale() or "id")


def clear_session_keeping_language() -> None:
    """A fresh session (login, logout, idle timeout) that still speaks the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang in LANGUAGES:
        session["lang"] = lang


def select_locale() -> str:
    if not has_request_context():  # background jobs and the CLI: the office's language
        return "id"
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


def _keep_our_plural_rule() -> None:
    # Flask-Babel merges the catalogues of every folder and keeps the plural rule of the
    # last one read: Flask-Admin's own folder, which has no Indonesian, so its English
    # rule picked "25 items" over our one Indonesian form ("25 baris").
    import flask_admin.babel as admin_babel
    from babel import support

    domain = admin_babel.domain
    read = domain.get_translations
    # Flask-Admin's domain name ("admin"), read from it: the word is also a role's name.
    names = [domain.domain] if isinstance(domain.domain, str) else list(domain.domain)

    def get_translations():
        translations = read()
        if isinstance(translations, support.Translations) and not getattr(
                translations, "_plural_from_ours", False):
            ours = support.Translations.load(str(TRANSLATIONS_DIR), [get_locale()], names[0])
            if isinstance(ours, support.Translations):
                translations.plural = ours.plural
            translations._plural_from_ours = True
        return translations

    domain.get_translations = get_translations


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    app.config["WTF_I18N_ENABLED"] = True
    babel.init_app(app, locale_selector=select_locale,
                   timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"])
    _use_our_wtforms_catalogue()
    _keep_our_plural_rule()
    app.jinja_env.filters["translate"] = translate
    app.register_blueprint(bp)
