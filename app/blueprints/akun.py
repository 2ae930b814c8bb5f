"""A user's own account: change one's password."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from app import throttle
from app.extensions import db
from app.forms import Form
from app.services import sesi
from app.services.accounts import cek_kata_sandi
from models import AuthLog

# Wrong current passwords per account in 15 minutes before the check is refused.
CURRENT_PASSWORD_TRIES = 5

bp = Blueprint("akun", __name__, url_prefix="/akun")


class GantiKataSandiForm(Form):
    lama = PasswordField(_l("Kata sandi sekarang"), validators=[
        DataRequired(_l("Kata sandi sekarang wajib diisi.")), Length(max=200)])
    baru = PasswordField(_l("Kata sandi baru"), validators=[
        DataRequired(_l("Kata sandi baru wajib diisi.")), Length(max=200)])
    ulangi = PasswordField(_l("Ulangi kata sandi baru"), validators=[
        DataRequired(_l("Ulangi kata sandi baru.")),
        EqualTo("baru", _l("Kedua kata sandi baru tidak sama."))])


@bp.route("/kata-sandi", methods=["GET", "POST"])
@login_required
def ganti_kata_sandi():
    form = GantiKataSandiForm()
    status = 200
    if form.validate_on_submit():
        account = str(current_user.id)
        if throttle.failures("current-password", account) >= CURRENT_PASSWORD_TRIES:
            _record("sandi_dibatasi")
            form.lama.errors.append(gettext(
                "Terlalu banyak kata sandi sekarang yang salah. Coba lagi dalam 15 menit."))
            status = 429
        elif not current_user.check_password(form.lama.data):
            _record("sandi_salah")
            throttle.record_failure("current-password", account)
            form.lama.errors.append(gettext("Kata sandi sekarang salah."))
        elif (problem := cek_kata_sandi(form.baru.data, current_user.username,
                                              current_user.nama)):
            form.baru.errors.append(problem)
        else:
            current_user.set_password(form.baru.data)
            sesi.akhiri_semua(current_user.id, "ganti_sandi", kecuali_ini=True)
            db.session.commit()
            throttle.clear("current-password", account)
            login_user(current_user._get_current_object())  # this session goes on; others end
            flash(gettext("Kata sandi berhasil diganti."), "success")
            return redirect(url_for("admin.index"))
    if form.is_submitted() and status == 200:
        status = 422
    return render_template("akun/kata_sandi.html", form=form), status


def _record(event: str) -> None:
    """The current-password check's failures and refusals: app log and login record."""
    current_app.logger.warning("password change: %s for %r from %s", event,
                               current_user.username, request.remote_addr)
    db.session.add(AuthLog(event=event, username=current_user.username,
                           user_id=current_user.id, ip=request.remote_addr))
    db.session.commit()
