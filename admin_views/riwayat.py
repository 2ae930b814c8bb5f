"""Riwayat (audit log): every transition, read-only for every role that sees it."""
from flask_babel import gettext, lazy_gettext as _l

from admin_views.base import LogView
from admin_views.filters import ChoiceEqualFilter
from admin_views.formatters import durasi, waktu_pendek
from sqlalchemy.orm import joinedload

from app.access.roles import ROLES
from app.workflow.declaration import all_transitions, get_workflow
from models import TransitionLog


def _wf(log):
    return get_workflow(log.permohonan.layanan)


class RiwayatView(LogView):
    permission = "riwayat.lihat"
    column_list = ("at", "permohonan", "aksi", "dari", "ke", "actor", "actor_role",
                   "durasi_detik", "catatan")
    column_labels = {"at": _l("Waktu"), "permohonan": _l("No. tanda terima"), "aksi": _l("Tindakan"),
                     "dari": _l("Dari"), "ke": _l("Ke"), "actor": _l("Petugas"), "actor_role": _l("Peran"),
                     "durasi_detik": _l("Lama"), "catatan": _l("Catatan")}
    column_formatters = {
        "at": waktu_pendek,
        "aksi": lambda v, c, m, n: gettext(_wf(m).transition(m.aksi).label),
        "dari": lambda v, c, m, n: gettext(_wf(m).state(m.dari).label) if m.dari else "—",
        "ke": lambda v, c, m, n: gettext(_wf(m).state(m.ke).label),
        "actor_role": lambda v, c, m, n: gettext(ROLES.get(m.actor_role, m.actor_role)),
        "actor": lambda v, c, m, n: m.actor.nama,
        "durasi_detik": durasi,
    }
    column_filters = (
        ChoiceEqualFilter(TransitionLog.aksi, _l("Tindakan"), all_transitions),
        ChoiceEqualFilter(TransitionLog.actor_role, _l("Peran"), list(ROLES.items())),
    )

    def get_query(self):
        # Each row is labelled by its own service's declaration.
        return super().get_query().options(joinedload(TransitionLog.permohonan))
