"""Every list as a spreadsheet (XLSX and CSV): the rows the page would list with its filters,
the columns and words of the screen, no formula a spreadsheet would run, the NIK in full
only for the desks that work by NIK, and each export in the print log."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from app.extensions import db
from models import CetakLog

LIST = "/admin/permohonan/"


def sheet(response) -> list[list]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument"
                                 ".spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    book.close()
    return rows


def test_the_filtered_list_comes_out_as_xlsx_with_the_screens_columns(login_as, an_application):
    diproses = an_application("diproses", nama="Siti Aminah", jenis_kelamin="P")
    diproses.created_at = datetime(2026, 12, 1, 2, 30)  # 09.30 WIB
    db.session.commit()
    an_application("diajukan", nama="Budi Santoso")
    operator = login_as("operator")
    rows = sheet(operator.get(f"{LIST}export/xlsx/?flt1_0=diproses"))  # Status: Diproses
    assert rows[0] == ["No. tanda terima", "Nama", "NIK", "Desa/Kel.", "Jenis", "Status",
                       "No. register", "Diajukan"]
    assert [r[1] for r in rows[1:]] == ["Siti Aminah"]
    row = rows[1]
    assert row[0] == diproses.nomor_tanda_terima and row[2] == diproses.pemohon.nik
    assert row[5] == "Diproses" and row[7] == "01/12/2026 09.30"
    assert row[6] == diproses.register.nomor


def test_csv_streams_every_row_not_one_page(login_as, an_application):
    for n in range(30):
        an_application("diajukan", nama=f"Warga {n:02d}")
    # Unbuffered, as a server sends it (the test client reads others whole).
    response = login_as("sekretariat").get(f"{LIST}export/csv/", buffered=False)
    assert response.status_code == 200 and response.is_streamed
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 31 and sorted(r[1] for r in rows[1:]) == [f"Warga {n:02d}" for n in range(30)]


def test_a_name_that_is_a_formula_is_text_in_the_spreadsheet(login_as, an_application):
    an_application("diajukan", nama='=HYPERLINK("http://x","klik")')
    an_application("diajukan", nama="@SUM(1+1)")
    clerk = login_as("sekretariat")
    names = {r[1] for r in sheet(clerk.get(f"{LIST}export/xlsx/"))[1:]}
    assert names == {"'=HYPERLINK(\"http://x\",\"klik\")", "'@SUM(1+1)"}
    text = clerk.get(f"{LIST}export/csv/").get_data(as_text=True)
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_the_nik_is_masked_for_roles_that_do_not_work_by_nik(login_as, an_application):
    p = an_application("diproses")
    nik = p.pemohon.nik
    for role, full in (("sekretariat", True), ("operator", True), ("sekcam", False),
                       ("camat", False)):
        rows = sheet(login_as(role).get(f"{LIST}export/xlsx/"))
        assert (rows[1][2] == nik) is full, role
        if not full:
            assert rows[1][2] != nik and rows[1][2].endswith(nik[-4:])


def test_each_export_is_in_the_print_log_and_other_roles_get_nothing(login_as, an_application):
    an_application("diajukan")
    login_as("camat").get(f"{LIST}export/csv/").get_data()
    log = db.session.execute(db.select(CetakLog)).scalar_one()
    assert log.jenis == "ekspor" and "CSV" in log.keterangan
    assert login_as("admin").get(f"{LIST}export/xlsx/").status_code == 403
    assert login_as("camat").get(f"{LIST}export/pdf/").status_code == 404
    assert "Ekspor daftar" in login_as("admin").get("/admin/log-cetak/").get_data(as_text=True)


def test_the_register_and_the_logs_export_too(login_as, an_application):
    p = an_application("teregister")
    rows = sheet(login_as("sekcam").get("/admin/register/export/xlsx/"))
    assert any(p.register.nomor in [str(c) for c in r] for r in rows[1:])
    rows = sheet(login_as("admin").get("/admin/log-masuk/export/xlsx/"))
    assert rows[0][0] == "Waktu"
