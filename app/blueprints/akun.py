"""A user's own account: change one's password."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from app.extensions import db
from app.forms import Form
from app.services import sesi
from app.services.accounts import cek_kata_sandi

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
    if form.validate_on_submit():
        if not current_user.check_password(form.lama.data):
            form.lama.errors.append(gettext("Kata sandi sekarang salah."))
        elif (problem := cek_kata_sandi(form.baru.data, current_user.username,
                                              current_user.nama)):
            form.baru.errors.append(problem)
        else:
            current_user.set_password(form.baru.data)
            sesi.akhiri_semua(current_user.id, "ganti_sandi", kecuali_ini=True)
            db.session.commit()
            login_user(current_user._get_current_object())  # this session goes on; others end
            flash(gettext("Kata sandi berhasil diganti."), "success")
            return redirect(url_for("admin.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("akun/kata_sandi.html", form=form), status
