"""The 3 × 24 hours clock of UU 27/2022 (a data subject's request, a breach notice)."""
from datetime import datetime, timedelta

from models import InsidenKebocoran, PermintaanSubjek

T = datetime(2026, 12, 4, 8, 30)  # a Friday, 15.30 WIB: the clock runs over the weekend


def test_the_deadline_is_72_hours_after_receipt_weekends_included():
    r = PermintaanSubjek(jenis="akses", nik="3520041705900001", nama="Budi", diterima_at=T)
    assert r.tenggat() == datetime(2026, 12, 7, 8, 30)
    assert not r.terlambat(now=T + timedelta(hours=72))
    assert r.terlambat(now=T + timedelta(hours=72, seconds=1))


def test_an_answer_stops_the_clock_in_time_or_late():
    on_time = PermintaanSubjek(diterima_at=T, dijawab_at=T + timedelta(hours=71))
    late = PermintaanSubjek(diterima_at=T, dijawab_at=T + timedelta(hours=73))
    assert not on_time.terlambat(now=T + timedelta(days=30))
    assert late.terlambat(now=T + timedelta(hours=73))


def test_a_breach_runs_from_when_it_was_found_to_the_notice():
    i = InsidenKebocoran(ditemukan_at=T)
    assert i.tenggat() == T + timedelta(hours=72) and i.terlambat(now=T + timedelta(days=4))
    i.diberitahu_at = T + timedelta(hours=48)
    assert not i.terlambat(now=T + timedelta(days=4))
