"""Survey periods: a month, a quarter, a semester or a year, as WIB calendar days."""
from __future__ import annotations

from datetime import date, timedelta

from app.format import ROMAWI
from app.format import label_periode as label  # noqa: F401  (the survey's word for it)
from app.domain_errors import InvalidInput
from app.i18n import N_

JENIS_PERIODE = {
    "bulan": N_("Bulan"), "triwulan": N_("Triwulan"), "semester": N_("Semester"),
    "tahun": N_("Tahun"),
}
BULAN_PER_PERIODE = {"bulan": 1, "triwulan": 3, "semester": 6, "tahun": 12}


class PeriodeInvalid(InvalidInput, ValueError):
    pass


def jumlah_dalam_tahun(jenis: str) -> int:
    return 12 // BULAN_PER_PERIODE[jenis]


def rentang(jenis: str, tahun: int, nomor: int) -> tuple[date, date]:
    """First and last day of period `nomor` (1-based) of its kind in `tahun`."""
    if jenis not in BULAN_PER_PERIODE:
        raise PeriodeInvalid(f"jenis periode tidak dikenal: {jenis}")
    if not 1 <= nomor <= jumlah_dalam_tahun(jenis):
        raise PeriodeInvalid(f"nomor {nomor} di luar 1–{jumlah_dalam_tahun(jenis)}")
    months = BULAN_PER_PERIODE[jenis]
    first_month = (nomor - 1) * months + 1
    dari = date(tahun, first_month, 1)
    after = date(tahun + 1, 1, 1) if first_month + months > 12 else \
        date(tahun, first_month + months, 1)
    return dari, after - timedelta(days=1)


def memuat(jenis: str, hari: date) -> tuple[int, int]:
    """(year, number) of the period of this kind that holds `hari`."""
    return hari.year, (hari.month - 1) // BULAN_PER_PERIODE[jenis] + 1


def sebelumnya(jenis: str, tahun: int, nomor: int) -> tuple[int, int]:
    if nomor > 1:
        return tahun, nomor - 1
    return tahun - 1, jumlah_dalam_tahun(jenis)


def label_layar(jenis: str, tahun: int, nomor: int) -> str:
    """The same label in the screen's language."""
    from flask_babel import format_date, gettext

    if jenis == "bulan":
        return format_date(date(tahun, nomor, 1), "LLLL y")
    if jenis == "tahun":
        return f"{gettext(JENIS_PERIODE[jenis])} {tahun}"
    return f"{gettext(JENIS_PERIODE[jenis])} {ROMAWI[nomor - 1]} {tahun}"
