"""The public pages say what they need and lead back to public pages (issue 23)."""
from flask.testing import FlaskClient


def test_cek_status_says_a_nik_has_16_digits(client: FlaskClient):
    html = client.get("/cek-status").get_data(as_text=True)
    assert "NIK pemohon: 16 digit angka" in html
    assert 'aria-describedby="keterangan-nik"' in html


def test_a_residents_404_leads_to_the_public_pages_not_the_staff_login(client, login_as):
    html = client.get("/tidak-ada").get_data(as_text=True)
    assert 'href="/cek-status"' in html and "Cek status berkas" in html
    assert 'href="/admin/"' not in html and "/login" not in html
    staff = login_as("sekretariat").get("/tidak-ada").get_data(as_text=True)
    assert 'href="/admin/"' in staff and "Ke beranda" in staff
