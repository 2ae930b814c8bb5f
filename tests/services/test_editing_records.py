"""Editing a record keeps its own unique values: the row is not its own duplicate."""
from app.extensions import db
from models import Pemohon, User


def test_applicant_is_edited_keeping_its_nik(app, login_as, a_pemohon):
    p = a_pemohon()
    browser = login_as("sekretariat")
    url = f"/admin/pemohon/edit/?id={p.id}"
    form = {"nik": p.nik, "no_kk": p.no_kk, "nama": p.nama, "tempat_lahir": "Madiun",
            "tanggal_lahir": p.tanggal_lahir.isoformat(), "jenis_kelamin": p.jenis_kelamin,
            "status_perkawinan": p.status_perkawinan, "alamat": "Jl. Pahlawan 9",
            "rt": "003", "rw": "001", "desa": str(p.desa_id), "telepon": ""}
    response = browser.post(url, form, csrf_url=url)
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Pemohon, p.id)
        assert (saved.tempat_lahir, saved.alamat, saved.rt) == ("Madiun", "Jl. Pahlawan 9", "003")


def test_applicant_cannot_take_another_applicants_nik(app, login_as, a_pemohon):
    first, second = a_pemohon(), a_pemohon()
    browser = login_as("sekretariat")
    url = f"/admin/pemohon/edit/?id={second.id}"
    form = {"nik": first.nik, "no_kk": second.no_kk, "nama": second.nama,
            "tempat_lahir": "Magetan", "tanggal_lahir": second.tanggal_lahir.isoformat(),
            "jenis_kelamin": second.jenis_kelamin, "status_perkawinan": "kawin",
            "alamat": "Jl. Raya", "rt": "001", "rw": "002", "desa": str(second.desa_id)}
    response = browser.post(url, form, csrf_url=url)
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Pemohon, second.id).nik == second.nik


def test_admin_deactivates_an_account_keeping_its_username(app, login_as, users):
    browser = login_as("admin")
    uid = users["sekcam"].id
    url = f"/admin/user/edit/?id={uid}"
    response = browser.post(url, {"username": "sekcam", "nama": "Drs. Heru Santoso",
                                  "nip": "", "role": "sekcam"}, csrf_url=url)  # aktif unticked
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(User, uid)
        assert (saved.aktif, saved.nama) == (False, "Drs. Heru Santoso")
