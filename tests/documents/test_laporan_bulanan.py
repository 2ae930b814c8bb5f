"""The period report for the Dinas (PDF and XLSX) from the dashboard's period chooser: a
month or a typed range; its figures equal counts done here by SQL."""
from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from app.documents.laporan_bulanan import BULAN
from app.extensions import db
from app.timefmt import wib_today
from models import CetakLog, Desa, Pemohon, Permohonan, TransitionLog


def recorded(p, when: datetime) -> None:
    p.created_at = when
    db.session.commit()


def workbook(response) -> dict[str, list[list]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}
    book.close()
    return sheets


def november(an_application):
    files = [an_application("diajukan"), an_application("diproses"),
             an_application("diserahkan"), an_application("diajukan")]
    for n, p in enumerate(files[:3]):
        recorded(p, datetime(2026, 11, 3 + n, 3, 0))
    recorded(files[3], datetime(2026, 12, 1, 3, 0))  # December: not in the report
    return files


def test_a_months_workbook_counts_what_sql_counts(login_as, an_application):
    november(an_application)
    sheets = workbook(login_as("camat").get("/admin/laporan.xlsx?periode=2026-11"))
    start, end = datetime(2026, 10, 31, 17), datetime(2026, 11, 30, 17)  # WIB month in UTC
    in_month = (Permohonan.created_at >= start, Permohonan.created_at < end)
    per_desa = dict(db.session.execute(
        select(Desa.nama, func.count()).select_from(Permohonan).join(Pemohon).join(Desa)
        .where(*in_month).group_by(Desa.nama)).tuples().all())
    desa_rows = sheets["Desa"][2:]
    assert sheets["Desa"][0][0].endswith("Bulan November 2026")
    assert {nama: n for nama, n in desa_rows if n} == per_desa
    assert sum(n for _, n in desa_rows) == 3
    per_status = dict(db.session.execute(
        select(Permohonan.status, func.count()).where(*in_month)
        .group_by(Permohonan.status)).tuples().all())
    status_rows = dict(sheets["Status"][2:])
    assert status_rows["Diajukan"] == per_status["diajukan"] == 1
    assert status_rows["Diserahkan"] == per_status["diserahkan"] == 1
    assert "IKM" in sheets and sheets["IKM"][1] == ["Responden", 0]


def test_the_pdf_of_a_typed_range_names_the_period_and_the_camat(login_as, an_application):
    november(an_application)
    response = login_as("sekcam").get(
        "/admin/laporan.pdf?rentang=01/11/2026 s.d. 30/11/2026")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(response.data)).pages).split())
    assert "LAPORAN PELAYANAN" in text and "Bulan November 2026" in text
    assert "3 berkas dicatat pada periode ini" in text
    assert "Berkas terlambat per meja" in text and "NIP." in text
    log = db.session.execute(db.select(CetakLog)).scalar_one()
    assert log.jenis == "laporan" and log.keterangan == "Bulan November 2026 (PDF)"


def test_a_bad_period_is_explained_not_drawn(login_as):
    camat = login_as("camat")
    for query, message in (("rentang=30/11/2026 s.d. 01/11/2026", "tidak boleh sesudah"),
                           ("rentang=kemarin", "Rentang tanggal tidak valid"),
                           ("periode=2026-13", "Periode tidak dikenal")):
        response = camat.get(f"/admin/laporan.pdf?{query}")
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.execute(db.select(CetakLog)).first() is None


def test_the_dashboard_offers_past_months_and_shows_the_chosen_one(login_as):
    today = wib_today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    value = f"{year:04d}-{month:02d}"
    page = login_as("camat").get(f"/admin/?periode={value}").get_data(as_text=True)
    assert f'<option value="{value}" selected>{BULAN[month - 1]} {year}</option>' in page
    assert f'href="/admin/laporan.pdf?periode={value}"' in page


def test_the_types_and_the_sop_steps_in_the_workbook_are_what_sql_counts(login_as, an_application):
    files = [an_application("diajukan", jenis="hilang"), an_application("teregister", jenis="rusak"),
             an_application("diajukan", jenis="hilang"), an_application("diajukan")]
    for n, p in enumerate(files):
        recorded(p, datetime(2026, 11, 3 + n, 3, 0))
    # Every step taken on those files happened in November, some over the standard.
    logs = db.session.execute(select(TransitionLog).where(
        TransitionLog.permohonan_id.in_([p.id for p in files]))).scalars().all()
    for n, log in enumerate(logs):
        log.at, log.durasi_detik = datetime(2026, 11, 10, 2, n), 60 * (2 + 3 * n)
    db.session.commit()
    sheets = workbook(login_as("sekretariat").get("/admin/laporan.xlsx?periode=2026-11"))
    start, end = datetime(2026, 10, 31, 17), datetime(2026, 11, 30, 17)
    per_jenis = dict(db.session.execute(
        select(Permohonan.jenis, func.count()).where(
            Permohonan.created_at >= start, Permohonan.created_at < end)
        .group_by(Permohonan.jenis)).tuples().all())
    assert dict(sheets["Jenis"][2:]) == {"Baru (pemula)": per_jenis["baru"],
                                         "Penggantian karena hilang": per_jenis["hilang"],
                                         "Penggantian karena rusak": per_jenis["rusak"],
                                         "Perubahan data": 0}
    steps = {row[0]: row for row in sheets["SOP"][2:]}
    for number, names, standard in ((1, ("ajukan",), 5), (2, ("register", "kembalikan"), 3)):
        in_month = (TransitionLog.aksi.in_(names), TransitionLog.at >= start,
                    TransitionLog.at < end, TransitionLog.durasi_detik.is_not(None))
        total, within = db.session.execute(select(
            func.count(), func.count().filter(TransitionLog.durasi_detik <= standard * 60))
            .where(*in_month)).one()
        assert total and steps[number][3] == total
        assert steps[number][5] == round(100 * within / total, 1)
