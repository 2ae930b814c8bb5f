"""Input from outside never reaches the database as something it cannot hold: control
characters and bidirectional overrides are refused with a message, ids that are not
ASCII digits in range are a 404, on SQLite and PostgreSQL alike, never a 500."""
import pytest

from app.extensions import db
from app.services.validation import cek_karakter, karakter_terlarang, parse_id
from models import Pemohon, TransitionLog
from tests.conftest import OWN_ACCOUNT, ROLES, Browser

BAD_IDS = ("99999999999999999999", "²", "٣", "2147483648", "-1", "1e3")
NUL, RLO = "\x00", "\u202e"
MESSAGE = "karakter yang tidak diizinkan"


@pytest.mark.parametrize("text,multiline,bad", [
    ("Budi Santoso", False, None), ("Jl. Raya\nRT 1", True, None), ("a\tb", True, None),
    ("a\tb", False, "\t"), ("Jl. Raya\nRT 1", False, "\n"), ("x\x00y", True, "\x00"),
    ("\x1b[31m", False, "\x1b"), ("del\x7f", False, "\x7f"), ("c1\x85", False, "\x85"),
    ("Budi\u202eosotnaS", False, "\u202e"), ("\u2066isolated\u2069", False, "\u2066"),
    ("Siti Aminah — Ñ é ß 中", False, None),
])
def test_the_one_character_rule(text, multiline, bad):
    assert karakter_terlarang(text, multiline) == bad


@pytest.mark.parametrize("value,expected", [
    ("1", 1), ("2147483647", 2147483647), ("2147483648", None), ("0", None),
    ("99999999999999999999", None), ("²", None), ("٣", None), ("-1", None), ("", None),
    (None, None), (" 1", None), ("1.0", None),
])
def test_ids_are_ascii_digits_in_range(value, expected):
    assert parse_id(value) == expected


def test_nul_in_login_name_is_a_field_message(app, users):
    browser = Browser(app.test_client())
    response = browser.login("camat" + NUL)
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_control_characters_on_the_public_status_check(app, client):
    browser = Browser(client)
    for nomor in ("TT/00001" + NUL, "TT/" + RLO + "00001"):
        response = browser.post("/cek-status", {"nomor": nomor, "nik": "3520041705900001"},
                                csrf_url="/cek-status")
        assert response.status_code == 422
        assert MESSAGE in response.get_data(as_text=True)
    assert client.get("/verifikasi/abc%00def").status_code == 404


@pytest.mark.parametrize("view", ["permohonan", "pemohon", "register", "riwayat"])
def test_control_characters_in_a_list_search_or_filter(login_as, view):
    browser = login_as("sekretariat")
    # In the search box: the list comes back with the reason beside the box (a 4xx).
    for args in ({"search": "Budi" + NUL}, {"search": RLO + "Budi"}):
        response = browser.get(f"/admin/{view}/", query_string=args)
        assert response.status_code == 422, (view, args)
        assert 'id="cari-ditolak"' in response.get_data(as_text=True)
        assert MESSAGE in response.get_data(as_text=True)
    # In a filter (no box of the clerk's typing): refused outright.
    response = browser.get(f"/admin/{view}/", query_string={"flt0_0": "x" + NUL})
    assert response.status_code == 400, view
    assert MESSAGE in response.get_data(as_text=True)


def test_control_characters_in_the_applicant_picker(login_as):
    browser = login_as("sekretariat")
    response = browser.get("/admin/permohonan/ajax/lookup/",
                           query_string={"name": "pemohon", "query": NUL})
    assert response.status_code == 400 and MESSAGE in response.get_json()["error"]


def test_applicant_form_refuses_an_override_and_saves_nothing(app, login_as):
    from models import Desa
    browser = login_as("sekretariat")
    with app.app_context():
        desa_id = str(db.session.execute(db.select(Desa.id)).scalars().first())
    form = {"nik": "3520045705900001", "no_kk": "3520041503120001",
            "nama": "Siti" + RLO + "animA", "tempat_lahir": "Magetan",
            "tanggal_lahir": "1990-05-17", "jenis_kelamin": "P", "status_perkawinan": "kawin",
            "alamat": "Jl. Melati" + NUL, "rt": "001", "rw": "002", "desa": desa_id}
    response = browser.post("/admin/pemohon/new/", form, csrf_url="/admin/pemohon/new/")
    assert response.status_code == 422
    assert response.get_data(as_text=True).count(MESSAGE) == 2  # next to both fields
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Pemohon.id))).scalar() == 0


