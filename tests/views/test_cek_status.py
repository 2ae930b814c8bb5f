"""The resident's status check: both halves must match, nothing personal leaks."""
from tests.conftest import Browser


def check(app, nomor, nik, **kw):
    browser = Browser(app.test_client())
    return browser.post("/cek-status", {"nomor": nomor, "nik": nik}, csrf_url="/cek-status", **kw)


def test_match_shows_plain_state_and_masked_name(app, an_application):
    p = an_application("disahkan", nama="Siti Aminah")
    response = check(app, p.nomor_tanda_terima.lower(), p.pemohon.nik)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Disahkan" in html and "KTP-el dapat diambil" in html
    assert "S*** A*****" in html
    assert "Siti Aminah" not in html and p.pemohon.nik not in html and p.pemohon.no_kk not in html


def test_wrong_pairs_get_one_generic_message(app, an_application):
    a, b = an_application("diajukan"), an_application("diproses")
    answers = [check(app, a.nomor_tanda_terima, b.pemohon.nik),
               check(app, "TT/99999/403.404/2026", a.pemohon.nik),
               check(app, a.nomor_tanda_terima, "3520041705900999")]
    for response in answers:
        assert response.status_code == 404
        assert "tidak cocok dengan data kami" in response.get_data(as_text=True)
    bodies = {r.get_data(as_text=True).split("csrf_token")[0] for r in answers}
    assert len(bodies) == 1  # the same page whichever half was wrong


def test_empty_form_is_refused_next_to_the_fields(app):
    response = check(app, "", "")
    assert response.status_code == 422
    assert "NIK wajib diisi" in response.get_data(as_text=True)


def test_rate_limited_per_address(app, an_application):
    p = an_application("diajukan")
    statuses = [check(app, p.nomor_tanda_terima, "3520041705900999",
                      environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    other = check(app, p.nomor_tanda_terima, p.pemohon.nik,
                  environ_base={"REMOTE_ADDR": "192.0.2.8"})
    assert other.status_code == 200
