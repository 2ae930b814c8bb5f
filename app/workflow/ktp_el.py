"""The KTP-el SOP of Kecamatan Takeran (188/51/Kept/403.404/2021), declared once."""
from app.workflow import effects, guards
from app.workflow.declaration import (
    Requirement, SopStep, State, Transition, Workflow, register_workflow,
)
from app.services.validation import umur_pada

STATES = (
    State("diajukan", "Diajukan", "primary",
          description="Berkas permohonan telah diterima di meja Sekretariat.",
          next_step="Petugas memeriksa kelengkapan persyaratan."),
    State("dikembalikan", "Dikembalikan", "warning",
          description="Berkas dikembalikan karena persyaratan belum lengkap.",
          next_step="Lengkapi persyaratan yang kurang, lalu serahkan kembali ke Sekretariat."),
    State("teregister", "Teregister", "info",
          description="Berkas lengkap dan telah dicatat dalam Register KTP-El.",
          next_step="Berkas diolah oleh Operator Dispenduk."),
    State("diproses", "Diproses", "secondary",
          description="Berkas sedang diolah oleh Operator Dispenduk.",
          next_step="Berkas diverifikasi oleh Sekretaris Kecamatan."),
    State("diverifikasi", "Diverifikasi", "dark",
          description="Berkas telah diverifikasi (diparaf) oleh Sekretaris Kecamatan.",
          next_step="Berkas disahkan (ditandatangani) oleh Camat."),
    State("disahkan", "Disahkan", "success",
          description="Berkas telah disahkan oleh Camat. KTP-el dapat diambil.",
          next_step="Silakan datang ke kantor kecamatan membawa tanda terima untuk mengambil KTP-el."),
    State("diserahkan", "Diserahkan", "light border", terminal=True,
          description="KTP-el telah diserahkan kepada pemohon.",
          next_step="Layanan selesai."),
    State("dibatalkan", "Dibatalkan", "danger", terminal=True,
          description="Permohonan dibatalkan.",
          next_step="Hubungi kantor kecamatan bila ingin mengajukan permohonan baru."),
)

SOP_STEPS = (
    SopStep(1, "Mengajukan permohonan surat pengantar pengurusan KTP-el",
            ("Pemohon", "Sekretariat"),
            "Surat pengantar dari Lurah/Kades, Fc. KK, Fc. Akta/Ijazah; "
            "tahun kelahiran genap latar foto biru, ganjil merah",
            5, "Gratis", "Tanda Terima",
            "Untuk pengajuan KTP bukan pemula, jika KTP lama hilang harus ada surat "
            "kehilangan dari Kepolisian"),
    SopStep(2, "Menerima dan memeriksa kelengkapan persyaratan administrasi; jika memenuhi "
               "syarat dilakukan register, jika tidak dikembalikan kepada pemohon untuk dilengkapi",
            ("Sekretariat",), "Berkas permohonan", 3, "", "Berkas permohonan"),
    SopStep(3, "Pengolahan berkas oleh Operator Dispenduk", ("Sekretariat",),
            "Berkas permohonan", 5, "", "Berkas permohonan"),
    SopStep(4, "Pemohon menerima penerbitan KTP Elektronik", ("Pemohon", "Sekretariat"),
            "Berkas permohonan yang telah disahkan dan diregistrasi", 2, "",
            "Bukti Tanda Terima"),
)

BEFORE_RATIFICATION = ("diajukan", "dikembalikan", "teregister", "diproses", "diverifikasi")

TRANSITIONS = (
    Transition("ajukan", "Catat permohonan", (None,), "diajukan", ("sekretariat",),
               sop_step=1),
    Transition("register", "Register", ("diajukan",), "teregister", ("sekretariat",),
               guards=(guards.syarat_lengkap,), effects=(effects.beri_nomor_register,),
               sop_step=2, button="success",
               confirm="Daftarkan berkas ini ke Register KTP-El?"),
    Transition("kembalikan", "Kembalikan ke pemohon", ("diajukan",), "dikembalikan",
               ("sekretariat",), guards=(guards.ada_syarat_kurang,), note_required=True,
               sop_step=2, button="warning"),
    Transition("ajukan_ulang", "Ajukan ulang", ("dikembalikan",), "diajukan",
               ("sekretariat",), button="primary"),
    Transition("proses", "Proses (SIAK)", ("teregister",), "diproses", ("operator",),
               sop_step=3, button="primary"),
    Transition("verifikasi", "Verifikasi (paraf)", ("diproses",), "diverifikasi",
               ("sekcam",), effects=(effects.catat_verifikator,), button="success"),
    Transition("tolak", "Tolak ke operator", ("diproses", "diverifikasi"), "teregister",
               ("sekcam", "camat"), roles_by_source={"diproses": ("sekcam",),
                                                     "diverifikasi": ("camat",)},
               note_required=True, button="danger"),
    Transition("sahkan", "Sahkan (tanda tangan)", ("diverifikasi",), "disahkan", ("camat",),
               guards=(guards.bukan_verifikator,), effects=(effects.catat_pengesahan,),
               button="success", confirm="Sahkan berkas ini?"),
    Transition("serahkan", "Serahkan KTP-el", ("disahkan",), "diserahkan", ("sekretariat",),
               effects=(effects.catat_penyerahan,), sop_step=4, button="success"),
    Transition("batalkan", "Batalkan", BEFORE_RATIFICATION, "dibatalkan", ("sekretariat",),
               note_required=True, button="outline-danger",
               confirm="Batalkan permohonan ini? Tindakan ini tidak dapat diurungkan."),
)

COMMON = (
    Requirement("pengantar_desa", "Surat pengantar dari Lurah/Kepala Desa"),
    Requirement("fc_kk", "Fotokopi Kartu Keluarga"),
    Requirement("fc_akta_ijazah", "Fotokopi akta kelahiran atau ijazah"),
    Requirement("pas_foto", "Pas foto dengan latar sesuai tahun lahir "
                            "(genap: biru, ganjil: merah)"),
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
        "hilang": (Requirement("surat_kehilangan", "Surat keterangan kehilangan dari Kepolisian"),),
        "rusak": (Requirement("ktp_rusak", "KTP-el yang rusak"),),
        "perubahan_data": (
            Requirement("ktp_lama", "KTP-el lama"),
            Requirement("dokumen_pendukung",
                        "Dokumen pendukung perubahan (buku nikah, akta cerai, ijazah, dll.)"),
        ),
    },
    conditional_requirements=(
        ("baru", lambda pemohon, tanggal: umur_pada(pemohon.tanggal_lahir, tanggal) < 17,
         Requirement("buku_nikah", "Buku nikah / akta perkawinan (pemohon di bawah 17 tahun)")),
    ),
))
