"""The KTP-el SOP of Kecamatan Takeran (188/51/Kept/403.404/2021), declared once.
Words shown on screens are marked N_: stored and printed in Indonesian, translated on display."""
from app.i18n import N_
from app.workflow import effects, guards
from app.workflow.declaration import (
    Requirement, SopStep, State, Transition, Workflow, register_workflow,
)
from app.services.validation import umur_pada

STATES = (
    State("diajukan", N_("Diajukan"), "primary",
          description=N_("Berkas permohonan telah diterima di meja Sekretariat."),
          next_step=N_("Petugas memeriksa kelengkapan persyaratan.")),
    State("dikembalikan", N_("Dikembalikan"), "warning",
          description=N_("Berkas dikembalikan karena persyaratan belum lengkap."),
          next_step=N_("Lengkapi persyaratan yang kurang, lalu serahkan kembali ke Sekretariat.")),
    State("teregister", N_("Teregister"), "info",
          description=N_("Berkas lengkap dan telah dicatat dalam Register KTP-el."),
          next_step=N_("Berkas diolah oleh Operator Dispenduk.")),
    State("diproses", N_("Diproses"), "secondary",
          description=N_("Berkas sedang diolah oleh Operator Dispenduk."),
          next_step=N_("Berkas diverifikasi oleh Sekretaris Kecamatan.")),
    State("diverifikasi", N_("Diverifikasi"), "dark",
          description=N_("Berkas telah diverifikasi (diparaf) oleh Sekretaris Kecamatan."),
          next_step=N_("Berkas disahkan (ditandatangani) oleh Camat.")),
    State("disahkan", N_("Disahkan"), "success",
          description=N_("Berkas telah disahkan oleh Camat. KTP-el dapat diambil."),
          next_step=N_("Silakan datang ke kantor kecamatan membawa tanda terima untuk mengambil KTP-el.")),
    State("diserahkan", N_("Diserahkan"), "selesai", terminal=True,
          description=N_("KTP-el telah diserahkan kepada pemohon."),
          next_step=N_("Layanan selesai.")),
    State("dibatalkan", N_("Dibatalkan"), "danger", terminal=True,
          description=N_("Permohonan dibatalkan."),
          next_step=N_("Hubungi kantor kecamatan bila ingin mengajukan permohonan baru.")),
)

SOP_STEPS = (
    SopStep(1, N_("Mengajukan permohonan surat pengantar pengurusan KTP-el"),
            ("Pemohon", "Sekretariat"),
            "Surat pengantar dari Lurah/Kades, Fc. KK, Fc. Akta/Ijazah; "
            "tahun kelahiran genap latar foto biru, ganjil merah",
            5, "Gratis", "Tanda Terima",
            "Untuk pengajuan KTP bukan pemula, jika KTP lama hilang harus ada surat "
            "kehilangan dari Kepolisian"),
    SopStep(2, N_("Menerima dan memeriksa kelengkapan persyaratan administrasi; jika memenuhi "
               "syarat dilakukan register, jika tidak dikembalikan kepada pemohon untuk dilengkapi"),
            ("Sekretariat",), "Berkas permohonan", 3, "", "Berkas permohonan"),
    SopStep(3, N_("Pengolahan berkas oleh Operator Dispenduk"), ("Sekretariat",),
            "Berkas permohonan", 5, "", "Berkas permohonan"),
    SopStep(4, N_("Pemohon menerima penerbitan KTP Elektronik"), ("Pemohon", "Sekretariat"),
            "Berkas permohonan yang telah disahkan dan diregistrasi", 2, "",
            "Bukti Tanda Terima"),
)

BEFORE_RATIFICATION = ("diajukan", "dikembalikan", "teregister", "diproses", "diverifikasi")

TRANSITIONS = (
    Transition("ajukan", N_("Catat permohonan"), (None,), "diajukan", ("sekretariat",),
               sop_step=1, forward=True),
    Transition("register", N_("Register"), ("diajukan",), "teregister", ("sekretariat",),
               guards=(guards.syarat_lengkap,), effects=(effects.beri_nomor_register,),
               sop_step=2, button="success",
               confirm=N_("Daftarkan berkas ini ke Register KTP-el?"), forward=True),
    Transition("kembalikan", N_("Kembalikan ke pemohon"), ("diajukan",), "dikembalikan",
               ("sekretariat",), guards=(guards.ada_syarat_kurang,), note_required=True,
               sop_step=2, button="warning"),
    Transition("ajukan_ulang", N_("Ajukan ulang"), ("dikembalikan",), "diajukan",
               ("sekretariat",), button="primary"),
    Transition("proses", N_("Proses (SIAK)"), ("teregister",), "diproses", ("operator",),
               sop_step=3, button="primary", forward=True),
    Transition("verifikasi", N_("Verifikasi (paraf)"), ("diproses",), "diverifikasi",
               ("sekcam",), effects=(effects.catat_verifikator,), button="success", forward=True),
    Transition("tolak", N_("Tolak ke operator"), ("diproses", "diverifikasi"), "teregister",
               ("sekcam", "camat"), roles_by_source={"diproses": ("sekcam",),
                                                     "diverifikasi": ("camat",)},
               note_required=True, button="danger"),
    Transition("sahkan", N_("Sahkan (tanda tangan)"), ("diverifikasi",), "disahkan", ("camat",),
               guards=(guards.bukan_verifikator,), effects=(effects.catat_pengesahan,),
               button="success", confirm=N_("Sahkan berkas ini?"), forward=True),
    Transition("serahkan", N_("Serahkan KTP-el"), ("disahkan",), "diserahkan", ("sekretariat",),
               effects=(effects.catat_penyerahan,), sop_step=4, button="success", forward=True),
    Transition("batalkan", N_("Batalkan"), BEFORE_RATIFICATION, "dibatalkan", ("sekretariat",),
               note_required=True, button="outline-danger",
               confirm=N_("Batalkan permohonan ini? Tindakan ini tidak dapat diurungkan.")),
)

COMMON = (
    Requirement("pengantar_desa", N_("Surat pengantar dari Lurah/Kepala Desa")),
    Requirement("fc_kk", N_("Fotokopi Kartu Keluarga")),
    Requirement("fc_akta_ijazah", N_("Fotokopi akta kelahiran atau ijazah")),
    Requirement("pas_foto", N_("Pas foto dengan latar sesuai tahun lahir "
                            "(genap: biru, ganjil: merah)")),
)

KTP_EL = register_workflow(Workflow(
    layanan="ktp-el",
    title="Pelayanan Pengurusan KTP-Elektronik",
    states=STATES,
    transitions=TRANSITIONS,
    sop_steps=SOP_STEPS,
    common_requirements=COMMON,
    requirements={
        "baru": (),
        "hilang": (Requirement("surat_kehilangan", N_("Surat keterangan kehilangan dari Kepolisian")),),
        "rusak": (Requirement("ktp_rusak", N_("KTP-el yang rusak")),),
        "perubahan_data": (
            Requirement("ktp_lama", N_("KTP-el lama")),
            Requirement("dokumen_pendukung", N_("Dokumen pendukung perubahan (buku nikah, akta cerai, ijazah, dll.)")),
        ),
    },
    conditional_requirements=(
        ("baru", lambda pemohon, tanggal: umur_pada(pemohon.tanggal_lahir, tanggal) < 17,
         Requirement("buku_nikah", N_("Buku nikah / akta perkawinan (pemohon di bawah 17 tahun)"))),
    ),
))
