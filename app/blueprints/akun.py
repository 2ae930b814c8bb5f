"""A user's own account: change one's password; the Camat confirms the office's signing
key with its passphrase."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app import throttle
from app.assets import is_static
from app.auth import permission_required
from app.extensions import db
from app.forms import Form
from app.services import kunci_ttd, sesi
from app.services.accounts import cek_kata_sandi, reset_terakhir
from app.signing.sertifikat import SertifikatError, terpasang
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
        elif current_user.wajib_ganti_sandi and form.baru.data == form.lama.data:
            # The password someone else chose is known to them: it does not stay.
            form.baru.errors.append(gettext(
                "Pilih kata sandi baru yang berbeda dari kata sandi yang diberikan kepada Anda."))
        else:
            current_user.set_password(form.baru.data)
            current_user.wajib_ganti_sandi = False
            sesi.akhiri_semua(current_user.id, "ganti_sandi", kecuali_ini=True)
            db.session.commit()
            throttle.clear("current-password", account)
            login_user(current_user._get_current_object())  # this session goes on; others end
            flash(gettext("Kata sandi berhasil diganti."), "success")
            return redirect(url_for("admin.index"))
    if form.is_submitted() and status == 200:
        status = 422
    reset = reset_terakhir(current_user) if current_user.wajib_ganti_sandi else None
    return render_template("akun/kata_sandi.html", form=form, reset=reset), status


# While a password set by someone else is in force, the owner reaches only this page,
# logging out, the language switch and static files.
_WHILE_RESET = {"akun.ganti_kata_sandi", "auth.logout", "i18n.switch_language"}


@bp.before_app_request
def _own_password_first():
    if not (current_user.is_authenticated and current_user.wajib_ganti_sandi):
        return None
    if request.endpoint in _WHILE_RESET or is_static(request.endpoint):
        return None
    return redirect(url_for("akun.ganti_kata_sandi"), 303)


class KunciTtdForm(Form):
    passphrase = PasswordField(_l("Passphrase kunci yang diunggah"), validators=[
        Optional(), Length(max=200)])


@bp.route("/kunci-ttd", methods=["GET", "POST"])
@permission_required("kunci_ttd.konfirmasi")
def kunci_ttd_view():
    """The Camat's own confirmation of a key the admin uploaded: typing its passphrase
    makes it the office's signing key; refusing drops it."""
    form, status = KunciTtdForm(), 200
    if form.validate_on_submit():
        if request.form.get("aksi") == "tolak":
            if kunci_ttd.batalkan(current_user):
                flash(gettext("Kunci yang diunggah ditolak dan dihapus; kunci lama tetap "
                              "berlaku."), "success")
            return redirect(url_for(".kunci_ttd_view"))
        try:
            if not form.passphrase.data:
                raise SertifikatError(gettext("Ketik passphrase kunci yang diunggah."))
            kunci_ttd.konfirmasi(form.passphrase.data, current_user)
        except SertifikatError as error:
            db.session.rollback()
            form.passphrase.errors = [str(error)]
            status = 429 if isinstance(error, kunci_ttd.PassphraseLimitReached) else 422
        else:
            flash(gettext("Kunci tanda tangan elektronik dipasang; surat berikutnya "
                          "ditandatangani dengannya."), "success")
            return redirect(url_for(".kunci_ttd_view"))
    elif form.is_submitted():
        status = 422
    return render_template("akun/kunci_ttd.html", form=form,
                           menunggu=kunci_ttd.menunggu(),
                           berlaku_at=terpasang(kunci_ttd.p12_path()),
                           sertifikat=kunci_ttd.sertifikat_berlaku()), status


def _record(event: str) -> None:
    """The current-password check's failures and refusals: app log and login record."""
    current_app.logger.warning("password change: %s for %r from %s", event,
                               current_user.username, request.remote_addr)
    db.session.add(AuthLog(event=event, username=current_user.username,
                           user_id=current_user.id, ip=request.remote_addr))
    db.session.commit()
