"""The office's survey screens: periods (results, report PDF, publication) and their
follow-ups. Who may see and manage them: "skm.*" in app/access/permissions.py."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from wtforms.validators import InputRequired, Length, ValidationError

from admin_views.base import SecureModelView
from admin_views.formatters import waktu_wib
from app.access.permissions import may
from app.blueprints.cetak import pdf_response
from app.extensions import db
from app import timefmt
from app.i18n import lazy_choices, ui_locale
from app.survei import laporan, publikasi
from app.survei import periode as periode_mod
from app.survei.rekap import profil, ringkasan_saran
from app.survei.kuesioner import PROFIL, kuesioner
from models import CetakLog, SkmPeriode


def _periode_baru(form, field):
    """A period of a known kind, its number within the year, not made before."""
    message = publikasi.masalah_periode_baru(kuesioner().layanan, form.jenis.data, form.tahun.data,
                                             field.data)
    if message:
        raise ValidationError(message)


def _label_periode(view, context, model, name):
    return Markup('<a href="{}">{}</a>').format(
        url_for(".hasil", id=model.id),
        periode_mod.label_layar(model.jenis, model.tahun, model.nomor))


def _tanggal(view, context, model, name):
    return timefmt.tanggal(getattr(model, name), ui_locale())


class SkmPeriodeView(SecureModelView):
    permission = "skm.lihat"
    create_permission = "skm.kelola"  # a period is made, never edited
    can_view_details = False
    column_list = ("jenis", "dari", "sampai", "dipublikasikan_at")
    column_labels = {"jenis": _l("Periode"), "dari": _l("Dari"), "sampai": _l("Sampai"),
                     "dipublikasikan_at": _l("Dipublikasikan"), "tahun": _l("Tahun"),
                     "nomor": _l("Nomor periode")}
    column_formatters = {"jenis": _label_periode, "dipublikasikan_at": waktu_wib,
                         "dari": _tanggal, "sampai": _tanggal}
    column_sortable_list = ("dari", "sampai", "dipublikasikan_at")
    column_default_sort = ("dari", True)
    form_columns = ("jenis", "tahun", "nomor")
    form_choices = {"jenis": lazy_choices(periode_mod.JENIS_PERIODE)}
    form_args = {
        "jenis": {"label": _l("Jenis periode")},
        "tahun": {"validators": [InputRequired(_l("Tahun wajib diisi."))]},
        "nomor": {"validators": [InputRequired(_l("Nomor periode wajib diisi.")), _periode_baru],
                  "description": _l("Bulan 1–12, triwulan 1–4, semester 1–2, tahun 1.")},
    }

    def on_model_change(self, form, model, is_created):
        model.layanan = kuesioner().layanan
        publikasi.isi_rentang(model)

    def get_save_return_url(self, model, is_created=False):
        return url_for(".hasil", id=model.id)

    def _periode(self, id: int) -> SkmPeriode:
        row = db.session.get(SkmPeriode, id)
        if row is None:
            abort(404)
        return row

    @expose("/<int:id>/")
    def hasil(self, id: int):
        row = self._periode(id)
        r = publikasi.rekap_dari(row, dengan_sebaran=True)
        return self.render("admin/skm/hasil.html", periode=row, r=r, k=kuesioner(row.layanan),
                           profil=profil(row.layanan, row.dari, row.sampai), profil_def=PROFIL,
                           saran=ringkasan_saran(row.layanan, row.dari, row.sampai),
                           label=periode_mod.label_layar(row.jenis, row.tahun, row.nomor),
                           boleh_kelola=may("skm.kelola"))

    @expose("/<int:id>/laporan.pdf")
    def laporan_pdf(self, id: int):
        row = self._periode(id)
        data = laporan.render(row)
        db.session.add(CetakLog(jenis="laporan_skm", user_id=current_user.id,
                                keterangan=f"Laporan SKM {row.label}"))
        db.session.commit()
        return pdf_response(data, f"laporan-skm-{row.tahun}-{row.jenis}-{row.nomor}.pdf")

    @expose("/<int:id>/publikasi", methods=("POST",))
    def publikasi(self, id: int):
        if not may("skm.kelola"):
            abort(403)
        row = self._periode(id)
        try:
            if request.form.get("aksi") == "tarik":
                publikasi.tarik(row)
                flash(gettext("Publikasi periode ini ditarik dari halaman publik."), "info")
            else:
                publikasi.publikasikan(row, current_user)
                flash(gettext("Hasil periode ini dipublikasikan di halaman /ikm."), "success")
        except publikasi.PublikasiError as exc:
            flash(exc.message, "danger")
            return redirect(url_for(".hasil", id=id)), 303
        return redirect(url_for(".hasil", id=id))


def _unsur_choices():
    return [(u.kode, f"{u.kode} · {gettext(u.nama)}") for u in kuesioner().unsur]


class _UnsurChoices:
    """The elements in the user's language, read when the form is drawn."""

    def __iter__(self):
        return iter(_unsur_choices())


class SkmTindakLanjutView(SecureModelView):
    permission = "skm.lihat"
    edit_permission = "skm.kelola"
    can_view_details = False
    column_list = ("periode", "unsur", "tindakan", "penanggung_jawab", "tenggat")
    column_labels = {"periode": _l("Periode"), "unsur": _l("Unsur"), "tindakan": _l("Tindakan"),
                     "penanggung_jawab": _l("Penanggung jawab"), "tenggat": _l("Tenggat")}
    column_formatters = {
        "unsur": lambda v, c, m, n: f"{m.unsur} · {gettext(kuesioner().get(m.unsur).nama)}",
        "tenggat": _tanggal,
    }
    column_default_sort = ("tenggat", False)
    form_columns = ("periode", "unsur", "tindakan", "penanggung_jawab", "tenggat")
    form_choices = {"unsur": _UnsurChoices()}
    form_args = {
        "periode": {"validators": [InputRequired(_l("Pilih periode."))]},
        "tindakan": {"validators": [InputRequired(_l("Tindakan wajib diisi.")), Length(max=1000)]},
        "penanggung_jawab": {"validators": [InputRequired(_l("Penanggung jawab wajib diisi.")),
                                            Length(max=120)]},
        # Typed and picked as the office writes dates (31/12/2026); ISO from scripts.
        "tenggat": {"validators": [InputRequired(_l("Tenggat wajib diisi."))],
                    "format": [timefmt.DATE_TYPED, "%Y-%m-%d"]},
    }
    form_widget_args = {"tenggat": {"data-date-format": "DD/MM/YYYY",
                                    "placeholder": _l("hh/bb/tttt"), "autocomplete": "off"}}

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        return may("skm.kelola")

    def create_form(self, obj=None):
        form = super().create_form(obj)
        pid = request.args.get("periode_id", "")
        if request.method == "GET" and pid.isdigit():
            form.periode.data = db.session.get(SkmPeriode, int(pid))
        return form

    def get_save_return_url(self, model, is_created=False):
        return url_for("skm_periode.hasil", id=model.periode_id)
