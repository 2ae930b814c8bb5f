"""The header of the office's signed SOP document (its number and dates), which the
printed SOP sheet and the receipt cite. Its steps, actors and quality standards are not
here: they come from the workflow declaration."""
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SopHeader:
    nomor_awal: str  # the number up to the office's unit code, which is a setting
    tahun: int
    bagian: str
    tanggal_pembuatan: date
    tanggal_revisi: date | None
    tanggal_efektif: date

    def nomor(self, kode_unit: str) -> str:
        return f"{self.nomor_awal}/{kode_unit}/{self.tahun}"


# By the workflow's `layanan`: each service has its own SOP.
SOP_BY_LAYANAN = {
    "ktp-el": SopHeader("188/51/Kept", 2021, "Bagian Umum", date(2021, 12, 31), None,
                        date(2021, 12, 31)),
}
