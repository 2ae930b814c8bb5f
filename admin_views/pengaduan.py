"""Complaints (pengaduan) at the office: the list with each one's clock, its page where it
is handed to an officer, answered and closed, and the form for a complaint that came in by
SP4N-LAPOR!, phone or letter. Who may: "pengaduan.*" in app/access/permissions.py."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from admin_views.base import SecureModelView
from admin_views.filters import ChoiceEqualFilter
from admin_views.formatters import waktu_pendek
from app import timefmt
from app.access.permissions import PERMISSIONS, may
from app.errors import http_status
from app.extensions import db
from app.forms import Form
from app.i18n import lazy_choices, ui_locale
from app.pdp import log_baca
from app.services import pengaduan
from app.services.validation import parse_id
from models import Pengaduan, User
from models.pengaduan import BELUM_DIJAWAB, KATEGORI, STATUS, SUMBER


class TugaskanForm(Form):
    petugas = SelectField(_l("Petugas"), coerce=str,
                          validators=[DataRequired(_l("Pilih petugas."))])


class JawabForm(Form):
    jawaban = TextAreaField(_l("Jawaban untuk pengadu"), validators=[
        DataRequired(_l("Jawaban wajib diisi (paling sedikit 10 karakter).")),
        Length(min=10, max=4000, message=_l("Jawaban 10 sampai 4.000 karakter."))])


class LaporForm(Form):
    nomor_lapor = StringField(_l("Nomor pelacakan SP4N-LAPOR!"), validators=[
        DataRequired(_l("Nomor pelacakan wajib diisi.")), Length(max=40)])


class TutupForm(Form):
    pass


def _petugas_choices() -> list[SelectChoice]:
    """Active officers of the desks that read complaints."""
    users = db.session.execute(db.select(User).where(
        User.aktif.is_(True), User.role.in_(PERMISSIONS["pengaduan.lihat"]))
        .order_by(User.nama)).scalars()
    return [SelectChoice("", gettext("— pilih —"))] + [SelectChoice(str(u.id), str(u))
                                                       for u in users]


def _status(view, context, model, name):
    late = model.status in BELUM_DIJAWAB and pengaduan.terlambat(model)
    color = "danger" if late else ("success" if model.status in ("dijawab", "selesai")
                                   else "info")
    text = gettext(STATUS[model.status]) + (" · " + gettext("terlambat") if late else "")
    return Markup('<span class="badge badge-{} badge-status">{}</span>').format(color, text)


def _nomor(view, context, model, name):
    return Markup('<a href="{}">{}</a>').format(url_for(".details_view", id=model.id),
                                                model.nomor)


def _tenggat(view, context, model, name):
    return timefmt.tanggal(pengaduan.tenggat(model), ui_locale())


def _bernomor_bila_dari_lapor(form, field):
    """A complaint that came through SP4N-LAPOR! is recorded with its tracking number
    (first in the chain: the field's Optional() would pass an empty one)."""
    if form.sumber.data == "lapor" and not (field.data or "").strip():
        raise StopValidation(gettext(
            "Pengaduan dari SP4N-LAPOR! dicatat dengan nomor pelacakannya."))


def _telepon_valid(form, field):
    if (msg := pengaduan.cek_telepon(field.data)):
        raise ValidationError(msg)


def _email_valid(form, field):
    if (msg := pengaduan.cek_email(field.data)):
        raise ValidationError(msg)


class PengaduanView(SecureModelView):
    permission = "pengaduan.lihat"
    create_permission = "pengaduan.kelola"  # entered from SP4N-LAPOR!, phone or letter
    details_template = "admin/pengaduan/details.html"
    # Never edited as a record: its acts (assign, answer, close, LAPOR! number) have their
    # own doors below; no edit route exists.
    edit_view = None  # type: ignore[assignment]
    column_list = ("nomor", "created_at", "kategori", "sumber", "status", "tenggat", "petugas")
    column_export_list = ("nomor", "created_at", "kategori", "sumber", "nomor_lapor", "status",
                          "dijawab_at", "selesai_at")
    column_labels = {"nomor": _l("Nomor"), "created_at": _l("Diterima"),
                     "kategori": _l("Kategori"), "sumber": _l("Sumber"),
                     "status": _l("Status"), "tenggat": _l("Batas jawaban"),
                     "petugas": _l("Petugas"), "nomor_lapor": _l("Nomor SP4N-LAPOR!"),
                     "dijawab_at": _l("Dijawab"), "selesai_at": _l("Selesai"),
                     "nama": _l("Nama pengadu"), "telepon": _l("Nomor HP/WhatsApp"),
                     "email": _l("Surel"), "isi": _l("Isi pengaduan")}
    column_formatters = {
        "created_at": waktu_pendek, "dijawab_at": waktu_pendek, "selesai_at": waktu_pendek,
        "kategori": lambda v, c, m, n: gettext(KATEGORI.get(m.kategori, m.kategori)),
        "sumber": lambda v, c, m, n: gettext(SUMBER.get(m.sumber, m.sumber)),
        "nomor": _nomor, "status": _status, "tenggat": _tenggat,
        "petugas": lambda v, c, m, n: m.petugas.nama if m.petugas else "—",
    }
    column_formatters_export = {
        "created_at": lambda v, c, m, n: timefmt.waktu_pendek(m.created_at),
        "dijawab_at": lambda v, c, m, n: timefmt.waktu_pendek(m.dijawab_at),
        "selesai_at": lambda v, c, m, n: timefmt.waktu_pendek(m.selesai_at),
        "kategori": lambda v, c, m, n: gettext(KATEGORI.get(m.kategori, m.kategori)),
        "sumber": lambda v, c, m, n: gettext(SUMBER.get(m.sumber, m.sumber)),
        "status": lambda v, c, m, n: gettext(STATUS[m.status]),
    }
    column_sortable_list = ("nomor", "created_at")
    column_default_sort = ("created_at", True)
    column_searchable_list = ("nomor", "nomor_lapor")
    column_filters = (
        ChoiceEqualFilter(Pengaduan.status, _l("Status"), list(STATUS.items())),
        ChoiceEqualFilter(Pengaduan.kategori, _l("Kategori"), list(KATEGORI.items())),
        ChoiceEqualFilter(Pengaduan.sumber, _l("Sumber"), list(SUMBER.items())),
    )
    form_columns = ("sumber", "nomor_lapor", "nama", "telepon", "email", "kategori", "isi")
    form_choices = {"sumber": lazy_choices({k: v for k, v in SUMBER.items()
                                            if k != "formulir"}),
                    "kategori": lazy_choices(KATEGORI)}
    form_args = {
        "sumber": {"label": _l("Diterima lewat")},
        "nomor_lapor": {"label": _l("Nomor pelacakan SP4N-LAPOR!"),
                        "validators": [_bernomor_bila_dari_lapor, Optional(), Length(max=40)],
                        "description": _l("Bila pengaduan datang dari lapor.go.id.")},
        "nama": {"label": _l("Nama pengadu"),
                 "validators": [DataRequired(_l("Nama wajib diisi.")), Length(max=120)]},
        "telepon": {"label": _l("Nomor HP/WhatsApp"),
                    "validators": [DataRequired(_l("Nomor HP/WhatsApp wajib diisi.")),
                                   _telepon_valid]},
        "email": {"label": _l("Surel"), "validators": [Optional(), Length(max=120),
                                                       _email_valid]},
        "kategori": {"label": _l("Kategori")},
        "isi": {"label": _l("Isi pengaduan"), "validators": [
            DataRequired(_l("Isi pengaduan wajib diisi.")),
            Length(min=20, max=2000, message=_l("Isi pengaduan 20 sampai 2.000 huruf."))]},
    }

    def is_visible(self) -> bool:
        # Not in the navbar (it must stay one line at 1366 px with the office's long names):
        # reached from the dashboard's complaints card, which every reading desk has.
        return False

    def search_placeholder(self):
        return gettext("Nomor pengaduan atau nomor SP4N-LAPOR!")

    def get_query(self):
        return super().get_query().options(joinedload(Pengaduan.petugas))

    def create_model(self, form):
        """Through the service (its number and secret code), never a bare INSERT."""
        row, kode = pengaduan.ajukan(pengaduan.Isian(
            nama=form.nama.data, telepon=form.telepon.data, email=form.email.data,
            kategori=form.kategori.data, isi=form.isi.data, sumber=form.sumber.data,
            nomor_lapor=(form.nomor_lapor.data or "").strip() or None))
        flash(gettext("Pengaduan %(nomor)s dicatat. Kode rahasia untuk pengadu: %(kode)s "
                      "(hanya ditampilkan sekali).", nomor=row.nomor,
                      kode=pengaduan.kode_tampil(kode)), "success")
        return row

    def get_save_return_url(self, model, is_created=False):
        return url_for(".details_view", id=model.id)

    # --- the complaint's page and what is done on it -------------------------------------
    def _row(self, id) -> Pengaduan:
        row = db.session.get(Pengaduan, parse_id(str(id)) or 0)
        if row is None:
            abort(404)
        return row

    def _halaman(self, row: Pengaduan, status: int = 200, **forms):
        # The complainant's name, phone and words are personal data: reading them is logged.
        log_baca.catat("pengaduan", row.id, row.permohonan.pemohon_id if row.permohonan
                       else None, row.nomor)
        tugaskan = forms.get("tugaskan") or TugaskanForm(formdata=None)
        tugaskan.petugas.choices = _petugas_choices()
        if row.petugas_id and not tugaskan.petugas.data:
            tugaskan.petugas.data = str(row.petugas_id)
        jawab = forms.get("jawab") or JawabForm(formdata=None, jawaban=row.jawaban)
        return self.render(
            self.details_template, model=row, tugaskan=tugaskan, jawab=jawab,
            lapor=forms.get("lapor") or LaporForm(formdata=None, nomor_lapor=row.nomor_lapor),
            tutup=TutupForm(formdata=None), boleh_kelola=may("pengaduan.kelola"),
            tenggat=pengaduan.tenggat(row), terlambat=pengaduan.terlambat(row),
            hari=pengaduan.hari_standar(), status=STATUS, kategori=KATEGORI, sumber=SUMBER,
            return_url=self.get_url(".index_view")), status

    @expose("/details/")
    def details_view(self):
        return self._halaman(self._row(request.args.get("id", "")))

    def _kelola(self, id: int) -> Pengaduan:
        if not may("pengaduan.kelola"):
            abort(403)
        return self._row(id)

    def _selesai(self, row: Pengaduan, message: str):
        flash(message, "success")
        return redirect(url_for(".details_view", id=row.id), code=303)

    def _gagal(self, row: Pengaduan, exc: pengaduan.PengaduanError, **forms):
        flash(exc.message, "danger")
        return self._halaman(row, http_status(exc), **forms)

    @expose("/<int:id>/tugaskan", methods=("POST",))
    def tugaskan_view(self, id: int):
        row = self._kelola(id)
        form = TugaskanForm()
        form.petugas.choices = _petugas_choices()
        if not form.validate_on_submit():
            return self._halaman(row, 422, tugaskan=form)
        petugas = db.session.get(User, int(form.petugas.data))
        try:
            pengaduan.tugaskan(row, petugas)
        except pengaduan.PengaduanError as exc:
            return self._gagal(row, exc, tugaskan=form)
        return self._selesai(row, gettext("Pengaduan %(nomor)s ditangani oleh %(nama)s.",
                                          nomor=row.nomor, nama=petugas.nama))

    @expose("/<int:id>/jawab", methods=("POST",))
    def jawab_view(self, id: int):
        row = self._kelola(id)
        form = JawabForm()
        if not form.validate_on_submit():
            return self._halaman(row, 422, jawab=form)
        try:
            pengaduan.jawab(row, form.jawaban.data, current_user)
        except pengaduan.PengaduanError as exc:
            return self._gagal(row, exc, jawab=form)
        return self._selesai(row, gettext("Jawaban pengaduan %(nomor)s disimpan; pengadu "
                                          "melihatnya di halaman status.", nomor=row.nomor))

    @expose("/<int:id>/tutup", methods=("POST",))
    def tutup_view(self, id: int):
        row = self._kelola(id)
        if not TutupForm().validate_on_submit():
            abort(400)
        try:
            pengaduan.tutup(row)
        except pengaduan.PengaduanError as exc:
            return self._gagal(row, exc)
        return self._selesai(row, gettext("Pengaduan %(nomor)s ditutup.", nomor=row.nomor))

    @expose("/<int:id>/lapor", methods=("POST",))
    def lapor_view(self, id: int):
        row = self._kelola(id)
        form = LaporForm()
        if not form.validate_on_submit():
            return self._halaman(row, 422, lapor=form)
        pengaduan.catat_lapor(row, form.nomor_lapor.data)
        return self._selesai(row, gettext("Nomor SP4N-LAPOR! pengaduan %(nomor)s dicatat.",
                                          nomor=row.nomor))
