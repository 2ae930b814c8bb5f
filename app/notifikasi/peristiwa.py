"""The events a resident hears about, what each message may say (its variables) and the
wording shipped with the application, which the administrator may replace
(app/notifikasi/templat.py). A service's declaration names the event on the transition
that causes it (`outbox.kabar`)."""
from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_
from app.notifikasi.kanal import JUDUL

# Every message: the first name only, the receipt number (no personal data) and the link.
UMUM = {"nama_depan": N_("nama depan pemohon"),
        "nomor_tanda_terima": N_("nomor tanda terima"),
        "kantor": N_("nama kecamatan"),
        "langkah_berikutnya": N_("langkah berikutnya, seperti di halaman cek status"),
        "tautan": N_("alamat halaman cek status")}


@dataclass(frozen=True)
class Peristiwa:
    kode: str
    label: str
    bawaan: str  # the wording shipped with the application
    variabel: dict[str, str]  # name -> what it holds (for the template editor)
    halaman: str = "/cek-status"  # the public page {tautan} opens (the editor's example)
    judul: str = JUDUL  # an e-mail's subject


KEMBALI = "kembali"
TERDAFTAR = "terdaftar"
SAH = "sah"
KARTU_TIBA = "kartu_tiba"
SELESAI = "selesai"
PENGADUAN_DIJAWAB = "pengaduan_dijawab"

PERISTIWA = {p.kode: p for p in (
    Peristiwa(KEMBALI, N_("Berkas dikembalikan"),
              "Yth. {nama_depan}, berkas permohonan {nomor_tanda_terima} di {kantor} "
              "dikembalikan karena belum lengkap. Yang kurang: {kekurangan}. Silakan "
              "lengkapi dan bawa kembali ke kantor kecamatan. Cek status: {tautan}",
              {**UMUM, "kekurangan": N_("persyaratan yang belum ada")}),
    Peristiwa(TERDAFTAR, N_("Berkas teregister"),
              "Yth. {nama_depan}, berkas permohonan {nomor_tanda_terima} di {kantor} "
              "lengkap dan telah teregister. Perkiraan selesai: {perkiraan_selesai}. "
              "Cek status: {tautan}",
              {**UMUM, "perkiraan_selesai": N_("tanggal perkiraan selesai")}),
    Peristiwa(SAH, N_("Berkas disahkan Camat"),
              "Yth. {nama_depan}, berkas permohonan {nomor_tanda_terima} telah disahkan "
              "Camat. {langkah_berikutnya} Cek status: {tautan}", dict(UMUM)),
    Peristiwa(KARTU_TIBA, N_("KTP-el tiba di kecamatan"),
              "Yth. {nama_depan}, KTP-el untuk berkas {nomor_tanda_terima} sudah tiba di "
              "kantor {kantor} dan dapat diambil dengan membawa tanda terima. "
              "Cek status: {tautan}", dict(UMUM)),
    Peristiwa(SELESAI, N_("KTP-el diserahkan"),
              "Yth. {nama_depan}, KTP-el untuk berkas {nomor_tanda_terima} telah "
              "diserahkan. Terima kasih. Mohon isi survei kepuasan: {tautan_survei} "
              "Cek status: {tautan}",
              {**UMUM, "tautan_survei": N_("alamat survei kepuasan berkas ini")}),
    # A complaint is no file: its number and the complaint's status page, where the
    # answer is read with the secret code (never the complaint or the answer here).
    Peristiwa(PENGADUAN_DIJAWAB, N_("Pengaduan dijawab"),
              "Yth. {nama_depan}, pengaduan {nomor_pengaduan} Anda kepada {kantor} telah "
              "dijawab. Baca jawabannya di {tautan} dengan nomor pengaduan dan kode "
              "rahasia Anda (atau 4 angka terakhir nomor HP Anda).",
              {"nama_depan": N_("nama depan pengadu"),
               "nomor_pengaduan": N_("nomor pengaduan"),
               "kantor": N_("nama kecamatan"),
               "tautan": N_("alamat halaman status pengaduan")},
              halaman="/pengaduan/status", judul="Pengaduan Anda telah dijawab"),
)}
