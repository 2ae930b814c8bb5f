"""Search anywhere: one box takes a name, a NIK, a full or short receipt number, a
register number or a scanned receipt QR, and lands on the file or a short list; the
resident's status check takes the short number too."""
import re

import pytest

from app.documents import service as dokumen_service
from app.workflow.declaration import get_workflow
from app.extensions import db
from app.services.pencarian import Kueri, berkas_untuk_cek_status, tafsir
from tests.conftest import Browser


@pytest.mark.parametrize("term, expected", [
    ("51", Kueri("nomor_pendek", "51")),
    ("00051", Kueri("nomor_pendek", "51")),
    (" 0051 ", Kueri("nomor_pendek", "51")),
    ("3520045705900001", Kueri("nik", "3520045705900001")),
    ("3520 0457 0590 0001", Kueri("nik", "3520045705900001")),
    ("tt/00051/403.404/2026", Kueri("tanda_terima", "TT/00051/403.404/2026")),
    ("471.13/0051/403.404/2026", Kueri("register", "471.13/0051/403.404/2026")),
    ("https://ktpel.takeran.go.id/verifikasi/AbC_d-1234567890xyz",
     Kueri("token", "AbC_d-1234567890xyz")),
    ("http://10.0.0.5:5000/cek-status?nomor=TT%2F00051%2F403.404%2F2026",
     Kueri("tanda_terima", "TT/00051/403.404/2026")),
    ("https://ktpel.takeran.go.id/cek-status/TT/00051/403.404/2026",
     Kueri("tanda_terima", "TT/00051/403.404/2026")),
    ("Siti Aminah", Kueri("nama", "Siti Aminah")),
    ("   ", Kueri("kosong", "")),
])
def test_what_a_search_term_is(term, expected):
    assert tafsir(term) == expected


def urut(p) -> int:
    return int(p.nomor_tanda_terima.split("/")[1])


def lands(browser, q):
    return browser.get("/admin/permohonan/cari", query_string={"q": q})


def test_each_kind_of_term_lands_on_the_one_file(app, login_as, an_application):
    p = an_application("teregister", nama="Siti Aminah")
    other = an_application("diajukan", nama="Budi Santoso")
    with app.test_request_context():
        token = dokumen_service.dokumen_for(
            next(d for d in get_workflow().documents if d.kode == "tanda_terima"), p).token
        db.session.commit()
    browser = login_as("operator")
    detail = f"/admin/permohonan/details/?id={p.id}"
    for q in (str(urut(p)), f"{urut(p):05d}", p.nomor_tanda_terima.lower(), p.pemohon.nik,
              p.register.nomor, "siti amin", f"http://192.168.1.10:5000/verifikasi/{token}"):
        response = lands(browser, q)
        assert response.status_code == 302 and response.headers["Location"].endswith(detail), q
    assert lands(browser, other.pemohon.nik).headers["Location"].endswith(
        f"/admin/permohonan/details/?id={other.id}")


def test_several_hits_open_the_short_list_and_none_says_what_to_type(login_as, an_application):
    a, b = an_application("diajukan", nama="Siti Aminah"), an_application("diproses",
                                                                          nama="Siti Aminah")
    browser = login_as("camat")
    response = lands(browser, "Siti Aminah")
    assert response.status_code == 302 and "/admin/permohonan/?search=Siti" in response.headers[
        "Location"]
    listing = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert a.nomor_tanda_terima in listing and b.nomor_tanda_terima in listing
    nothing = browser.get("/admin/permohonan/cari?q=Tidakada", follow_redirects=True)
    assert "Tidak ada berkas yang cocok" in nothing.get_data(as_text=True)


def test_the_list_search_takes_the_short_receipt_number(login_as, an_application):
    files = [an_application("diajukan") for _ in range(3)]
    page = login_as("sekcam").get("/admin/permohonan/?search=2").get_data(as_text=True)
    assert files[1].nomor_tanda_terima in page
    assert files[0].nomor_tanda_terima not in page and files[2].nomor_tanda_terima not in page


def test_the_search_box_is_in_every_working_roles_navbar(login_as):
    for role in ("sekretariat", "operator", "sekcam", "camat"):
        assert 'id="cari-navbar"' in login_as(role).get("/admin/").get_data(as_text=True), role
    assert 'id="cari-navbar"' not in login_as("admin").get("/admin/").get_data(as_text=True)
    assert login_as("admin").get("/admin/permohonan/cari?q=51").status_code == 403


def test_status_check_with_the_short_receipt_number(app, an_application):
    p = an_application("diproses", nama="Siti Aminah")
    with app.test_request_context():
        assert berkas_untuk_cek_status(str(urut(p)), p.pemohon.nik).id == p.id
        assert berkas_untuk_cek_status(f"{urut(p):05d}", " " + p.pemohon.nik).id == p.id
        assert berkas_untuk_cek_status(str(urut(p)), "3520041705900999") is None
        assert berkas_untuk_cek_status(p.pemohon.nik, p.pemohon.nik) is None
    browser = Browser(app.test_client())
    response = browser.post("/cek-status", {"nomor": f"{urut(p):05d}", "nik": p.pemohon.nik},
                            csrf_url="/cek-status")
    assert response.status_code == 200 and "Diproses" in response.get_data(as_text=True)


