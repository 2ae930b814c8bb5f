"""Register KTP-el: read-only, filtered by year, month and village."""
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy.orm import joinedload

from admin_views.base import ReadOnlyModelView
from admin_views.filters import DesaPermohonanFilter, MonthFilter, YearFilter
from admin_views.formatters import nik_masked, status_badge, tanggal_id, tanggal_pendek
from admin_views.paging import LargeListMixin
from app.templating import jenis_label
from models import RegisterEntry


class RegisterView(LargeListMixin, ReadOnlyModelView):
    permission = "register.lihat"
    list_template = "admin/register/list.html"
    column_list = ("nomor", "tanggal", "permohonan.pemohon.nik", "permohonan.pemohon.nama",
                   "permohonan.pemohon.desa", "permohonan.jenis", "permohonan.status")
    column_labels = {
        "nomor": _l("No. register"), "tanggal": _l("Tanggal"), "permohonan.pemohon.nik": _l("NIK"),
        "permohonan.pemohon.nama": _l("Nama"), "permohonan.pemohon.desa": _l("Desa/Kel."),
        "permohonan.jenis": _l("Jenis"), "permohonan.status": _l("Status"), "tahun": _l("Tahun"),
        "nomor_urut": _l("No. urut"), "diregister_oleh": _l("Petugas"), "permohonan": _l("Permohonan"),
        "created_at": _l("Dicatat"),
    }
    column_details_list = ("nomor", "tahun", "nomor_urut", "tanggal", "permohonan",
                           "diregister_oleh")
    column_formatters = {
        "tanggal": tanggal_pendek,
        "permohonan.pemohon.nik": nik_masked,
        "permohonan.jenis": lambda v, c, m, n: gettext(jenis_label(m.permohonan)),
        "permohonan.status": lambda v, c, m, n: status_badge(v, c, m.permohonan, n),
    }
    column_formatters_detail = {"tanggal": tanggal_id}
    column_sortable_list = ("nomor", "tanggal")
    column_default_sort = [("tahun", True), ("nomor_urut", True)]
    column_searchable_list = ("nomor",)
    column_filters = (
        YearFilter(RegisterEntry.tahun, _l("Tahun")),
        MonthFilter(RegisterEntry.tanggal),
        DesaPermohonanFilter(RegisterEntry.permohonan_id),
    )

    def get_query(self):
        # Its file by a joined eager load only: an inner join as well (every entry has its
        # file) let PostgreSQL take the office's filter on both tables as independent and
        # read the whole office's files to sort them (280 ms an office of a regency).
        return super().get_query().options(joinedload(RegisterEntry.permohonan))

    def _apply_search(self, query, count_query, joins, count_joins, search):
        clause = RegisterEntry.nomor == search.strip()[:60]
        return (query.filter(clause),
                count_query.filter(clause) if count_query is not None else None,
                joins, count_joins)
