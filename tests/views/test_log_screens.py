"""The print record and the login record, as the Camat and the admin read them."""
import re

from tests.conftest import Browser


def cells(html: str) -> list[str]:
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def test_every_print_is_listed_with_who_and_which_number(app, login_as, an_application):
    p = an_application("diajukan")
    desk = login_as("sekretariat")
    assert desk.get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf").status_code == 200
    html = login_as("camat").get("/admin/log-cetak/").get_data(as_text=True)
    assert "Tanda Terima" in html and p.nomor_tanda_terima in html
    assert "Petugas Sekretariat" in html


def test_logins_and_failures_are_listed_for_the_admin(app, login_as):
    Browser(app.test_client()).login("operator", "bukan-sandinya-1")
    admin = login_as("admin")
    everything = cells(admin.get("/admin/log-masuk/").get_data(as_text=True))
    assert "Masuk" in everything and "admin" in everything
    failed = cells(admin.get("/admin/log-masuk/?flt0_0=login_gagal").get_data(as_text=True))
    assert {"Gagal masuk", "operator", "127.0.0.1"} <= set(failed)
    assert "Masuk" not in failed and "admin" not in failed
    assert login_as("camat").get("/admin/log-masuk/").status_code == 403
