"""Login and logout (Flask-Login), the role check every view uses, and the login record."""
from functools import wraps
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, make_response, redirect,
                   render_template, request, session, url_for)
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app import throttle
from app.access import scope
from app.access.permissions import allowed
from app.extensions import db, limiter, login_manager
from app.forms import Form
from app.i18n import N_, clear_session_keeping_language
from app.services import sesi
from models import AuthLog, User
from models._time import utcnow

bp = Blueprint("auth", __name__)


class LoginForm(Form):
    username = StringField(_l("Nama pengguna"), validators=[
        DataRequired(_l("Nama pengguna wajib diisi.")), Length(max=50)])
    password = PasswordField(_l("Kata sandi"), validators=[
        DataRequired(_l("Kata sandi wajib diisi.")), Length(max=200)])


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Silakan masuk untuk membuka halaman ini.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)


@login_manager.user_loader
def load_user(user_id: str):
    id_part = user_id.partition(":")[0]
    user = db.session.get(User, int(id_part)) if id_part.isdigit() else None
    # A deactivated account, or one whose password was reset since this session began,
    # loses its session on the next request.
    if user is None or not user.aktif or user.session_id != user_id:
        return None
    scope.tetapkan(user)
    return user


def permission_required(permission: str):
    """403 for a logged-in user whose role lacks `permission` (app/access/permissions.py);
    the login page for anonymous users."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not allowed(permission, current_user.role):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _record(event: str, username: str, user: User | None = None) -> None:
    db.session.add(AuthLog(event=event, username=username[:50],
                           user_id=user.id if user else None, ip=request.remote_addr))


def _posted_username() -> str:
    # Read before the form is validated (limit keys, refusal records): printable only, so
    # a NUL or a direction override never reaches the database or the log.
    raw = request.form.get("username") or ""
    return "".join(ch for ch in raw if ch.isprintable()).strip()[:50]


def _address_and_username_key() -> str:
    # Per address AND name: five wrong guesses from elsewhere never refuse the real user.
    return f"{request.remote_addr}|{_posted_username().lower()}"


def _too_many() -> str:  # called when the limit is hit, so in the user's language
    return gettext("Terlalu banyak percobaan masuk. Coba lagi sebentar lagi.")


def _log_refusal(limit) -> None:
    """Every refused login attempt is in the app log and in the login record."""
    username = _posted_username()
    current_app.logger.warning("login refused by limit %s: username=%r address=%s",
                               limit.limit, username, request.remote_addr)
    _record("login_dibatasi", username)
    db.session.commit()


def _held_back(username: str, form: LoginForm):
    """A name slowed down after failures: refused at once with how long to wait (429,
    Retry-After), so guessing it never holds a worker; None when it may be tried now."""
    wait = throttle.login_wait_seconds(username)
    if not wait:
        return None
    current_app.logger.warning("login held back %d s: username=%r address=%s",
                               wait, username, request.remote_addr)
    _record("login_diperlambat", username)
    db.session.commit()
    flash(gettext("Terlalu banyak kata sandi salah untuk nama ini. Coba lagi dalam "
                  "%(detik)d detik.", detik=wait), "warning")
    response = make_response(render_template("auth/login.html", form=form), 429)
    response.headers["Retry-After"] = str(wait)
    return response


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"], error_message=_too_many,
               on_breach=_log_refusal)
@limiter.limit("5 per minute", methods=["POST"], key_func=_address_and_username_key,
               error_message=_too_many, on_breach=_log_refusal)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        username = form.username.data.strip()
        if (held := _held_back(username, form)) is not None:
            return held
        user = db.session.execute(db.select(User).filter_by(username=username)).scalar()
        if user is not None and user.aktif and user.check_password(form.password.data):
            throttle.clear("login", username)
            clear_session_keeping_language()  # a fresh session at login: no fixation
            login_user(user)
            session.permanent = True
            sesi.mulai(user)
            user.last_login = utcnow()
            _record("login", username, user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")) or url_for("admin.index"))
        _record("login_gagal", username, user)
        db.session.commit()
        throttle.record_login_failure(username)
        # One message for both cases: never tell which of the two was wrong.
        flash(gettext("Nama pengguna atau kata sandi salah."), "danger")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    _record("logout", current_user.username, current_user)
    sesi.akhiri_ini("keluar")  # a copy of the cookie opens nothing afterwards
    db.session.commit()
    logout_user()
    clear_session_keeping_language()
    flash(gettext("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))
