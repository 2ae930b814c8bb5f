"""Collective cover letters (Surat Pengantar kolektif): read-only; each made from the
application list's bulk action, printed (and reprinted, marked SALINAN) from here, and,
with a signer set, signed electronically here by the Camat."""
from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from admin_views.base import ReadOnlyModelView
from admin_views.formatters import waktu_wib
from app.access.permissions import allowed
from app.errors import http_status
from app.services import cetak_massal, kirim_kolektif, pengesahan, pengesahan_kolektif
from app.services.validation import cek_karakter
from app.workflow.errors import WorkflowError
from models import SuratKolektif


class SuratKolektifView(ReadOnlyModelView):
    permission = "cetak.surat_kolektif"
    list_template = "admin/surat_kolektif/list.html"
    details_template = "admin/surat_kolektif/details.html"
    column_list = ("nomor", "created_at", "jumlah", "created_by")
    column_details_list = ("nomor", "created_at", "created_by", "penandatangan_nama")
    column_labels = {"nomor": _l("Nomor surat"), "created_at": _l("Dibuat"),
                     "jumlah": _l("Jumlah berkas"), "created_by": _l("Dibuat oleh"),
                     "penandatangan_nama": _l("Penanda tangan")}
    column_formatters = {
        "created_at": waktu_wib,
        "jumlah": lambda v, c, m, n: len(m.berkas),
        "created_by": lambda v, c, m, n: m.created_by.nama,
    }
    column_sortable_list = ("created_at",)
    column_default_sort = ("created_at", True)
    column_searchable_list = ("nomor",)

    def is_visible(self) -> bool:
        # Not in the navbar (it must stay one line at 1024 px): reached from the
        # register's print buttons and from the letter the list's bulk action makes.
        return False

    def get_query(self):
        return super().get_query().options(selectinload(SuratKolektif.berkas))

    def render(self, template, **kwargs):
        if template == self.details_template and "model" in kwargs:
            kwargs.update(_ttd_context(kwargs["model"]))
        return super().render(template, **kwargs)

    @expose("/<int:id>/tandatangani", methods=("POST",))
    def tandatangani_view(self, id: int):
        """The Camat signs the letter with the passphrase (or TOTP) typed here."""
        if not allowed(pengesahan_kolektif.PERMISSION, current_user.role):
            abort(403)
        surat = self.get_one(str(id))
        if surat is None:
            abort(404)
        if (msg := cek_karakter(request.form.get("passphrase"))):
            return self._refused(surat, msg, 422)
        try:
            ttd = pengesahan_kolektif.tandatangani(id, current_user,
                                                   request.form.get("passphrase"))
        except WorkflowError as exc:
            status = http_status(exc)
            if status in (403, 404):
                abort(status)
            return self._refused(self.get_one(str(id)), exc.message, status)
        flash(gettext("Surat pengantar kolektif %(nomor)s ditandatangani secara elektronik.",
                      nomor=ttd.dokumen.nomor), "success")
        return redirect(url_for(".details_view", id=id))

    @expose("/<int:id>/kirim", methods=("POST",))
    def kirim_view(self, id: int):
        """The desk sends the letter's ratified files to the Dinas with it, each through
        its own transition; the page then says how many went and why any did not."""
        if not allowed(kirim_kolektif.PERMISSION, current_user.role):
            abort(403)
        surat = self.get_one(str(id))
        if surat is None:
            abort(404)
        try:
            results = kirim_kolektif.kirim(surat, current_user)
        except kirim_kolektif.KirimConflict as exc:
            return self._refused(surat, exc.message, http_status(exc))
        failed = [r for r in results if not r.ok]
        flash(gettext("%(ok)d berkas dikirim ke Dinas bersama surat %(nomor)s, %(gagal)d gagal.",
                      ok=len(results) - len(failed), nomor=surat.nomor, gagal=len(failed)),
              "success" if not failed else "warning")
        for r in failed:
            flash(f"{r.label}: {r.message}", "danger")
        return redirect(url_for(".details_view", id=id))

    def _refused(self, surat, message: str, status: int):
        flash(message, "danger")
        return self.render(self.details_template, model=surat,
                           details_columns=self._details_columns,
                           get_value=self.get_detail_value,
                           return_url=self.get_url(".index_view")), status


def _ttd_context(surat: SuratKolektif) -> dict:
    ttd = cetak_massal.surat_ttd(surat)
    return {
        "surat_ttd": ttd,
        # The signing form: only with a signer set, for the role that signs, while unsigned.
        "tte_form": (pengesahan.signer_active() and ttd is None
                     and allowed(pengesahan_kolektif.PERMISSION, current_user.role)),
        "tte_alasan": None if ttd else pengesahan_kolektif.alasan_belum_bisa(surat),
        "tte_totp": current_app.config.get("BSRE_TOTP", False),
        "cetak_menunggu_ttd": pengesahan.signer_active() and ttd is None,
        # The files to send to the Dinas with the letter (the card printed there).
        "menunggu_dikirim": (kirim_kolektif.menunggu_dikirim(surat)
                             if allowed(kirim_kolektif.PERMISSION, current_user.role) else []),
    }
