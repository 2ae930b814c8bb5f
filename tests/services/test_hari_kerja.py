"""Working days know the calendar: national holidays and cuti bersama (the `holidays`
package's Indonesian calendar) and the office's own days off, for the receipt's expected
date and the desks' late lists."""
from __future__ import annotations

from datetime import date, datetime

from app.documents.perkiraan import perkiraan_selesai
from app.extensions import db
from app.services import hari_kerja, statistik
from app.timefmt import tanggal_panjang
from app.workflow.declaration import get_workflow
from models import HariLibur, OfficeSettings
from tests.documents.test_documents_office import receipt


def wib(y, m, d, hour) -> datetime:
    """Naive UTC for that WIB hour."""
    return datetime(y, m, d, hour - 7)


def test_christmas_week_the_receipt_skips_cuti_bersama_natal_and_the_weekend(
        login_as, an_application):
    p = an_application("diajukan")
    p.created_at = wib(2026, 12, 23, 10)  # Wednesday; 24 cuti bersama, 25 Natal, 26-27 weekend
    db.session.commit()
    _, text = receipt(login_as("sekretariat"), p)
    # Two working days (verification, ratification): Monday 28 and Tuesday 29.
    assert f"dapat diambil mulai {tanggal_panjang(date(2026, 12, 29))}" in text


def test_idul_fitri_2026_the_whole_lebaran_leave_is_skipped(ctx):
    settings, wf = OfficeSettings.get(), get_workflow()
    # Tuesday 17 March 2026: Nyepi's cuti bersama (18), Nyepi (19), Idul Fitri's cuti
    # bersama (20, 23, 24) and Idul Fitri itself (21-22) close the office for a week.
    assert perkiraan_selesai(wib(2026, 3, 17, 10), wf, settings) == date(2026, 3, 26)
    assert hari_kerja.nama_libur(date(2026, 3, 21)) == "Sabtu"
    assert hari_kerja.nama_libur(date(2026, 3, 23)) == "Cuti Bersama Hari Raya Idul Fitri"


def test_a_day_off_the_office_adds_moves_the_date(ctx):
    settings, wf = OfficeSettings.get(), get_workflow()
    # Tuesday 1 December 2026: Thursday 3 without a day off.
    assert perkiraan_selesai(wib(2026, 12, 1, 9), wf, settings) == date(2026, 12, 3)
    db.session.add(HariLibur(tanggal=date(2026, 12, 2), nama="Hari Jadi Kabupaten Magetan",
                             jenis="libur_lokal"))
    db.session.commit()
    from flask import g
    g.pop("libur_kantor", None)  # a new request would read the table afresh
    assert perkiraan_selesai(wib(2026, 12, 1, 9), wf, settings) == date(2026, 12, 4)


def test_a_file_waiting_over_christmas_is_not_late_before_its_working_day_is_up(
        ctx, an_application):
    wf = get_workflow()
    desk = next(d for d in statistik.desk_limits(wf=wf) if d.hari_kerja)
    p = an_application(desk.state)
    p.status_changed_at = wib(2026, 12, 23, 10)  # Wednesday; one working day at the desk
    db.session.commit()
    # Monday 28 December 09.00 WIB: the one working day runs to Monday 10.00.
    report = statistik.overdue(now=wib(2026, 12, 28, 9), wf=wf)
    assert p.id not in [o.permohonan.id for o in report.rows]
    report = statistik.overdue(now=wib(2026, 12, 28, 11), wf=wf)
    assert p.id in [o.permohonan.id for o in report.rows]


def test_the_admin_keeps_the_office_days_off_on_a_screen(login_as):
    admin = login_as("admin")
    page = admin.get("/admin/hari-libur/").get_data(as_text=True)
    assert "Hari libur kantor" in page
    created = admin.post("/admin/hari-libur/new/", {"tanggal": "02/12/2026",
                                                    "nama": "Hari Jadi Kabupaten Magetan",
                                                    "jenis": "libur_lokal"},
                         csrf_url="/admin/hari-libur/new/")
    assert created.status_code == 302, created.get_data(as_text=True)[:800]
    assert db.session.execute(db.select(HariLibur.tanggal)).scalar_one() == date(2026, 12, 2)
    # A national holiday needs no row: refused, with the reason beside the field.
    again = admin.post("/admin/hari-libur/new/", {"tanggal": "25/12/2026", "nama": "Natal",
                                                  "jenis": "libur_lokal"},
                       csrf_url="/admin/hari-libur/new/")
    assert again.status_code == 422 and "sudah libur nasional" in again.get_data(as_text=True)
    for role in ("sekretariat", "operator", "sekcam", "camat"):
        assert login_as(role).get("/admin/hari-libur/").status_code == 403
