"""When a resident may expect the KTP-el, in plain words for the receipt.

The SOP's own steps take minutes at the desk (steps 2 and 3); the Sekcam's verification
and the Camat's ratification have no standard in the SOP, so each is counted as one
working day, the office's default. Saturdays and Sundays are not working days; public
holidays are not known to the system, which the receipt says."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from app.timefmt import to_wib

# Stages without an SOP time standard, in working days each (verification, ratification).
HARI_KERJA_TANPA_STANDAR = 2


def tambah_hari_kerja(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def perkiraan_selesai(diajukan: datetime) -> date:
    """The first day the card can be collected: the day of submission (or the next working
    day, for a file recorded on a weekend) plus the stages without a standard."""
    day = to_wib(diajukan).date()
    if day.weekday() >= 5:
        day = tambah_hari_kerja(day, 1)
    return tambah_hari_kerja(day, HARI_KERJA_TANPA_STANDAR)


def menit_di_kantor(wf) -> int:
    """Minutes of the SOP's steps done by the office for the file (checking, processing),
    without the applicant's own steps (submitting, collecting)."""
    return sum(s.waktu_menit or 0 for s in wf.sop_steps if "Pemohon" not in s.pelaksana)
