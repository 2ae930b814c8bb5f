"""When a resident may expect the KTP-el, in plain words for the receipt.

The SOP's own steps take minutes at the desk (steps 2 and 3); the desks the SOP gives no
standard (the Sekcam's verification, the Camat's ratification) take the working days the
office set for each (`OfficeSettings.tenggat`, the same limits the dashboard marks late
files by). Counted the one way the office counts working days (app/services/hari_kerja.py):
weekends, national holidays, cuti bersama and the office's own days off do not count."""
from __future__ import annotations

from datetime import date, datetime

from app.services import hari_kerja
from app.services.statistik import desk_limits
from app.timefmt import to_wib


def hari_tanpa_standar(wf, settings) -> int:
    """Working days of the service's desks without an SOP time standard, as set."""
    return sum(limit.hari_kerja or 0 for limit in desk_limits(settings, wf))


def perkiraan_selesai(diajukan: datetime, wf, settings) -> date:
    """The first day the card can be collected: those working days after the file was
    recorded (a file recorded on a weekend counts from Monday)."""
    return to_wib(hari_kerja.tambah(diajukan, hari_tanpa_standar(wf, settings))).date()


def menit_di_kantor(wf) -> int:
    """Minutes of the SOP's steps done by the office for the file (checking, processing),
    without the applicant's own steps (submitting, collecting)."""
    return sum(s.waktu_menit or 0 for s in wf.sop_steps if "Pemohon" not in s.pelaksana)
