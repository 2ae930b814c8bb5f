"""The read log (UU 27/2022): every view of a person's record, a file's page, a PDF or an
extract leaves a row (who, role, what, whose, when, from where), written in the request;
the data-protection officer reads it and nothing of the data itself."""
from datetime import timedelta

from sqlalchemy import update

from app.extensions import db
from models import LogBaca, Permohonan, SuratKolektif
from models._time import utcnow
from models.pemohon import mask_nik
from tests.conftest import Browser, csrf_from


def rows(app, **where):
    with app.app_context():
        return db.session.execute(db.select(LogBaca).filter_by(**where)
                                  .order_by(LogBaca.id)).scalars().all()


def test_a_clerk_opening_a_record_leaves_who_what_whose_and_where(app, login_as, users,
                                                                  an_application):
    p = an_application("teregister")
    browser = login_as("sekretariat")
    page = browser.get(f"/admin/pemohon/details/?id={p.pemohon_id}")
    assert page.status_code == 200 and p.pemohon.nik in page.get_data(as_text=True)
    [row] = rows(app, jenis="pemohon")
    assert (row.user_id, row.peran, row.objek_id, row.pemohon_id, row.ip) == (
        users["sekretariat"].id, "sekretariat", p.pemohon_id, p.pemohon_id, "127.0.0.1")
    assert row.keterangan == mask_nik(p.pemohon.nik) and row.at is not None

    browser.get(f"/admin/pemohon/edit/?id={p.pemohon_id}")
    browser.get(f"/admin/permohonan/details/?id={p.id}")
    [edit] = rows(app, jenis="pemohon_ubah")
    [berkas] = rows(app, jenis="permohonan")
    assert (edit.pemohon_id, berkas.pemohon_id, berkas.objek_id) == (p.pemohon_id,
                                                                    p.pemohon_id, p.id)
    assert berkas.keterangan == p.nomor_tanda_terima


