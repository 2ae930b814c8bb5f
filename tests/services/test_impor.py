"""Bringing in the paper book: applicants and past files from a spreadsheet or CSV, every
problem named by row and column with nothing written, or everything written with the
register numbers kept and the counter continuing after them."""
from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from app.extensions import db
from app.services import impor
from app.services.numbering import REGISTER_COUNTER, current_value
from models import Pemohon, Permohonan, PerubahanNomor, RegisterEntry

HEAD = [h for _, h in impor.KOLOM]
DESA = "35.20.04.2009"  # in the master data


def row(nik="3520045705900001", nama="Siti Aminah", lahir="17/05/1990", jk="P",
        status=None, jenis="Baru (pemula)", diajukan="03/02/2026", urut="", tgl_reg="",
        desa=DESA, tt=""):
    base = [nik, "3520041503120001", nama, "Magetan", lahir, jk, "Kawin", "Jl. Raya Takeran",
            "1", "2", desa, ""]
    if status is None:
        return base + [""] * 6
    return base + [jenis, status, diajukan, tt, urut, tgl_reg]


def xlsx(*rows) -> bytes:
    book = Workbook()
    book.active.append(HEAD)
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(app, tmp_path, data: bytes, *args, name="buku.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return app.test_cli_runner().invoke(args=["impor", "pemohon", str(path), "--oleh",
                                              "sekretariat", *args])


def counts():
    return (db.session.execute(db.select(db.func.count(Pemohon.id))).scalar(),
            db.session.execute(db.select(db.func.count(Permohonan.id))).scalar())


def test_a_dry_run_names_every_problem_and_writes_nothing(app, users, tmp_path):
    data = xlsx(
        row(),                                                    # 2: good
        row(nik="3520041705900002", jk="P"),                      # 3: NIK says a man
        row(nik="3520045705900001", nama="Siti Lain"),            # 4: same NIK as row 2
        row(nik="3520045705900005", desa="35.20.04.9999"),        # 5: no such village
        row(nik="3520045705900006", status="Diajukan", urut="7", tgl_reg="03/02/2026"),  # 6
        row(nik="3520045705900007", status="Diserahkan"),         # 7: no register number
        row(nik="3520045705900008", status="Diproses", diajukan="31/02/2026", urut="9",
            tgl_reg="04/02/2026"),                                # 8: no 31 February
    )
    before = counts()
    result = run(app, tmp_path, data, "--dry-run")
    assert result.exit_code == 1, result.output
    out = result.output
    assert "Baris 3, kolom NIK: NIK tidak sesuai dengan jenis kelamin" in out
    assert "Baris 4, kolom NIK: NIK sama dengan baris 2." in out
    assert "Baris 5, kolom Kode desa: Kode desa tidak ada di daftar desa kantor" in out
    assert "Baris 6, kolom Status: Berkas berstatus ini belum diregister" in out
    assert "Baris 7, kolom No. urut register: Berkas berstatus ini sudah diregister" in out
    assert "Baris 8, kolom Tanggal diajukan: Tanggal tidak sah: tulis hh/bb/tttt." in out
    assert "Baris 2" not in out and "Traceback" not in out
    assert counts() == before


def test_without_dry_run_one_bad_row_still_writes_nothing(app, users, tmp_path):
    before = counts()
    result = run(app, tmp_path, xlsx(row(), row(nik="3520041705900002")))
    assert result.exit_code == 1 and "tidak ada yang disimpan" in result.output
    assert counts() == before


def test_good_rows_come_in_whole_with_the_books_register_numbers(app, users, tmp_path,
                                                                 an_application):
    data = xlsx(row(status="Diserahkan", urut="51", tgl_reg="04/02/2026",
                    tt="TT/0099/403.404/2026"),
                row(nik="3520041705900002", nama="Budi Santoso", jk="L", status="Diajukan",
                    diajukan="05/02/2026"),
                row(nik="3520041705900003", nama="Agus Wibowo", jk="L"))
    result = run(app, tmp_path, data)
    assert result.exit_code == 0, result.output
    assert "Diimpor: 3 pemohon dan 2 berkas." in result.output
    siti = db.session.execute(db.select(Permohonan).join(Pemohon).where(
        Pemohon.nama == "Siti Aminah")).scalar_one()
    assert (siti.status, siti.nomor_tanda_terima, siti.register.nomor_urut) == (
        "diserahkan", "TT/0099/403.404/2026", 51)
    assert siti.register.nomor == "471.13/0051/403.404/2026"
    assert siti.pemohon.rt == "001" and all(s.terpenuhi for s in siti.syarat)
    budi = db.session.execute(db.select(Permohonan).join(Pemohon).where(
        Pemohon.nama == "Budi Santoso")).scalar_one()
    assert budi.status == "diajukan" and budi.register is None
    assert budi.nomor_tanda_terima.startswith("TT/")
    # The book's 51 is taken: the next registration of 2026 gets 52, and the move is recorded.
    assert current_value(REGISTER_COUNTER, 2026) == 51
    moved = db.session.execute(db.select(PerubahanNomor)).scalar_one()
    assert (moved.dari, moved.ke, moved.oleh.username) == (0, 51, "sekretariat")
    # Again: every NIK is now taken, nothing more is written.
    again = run(app, tmp_path, data)
    assert again.exit_code == 1 and "NIK ini sudah ada di aplikasi." in again.output


def test_a_csv_with_semicolons_as_indonesian_excel_writes_it(app, users, tmp_path):
    text = ";".join(HEAD) + "\n" + ";".join(row()) + "\n"
    result = run(app, tmp_path, text.encode("utf-8-sig"), name="buku.csv")
    assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(Pemohon.nama)).scalar_one() == "Siti Aminah"


def test_an_unreadable_file_is_refused_in_one_sentence(app, users, tmp_path):
    result = run(app, tmp_path, b"bukan zip", name="buku.xlsx")
    assert result.exit_code == 1
    assert "Berkas bukan lembar kerja XLSX yang dapat dibaca." in result.output
    assert "Traceback" not in result.output
    result = run(app, tmp_path, xlsx(), name="buku.txt")
    assert result.exit_code == 1 and "Pilih berkas .xlsx atau .csv." in result.output


def test_the_screen_checks_then_imports_and_offers_the_template(login_as, tmp_path):
    clerk = login_as("sekretariat")
    template = clerk.get("/admin/impor/templat.xlsx")
    book = load_workbook(io.BytesIO(template.data), read_only=True)
    assert [c.value for c in next(book.active.iter_rows())] == HEAD
    book.close()
    bad = clerk.post("/admin/impor/", {"berkas": (io.BytesIO(xlsx(row(desa="x"))), "b.xlsx"),
                                       "coba": "y"}, csrf_url="/admin/impor/",
                     content_type="multipart/form-data")
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "tidak ada yang disimpan" in page and "Kode desa" in page
    checked = clerk.post("/admin/impor/", {"berkas": (io.BytesIO(xlsx(row())), "b.xlsx"),
                                           "coba": "y"}, csrf_url="/admin/impor/",
                         content_type="multipart/form-data")
    assert checked.status_code == 200 and "siap diimpor" in checked.get_data(as_text=True)
    assert counts()[0] == 0
    done = clerk.post("/admin/impor/", {"berkas": (io.BytesIO(xlsx(row())), "b.xlsx")},
                      csrf_url="/admin/impor/", content_type="multipart/form-data")
    assert done.status_code == 302 and counts()[0] == 1
    assert login_as("operator").get("/admin/impor/").status_code == 403
