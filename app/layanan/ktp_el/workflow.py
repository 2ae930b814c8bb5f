"""The KTP-el SOP of Kecamatan Takeran (188/51/Kept/403.404/2021), declared once: the
only place that names its states (docs/glossarium.md explains each).
Words shown on screens are marked N_: stored and printed in Indonesian, translated on display."""
from datetime import date

from app.access.roles import CAMAT, OPERATOR, SEKCAM, SEKRETARIAT
from app.i18n import N_
from app.layanan.ktp_el.forms import PenyerahanForm
from app.services import pengesahan
from app.layanan.ktp_el import effects, guards
from app.services.validation import umur_pada
from app.survei import undangan
from app.workflow.declaration import (
    Checklist, Document, Loket, Pengesahan, Requirement, SopHeader, SopKegiatan, SopStep,
    State, Transition, Workflow,
)

# The service's id: on every file (Permohonan.layanan) and survey period of it.
LAYANAN = "ktp-el"

# States
DIAJUKAN = "diajukan"
DIKEMBALIKAN = "dikembalikan"
TEREGISTER = "teregister"
DIPROSES = "diproses"
DIVERIFIKASI = "diverifikasi"
DISAHKAN = "disahkan"
DISERAHKAN = "diserahkan"
DIBATALKAN = "dibatalkan"

# Transitions
AJUKAN = "ajukan"
REGISTER = "register"
KEMBALIKAN = "kembalikan"
AJUKAN_ULANG = "ajukan_ulang"
PROSES = "proses"
VERIFIKASI = "verifikasi"
TOLAK = "tolak"
SAHKAN = "sahkan"
SERAHKAN = "serahkan"
BATALKAN = "batalkan"

STATES = (
    State(DIAJUKAN, N_("Diajukan"), "primary",
          description=N_("Berkas permohonan telah diterima di meja Sekretariat."),
          next_step=N_("Petugas memeriksa kelengkapan persyaratan."),
          staff_hint=N_("Centang persyaratan yang dibawa dan simpan; lalu Register bila "
                        "lengkap, atau kembalikan ke pemohon dengan catatan yang kurang.")),
    State(DIKEMBALIKAN, N_("Dikembalikan"), "warning",
          description=N_("Berkas dikembalikan karena persyaratan belum lengkap."),
          next_step=N_("Lengkapi persyaratan yang kurang, lalu serahkan kembali ke Sekretariat."),
          staff_hint=N_("Menunggu pemohon melengkapi persyaratan. Saat pemohon datang lagi: "
                        "Ajukan ulang, centang persyaratan, lalu Register.")),
    State(TEREGISTER, N_("Teregister"), "info",
          description=N_("Berkas lengkap dan telah dicatat dalam Register KTP-el."),
          next_step=N_("Berkas diolah oleh Operator Dispenduk."),
          staff_hint=N_("Menunggu Operator Dispenduk mengolah berkas di SIAK.")),
    State(DIPROSES, N_("Diproses"), "secondary",
          description=N_("Berkas sedang diolah oleh Operator Dispenduk."),
          next_step=N_("Berkas diverifikasi oleh Sekretaris Kecamatan."),
          staff_hint=N_("Menunggu verifikasi (paraf) Sekretaris Kecamatan.")),
    State(DIVERIFIKASI, N_("Diverifikasi"), "dark",
          description=N_("Berkas telah diverifikasi (diparaf) oleh Sekretaris Kecamatan."),
          next_step=N_("Berkas disahkan (ditandatangani) oleh Camat."),
          staff_hint=N_("Menunggu pengesahan (tanda tangan) Camat.")),
    State(DISAHKAN, N_("Disahkan"), "success",
          description=N_("Berkas telah disahkan oleh Camat. KTP-el dapat diambil."),
          next_step=N_("Silakan datang ke kantor kecamatan membawa tanda terima untuk mengambil KTP-el."),
          notice=N_("KTP-el dapat diambil di kantor kecamatan."),
          staff_hint=N_("KTP-el siap diserahkan kepada pemohon (atau wakilnya) yang membawa "
                        "tanda terima; catat penerimanya.")),
    State(DISERAHKAN, N_("Diserahkan"), "selesai", terminal=True,
          description=N_("KTP-el telah diserahkan kepada pemohon."),
          next_step=N_("Layanan selesai."),
          staff_hint=N_("Layanan selesai; tidak ada tindakan lagi.")),
    State(DIBATALKAN, N_("Dibatalkan"), "danger", terminal=True,
          description=N_("Permohonan dibatalkan."),
          next_step=N_("Hubungi kantor kecamatan bila ingin mengajukan permohonan baru."),
          staff_hint=N_("Permohonan dibatalkan; tidak ada tindakan lagi. Pemohon dapat "
                        "mengajukan permohonan baru.")),
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
            ("Sekretariat",), "Berkas permohonan", 3, "", "Berkas permohonan",
            keputusan="Lengkap?"),
    # The SOP names the Dispenduk operator as this step's executor, not the Sekretariat.
    SopStep(3, N_("Pengolahan berkas oleh Operator Dispenduk"), ("Operator Dispenduk",),
            "Berkas permohonan", 5, "", "Berkas permohonan"),
    SopStep(4, N_("Pemohon menerima penerbitan KTP Elektronik"), ("Pemohon", "Sekretariat"),
            "Berkas permohonan yang telah disahkan dan diregistrasi", 2, "",
            "Bukti Tanda Terima"),
)

