"""Personal data (UU 27/2022) screens for the data-protection officer and the admin: the
read log (read-only), data subjects' requests and breaches (app/pdp/)."""
from datetime import datetime, timezone

from flask import abort
from flask_admin import expose
from flask_admin.helpers import is_form_submitted
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import joinedload
from wtforms import DateTimeField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from admin_views.base import LogView, SecureModelView
from admin_views.filters import ChoiceEqualFilter
from admin_views.formatters import nik_masked, waktu_pendek, waktu_wib
from admin_views.validators import RecordRule, strip
from app import timefmt
from app.access.roles import ROLES
from app.blueprints.cetak import pdf_response
from app.extensions import db
from app.i18n import lazy_choices, ui_locale
from app.pdp import insiden, log_baca, permintaan
from app.pdp.log_baca import JENIS
from app.timefmt import DATE_TYPED
from models import InsidenKebocoran, LogBaca, PermintaanSubjek
from models._time import utcnow


class LogBacaView(LogView):
    permission = "log_baca.lihat"
    column_list = ("at", "user", "peran", "jenis", "objek_id", "pemohon_id", "keterangan", "ip")
    column_labels = {"at": _l("Waktu"), "user": _l("Petugas"), "peran": _l("Peran"),
                     "jenis": _l("Yang dibaca"), "objek_id": _l("ID"),
                     "pemohon_id": _l("ID pemohon"), "keterangan": _l("Nomor / keterangan"),
                     "ip": _l("Alamat IP")}
    column_formatters = {
        "at": waktu_pendek,
        "user": lambda v, c, m, n: m.user.nama,
        "peran": lambda v, c, m, n: gettext(ROLES.get(m.peran, m.peran)),
        "jenis": lambda v, c, m, n: gettext(JENIS.get(m.jenis, m.jenis)),
    }
    column_searchable_list = ("keterangan", "ip")
    column_filters = (
        ChoiceEqualFilter(LogBaca.jenis, _l("Yang dibaca"), list(JENIS.items())),
        ChoiceEqualFilter(LogBaca.peran, _l("Peran"), list(ROLES.items())),
    )

    def search_placeholder(self):
        return gettext("Nomor berkas, NIK tersamar atau alamat IP")

    def get_query(self):
        return super().get_query().options(joinedload(LogBaca.user))


