"""The wording of each event's message: the office's own (table templat_pesan) or the one
shipped with the application. A template names its variables as {nama}; only the event's
own names are allowed, plain (no attribute, index or format), and the link is required."""
from __future__ import annotations

from string import Formatter

from flask_babel import gettext

from app.extensions import db
from app.notifikasi.peristiwa import PERISTIWA
from models import TemplatPesan
from models._kantor import kantor_kerja
from models._time import utcnow

PANJANG_MAKS = 1000  # a WhatsApp message reads on a phone's screen; SMS gateways split


def _row(kode: str, kantor_id: int | None = None) -> TemplatPesan | None:
    """An office's own wording of the event (default: the office at work)."""
    return db.session.get(TemplatPesan, (kantor_id or kantor_kerja(db.session), kode))


def teks(kode: str, kantor_id: int | None = None) -> str:
    """The wording in force for an event in an office."""
    row = _row(kode, kantor_id)
    return row.isi if row is not None else PERISTIWA[kode].bawaan


def cek_templat(kode: str, isi: str | None) -> str | None:
    """Why this wording cannot be saved for the event, or None."""
    isi = (isi or "").strip()
    if not isi:
        return gettext("Isi pesan wajib diisi.")
    if len(isi) > PANJANG_MAKS:
        return gettext("Pesan terlalu panjang: %(n)d karakter, paling banyak %(maks)d.",
                       n=len(isi), maks=PANJANG_MAKS)
    boleh = PERISTIWA[kode].variabel
    daftar = ", ".join("{%s}" % nama for nama in boleh)
    try:
        bagian = list(Formatter().parse(isi))
    except ValueError:
        return gettext("Kurung kurawal tidak berpasangan. Tulis variabel seperti {tautan}; "
                       "yang tersedia: %(daftar)s.", daftar=daftar)
    dipakai = set()
    for _, nama, spesifikasi, konversi in bagian:
        if nama is None:
            continue
        if nama not in boleh or spesifikasi or konversi:
            tampil = "{%s}" % nama if nama else "{}"
            return gettext("Variabel %(nama)s tidak dikenal. Yang tersedia: %(daftar)s.",
                           nama=tampil, daftar=daftar)
        dipakai.add(nama)
    if "tautan" not in dipakai:
        return gettext("Pesan harus memuat {tautan} (alamat halaman cek status).")
    return None


def simpan(kode: str, isi: str, oleh) -> None:
    """Save the office's wording (checked by the form with `cek_templat`)."""
    row = _row(kode) or TemplatPesan(peristiwa=kode)
    row.isi, row.diubah_oleh_id, row.diubah_at = isi.strip(), oleh.id, utcnow()
    db.session.add(row)
    db.session.commit()


def kembalikan_bawaan(kode: str) -> None:
    """Back to the wording shipped with the application."""
    row = _row(kode)
    if row is not None:
        db.session.delete(row)
        db.session.commit()


def susun(kode: str, nilai: dict[str, str], kantor_id: int | None = None) -> str:
    """The message for these values (every variable the event offers is given), in the
    office's wording."""
    return teks(kode, kantor_id).strip().format_map(nilai)


# What the example beside the editor fills in: a made-up file, never a resident's data.
CONTOH = {"nama_depan": "Budi", "nomor_tanda_terima": "TT/00051/403.404/2026",
          "kekurangan": "Fotokopi Kartu Keluarga",
          "perkiraan_selesai": "Senin, 14 Desember 2026",
          "langkah_berikutnya": "Silakan datang ke kantor kecamatan membawa tanda terima "
                                "untuk mengambil KTP-el.",
          "tautan_survei": "/survei/K7QM3XPA", "nomor_pengaduan": "PGD/2026/00012"}


def contoh(kode: str, isi: str, kantor: str, alamat: str) -> str | None:
    """The message this wording makes for a made-up file (addresses under `alamat`), or
    None if the wording cannot be saved."""
    if cek_templat(kode, isi) is not None:
        return None
    nilai = {**CONTOH, "kantor": kantor, "tautan": alamat + PERISTIWA[kode].halaman,
             "tautan_survei": alamat + CONTOH["tautan_survei"]}
    return isi.strip().format_map(nilai)