def test_transition_note_with_a_nul_is_refused(app, login_as, an_application):
    p = an_application("teregister")
    browser = login_as("operator")
    response = browser.post(f"/admin/permohonan/{p.id}/transition/proses",
                            {"note": "SIAK\x00", "version": str(p.version)})
    assert response.status_code == 422 and MESSAGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(TransitionLog.id)).where(
            TransitionLog.aksi == "proses")).scalar() == 0
    # A note over several lines is fine.
    response = browser.post(f"/admin/permohonan/{p.id}/transition/proses",
                            {"note": "Baris satu\r\nBaris dua", "version": str(p.version)})
    assert response.status_code == 302


WORKING = {"sekretariat", "operator", "sekcam", "camat"}


def _id_urls(bad: str, ids: dict) -> list[tuple[str, str, dict | None, set]]:
    """(method, url, form, the roles that reach the id check: a 404 for them, 403 else)."""
    from tests.views.test_access import VIEWS

    urls = [("GET", f"/admin/{v}/details/?id={bad}", None, VIEWS[v]) for v in
            ("permohonan", "pemohon", "register", "riwayat", "user", "desa", "log-cetak",
             "log-masuk", "riwayat-akun")]
    urls += [("GET", f"/admin/{v}/edit/?id={bad}", None, roles) for v, roles in
             (("pemohon", {"sekretariat"}), ("user", {"admin", "admin_kabupaten"}), ("desa", {"admin"}),
              ("pengaturan", {"admin"}))]
    urls += [("GET", f"/admin/{v}/?page={bad}", None, VIEWS[v])
             for v in ("permohonan", "pemohon", "register", "user")]
    urls += [("GET", u, None, WORKING) for u in (
        f"/admin/permohonan/?page_size={bad}",
        f"/admin/permohonan/?flt0_2={bad}",       # village
        f"/admin/register/?flt0_0={bad}",         # year
        f"/admin/register/?flt0_1={bad}",         # month
        f"/admin/register/?flt0_2={bad}")]         # village
    urls += [("GET", f"/admin/permohonan/new/?pemohon_id={bad}", None, {"sekretariat"}),
             ("GET", f"/admin/permohonan/ajax/lookup/?name=pemohon&query=a&offset={bad}",
              None, WORKING)]
    # A path segment that is not an id in range matches no route at all: 404 for anyone.
    urls += [("GET", f"/admin/permohonan/{bad}/cetak/tanda-terima.pdf", None, set(ROLES)),
             ("POST", f"/admin/permohonan/{bad}/transition/proses", {"note": ""}, set(ROLES)),
             ("POST", f"/admin/permohonan/{bad}/syarat", {}, set(ROLES)),
             ("POST", "/admin/permohonan/action/",
              {"action": "proses", "rowid": [str(ids["p"]), bad]}, {"operator"}),
             ("POST", "/admin/user/action/", {"action": "akhiri_sesi", "rowid": [bad]},
              {"admin", "admin_kabupaten"})]
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_ids_out_of_range_or_not_ascii_are_404_for_every_role(login_as, an_application, role):
    p = an_application("teregister")
    browser = login_as(role)
    # The session's token, valid for each of the POSTs, from the page every role opens
    # (the regency's viewer is sent from /admin/ to the regency's table).
    token = browser.csrf(OWN_ACCOUNT)
    failures = []
    for bad in BAD_IDS:
        for method, url, data, reach in _id_urls(bad, {"p": p.id}):
            response = browser.get(url) if method == "GET" else \
                browser.post(url, {**data, "csrf_token": token})
            if response.status_code != (404 if role in reach else 403):
                failures.append((method, url, response.status_code))
    assert not failures
    if role == "operator":  # the valid row of the refused bulk action did not move either
        with browser.client.application.app_context():
            assert db.session.execute(db.select(db.func.count(TransitionLog.id)).where(
                TransitionLog.aksi == "proses")).scalar() == 0


@pytest.mark.parametrize("job_id", [NUL, "abc" + NUL, RLO + "abc", "x" * 500, "..%2F..%2Fetc",
                                    "٣٣٣", "%00"])
def test_a_hostile_extract_job_id_is_no_job(login_as, job_id):
    browser = login_as("sekretariat")
    for url in (f"/admin/register/cetak/{job_id}/", f"/admin/register/cetak/{job_id}.pdf"):
        assert browser.get(url).status_code == 404, url
