"""Complaints (pengaduan): received from the public form or entered by staff, handed to an
officer, answered, closed. The complainant follows it with its number and a secret code
(or the phone number's last digits); the number alone, being sequential, opens nothing.

The clock is the office's published standard in working days (OfficeSettings.pengaduan_hari,
Perpres 76/2013: 60 days at most), counted with the office's calendar (hari_kerja), from
the moment it came in until it is answered."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.domain_errors import Conflict, DomainError, InvalidInput, NotFound
from app.extensions import db
from app.notifikasi import outbox
from app.services import hari_kerja
from app.services.numbering import next_value
from app.services.pencarian import berkas_dengan_nik_akhir
from app.timefmt import wib_now
from models import OfficeSettings, Pengaduan, User
from models._time import utcnow
from models.pengaduan import BELUM_DIJAWAB, KATEGORI

COUNTER = "pengaduan"
KODE_HURUF = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed
KODE_PANJANG = 8
TELEPON_AKHIR = 4  # the phone number's last digits, instead of the code
_TELEPON = re.compile(r"0\d{8,13}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class PengaduanError(DomainError):
    pass


class PengaduanNotFound(PengaduanError, NotFound):
    pass


class PengaduanInvalid(PengaduanError, InvalidInput):
    pass


class PengaduanConflict(PengaduanError, Conflict):
    pass


# --- what comes in --------------------------------------------------------------------

def telepon_normal(teks: str | None) -> str | None:
    """08123456789 from +62 812-3456-789, 62812… or 0812 3456 789; None if it is none."""
    digits = re.sub(r"[\s\-().]", "", teks or "")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits if _TELEPON.fullmatch(digits) and digits.isascii() else None


def cek_telepon(teks: str | None) -> str | None:
    if telepon_normal(teks) is None:
        return gettext("Nomor HP/WhatsApp tidak valid: tulis seperti 081234567890.")
    return None


def cek_email(teks: str | None) -> str | None:
    if teks and not _EMAIL.fullmatch(teks.strip()):
        return gettext("Alamat surel tidak valid: tulis seperti nama@contoh.id.")
    return None


def kode_normal(teks: str | None) -> str:
    return "".join(ch for ch in (teks or "").upper() if ch.isalnum())


def _hash(kode: str) -> str:
    return hashlib.sha256(kode_normal(kode).encode()).hexdigest()


def kode_tampil(kode: str) -> str:
    return f"{kode[:4]}-{kode[4:]}"


@dataclass
class Isian:
    nama: str
    telepon: str
    kategori: str
    isi: str
    email: str | None = None
    nomor_tanda_terima: str | None = None
    nik_akhir: str | None = None
    sumber: str = "formulir"
    nomor_lapor: str | None = None


def ajukan(isian: Isian, now: datetime | None = None) -> tuple[Pengaduan, str]:
    """Record a complaint; its secret code is returned once and only its hash kept.

    A receipt number with the NIK's last digits ties the complaint to that file when they
    match; when they do not, it is kept as typed and the complainant is told nothing else
    (the answer is the same, so a guess learns nothing of whether a file exists)."""
    errors = {}
    if isian.kategori not in KATEGORI:
        errors["kategori"] = gettext("Pilih kategori pengaduan.")
    if (msg := cek_telepon(isian.telepon)):
        errors["telepon"] = msg
    if (msg := cek_email(isian.email)):
        errors["email"] = msg
    if errors:
        raise PengaduanInvalid(errors=errors)
    now = now or utcnow()
    permohonan = None
    if isian.nomor_tanda_terima and isian.nik_akhir:
        permohonan = berkas_dengan_nik_akhir(isian.nomor_tanda_terima, isian.nik_akhir)
    kode = "".join(secrets.choice(KODE_HURUF) for _ in range(KODE_PANJANG))
    tahun = wib_now().year
    row = Pengaduan(
        nomor=f"PGD/{tahun}/{next_value(COUNTER, tahun):05d}", kode_hash=_hash(kode),
        created_at=now, sumber=isian.sumber, nomor_lapor=isian.nomor_lapor or None,
        nama=isian.nama.strip(), telepon=telepon_normal(isian.telepon),
        email=(isian.email or "").strip() or None, kategori=isian.kategori,
        isi=isian.isi.strip(),
        nomor_tanda_terima=(isian.nomor_tanda_terima or "").strip()[:40] or None,
        permohonan=permohonan, status="diterima")
    db.session.add(row)
    db.session.commit()
    return row, kode


def cari(nomor: str, bukti: str) -> Pengaduan:
    """The complaint of this number, if `bukti` is its secret code or the last
    TELEPON_AKHIR digits of its phone number. One answer for every miss."""
    row = db.session.execute(select(Pengaduan).where(
        Pengaduan.nomor == (nomor or "").strip().upper())).scalar()
    bukti = (bukti or "").strip()
    if row is not None and row.dianonimkan_at is None and bukti:
        by_code = hmac.compare_digest(row.kode_hash, _hash(bukti))
        by_phone = (len(bukti) == TELEPON_AKHIR and bukti.isascii() and bukti.isdigit()
                    and row.telepon.endswith(bukti))
        if by_code or by_phone:
            return row
    raise PengaduanNotFound(gettext("Nomor pengaduan dan kode rahasia (atau 4 angka terakhir "
                                    "nomor HP) tidak cocok dengan data kami."))


# --- what the office does ---------------------------------------------------------------

def tugaskan(row: Pengaduan, petugas: User) -> None:
    if row.status not in BELUM_DIJAWAB:
        raise PengaduanConflict(gettext("Pengaduan ini sudah dijawab."))
    if not petugas.aktif:
        raise PengaduanInvalid(errors={"petugas": gettext("Petugas ini tidak aktif.")})
    row.petugas = petugas
    row.ditugaskan_at = utcnow()
    row.status = "ditangani"
    db.session.commit()


def jawab(row: Pengaduan, jawaban: str, oleh: User) -> None:
    """The answer the complainant reads on the status page; the clock stops here. The
    first answer also queues the message telling them so, in the same transaction (a
    corrected answer sends nothing more)."""
    jawaban = (jawaban or "").strip()
    if len(jawaban) < 10:
        raise PengaduanInvalid(errors={"jawaban": gettext(
            "Jawaban wajib diisi (paling sedikit 10 karakter).")})
    if row.status == "selesai":
        raise PengaduanConflict(gettext("Pengaduan ini sudah ditutup."))
    row.jawaban = jawaban
    if row.dijawab_at is None:
        row.dijawab_at = utcnow()
        outbox.antrekan_jawaban(row)
    row.dijawab_oleh = oleh
    row.status = "dijawab"
    db.session.commit()


def catat_lapor(row: Pengaduan, nomor_lapor: str) -> None:
    """The complaint came (also) through SP4N-LAPOR!: its tracking number there."""
    row.nomor_lapor = nomor_lapor.strip()
    row.sumber = "lapor"
    db.session.commit()


def tutup(row: Pengaduan) -> None:
    if row.status != "dijawab":
        raise PengaduanConflict(gettext("Pengaduan ditutup sesudah dijawab."))
    row.status = "selesai"
    row.selesai_at = utcnow()
    db.session.commit()


# --- the clock --------------------------------------------------------------------------

def hari_standar() -> int:
    return OfficeSettings.get().pengaduan_hari


def tenggat(row: Pengaduan) -> datetime:
    """The moment the answer is due (naive UTC)."""
    return hari_kerja.tambah(row.created_at, hari_standar())


def terlambat(row: Pengaduan, now: datetime | None = None) -> bool:
    """Answered after its deadline, or not answered and past it."""
    return (row.dijawab_at or now or utcnow()) > tenggat(row)


@dataclass
class Terlambat:
    baris: list[Pengaduan]
    jumlah: int


def daftar_terlambat(now: datetime | None = None, limit: int = 10) -> Terlambat:
    """Complaints not answered within the standard, oldest first, with their number: one
    indexed query (the count rides along as a window)."""
    batas = hari_kerja.kurangi(now or utcnow(), hari_standar())
    rows = db.session.execute(
        select(Pengaduan, func.count().over())
        .where(Pengaduan.status.in_(BELUM_DIJAWAB), Pengaduan.created_at < batas)
        .options(joinedload(Pengaduan.petugas))
        .order_by(Pengaduan.created_at, Pengaduan.id).limit(limit)).all()
    return Terlambat([r[0] for r in rows], rows[0][1] if rows else 0)
