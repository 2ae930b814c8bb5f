"""Build NIKs and KK numbers that satisfy the rules (demo data, benchmarks, tests)."""
from datetime import date

from app.services.validation import nik_tanggal


def buat_nik(tanggal_lahir: date, jenis_kelamin: str, urut: int, wilayah: str = "352004") -> str:
    return f"{wilayah}{nik_tanggal(tanggal_lahir, jenis_kelamin)}{urut % 9999 + 1:04d}"


def buat_no_kk(urut: int, wilayah: str = "352004", terbit: str = "150312") -> str:
    return f"{wilayah}{terbit}{urut % 9999 + 1:04d}"
