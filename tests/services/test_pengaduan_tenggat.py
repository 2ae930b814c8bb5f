"""A complaint's clock: the office's published standard (14 working days, as Magetan
publishes) counted with the office's calendar, weekends, national holidays and the
office's own days off; late complaints found in one query."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import g

from app.extensions import db
from app.services import pengaduan
from models import HariLibur, OfficeSettings, Pengaduan


def wib(y, m, d, hour, minute=0) -> datetime:
    """Naive UTC for that WIB moment."""
    return datetime(y, m, d, hour - 7, minute)


def aduan(created_at: datetime, nomor: str = "PGD/2026/00001", **kw) -> Pengaduan:
    row = Pengaduan(nomor=nomor, kode_hash="0" * 64, nama="Sri", telepon="081234567890",
                    kategori="waktu", isi="Sudah lama menunggu KTP-el saya.",
                    created_at=created_at, **kw)
    db.session.add(row)
    db.session.commit()
    return row


def test_the_default_standard_is_magetans_fourteen_working_days(ctx):
    assert OfficeSettings.get().pengaduan_hari == 14


def test_fourteen_working_days_skip_weekends_independence_day_and_maulid(ctx):
    # Friday 14 August 2026, 10.00: Monday 17 (Independence Day) and Tuesday 25 (Maulid
    # Nabi) are holidays, four weekends lie between: the 14th working day is Monday
    # 7 September, not Friday 28 August (14 days on the calendar).
    row = aduan(wib(2026, 8, 14, 10))
    assert pengaduan.tenggat(row) == wib(2026, 9, 7, 10)
    assert not pengaduan.terlambat(row, now=wib(2026, 9, 7, 9, 59))
    assert pengaduan.terlambat(row, now=wib(2026, 9, 7, 10, 1))


def test_a_day_off_the_office_adds_moves_the_deadline(ctx):
    row = aduan(wib(2026, 8, 14, 10))
    db.session.add(HariLibur(tanggal=date(2026, 9, 2), nama="Hari Jadi Kabupaten Magetan",
                             jenis="libur_lokal"))
    db.session.commit()
    g.pop("libur_kantor", None)  # a new request reads the table afresh
    assert pengaduan.tenggat(row) == wib(2026, 9, 8, 10)


def test_a_complaint_received_on_saturday_starts_on_monday(ctx):
    OfficeSettings.get().pengaduan_hari = 2
    row = aduan(wib(2026, 8, 15, 20))  # Saturday evening; Monday 17 is a holiday
    # The clock starts on Tuesday 18 at 00.00: two working days end Thursday 20, 00.00.
    assert pengaduan.tenggat(row) == datetime(2026, 8, 19, 17)  # Thursday 20, 00.00 WIB


def test_late_list_counts_only_unanswered_complaints_past_their_working_days(ctx):
    late = aduan(wib(2026, 8, 14, 10), "PGD/2026/00001")
    aduan(wib(2026, 8, 14, 10), "PGD/2026/00002", status="dijawab",
          dijawab_at=wib(2026, 9, 10, 10), jawaban="Sudah kami tindak lanjuti.")
    aduan(wib(2026, 8, 19, 10), "PGD/2026/00003")  # due Thursday 10 September
    before = pengaduan.daftar_terlambat(now=wib(2026, 9, 7, 9))
    assert before.jumlah == 0 and before.baris == []
    after = pengaduan.daftar_terlambat(now=wib(2026, 9, 8, 9))
    assert after.jumlah == 1 and [r.id for r in after.baris] == [late.id]


def test_retention_anonymises_complaints_answered_longer_ago_than_the_schedule(ctx):
    from app.pdp import retensi
    lama = aduan(datetime(2019, 3, 1), "PGD/2019/00001", status="selesai",
                 dijawab_at=datetime(2019, 3, 5), selesai_at=datetime(2019, 3, 6),
                 jawaban="Sudah kami hubungi Bu Sri di 0812.", nomor_tanda_terima="51")
    terbuka = aduan(datetime(2019, 3, 1), "PGD/2019/00002")  # never answered: kept
    baru = aduan(datetime(2026, 3, 1), "PGD/2026/00001", status="dijawab",
                 dijawab_at=datetime(2026, 3, 2), jawaban="Sudah kami tindak lanjuti.")
    assert retensi.laporan(now=datetime(2026, 6, 1)).pengaduan == 1
    retensi.jalankan(now=datetime(2026, 6, 1))
    db.session.expire_all()
    assert (lama.nama, lama.telepon, lama.isi, lama.jawaban, lama.nomor_tanda_terima) == (
        "(dianonimkan)", "-", "(dianonimkan)", "(dianonimkan)", None)
    assert lama.nomor == "PGD/2019/00001" and lama.kategori == "waktu"
    assert terbuka.nama == baru.nama == "Sri" and baru.dianonimkan_at is None
    with pytest.raises(pengaduan.PengaduanNotFound):
        pengaduan.cari(lama.nomor, "7890")  # its status page is gone with the phone


def test_the_late_list_is_one_query_whatever_its_length(ctx, users):
    from sqlalchemy import event
    for n in range(1, 13):
        aduan(wib(2026, 8, 14, 10), f"PGD/2026/{n:05d}", petugas_id=users["sekcam"].id)
    assert pengaduan.daftar_terlambat(now=wib(2026, 9, 8, 9)).jumlah == 12  # calendar read
    db.session.expire_all()
    seen = []
    listener = lambda conn, cursor, statement, *a: seen.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        late = pengaduan.daftar_terlambat(now=wib(2026, 9, 8, 9))
        names = [p.petugas.nama for p in late.baris]  # what the card shows, no query per row
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert late.jumlah == 12 and len(late.baris) == 10 and len(names) == 10
    # The settings row (the standard's days) aside, one query: rows, officers and count.
    assert len([s for s in seen if "from pengaduan" in s.lower()]) == 1, seen
    assert len(seen) <= 2, seen