def test_every_pdf_lookup_and_extract_is_logged(app, login_as, an_application):
    p = an_application("diserahkan")
    browser = login_as("sekretariat")
    for slug in ("tanda-terima", "surat-pengantar", "bukti-serah-terima"):
        response = browser.get(f"/admin/permohonan/{p.id}/cetak/{slug}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert [r.pemohon_id for r in rows(app, jenis="dokumen")] == [p.pemohon_id] * 3
    found = browser.post("/admin/loket/pemohon", {"nik": p.pemohon.nik},
                         csrf_url="/admin/loket/")
    assert found.get_json()["dikenal"]
    assert [r.pemohon_id for r in rows(app, jenis="loket")] == [p.pemohon_id]
    extract = browser.post("/admin/register/cetak/", {"status": "diserahkan"},
                           csrf_url="/admin/register/cetak/")
    assert extract.mimetype == "application/pdf"
    [register] = rows(app, jenis="register")
    assert register.pemohon_id is None and "Diserahkan" in register.keterangan


def test_lists_with_masked_niks_and_refused_pages_leave_no_row(app, login_as, an_application):
    p = an_application("teregister")
    login_as("sekretariat").get("/admin/pemohon/")
    login_as("sekretariat").get("/admin/permohonan/")
    # The document does not exist in this state: nothing shown, nothing logged.
    assert login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/surat-pengantar.pdf").status_code == 409
    assert rows(app) == []


def test_the_officer_reads_the_log_but_no_record_or_pdf(app, login_as, an_application):
    p = an_application("diserahkan")
    login_as("camat").get(f"/admin/permohonan/details/?id={p.id}")
    officer = login_as("ppdp")
    html = officer.get("/admin/log-baca/").get_data(as_text=True)
    assert "Petugas Camat" in html and p.nomor_tanda_terima in html and "Halaman berkas" in html
    assert p.pemohon.nik not in html
    for url in (f"/admin/pemohon/details/?id={p.pemohon_id}", "/admin/pemohon/",
                f"/admin/permohonan/details/?id={p.id}", "/admin/permohonan/",
                f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf", "/admin/register/",
                "/admin/register/cetak/", "/admin/loket/"):
        assert officer.get(url).status_code == 403, url
    assert officer.post("/admin/loket/pemohon", {"nik": p.pemohon.nik},
                        csrf_url="/admin/log-baca/").status_code == 403
    # The audit of changes and the logins too; the admin reads the read log as well.
    assert officer.get("/admin/riwayat/").status_code == 200
    assert officer.get("/admin/log-masuk/").status_code == 200
    assert officer.get("/admin/riwayat-akun/").status_code == 200  # accounts witnessed
    assert login_as("admin").get("/admin/log-baca/").status_code == 200
    assert login_as("sekretariat").get("/admin/log-baca/").status_code == 403
    assert not any(r.peran == "ppdp" for r in rows(app))


def test_the_officers_home_page_names_no_applicant(app, login_as, an_application):
    p = an_application("diverifikasi", nama="Sulastri Wulandari", jenis_kelamin="P")
    with app.app_context():  # late at the Camat's desk: the office's home page names her
        db.session.execute(update(Permohonan).where(Permohonan.id == p.id).values(
            status_changed_at=utcnow() - timedelta(days=10)))
        db.session.commit()
    assert "Sulastri Wulandari" in login_as("camat").get("/admin/").get_data(as_text=True)
    html = login_as("ppdp").get("/admin/").get_data(as_text=True)
    assert "Sulastri" not in html and p.nomor_tanda_terima not in html
    assert "Beranda · Pejabat Pelindungan Data Pribadi" in html
    assert "Permintaan pemilik data yang belum dijawab" in html

def bulk(browser, action: str, ids):
    token = csrf_from(browser.get("/admin/permohonan/").get_data(as_text=True))
    return browser.client.post("/admin/permohonan/action/", data={
        "action": action, "rowid": [str(i) for i in ids], "csrf_token": token})


def test_bulk_receipts_and_a_collective_letter_log_each_person_named(app, login_as,
                                                                    an_application):
    files = [an_application("disahkan", nama=f"Warga {n}") for n in ("Satu", "Dua")]
    clerk = login_as("sekretariat")
    assert bulk(clerk, "cetak_tanda_terima", [f.id for f in files]).mimetype == "application/pdf"
    assert sorted(r.pemohon_id for r in rows(app, jenis="dokumen")) == sorted(
        f.pemohon_id for f in files)
    assert bulk(clerk, "surat_kolektif", [f.id for f in files]).status_code == 302
    with app.app_context():
        surat = db.session.execute(db.select(SuratKolektif)).scalar_one()
        surat_id, nomor = surat.id, surat.nomor
    letter = clerk.get(f"/admin/surat-kolektif/{surat_id}/surat-pengantar-kolektif.pdf")
    assert letter.mimetype == "application/pdf"
    named = rows(app, jenis="surat_kolektif")
    assert sorted(r.pemohon_id for r in named) == sorted(f.pemohon_id for f in files)
    assert {(r.objek_id, r.keterangan) for r in named} == {(surat_id, nomor)}


def test_an_officer_account_from_the_command_line_opens_the_officers_home(app):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["user", "create", "dewi", "--role", "ppdp", "--nama",
                               "Dewi Lestari", "--password-stdin"], input="Magetan-Raya-2026\n")
    assert made.exit_code == 0 and "Pejabat Pelindungan Data Pribadi" in made.output
    browser = Browser(app.test_client())
    assert browser.login("dewi", "Magetan-Raya-2026").status_code == 302
    home = browser.get("/admin/").get_data(as_text=True)
    assert "Permintaan pemilik data yang belum dijawab" in home


def test_a_list_export_is_logged(app, login_as, an_application):
    an_application("teregister")
    response = login_as("sekretariat").get("/admin/permohonan/export/csv/")
    assert response.status_code == 200 and response.get_data()  # the rows are sent
    [row] = rows(app, jenis="ekspor")
    assert row.peran == "sekretariat" and "(CSV)" in row.keterangan and row.ip == "127.0.0.1"
