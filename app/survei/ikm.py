"""The index exactly as PermenPANRB 14/2017 computes it, in exact fractions.

NRR of an element = the sum of its scores / the respondents who answered it;
NRR tertimbang = NRR x 1/9 (the fraction: a weight rounded to 0.111 changes the index);
IKM = sum of the NRR tertimbang x 25. Rounding happens only when a figure is shown."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor

from app.i18n import N_

BOBOT = Fraction(1, 9)
KONVERSI = 25

# (grade, quality, lowest IKM, lowest interval value) from the regulation's table.
MUTU = (
    ("A", N_("Sangat Baik"), Decimal("88.31"), Decimal("3.5324")),
    ("B", N_("Baik"), Decimal("76.61"), Decimal("3.0644")),
    ("C", N_("Kurang Baik"), Decimal("65.00"), Decimal("2.60")),
    ("D", N_("Tidak Baik"), Decimal("25.00"), Decimal("1.00")),
)


def bulat(value: Fraction | None, places: int) -> Decimal | None:
    """Half up, as the guideline's worked examples round (not Python's banker's rounding)."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def mutu_ikm(ikm: Fraction | None) -> tuple[str, str] | None:
    """Grade of the IKM as published (two decimals), so the figure and its grade agree."""
    return _mutu(ikm, places=2, kolom=2)


def mutu_nrr(nrr: Fraction | None) -> tuple[str, str] | None:
    """An element's grade from its NRR, by the table's interval values (3.5324-4.00 ...)."""
    return _mutu(nrr, places=4, kolom=3)


def _mutu(value: Fraction | None, places: int, kolom: int) -> tuple[str, str] | None:
    """The first row of MUTU whose lower bound (its column `kolom`) `value`, rounded to
    `places` as shown, reaches; the lowest grade below every bound."""
    if value is None:
        return None
    shown = bulat(value, places)
    for row in MUTU:
        if shown >= row[kolom]:
            return row[0], row[1]
    return MUTU[-1][0], MUTU[-1][1]


@dataclass(frozen=True)
class NilaiUnsur:
    kode: str
    jumlah_nilai: int   # the sum of the scores
    responden: int      # the respondents who answered this element

    @property
    def nrr(self) -> Fraction | None:
        return Fraction(self.jumlah_nilai, self.responden) if self.responden else None

    @property
    def nrr_tertimbang(self) -> Fraction | None:
        return None if self.nrr is None else self.nrr * BOBOT

    @property
    def mutu(self):
        return mutu_nrr(self.nrr)


@dataclass(frozen=True)
class HasilIkm:
    responden: int
    unsur: tuple[NilaiUnsur, ...]

    @property
    def lengkap(self) -> bool:
        """Every element has at least one answer: only then is the index defined."""
        return bool(self.unsur) and all(u.responden for u in self.unsur)

    @property
    def nilai_interval(self) -> Fraction | None:
        """Sum of the NRR tertimbang (1.00-4.00), the 'nilai interval' of the table."""
        if not self.lengkap:
            return None
        return sum((u.nrr_tertimbang for u in self.unsur), Fraction(0))

    @property
    def ikm(self) -> Fraction | None:
        interval = self.nilai_interval
        return None if interval is None else interval * KONVERSI

    @property
    def mutu(self):
        return mutu_ikm(self.ikm)

    def terlemah(self, n: int = 3) -> list[NilaiUnsur]:
        """The answered elements with the lowest NRR, weakest first."""
        answered = [u for u in self.unsur if u.nrr is not None]
        return sorted(answered, key=lambda u: (u.nrr, u.kode))[:n]


def ukuran_sampel(populasi: int) -> int:
    """Krejcie and Morgan: s = X2.N.P(1-P) / (d2(N-1) + X2.P(1-P)), X2 = 3.841, P = 0.5,
    d = 0.05; rounded to the nearest whole respondent, as their published table is
    (N = 100 -> 79.5 -> 80, 500 -> 217.47 -> 217, 1,000 -> 278, 10,000 -> 370)."""
    if populasi <= 0:
        return 0
    chi2, p, d = Fraction(3841, 1000), Fraction(1, 2), Fraction(5, 100)
    s = chi2 * populasi * p * (1 - p) / (d * d * (populasi - 1) + chi2 * p * (1 - p))
    return floor(s + Fraction(1, 2))
