"""Messages to residents (admin only): what was sent and what failed, each attempt with
the channel's answer, sending failed ones again; and the wording of each event's message.
The rules are in app/notifikasi/."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_admin import BaseView, expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField

from admin_views.base import LogView, RoleMixin
from admin_views.filters import ChoiceEqualFilter
from admin_views.formatters import waktu_pendek
from admin_views.validators import Rule
from app.extensions import db
from app.forms import Form
from app.notifikasi import outbox, templat
from app.notifikasi.peristiwa import PERISTIWA
from models import OfficeSettings, Pesan, TemplatPesan
from models.notifikasi import KANAL, STATUS_PESAN

KIRIM_ULANG = "kirim_ulang"


def samar_tujuan(tujuan: str) -> str:
    """A number or address, enough to recognise: 62812•••7890, b•••@contoh.id."""
    if "@" in tujuan:
        nama, _, domain = tujuan.partition("@")
        return f"{nama[:1]}•••@{domain}"
    return tujuan[:5] + "•" * max(len(tujuan) - 9, 0) + tujuan[-4:]


def _jawaban_terakhir(view, context, model, name):
    return model.percobaan_list[-1].jawaban if model.percobaan_list else ""


class PesanView(LogView):
    permission = "notifikasi.lihat"
    column_list = ("created_at", "peristiwa", "permohonan", "kanal", "tujuan", "status",
                   "percobaan", "terkirim_at", "jawaban")
    column_labels = {"created_at": _l("Dibuat"), "peristiwa": _l("Peristiwa"),
                     "permohonan": _l("Nomor berkas atau pengaduan"), "kanal": _l("Saluran"),
                     "tujuan": _l("Tujuan"), "status": _l("Status"),
                     "percobaan": _l("Percobaan"), "terkirim_at": _l("Terkirim"),
                     "jawaban": _l("Jawaban terakhir"), "isi": _l("Isi pesan")}
    column_sortable_list = ("created_at",)
    column_default_sort = ("created_at", True)
    column_formatters = {
        "created_at": waktu_pendek, "terkirim_at": waktu_pendek,
        "peristiwa": lambda v, c, m, n: gettext(PERISTIWA[m.peristiwa].label)
        if m.peristiwa in PERISTIWA else m.peristiwa,
        # A message is about a file (its receipt number) or a complaint (its number).
        "permohonan": lambda v, c, m, n: (m.permohonan.nomor_tanda_terima if m.permohonan
                                          else m.pengaduan.nomor),
        "kanal": lambda v, c, m, n: gettext(KANAL.get(m.kanal, m.kanal)),
        "tujuan": lambda v, c, m, n: samar_tujuan(m.tujuan),
        "status": lambda v, c, m, n: gettext(STATUS_PESAN.get(m.status, m.status)),
        "jawaban": _jawaban_terakhir,
    }
    column_filters = (
        ChoiceEqualFilter(Pesan.status, _l("Status"), list(STATUS_PESAN.items())),
        ChoiceEqualFilter(Pesan.kanal, _l("Saluran"), list(KANAL.items())),
        ChoiceEqualFilter(Pesan.peristiwa, _l("Peristiwa"),
                          [(k, p.label) for k, p in PERISTIWA.items()]),
    )
    details_template = "admin/notifikasi/pesan_details.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The details page: the text as sent, and each attempt below (not the last answer).
        self.column_details_list = (*self.column_list[:-1], "isi")
        self._refresh_cache()

    @action(KIRIM_ULANG, _l("Kirim ulang"),
            _l("Kirim ulang pesan terpilih yang gagal?"))
    def kirim_ulang(self, ids):
        n = outbox.kirim_ulang([int(i) for i in ids])
        flash(gettext("%(n)d pesan gagal dijadwalkan untuk dikirim ulang.", n=n), "success")


class TemplatForm(Form):
    isi = TextAreaField(_l("Isi pesan"), render_kw={"rows": 6, "maxlength": templat.PANJANG_MAKS})


class TemplatPesanView(RoleMixin, BaseView):
    permission = "notifikasi.templat"

    @expose("/")
    def index(self):
        ubahan = _ubahan()
        daftar = [(p, templat.teks(p.kode), ubahan.get(p.kode)) for p in PERISTIWA.values()]
        return self.render("admin/notifikasi/templat_list.html", daftar=daftar)

    def _peristiwa(self, kode: str):
        if kode not in PERISTIWA:
            abort(404)
        return PERISTIWA[kode]

    def _edit_page(self, peristiwa, form, status=200):
        contoh = templat.contoh(peristiwa.kode, form.isi.data or "",
                                OfficeSettings.get().kecamatan, outbox.alamat_publik(""))
        return self.render("admin/notifikasi/templat_edit.html", peristiwa=peristiwa,
                           form=form, bawaan=peristiwa.bawaan, contoh=contoh,
                           diubah=_ubahan().get(peristiwa.kode)), status

    @expose("/<kode>", methods=("GET",))
    def edit(self, kode):
        peristiwa = self._peristiwa(kode)
        return self._edit_page(peristiwa, TemplatForm(data={"isi": templat.teks(kode)}))

    @expose("/<kode>", methods=("POST",))
    def simpan(self, kode):
        peristiwa = self._peristiwa(kode)
        form = TemplatForm()
        form.isi.validators = [Rule(lambda isi: templat.cek_templat(kode, isi))]
        if not form.validate():
            return self._edit_page(peristiwa, form, 422)
        templat.simpan(kode, form.isi.data, oleh=current_user)
        flash(gettext("Templat pesan «%(peristiwa)s» disimpan.",
                      peristiwa=gettext(peristiwa.label)), "success")
        return redirect(url_for(".index"))

    @expose("/<kode>/bawaan", methods=("POST",))
    def bawaan(self, kode):
        peristiwa = self._peristiwa(kode)
        form = Form()
        if not form.validate():
            abort(400)
        templat.kembalikan_bawaan(kode)
        flash(gettext("Templat pesan «%(peristiwa)s» kembali ke bunyi bawaan.",
                      peristiwa=gettext(peristiwa.label)), "success")
        return redirect(url_for(".index"))


def _ubahan() -> dict[str, TemplatPesan]:
    """The events whose wording the office changed, with who changed it and when."""
    return {row.peristiwa: row for row in db.session.execute(db.select(TemplatPesan)).scalars()}