@pytest.mark.parametrize("q", ["51", "00051", "TT/00051/403.404/2026", "3520045705900001",
                               "471.13/0051/403.404/2026", "http://x/verifikasi/abcdefghijkl"])
def test_number_searches_are_index_lookups_not_scans(app, an_application, q):
    """At a million files a scan of permohonan is seconds; each number is an equality on
    a unique index (SQLite's plan; PostgreSQL plans the same equalities on the same
    indexes)."""
    from models import Permohonan
    from app.services.pencarian import permohonan_search_clause
    an_application("diajukan")
    with app.test_request_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
        stmt = db.select(Permohonan.id).where(permohonan_search_clause(q)) \
            .order_by(Permohonan.created_at.desc()).limit(2)
        sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(r[3] for r in db.session.execute(db.text("EXPLAIN QUERY PLAN " + sql)))
    assert "SCAN" not in plan, plan


@pytest.mark.parametrize("url", ["/admin/permohonan/cari?q=Siti%01Aminah",
                                 "/admin/permohonan/?search=Siti%07Aminah",
                                 "/admin/register/?search=%E2%80%AE51"])
def test_a_control_character_in_a_search_is_explained_beside_the_box(login_as, an_application,
                                                                       url):
    p = an_application("teregister", nama="Siti Aminah")
    response = login_as("sekretariat").get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422  # a 4xx, with the screen still there
    assert 'id="cari-ditolak"' in page and "karakter yang tidak diizinkan" in page
    assert "Permintaan tidak valid" not in page  # not the error page
    # Nothing was searched: no "no match" warning, the search box empty.
    assert "Tidak ada berkas yang cocok" not in page and "Siti\x01" not in page
    assert 'name="search" value=""' in page


def _no_nik_in_any_url(nik: str, *responses) -> None:
    for response in responses:
        assert nik not in response.headers.get("Location", "")
        html = response.get_data(as_text=True)
        for url in re.findall(r'(?:href|action)="([^"]*)"', html):
            assert nik not in url, url


def test_a_nik_search_never_puts_the_nik_in_a_url(app, login_as, an_application):
    a = an_application("diajukan", nama="Siti Aminah")
    b = an_application("diproses", nama="Budi Santoso")
    browser = login_as("sekretariat")
    home = browser.get("/admin/")
    assert 'method="post" action="/admin/permohonan/cari"' in home.get_data(as_text=True)
    # The navbar's box (typed or scanned): one file opens it, by id.
    one = browser.post("/admin/permohonan/cari", {"q": a.pemohon.nik}, csrf_url="/admin/")
    assert one.status_code == 302
    assert one.headers["Location"].endswith(f"/admin/permohonan/details/?id={a.id}")
    # The list's own box posts too; the list it opens carries a reference, not the NIK.
    listed = browser.post("/admin/permohonan/", {"search": b.pemohon.nik, "sort": "0"},
                          csrf_url="/admin/permohonan/")
    assert listed.status_code == 302 and "search=nik." in listed.headers["Location"]
    assert "sort=0" in listed.headers["Location"]
    page = browser.get(listed.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert b.nomor_tanda_terima in html and a.nomor_tanda_terima not in html
    assert f'value="{b.pemohon.nik}"' in html  # the box shows what was typed
    _no_nik_in_any_url(b.pemohon.nik, one, listed, page)
    # The applicants' list: the same.
    pemohon = browser.post("/admin/pemohon/", {"search": a.pemohon.nik},
                           csrf_url="/admin/pemohon/")
    assert pemohon.status_code == 302 and a.pemohon.nik not in pemohon.headers["Location"]
    shown = browser.get(pemohon.headers["Location"])
    assert "Siti Aminah" in shown.get_data(as_text=True)
    _no_nik_in_any_url(a.pemohon.nik, pemohon, shown)


def test_a_forged_or_expired_nik_reference_is_explained_beside_the_box(login_as, an_application,
                                                                       monkeypatch):
    from app.services import nik_tersamar

    an_application("diajukan")
    browser = login_as("sekretariat")
    forged = browser.get("/admin/permohonan/?search=nik.gAAAAAB-palsu")
    assert forged.status_code == 422
    assert "sudah kedaluwarsa" in forged.get_data(as_text=True)
    listed = browser.post("/admin/permohonan/", {"search": "3520045705900001"},
                          csrf_url="/admin/permohonan/")
    monkeypatch.setattr(nik_tersamar, "BERLAKU_DETIK", -1)  # an hour later
    assert browser.get(listed.headers["Location"]).status_code == 422


@pytest.mark.parametrize("url", ["/admin/permohonan/", "/admin/pemohon/", "/admin/register/",
                                 "/admin/surat-kolektif/"])
def test_every_list_search_box_posts(login_as, url):
    html = login_as("sekretariat").get(url).get_data(as_text=True)
    box = re.search(r'<form method="(\w+)"[^>]*role="search">(?:(?!</form>).)*name="search"',
                    html, re.S)
    assert box and box.group(1) == "post", url
