"""The KTP-el workflow where the card is recorded and printed at the Dinas Kependudukan dan
Pencatatan Sipil (Kabupaten Magetan since 4 March 2025, after the Kemendagri letter of 27
February 2025 switched the kecamatan's data links off): the SOP's workflow (workflow.py)
up to the Camat's ratification, then the file sent to the Dinas, the card printed there and
arriving back at the kecamatan, then handed over as the SOP says. Derived from the SOP's
own states and transitions, so both read one declaration; an office chooses it for its new
files (OfficeSettings.alur_ktp)."""
from dataclasses import replace

from app.access.roles import OPERATOR, SEKRETARIAT
from app.i18n import N_
from app.layanan.ktp_el import effects
from app.layanan.ktp_el.workflow import DISAHKAN, KTP_EL, SERAHKAN
from app.workflow.declaration import SopKegiatan, State, Transition, Workflow

LAYANAN = "ktp-el-dinas"

# States after ratification
DIKIRIM_DINAS = "dikirim_dinas"
TERCETAK = "tercetak"
TIBA = "tiba"

# Transitions
KIRIM_DINAS = "kirim_dinas"
CATAT_TERCETAK = "catat_tercetak"
TERIMA_KTP = "terima_ktp"

# Ratified, the card is not at the office yet: the SOP's words would send the resident
# for a card that does not exist.
DISAHKAN_DI_DINAS = dict(
    description=N_("Berkas telah disahkan oleh Camat. KTP-el direkam dan dicetak di Dinas "
                   "Kependudukan dan Pencatatan Sipil Kabupaten, bukan di kecamatan."),
    next_step=N_("Berkas segera dikirim ke Dinas untuk dicetak. KTP-el belum dapat diambil; "
                 "kantor kecamatan mengabari bila KTP-el sudah tiba."),
    notice="",
    staff_hint=N_("Kirim berkas ke Dinas: satu per satu di sini, atau beberapa sekaligus "
                  "bersama surat pengantar kolektif."))

NEW_STATES = (
    State(DIKIRIM_DINAS, N_("Dikirim ke Dinas"), "primary",
          description=N_("KTP-el sedang dicetak di Dinas Kependudukan dan Pencatatan Sipil "
                         "Kabupaten. Berkas sudah dikirim dari kantor kecamatan."),
          next_step=N_("Tunggu kabar dari kantor kecamatan; KTP-el belum dapat diambil."),
          staff_hint=N_("Menunggu Operator Dispenduk di Dinas mencetak KTP-el.")),
    State(TERCETAK, N_("Tercetak di Dinas"), "info",
          description=N_("KTP-el sudah dicetak di Dinas dan sedang dikirim ke kantor "
                         "kecamatan."),
          next_step=N_("Tunggu kabar bahwa KTP-el sudah tiba di kantor kecamatan; KTP-el "
                       "belum dapat diambil."),
          staff_hint=N_("Menunggu KTP-el tiba dari Dinas. Saat KTP-el diterima di kantor, "
                        "catat KTP-el tiba di kecamatan.")),
    State(TIBA, N_("Tiba di kecamatan"), "success",
          description=N_("KTP-el sudah tiba di kantor kecamatan."),
          next_step=N_("Silakan datang ke kantor kecamatan membawa tanda terima untuk "
                       "mengambil KTP-el."),
          notice=N_("KTP-el dapat diambil di kantor kecamatan."),
          staff_hint=N_("KTP-el siap diserahkan kepada pemohon (atau wakilnya) yang membawa "
                        "tanda terima; catat penerimanya.")),
)

NEW_TRANSITIONS = (
    Transition(KIRIM_DINAS, N_("Kirim ke Dinas"), (DISAHKAN,), DIKIRIM_DINAS, (SEKRETARIAT,),
               button="primary",
               confirm=N_("Kirim berkas ini ke Dinas Kependudukan dan Pencatatan Sipil?"),
               forward=True),
    Transition(CATAT_TERCETAK, N_("KTP-el tercetak"), (DIKIRIM_DINAS,), TERCETAK, (OPERATOR,),
               button="success", confirm=N_("Catat bahwa KTP-el berkas ini sudah tercetak?"),
               forward=True),
    Transition(TERIMA_KTP, N_("KTP-el tiba di kecamatan"), (TERCETAK,), TIBA, (SEKRETARIAT,),
               effects=(effects.kabari_kartu_tiba,), button="success",
               confirm=N_("Catat bahwa KTP-el berkas ini sudah tiba di kantor kecamatan?"),
               forward=True),
)

# The printed SOP sheet's rows for the card's way (numbered after step 3, like the Sekcam's
# and the Camat's), printed in Indonesian.
NEW_KEGIATAN = (
    SopKegiatan(KIRIM_DINAS, "Mengirim berkas yang telah disahkan ke Dinas Kependudukan dan "
                "Pencatatan Sipil, satu per satu atau bersama surat pengantar kolektif",
                ("Sekretariat",), "Berkas permohonan yang telah disahkan",
                "Berkas terkirim ke Dinas"),
    SopKegiatan(CATAT_TERCETAK, "Merekam dan mencetak KTP-el di Dinas", ("Operator Dispenduk",),
                "Berkas permohonan dari kecamatan", "KTP-el tercetak"),
    SopKegiatan(TERIMA_KTP, "Menerima KTP-el dari Dinas di kantor kecamatan", ("Sekretariat",),
                "KTP-el dari Dinas", "KTP-el siap diserahkan"),
)


def dicetak_di_dinas(base: Workflow) -> Workflow:
    """`base` with the card printed at the Dinas: ratified files go to the Dinas, come back
    printed, and are handed over from `TIBA` instead of straight after ratification;
    documents that exist once ratified exist in the new states too."""
    after = {DISAHKAN} | {s.name for s in NEW_STATES}
    states = []
    for s in base.states:
        if s.name == DISAHKAN:
            states += [replace(s, **DISAHKAN_DI_DINAS), *NEW_STATES]
        else:
            states.append(s)
    transitions = []
    for t in base.transitions:
        if t.name == SERAHKAN:
            transitions += [*NEW_TRANSITIONS, replace(t, sources=(TIBA,))]
        else:
            transitions.append(t)
    documents = tuple(replace(d, states=d.states | after) if DISAHKAN in d.states else d
                      for d in base.documents)
    return replace(base, layanan=LAYANAN,
                   title=base.title + " (KTP-el dicetak di Dinas)",
                   states=tuple(states), transitions=tuple(transitions), documents=documents,
                   sop_kegiatan=base.sop_kegiatan + NEW_KEGIATAN,
                   varian_dari=base.layanan,
                   alur=N_("KTP-el direkam dan dicetak di Dinas, diserahkan di kecamatan"),
                   kirim_kolektif=KIRIM_DINAS)


KTP_EL_DINAS = dicetak_di_dinas(KTP_EL)
