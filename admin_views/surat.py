"""Collective cover letters (Surat Pengantar kolektif): read-only; each made from the
application list's bulk action, printed (and reprinted, marked SALINAN) from here."""
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from admin_views.base import ReadOnlyModelView
from admin_views.formatters import waktu_wib
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
