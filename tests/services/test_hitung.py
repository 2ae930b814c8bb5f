"""The list count: exact for an office's sizes, remembered briefly for huge tables."""
from app.services import hitung
from models import Permohonan


def test_small_tables_are_counted_exactly_every_time(app, an_application):
    an_application("diajukan")
    with app.app_context():
        assert hitung.total(Permohonan) == 1
    an_application("diajukan")
    with app.app_context():
        assert hitung.total(Permohonan) == 2


def test_huge_tables_are_remembered_for_a_moment(app, an_application, monkeypatch):
    monkeypatch.setattr(hitung, "EXACT_BELOW", 1)
    monkeypatch.setattr(hitung, "_cache", {})
    an_application("diajukan")
    with app.app_context():
        assert hitung.total(Permohonan) == 1
    an_application("diajukan")
    with app.app_context():
        assert hitung.total(Permohonan) == 1  # within the TTL
    monkeypatch.setattr(hitung, "TTL_SECONDS", -1)
    monkeypatch.setattr(hitung, "_cache", {})
    with app.app_context():
        assert hitung.total(Permohonan) == 2


def test_counts_per_state_are_exact_for_small_tables_and_remembered_for_huge_ones(
        app, an_application, monkeypatch):
    monkeypatch.setattr(hitung, "_cache", {})
    an_application("diajukan")
    with app.app_context():
        assert hitung.per_value(Permohonan.status) == {"diajukan": 1}
    an_application("diproses")
    with app.app_context():
        assert hitung.per_value(Permohonan.status) == {"diajukan": 1, "diproses": 1}
    monkeypatch.setattr(hitung, "EXACT_BELOW", 1)
    with app.app_context():
        hitung.per_value(Permohonan.status)
    an_application("diproses")
    with app.app_context():
        assert hitung.per_value(Permohonan.status) == {"diajukan": 1, "diproses": 1}
