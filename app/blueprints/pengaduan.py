"""Public complaint pages, no login: the form (/pengaduan), the complainant's status page
(/pengaduan/status) and the office's published service standard (/standar-pelayanan).
Readable without JavaScript."""
from flask import Blueprint, current_app, redirect, render_template, session, url_for
from flask_babel import gettext, lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app import kantor_publik
from app.errors import http_status
from app.extensions import limiter
from app.forms import Form
from app.i18n import select_choices
from app.services import pengaduan
from app.services.pencarian import NIK_AKHIR
from app.survei import publikasi
from app.survei.kuesioner import kuesioner
from app.survei.periode import label_layar
from models import OfficeSettings
from models.pengaduan import KATEGORI, STATUS

bp = Blueprint("pengaduan_publik", __name__)
kantor_publik.layani(bp)  # complaints to one kecamatan, its standard and pledge


def _rule(check):
    def validator(form, field):
        if (msg := check(field.data)):
            raise ValidationError(msg)
    return validator


class PengaduanForm(Form):
    nama = StringField(_l("Nama"), validators=[
        DataRequired(_l("Nama wajib diisi.")),
        Length(max=120, message=_l("Nama paling banyak 120 huruf."))])
    telepon = StringField(_l("Nomor HP/WhatsApp"), validators=[
        DataRequired(_l("Nomor HP/WhatsApp wajib diisi.")), Length(max=20),
        _rule(pengaduan.cek_telepon)])
    email = StringField(_l("Surel (boleh dikosongkan)"), validators=[
        Optional(), Length(max=120), _rule(pengaduan.cek_email)])
    kategori = SelectField(_l("Kategori"), choices=[SelectChoice("", _l("— pilih —")),
                                                    *select_choices(KATEGORI)],
                           validators=[DataRequired(_l("Pilih kategori pengaduan."))])
    isi = TextAreaField(_l("Isi pengaduan"), validators=[
        DataRequired(_l("Isi pengaduan wajib diisi.")),
        Length(min=20, max=2000, message=_l("Isi pengaduan 20 sampai 2.000 huruf."))])
    nomor_tanda_terima = StringField(_l("Nomor tanda terima (boleh dikosongkan)"),
                                     validators=[Optional(), Length(max=40)])
    # Not Optional(): its check below must also run when it is left empty.
    nik_akhir = StringField(_l("6 angka terakhir NIK pemohon"), validators=[Length(max=16)])

    def validate_nik_akhir(self, field):
        # A receipt number is sequential: it names a file only with the NIK's end.
        digits = (field.data or "").strip()
        if self.nomor_tanda_terima.data and not digits:
            raise ValidationError(_l("Dengan nomor tanda terima, ketik juga 6 angka terakhir "
                                     "NIK pemohon."))
        if digits and not (len(digits) == NIK_AKHIR and digits.isascii() and digits.isdigit()):
            raise ValidationError(_l("Ketik tepat 6 angka terakhir NIK."))
        if digits and not self.nomor_tanda_terima.data:
            raise ValidationError(_l("Angka NIK hanya dipakai bersama nomor tanda terima."))

    def isian(self) -> pengaduan.Isian:
        return pengaduan.Isian(
            nama=self.nama.data, telepon=self.telepon.data, email=self.email.data,
            kategori=self.kategori.data, isi=self.isi.data,
            nomor_tanda_terima=self.nomor_tanda_terima.data,
            nik_akhir=(self.nik_akhir.data or "").strip() or None)


class StatusForm(Form):
    nomor = StringField(_l("Nomor pengaduan"), validators=[
        DataRequired(_l("Nomor pengaduan wajib diisi.")), Length(max=30)])
    bukti = StringField(_l("Kode rahasia atau 4 angka terakhir nomor HP"), validators=[
        DataRequired(_l("Kode rahasia atau 4 angka terakhir nomor HP wajib diisi.")),
        Length(max=20)])


def _too_many() -> str:
    return gettext("Terlalu banyak pengaduan dari perangkat ini. Coba lagi nanti.")


def _too_many_guesses() -> str:
    return gettext("Terlalu banyak nomor atau kode yang tidak cocok dari perangkat ini. "
                   "Coba lagi nanti, atau hubungi kantor kecamatan.")


def _not_found(response) -> bool:
    return response.status_code == 404


@bp.route("/pengaduan", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per day", methods=["POST"], error_message=_too_many)
def formulir():
    form = PengaduanForm()
    if not form.validate_on_submit():
        return render_template("public/pengaduan/formulir.html", form=form), (
            422 if form.is_submitted() else 200)
    try:
        row, kode = pengaduan.ajukan(form.isian())
    except pengaduan.PengaduanError as exc:
        for name, msg in exc.errors.items():
            form[name].errors = [msg]
        return render_template("public/pengaduan/formulir.html", form=form), http_status(exc)
    # Shown once on the next page (a reload does not send the complaint again).
    session["pengaduan_baru"] = {"nomor": row.nomor, "kode": pengaduan.kode_tampil(kode)}
    return redirect(url_for(".terkirim"), code=303)


@bp.get("/pengaduan/terkirim")
def terkirim():
    baru = session.pop("pengaduan_baru", None)
    if baru is None:
        return redirect(url_for(".status"))
    return render_template("public/pengaduan/terkirim.html", baru=baru,
                           hari=pengaduan.hari_standar())


@bp.route("/pengaduan/status", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"], error_message=_too_many_guesses)
# Guessing: what matched nothing is counted per address, in the shared storage.
@limiter.limit(lambda: current_app.config["PENGADUAN_TEBAKAN_MAKS"], methods=["POST"],
               deduct_when=_not_found, error_message=_too_many_guesses)
def status():
    form = StatusForm()
    if not form.validate_on_submit():
        return render_template("public/pengaduan/status.html", form=form), (
            422 if form.is_submitted() else 200)
    try:
        row = pengaduan.cari(form.nomor.data, form.bukti.data)
    except pengaduan.PengaduanError as exc:
        return render_template("public/pengaduan/status.html", form=form,
                               error=exc.message), http_status(exc)
    return render_template("public/pengaduan/status.html", form=StatusForm(formdata=None),
                           p=row, status_label=STATUS[row.status], kategori=KATEGORI,
                           tenggat=pengaduan.tenggat(row))


@bp.get("/standar-pelayanan")
def standar():
    k = kuesioner()
    terbit = publikasi.terakhir(k.layanan)
    label = terbit and label_layar(terbit.periode.jenis, terbit.periode.tahun,
                                   terbit.periode.nomor)
    return render_template("public/pengaduan/standar.html", s=OfficeSettings.get(),
                           terbit=terbit, label=label)
