"""Build NIKs and KK numbers that satisfy the rules (demo data, benchmarks, tests)."""
from datetime import date

from app.services.validation import nik_tanggal, nomor_16_digit


def buat_nik(tanggal_lahir: date, jenis_kelamin: str, urut: int, wilayah: str = "352004") -> str:
    return f"{wilayah}{nik_tanggal(tanggal_lahir, jenis_kelamin)}{urut % 9999 + 1:04d}"


def buat_no_kk(urut: int, wilayah: str = "352004", terbit: str = "150312") -> str:
    return f"{wilayah}{terbit}{urut % 9999 + 1:04d}"


def baca_nik(nik: str, hari_ini: date) -> tuple[date, str] | None:
    """The birth date and sex a NIK carries, for the intake form to fill in (the clerk
    checks them against the card). The century is the latest that is not in the future."""
    if not nomor_16_digit(nik):
        return None
    hari, bulan, tahun2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    jenis_kelamin = "P" if hari > 40 else "L"
    hari -= 40 if hari > 40 else 0
    tahun = 2000 + tahun2 if 2000 + tahun2 <= hari_ini.year else 1900 + tahun2
    try:
        lahir = date(tahun, bulan, hari)
    except ValueError:
        return None
    if lahir > hari_ini:
        lahir = lahir.replace(year=tahun - 100)
    return lahir, jenis_kelamin