# Between steps 3 and 4 the SOP's flow passes the Sekcam and the Camat ("Berkas Permohonan
# yang telah disyahkan"), with no time standard: rows 3a and 3b of the printed sheet.
SOP_KEGIATAN = (
    SopKegiatan(VERIFIKASI, "Memeriksa dan memaraf berkas permohonan; jika tidak sesuai "
                "dikembalikan kepada Operator Dispenduk dengan alasan", ("Sekcam",),
                "Berkas permohonan yang telah diolah", "Berkas permohonan yang diparaf",
                keputusan="Sesuai?"),
    SopKegiatan(SAHKAN, "Mengesahkan (menandatangani) surat pengantar; jika tidak disetujui "
                "dikembalikan kepada Operator Dispenduk dengan alasan", ("Camat",),
                "Berkas permohonan yang telah diparaf", "Surat Pengantar yang disahkan",
                keputusan="Disetujui?"),
)

BEFORE_RATIFICATION = (DIAJUKAN, DIKEMBALIKAN, TEREGISTER, DIPROSES, DIVERIFIKASI)

TRANSITIONS = (
    Transition(AJUKAN, N_("Catat permohonan"), (None,), DIAJUKAN, (SEKRETARIAT,),
               guards=(guards.wajib_ktp, guards.satu_berkas_terbuka), sop_step=1,
               forward=True),
    Transition(REGISTER, N_("Register"), (DIAJUKAN,), TEREGISTER, (SEKRETARIAT,),
               guards=(guards.syarat_lengkap,),
               effects=(effects.beri_nomor_register, effects.kabari_terdaftar),
               sop_step=2, button="success",
               confirm=N_("Daftarkan berkas ini ke Register KTP-el?"),
               forward=True),
    Transition(KEMBALIKAN, N_("Kembalikan ke pemohon"), (DIAJUKAN,), DIKEMBALIKAN,
               (SEKRETARIAT,), guards=(guards.ada_syarat_kurang,), note_required=True,
               effects=(effects.kabari_kembali,), sop_step=2, button="warning"),
    Transition(AJUKAN_ULANG, N_("Ajukan ulang"), (DIKEMBALIKAN,), DIAJUKAN,
               (SEKRETARIAT,), button="primary"),
    Transition(PROSES, N_("Proses (SIAK)"), (TEREGISTER,), DIPROSES, (OPERATOR,),
               sop_step=3, button="primary",
               forward=True),
    Transition(VERIFIKASI, N_("Verifikasi (paraf)"), (DIPROSES,), DIVERIFIKASI,
               (SEKCAM,), effects=(effects.catat_verifikator,), button="success",
               forward=True),
    Transition(TOLAK, N_("Tolak ke operator"), (DIPROSES, DIVERIFIKASI), TEREGISTER,
               (SEKCAM, CAMAT), roles_by_source={DIPROSES: (SEKCAM,), DIVERIFIKASI: (CAMAT,)},
               note_required=True, button="danger"),
    # With a signer set, the letter is drawn and signed (the Camat's passphrase: the
    # form) before the file is claimed; the effects store it in the same transaction.
    Transition(SAHKAN, N_("Sahkan (tanda tangan)"), (DIVERIFIKASI,), DISAHKAN, (CAMAT,),
               guards=(guards.bukan_verifikator,),
               form=pengesahan.PengesahanForm, prepare=pengesahan.siapkan,
               effects=(effects.catat_pengesahan, effects.simpan_surat_ttd,
                        effects.kabari_sah),
               button="success", confirm=N_("Sahkan berkas ini?"),
               forward=True),
    Transition(SERAHKAN, N_("Serahkan KTP-el"), (DISAHKAN,), DISERAHKAN, (SEKRETARIAT,),
               form=PenyerahanForm,  # who collects: the applicant or a representative
               effects=(effects.catat_penyerahan, effects.kabari_selesai), sop_step=4,
               button="success",
               forward=True),
    Transition(BATALKAN, N_("Batalkan"), BEFORE_RATIFICATION, DIBATALKAN, (SEKRETARIAT,),
               note_required=True, button="outline-danger",
               confirm=N_("Batalkan permohonan ini? Tindakan ini tidak dapat diurungkan.")),
)

JENIS = {
    "baru": N_("Baru (pemula)"),
    "hilang": N_("Penggantian karena hilang"),
    "rusak": N_("Penggantian karena rusak"),
    "perubahan_data": N_("Perubahan data"),
}

