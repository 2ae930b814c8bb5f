"""Forms open clean and forget: no error before submit, nothing of one request (a red
field, a class) in the next request's or another user's form."""
import re

import pytest

from app.extensions import db
from models import User
from tests.conftest import PASSWORD, Browser


def invalid_fields(html: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]*class="[^"]*is-invalid[^"]*"[^>]*>', html)


@pytest.mark.parametrize("role,url", [("sekretariat", "/admin/pemohon/new/"),
                                      ("sekretariat", "/admin/permohonan/new/"),
                                      ("admin", "/admin/user/new/"),
                                      ("admin", "/admin/desa/new/"),
                                      ("admin", "/admin/pengaturan/edit/?id=1")])
def test_a_form_just_opened_shows_no_error(login_as, role, url):
    html = login_as(role).get(url).get_data(as_text=True)
    assert not invalid_fields(html)
    assert "invalid-feedback" not in html


def test_a_rejected_form_leaves_nothing_in_the_next_users_form(app, login_as, users, a_pemohon):
    first = login_as("sekretariat")
    bad = {"nik": "12", "no_kk": "x", "nama": "", "rt": "abcd", "rw": "", "tanggal_lahir": ""}
    for _ in range(3):
        response = first.post("/admin/pemohon/new/", bad, csrf_url="/admin/pemohon/new/")
        assert response.status_code == 422
        assert len(invalid_fields(response.get_data(as_text=True))) >= 4

    # Another clerk (a second account of the same desk) opens a new form and a valid record.
    with app.app_context():
        other = User(username="sekretariat2", nama="Petugas Kedua", role="sekretariat")
        other.set_password(PASSWORD)
        db.session.add(other)
        db.session.commit()
    browser = Browser(app.test_client())
    assert browser.login("sekretariat2").status_code == 302
    fresh = browser.get("/admin/pemohon/new/").get_data(as_text=True)
    assert not invalid_fields(fresh)
    p = a_pemohon()
    edit = browser.get(f"/admin/pemohon/edit/?id={p.id}").get_data(as_text=True)
    assert not invalid_fields(edit)
    nik_input = re.search(r'<input[^>]*id="nik"[^>]*>', edit).group(0)
    assert nik_input.count("form-control") == 1


def test_a_birth_date_is_typed_and_shown_the_offices_way(login_as, a_pemohon):
    p = a_pemohon()
    browser = login_as("sekretariat")
    edit = browser.get(f"/admin/pemohon/edit/?id={p.id}").get_data(as_text=True)
    assert re.search(r'id="tanggal_lahir"[^>]*value="17/05/1990"|value="17/05/1990"[^>]*id="tanggal_lahir"', edit)
    listing = browser.get("/admin/pemohon/").get_data(as_text=True)
    assert "17/05/1990" in listing and "1990-05-17" not in listing
    details = browser.get(f"/admin/pemohon/details/?id={p.id}").get_data(as_text=True)
    assert "17 Mei 1990" in details and "1990-05-17" not in details