class WaktuWibField(DateTimeField):
    """A moment typed as the office writes it, in WIB (17/05/2026 14.05); stored as the
    database's naive UTC."""

    FORMATS = (DATE_TYPED + " %H.%M", DATE_TYPED + " %H:%M")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": _l("hh/bb/tttt jj.mm"),
                                        "autocomplete": "off"})
        super().__init__(label, validators, format=list(self.FORMATS), **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return timefmt.waktu_pendek(self.data) if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        for fmt in self.FORMATS:
            try:
                local = datetime.strptime(text, fmt).replace(tzinfo=timefmt.WIB)
            except ValueError:
                continue
            self.data = local.astimezone(timezone.utc).replace(tzinfo=None)
            return
        self.data = None
        raise ValueError(gettext("Tulis waktu sebagai hh/bb/tttt jj.mm, contoh 07/12/2026 14.05."))


def tidak_di_masa_depan(form, field):
    if field.data is not None and field.data > utcnow():
        raise ValidationError(gettext("Waktu tidak boleh di masa depan."))


def status_tenggat(view, context, model, name):
    """The 3 × 24 hours clock as a badge: answered (late or not), open, or overdue."""
    if model.selesai_at is not None:
        text, color = ((gettext("Selesai, terlambat"), "warning") if model.terlambat()
                       else (gettext("Selesai"), "success"))
    else:
        text, color = ((gettext("Terlambat"), "danger") if model.terlambat()
                       else (gettext("Berjalan"), "info"))
    return Markup('<span class="badge badge-{} badge-status">{}</span>').format(color, text)


def tenggat(view, context, model, name):
    return timefmt.waktu_pendek(model.tenggat())


PERMINTAAN = RecordRule(permintaan.cek, "jenis", "nik", "nama", "isi", "jawaban")
INSIDEN = RecordRule(insiden.cek, "uraian", "data_terdampak", "subjek_terdampak",
                     "jumlah_subjek", "penanganan")


class PermintaanSubjekView(SecureModelView):
    permission = "pdp.kelola"
    edit_permission = "pdp.kelola"
    details_template = "admin/pdp/permintaan_details.html"
    column_list = ("id", "jenis", "nama", "nik", "diterima_at", "tenggat", "status",
                   "dijawab_at")
    column_details_list = ("id", "jenis", "nama", "nik", "isi", "diterima_at", "tenggat",
                           "status", "dicatat_oleh", "jawaban", "dijawab_at", "dijawab_oleh")
    column_labels = {"id": _l("No."), "jenis": _l("Jenis"), "nama": _l("Nama"),
                     "nik": _l("NIK"), "isi": _l("Isi permintaan"),
                     "diterima_at": _l("Diterima"), "tenggat": _l("Batas 3 × 24 jam"),
                     "status": _l("Status"), "dijawab_at": _l("Dijawab"),
                     "jawaban": _l("Jawaban"), "dicatat_oleh": _l("Dicatat oleh"),
                     "dijawab_oleh": _l("Dijawab oleh")}
    column_formatters = {
        "jenis": lambda v, c, m, n: gettext(permintaan.JENIS.get(m.jenis, m.jenis)),
        "nik": nik_masked, "diterima_at": waktu_pendek, "dijawab_at": waktu_pendek,
        "tenggat": tenggat, "status": status_tenggat,
    }
    column_formatters_detail = {
        **column_formatters, "nik": lambda v, c, m, n: m.nik,
        "diterima_at": waktu_wib, "dijawab_at": waktu_wib,
        "tenggat": lambda v, c, m, n: timefmt.waktu(m.tenggat(), locale=ui_locale()),
        "dicatat_oleh": lambda v, c, m, n: m.dicatat_oleh.nama,
        "dijawab_oleh": lambda v, c, m, n: m.dijawab_oleh.nama if m.dijawab_oleh else "—",
    }
    column_sortable_list = ("id", "diterima_at")
    column_default_sort = ("id", True)
    column_filters = (ChoiceEqualFilter(PermintaanSubjek.jenis, _l("Jenis"),
                                        list(permintaan.JENIS.items())),)
    form_columns = ("jenis", "nik", "nama", "diterima_at", "isi", "jawaban")
    form_overrides = {"diterima_at": WaktuWibField}
    form_choices = {"jenis": lazy_choices(permintaan.JENIS)}
    # The request's rules (app/pdp/permintaan.py), each message beside its field.
    form_args = {
        "jenis": {"label": _l("Jenis permintaan"), "validators": [PERMINTAAN]},
        "nik": {"label": _l("NIK pemilik data"), "filters": [strip], "validators": [PERMINTAAN]},
        "nama": {"label": _l("Nama pemohon permintaan"), "filters": [strip],
                 "validators": [PERMINTAAN]},
        "diterima_at": {"label": _l("Diterima (WIB)"),
                        "validators": [InputRequired(_l("Isi waktu permintaan diterima.")),
                                       tidak_di_masa_depan],
                        "description": _l("Batas jawaban: 3 × 24 jam sejak waktu ini.")},
        "isi": {"label": _l("Isi permintaan"), "validators": [PERMINTAAN],
                "description": _l("Untuk koreksi: data mana yang salah dan seharusnya apa.")},
        "jawaban": {"label": _l("Jawaban"), "validators": [PERMINTAAN],
                    "description": _l("Diisi saat permintaan dijawab; batas waktu berhenti "
                                      "pada jawaban pertama.")},
    }
    form_widget_args = {"nik": {"inputmode": "numeric", "maxlength": 16}}

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if not is_form_submitted() and form.diterima_at.data is None:
            form.diterima_at.data = utcnow().replace(second=0, microsecond=0)
        return form

    def on_model_change(self, form, model, is_created):
        if is_created:
            model.dicatat_oleh_id = current_user.id
        if (model.jawaban or "").strip():
            permintaan.jawab(model, model.jawaban, current_user)

    def saved_message(self, model, is_created):
        return gettext("Permintaan data pribadi No. %(id)d disimpan.", id=model.id)

    def render(self, template, **kwargs):
        model = kwargs.get("model")
        if model is not None and template in (self.details_template, self.edit_template):
            # The request names a whole NIK: reading it is logged like any record.
            log_baca.catat("permintaan_subjek", model.id, None, f"Permintaan #{model.id}")
        return super().render(template, **kwargs)

    @expose("/<int:id>/data-subjek.pdf")
    def data_pdf(self, id: int):
        model = db.session.get(PermintaanSubjek, id)
        if model is None or model.jenis != "akses":
            abort(404)
        return pdf_response(permintaan.pdf_data_subjek(model, current_user),
                            f"data-pribadi-permintaan-{model.id}.pdf")


class InsidenKebocoranView(SecureModelView):
    permission = "pdp.kelola"
    edit_permission = "pdp.kelola"
    details_template = "admin/pdp/insiden_details.html"
    column_list = ("id", "ditemukan_at", "data_terdampak", "jumlah_subjek", "tenggat",
                   "status", "diberitahu_at")
    column_details_list = ("id", "ditemukan_at", "uraian", "data_terdampak",
                           "subjek_terdampak", "jumlah_subjek", "penanganan", "tenggat",
                           "status", "diberitahu_at", "nomor_surat", "dicatat_oleh")
    column_labels = {"id": _l("No."), "ditemukan_at": _l("Diketahui"),
                     "uraian": _l("Yang terjadi"), "data_terdampak": _l("Data terdampak"),
                     "subjek_terdampak": _l("Pemilik data terdampak"),
                     "jumlah_subjek": _l("Jumlah orang"), "penanganan": _l("Penanganan"),
                     "tenggat": _l("Batas pemberitahuan"), "status": _l("Status"),
                     "diberitahu_at": _l("Diberitahukan"), "nomor_surat": _l("Nomor surat"),
                     "dicatat_oleh": _l("Dicatat oleh")}
    column_formatters = {"ditemukan_at": waktu_pendek, "diberitahu_at": waktu_pendek,
                         "tenggat": tenggat, "status": status_tenggat}
    column_formatters_detail = {
        **column_formatters, "ditemukan_at": waktu_wib, "diberitahu_at": waktu_wib,
        "tenggat": lambda v, c, m, n: timefmt.waktu(m.tenggat(), locale=ui_locale()),
        "dicatat_oleh": lambda v, c, m, n: m.dicatat_oleh.nama,
    }
    column_sortable_list = ("id", "ditemukan_at")
    column_default_sort = ("id", True)
    form_columns = ("ditemukan_at", "uraian", "data_terdampak", "subjek_terdampak",
                    "jumlah_subjek", "penanganan", "diberitahu_at")
    form_overrides = {"ditemukan_at": WaktuWibField, "diberitahu_at": WaktuWibField}
    form_args = {
        "ditemukan_at": {"label": _l("Diketahui (WIB)"),
                         "validators": [InputRequired(_l("Isi waktu kebocoran diketahui.")),
                                        tidak_di_masa_depan],
                         "description": _l("Batas pemberitahuan: 3 × 24 jam sejak waktu ini.")},
        # The breach's rules (app/pdp/insiden.py), each message beside its field.
        "uraian": {"label": _l("Yang terjadi"), "validators": [INSIDEN]},
        "data_terdampak": {"label": _l("Data pribadi yang terdampak"), "validators": [INSIDEN],
                           "description": _l("Mis. nama, NIK, nomor KK, alamat.")},
        "subjek_terdampak": {"label": _l("Pemilik data yang terdampak"),
                             "validators": [INSIDEN]},
        "jumlah_subjek": {"label": _l("Jumlah orang terdampak"),
                          "validators": [INSIDEN, Optional(), NumberRange(0, 10_000_000)]},
        "penanganan": {"label": _l("Upaya penanganan dan pemulihan"), "validators": [INSIDEN]},
        "diberitahu_at": {"label": _l("Pemberitahuan dikirim (WIB)"),
                          "validators": [Optional(), tidak_di_masa_depan],
                          "description": _l("Diisi setelah surat pemberitahuan dikirim.")},
    }

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if not is_form_submitted() and form.ditemukan_at.data is None:
            form.ditemukan_at.data = utcnow().replace(second=0, microsecond=0)
        return form

    def on_model_change(self, form, model, is_created):
        if is_created:
            model.dicatat_oleh_id = current_user.id
        model.jumlah_subjek = model.jumlah_subjek or 0

    def saved_message(self, model, is_created):
        return gettext("Insiden kebocoran No. %(id)d disimpan.", id=model.id)

    @expose("/<int:id>/pemberitahuan-<tujuan>.pdf")
    def surat_pdf(self, id: int, tujuan: str):
        model = db.session.get(InsidenKebocoran, id)
        if model is None or tujuan not in insiden.TUJUAN:
            abort(404)
        return pdf_response(insiden.surat_pemberitahuan(model, tujuan, current_user),
                            f"pemberitahuan-kebocoran-{model.id}-{tujuan}.pdf")