DOCUMENTS = (
    # SOP step 1's output: from the moment the file is recorded.
    Document("tanda_terima", N_("Tanda Terima"), "Tanda Terima Berkas Permohonan KTP-el",
             "pdf/tanda_terima.html", frozenset(s.name for s in STATES),
             lambda p: p.nomor_tanda_terima, "tanda-terima"),
    # The cover letter the SOP is named after: once the Camat has ratified.
    Document("surat_pengantar", N_("Surat Pengantar"), "Surat Pengantar Pembuatan KTP-el",
             "pdf/surat_pengantar.html", frozenset({DISAHKAN, DISERAHKAN}),
             lambda p: p.register.nomor, "surat-pengantar"),
    # SOP step 2, incomplete: what the applicant must bring back, while returned.
    Document("tanda_pengembalian", N_("Tanda Pengembalian Berkas"), "Tanda Pengembalian Berkas",
             "pdf/tanda_pengembalian.html", frozenset({DIKEMBALIKAN}),
             lambda p: "KB/" + p.nomor_tanda_terima.removeprefix("TT/"), "tanda-pengembalian",
             per_pengembalian=True),
    # SOP step 4's output: proof that the applicant received the card.
    Document("bukti_serah_terima", N_("Bukti Tanda Terima"),
             "Bukti Tanda Terima Penyerahan KTP-el", "pdf/bukti_serah_terima.html",
             frozenset({DISERAHKAN}), lambda p: "BST/" + p.register.nomor,
             "bukti-serah-terima",
             # The survey's invitation: its code, address and QR, printed on the proof.
             konteks=lambda p: {"survei": undangan.untuk_cetak(p)}),
)

COMMON = (
    Requirement("pengantar_desa", N_("Surat pengantar dari Lurah/Kepala Desa")),
    Requirement("fc_kk", N_("Fotokopi Kartu Keluarga")),
    Requirement("fc_akta_ijazah", N_("Fotokopi akta kelahiran atau ijazah")),
    Requirement("pas_foto", N_("Pas foto dengan latar sesuai tahun lahir "
                            "(genap: biru, ganjil: merah)")),
)

# The signed SOP's identity page, worded as signed. Its executor columns: the SOP names the
# Dispenduk operator as step 3's executor, so the operator has a lane of its own.
SOP_HEADER = SopHeader(
    "188/51/Kept", 2021, "Bagian Umum", date(2021, 12, 31), None, date(2021, 12, 31),
    lanes=("Pemohon", "Sekretariat", "Operator Dispenduk", "Sekcam", "Camat"),
    judul_prosedur="Prosedur surat pengantar pembuatan KTP (Kartu Tanda Penduduk) Elektronik",
    dasar_hukum=(
        "UU Nomor 24 Tahun 2013 tentang Perubahan atas UU Nomor 23 Tahun 2006 tentang "
        "Administrasi Kependudukan",
        "UU Nomor 23 Tahun 2006 tentang Administrasi Kependudukan",
        "PP Nomor 37 Tahun 2007 tentang Pelaksanaan UU Nomor 23 Tahun 2006 tentang "
        "Administrasi Kependudukan",
        "Perpres Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran "
        "Penduduk dan Pencatatan Sipil",
        "Perpres Nomor 25 Tahun 2008 tentang Persyaratan dan Tata Cara Pendaftaran "
        "Penduduk dan Pencatatan Sipil",
        "Peraturan Bupati Magetan Nomor 56 Tahun 2016 tentang Kedudukan, Susunan "
        "Organisasi, Tugas dan Fungsi, serta Tata Kerja Kecamatan"),
    kualifikasi=("Mampu mengoperasikan komputer", "Paham proses pelayanan",
                 "Memahami peraturan perundang-undangan yang berlaku",
                 "Menguasai aplikasi SIAK"),
    keterkaitan=("SOP Pelayanan Kartu Keluarga", "SOP Akta Kelahiran"),
    peralatan=("Komputer", "Printer", "Jaringan internet", "ATK"),
    peringatan=("Jika SOP Pelayanan KTP-el tidak dijalankan sesuai prosedur maka akan "
                "mengakibatkan terjadinya kelambatan penerbitan dokumen dan proses "
                "seterusnya",),
    pencatatan=("Register KTP-el", "KTP-el", "Berkas pemohon"))

KTP_EL = Workflow(
    layanan=LAYANAN,
    title="Pelayanan Pengurusan KTP-elektronik",
    states=STATES,
    transitions=TRANSITIONS,
    jenis=JENIS,
    checklist=Checklist(states=(DIAJUKAN, DIKEMBALIKAN), roles=(SEKRETARIAT,)),
    sop=SOP_HEADER,
    sop_steps=SOP_STEPS,
    sop_kegiatan=SOP_KEGIATAN,
    documents=DOCUMENTS,
    register_transition=REGISTER,
    loket=Loket(lengkap=REGISTER, kurang=KEMBALIKAN, tombol_lengkap=N_("Simpan & Register"),
                tombol_kurang=N_("Simpan & Kembalikan")),
    pengesahan=Pengesahan(SAHKAN, "surat_pengantar", paraf=VERIFIKASI),
    tanda_terima="tanda_terima",
    alur=N_("Sesuai SOP kecamatan: KTP-el diserahkan sesudah disahkan Camat"),
    jenis_singkat={"baru": "Baru", "hilang": "Ganti hilang", "rusak": "Ganti rusak",
                   "perubahan_data": "Perubahan data"},
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
)
