"""Who may do what, written out by hand once for every test that checks access: apart
from the table the code reads (app/access/permissions.py, app/layanan/ktp_el/workflow.py), so a
wrong table fails a test instead of agreeing with itself."""

WORKING = {"sekretariat", "operator", "sekcam", "camat"}
# The data-protection officer (pejabat pelindungan data pribadi): the logs and the PDP
# registers, no file, applicant or document.
PPDP = "ppdp"
EVERYONE = WORKING | {"admin", PPDP}
# The regency's roles (issue 21): its viewer reads figures, its administrator keeps offices
# and accounts; both read the guide and the printed SOP.
REGENCY = {"pemantau", "admin_kabupaten"}
ACCOUNTS = {"admin", "admin_kabupaten"}

# Admin screens: the roles that may open each one.
VIEWS = {
    "pemohon": WORKING,
    "permohonan": WORKING,
    "register": WORKING,
    "riwayat": EVERYONE,
    "user": ACCOUNTS,
    "desa": {"admin"},
    # Days off count for every office: on a regency's server its administrator keeps them
    # (tests/views/test_libur_kabupaten.py: an office's administrator then only reads).
    "hari-libur": {"admin", "admin_kabupaten"},
    "pengaturan": {"admin"},
    "log-cetak": {"admin", "sekcam", "camat", PPDP},
    "log-masuk": {"admin", PPDP},
    "log-baca": {"admin", PPDP},
    "permintaan-subjek": {"admin", PPDP},
    "insiden-kebocoran": {"admin", PPDP},
    "riwayat-akun": {"admin", PPDP},
    "surat-kolektif": {"sekretariat", "sekcam", "camat"},
    "pengaduan": WORKING,
    "pesan": {"admin"},
}
# The regency's dashboard (issue 21): figures of every office, for the Dinas's operator and
# the regency's viewer and administrator; the home page of the latter two.
KABUPATEN = {"operator"} | REGENCY
KABUPATEN_BERANDA = REGENCY
# Screens that are no record lists (their own endpoints): the roles that may open each.
SCREENS = {"kabupaten": KABUPATEN, "loket": {"sekretariat"}, "antrian_loket": {"sekretariat"}, "nomor_awal": {"admin"},
           "impor": {"sekretariat", "admin"}, "bantuan": EVERYONE | REGENCY,
           "templat_pesan": {"admin"}}
# Within a screen: who may create or edit.
WRITERS = {"pemohon": {"sekretariat"}, "user": ACCOUNTS, "desa": {"admin"}, "hari-libur": {"admin", "admin_kabupaten"},
           "pengaturan": {"admin"}, "permohonan_create": {"sekretariat"},
           "permintaan-subjek": {"admin", PPDP}, "insiden-kebocoran": {"admin", PPDP},
           "pengaduan": {"sekretariat", "sekcam", "camat"}}
# Records never edited as a whole (no edit route): their acts have their own doors.
NOT_EDITED = {"pengaduan"}
# Who may delete a row (a setting, never a record).
DELETERS = {"hari-libur": {"admin", "admin_kabupaten"}}
READ_ONLY = {"register", "riwayat", "log-cetak", "log-masuk", "log-baca", "riwayat-akun",
             "surat-kolektif", "pesan"}

# Printing (blueprint endpoints).
PRINTING = {"cetak.dokumen": WORKING, "cetak.sop": EVERYONE | REGENCY, "cetak_register": WORKING,
            "cetak.surat_kolektif": {"sekretariat", "sekcam", "camat"}}

# KTP-el transitions: (transition, from state) -> the roles that may take it there.
TRANSITIONS = {
    ("register", "diajukan"): {"sekretariat"},
    ("kembalikan", "diajukan"): {"sekretariat"},
    ("ajukan_ulang", "dikembalikan"): {"sekretariat"},
    ("proses", "teregister"): {"operator"},
    ("verifikasi", "diproses"): {"sekcam"},
    ("tolak", "diproses"): {"sekcam"},
    ("tolak", "diverifikasi"): {"camat"},
    ("sahkan", "diverifikasi"): {"camat"},
    ("serahkan", "disahkan"): {"sekretariat"},
    **{("batalkan", s): {"sekretariat"}
       for s in ("diajukan", "dikembalikan", "teregister", "diproses", "diverifikasi")},
}
# The KTP-el variant where the card is printed at the Dinas (an office's choice): the SOP's
# transitions, the hand-over from the card's arrival instead of from ratification, and the
# card's way between: sent by the desk, printed by the Dinas's operator, arrived at the desk.
TRANSITIONS_DINAS = {
    **{key: roles for key, roles in TRANSITIONS.items() if key != ("serahkan", "disahkan")},
    ("kirim_dinas", "disahkan"): {"sekretariat"},
    ("catat_tercetak", "dikirim_dinas"): {"operator"},
    ("terima_ktp", "tercetak"): {"sekretariat"},
    ("serahkan", "tiba"): {"sekretariat"},
}
# The files of a collective cover letter sent to the Dinas with it, from its page: the desk.
KIRIM_KOLEKTIF = {"sekretariat"}
# Who ticks the checklist, and in which states.
CHECKLIST = ({"sekretariat"}, {"diajukan", "dikembalikan"})

# The survey's office screens (Survei Kepuasan Masyarakat): read by the Camat, the Sekcam
# and the administrator; periods made and published, follow-ups written, by the Camat and
# the Sekcam only. A period is never edited or deleted; a follow-up may be deleted.
SKM_VIEWS = {"skm-periode": {"camat", "sekcam", "admin"},
             "skm-tindak-lanjut": {"camat", "sekcam", "admin"}}
SKM_WRITERS = {
    "skm_periode.create_view": {"camat", "sekcam"}, "skm_periode.publikasi": {"camat", "sekcam"},
    "skm_periode.edit_view": set(), "skm_periode.delete_view": set(),
    "skm_tindak_lanjut.create_view": {"camat", "sekcam"},
    "skm_tindak_lanjut.edit_view": {"camat", "sekcam"},
    "skm_tindak_lanjut.delete_view": {"camat", "sekcam"},
}
SKM_CARD = {"camat", "sekcam"}
SKM_PUBLIC = {"survei.mulai", "survei.isi", "survei.terima_kasih", "survei.ikm"}

# The collective cover letter signed electronically on its page: the Camat alone.
SIGNING_KOLEKTIF = {"camat"}
# The period report signed electronically (with a signer set) from Beranda: the Camat alone.
LAPORAN_TTD = {"camat"}
# The office's signing key takes effect only when the Camat confirms it on their own page.
KUNCI_TTD = {"camat"}

# Complaints (pengaduan): every desk reads them; the front desk, the Sekcam and the Camat
# enter one (from SP4N-LAPOR!, phone, letter), assign, answer, close and note its LAPOR!
# number. The public form, status page and service standard need no login.
PENGADUAN_KELOLA = {"sekretariat", "sekcam", "camat"}
PENGADUAN_PUBLIC = {"pengaduan_publik.formulir", "pengaduan_publik.terkirim",
                    "pengaduan_publik.status", "pengaduan_publik.standar"}

# The queue's public pages (no login, no personal data): the ticket kiosk, the ticket and
# its PDF, the TV's calling display and its JSON, booking a slot and checking it in.
ANTRIAN_PUBLIC = {"antrian.kiosk", "antrian.ambil", "antrian.checkin", "antrian.tiket",
                  "antrian.tiket_pdf", "antrian.layar", "antrian.layar_json", "antrian.pesan"}
