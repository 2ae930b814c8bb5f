"""The office's other records, read-only: every print (who, what, when) and every login,
failed login and logout (with the address). Nothing here can be edited or deleted."""
from sqlalchemy.orm import joinedload

from admin_views.base import LogView
from admin_views.filters import ChoiceEqualFilter
from admin_views.formatters import waktu_wib
from models import AuthLog, CetakLog

JENIS_CETAK = {
    "tanda_terima": "Tanda Terima", "surat_pengantar": "Surat Pengantar",
    "bukti_serah_terima": "Bukti Tanda Terima", "register": "Petikan Register",
    "sop": "Lembar SOP",
}
PERISTIWA_MASUK = {"login": "Masuk", "login_gagal": "Gagal masuk", "logout": "Keluar"}


class LogCetakView(LogView):
    roles = ("admin", "sekcam", "camat")
    column_list = ("at", "jenis", "keterangan", "user")
    column_labels = {"at": "Waktu", "jenis": "Dokumen", "keterangan": "Nomor / keterangan",
                     "user": "Dicetak oleh"}
    column_formatters = {
        "at": waktu_wib,
        "jenis": lambda v, c, m, n: JENIS_CETAK.get(m.jenis, m.jenis),
        "user": lambda v, c, m, n: m.user.nama,
    }
    column_filters = (ChoiceEqualFilter(CetakLog.jenis, "Dokumen", list(JENIS_CETAK.items())),)

    def get_query(self):
        return super().get_query().options(joinedload(CetakLog.user))


class LogMasukView(LogView):
    roles = ("admin",)
    column_list = ("at", "event", "username", "ip")
    column_labels = {"at": "Waktu", "event": "Peristiwa", "username": "Nama pengguna",
                     "ip": "Alamat IP"}
    column_formatters = {
        "at": waktu_wib,
        "event": lambda v, c, m, n: PERISTIWA_MASUK.get(m.event, m.event),
    }
    column_searchable_list = ("username",)
    column_filters = (ChoiceEqualFilter(AuthLog.event, "Peristiwa",
                                        list(PERISTIWA_MASUK.items())),)
