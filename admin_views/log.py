"""The office's other records, read-only: every print (who, what, when) and every login,
failed login and logout (with the address). Nothing here can be edited or deleted."""
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy.orm import joinedload

from admin_views.base import LogView
from admin_views.filters import ChoiceEqualFilter
from admin_views.formatters import waktu_pendek
from app.i18n import N_
from app.workflow.declaration import all_documents
from models import AuthLog, CetakLog

# What a print record names: a declared document of some registered service (read per
# request, `jenis_cetak`), or one of the office's own prints (CetakLog.jenis "register",
# "sop", the collective letter and a list exported as a spreadsheet).
CETAKAN_KANTOR = {"register": N_("Petikan Register"), "sop": N_("Lembar SOP"),
                  "surat_kolektif": N_("Surat Pengantar Kolektif"), "ekspor": N_("Ekspor daftar"),
                  "laporan": N_("Laporan pelayanan")}


def jenis_cetak() -> dict[str, str]:
    return {**{d.kode: d.label for d in all_documents()}, **CETAKAN_KANTOR}
PERISTIWA_MASUK = {
    "login": N_("Masuk"), "login_gagal": N_("Gagal masuk"), "logout": N_("Keluar"),
    "login_diperlambat": N_("Masuk diperlambat"), "login_dibatasi": N_("Masuk ditolak (batas)"),
    "sandi_salah": N_("Kata sandi sekarang salah"),
    "sandi_dibatasi": N_("Ganti kata sandi ditolak (batas)"),
}


class LogCetakView(LogView):
    permission = "log_cetak.lihat"
    column_list = ("at", "jenis", "keterangan", "user")
    column_labels = {"at": _l("Waktu"), "jenis": _l("Dokumen"), "keterangan": _l("Nomor / keterangan"),
                     "user": _l("Dicetak oleh")}
    column_formatters = {
        "at": waktu_pendek,
        "jenis": lambda v, c, m, n: gettext(jenis_cetak().get(m.jenis, m.jenis)),
        "user": lambda v, c, m, n: m.user.nama,
    }
    column_filters = (ChoiceEqualFilter(CetakLog.jenis, _l("Dokumen"),
                                        lambda: list(jenis_cetak().items())),)

    def get_query(self):
        return super().get_query().options(joinedload(CetakLog.user))


class LogMasukView(LogView):
    permission = "log_masuk.lihat"
    column_list = ("at", "event", "username", "ip")
    column_labels = {"at": _l("Waktu"), "event": _l("Peristiwa"), "username": _l("Nama pengguna"),
                     "ip": _l("Alamat IP")}
    column_formatters = {
        "at": waktu_pendek,
        "event": lambda v, c, m, n: gettext(PERISTIWA_MASUK.get(m.event, m.event)),
    }
    column_searchable_list = ("username",)
    column_filters = (ChoiceEqualFilter(AuthLog.event, _l("Peristiwa"),
                                        list(PERISTIWA_MASUK.items())),)
