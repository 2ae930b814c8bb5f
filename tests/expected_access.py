"""Who may do what, written out by hand once for every test that checks access: apart
from the table the code reads (app/access/permissions.py, app/workflow/ktp_el.py), so a
wrong table fails a test instead of agreeing with itself."""

WORKING = {"sekretariat", "operator", "sekcam", "camat"}
EVERYONE = WORKING | {"admin"}

# Admin screens: the roles that may open each one.
VIEWS = {
    "pemohon": WORKING,
    "permohonan": WORKING,
    "register": WORKING,
    "riwayat": EVERYONE,
    "user": {"admin"},
    "desa": {"admin"},
    "pengaturan": {"admin"},
    "log-cetak": {"admin", "sekcam", "camat"},
    "log-masuk": {"admin"},
}
# Within a screen: who may create or edit.
WRITERS = {"pemohon": {"sekretariat"}, "user": {"admin"}, "desa": {"admin"},
           "pengaturan": {"admin"}, "permohonan_create": {"sekretariat"}}
READ_ONLY = {"register", "riwayat", "log-cetak", "log-masuk"}

# Printing (blueprint endpoints).
PRINTING = {"cetak.dokumen": WORKING, "cetak.sop": EVERYONE, "cetak_register": WORKING}

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
# Who ticks the checklist, and in which states.
CHECKLIST = ({"sekretariat"}, {"diajukan", "dikembalikan"})
