"""Riwayat (audit log): every transition, read-only for every role that sees it."""
from admin_views.base import ReadOnlyModelView
from admin_views.filters import ChoiceEqualFilter
from admin_views.formatters import waktu_wib
from app.workflow.declaration import get_workflow
from models import TransitionLog
from models.user import ROLES

KTP = get_workflow("ktp-el")


class RiwayatView(ReadOnlyModelView):
    roles = ("admin", "sekretariat", "operator", "sekcam", "camat")
    column_list = ("at", "permohonan", "aksi", "dari", "ke", "actor", "actor_role",
                   "durasi_detik", "catatan")
    column_details_list = column_list
    column_labels = {"at": "Waktu", "permohonan": "No. tanda terima", "aksi": "Tindakan",
                     "dari": "Dari", "ke": "Ke", "actor": "Petugas", "actor_role": "Peran",
                     "durasi_detik": "Lama (detik)", "catatan": "Catatan"}
    column_formatters = {
        "at": waktu_wib,
        "aksi": lambda v, c, m, n: KTP.transition(m.aksi).label,
        "dari": lambda v, c, m, n: KTP.state(m.dari).label if m.dari else "—",
        "ke": lambda v, c, m, n: KTP.state(m.ke).label,
        "actor": lambda v, c, m, n: m.actor.nama,
    }
    column_formatters_detail = column_formatters
    column_sortable_list = ("at",)
    column_default_sort = ("at", True)
    column_filters = (
        ChoiceEqualFilter(TransitionLog.aksi, "Tindakan",
                          [(t.name, t.label) for t in KTP.transitions]),
        ChoiceEqualFilter(TransitionLog.actor_role, "Peran", list(ROLES.items())),
    )
