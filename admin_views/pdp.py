"""Personal data (UU 27/2022) screens for the data-protection officer and the admin: the
read log (read-only), data subjects' requests and breaches (app/pdp/)."""
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy.orm import joinedload

from admin_views.base import LogView
from admin_views.filters import ChoiceEqualFilter
from admin_views.formatters import waktu_pendek
from app.access.roles import ROLES
from app.pdp.log_baca import JENIS
from models import LogBaca


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
