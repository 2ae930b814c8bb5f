"""Two offices on one server (issue 21): no page, PDF, export, search, picker or count an
office's staff can open shows a row of the other office, asserted on the other office's
names and numbers, not on status codes alone; the regency's Operator Dispenduk works on
both. Every GET route of the application is walked with the other office's ids."""
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from werkzeug.routing import IntegerConverter

from app.access.roles import ADMIN, CAMAT, OPERATOR, PPDP, SEKCAM, SEKRETARIAT
from app.access.scope import dalam_kantor
from app.extensions import db
from app.services import kantor as kantor_service
from app.services import permohonan as permohonan_service
from app.services.accounts import create_user
from app.services.nik import buat_nik, buat_no_kk
from app.services.numbering import next_value
from app.workflow.declaration import get_workflow
from models import Desa, Pemohon, Permohonan, User
from tests.conftest import walk
from tests.views.test_url_map import PUBLIC

OFFICE_ROLES = (SEKRETARIAT, SEKCAM, CAMAT, ADMIN, PPDP)
NAMA_B = "Warga Lembeyan Rahasia"
NAMA_A = "Warga Takeran Terbuka"
PASSWORD = "Lembeyan-2026-aman"


@pytest.fixture
def office_b(app, ctx, users, an_application):
    """Office B (35.20.05) with a village, staff for each office role and files in several
    states; office A (the first) has files of its own."""
    b = kantor_service.tambah("35.20.05", "Lembeyan")
    with dalam_kantor(b.id):
        db.session.add(Desa(kode="35.20.05.2001", nama="Lembeyan Kulon", jenis="desa"))
        db.session.commit()
        staff = {role: create_user(f"{role}.lembeyan", role, PASSWORD, nama=f"Petugas B {role}")
                 for role in OFFICE_ROLES}
        b_users = {**users, **staff}
        wf = get_workflow()
        files = []
        for state in ("diajukan", "teregister", "diproses", "disahkan", "diserahkan"):
            n = 9000 + len(files)
            pemohon = Pemohon(nik=buat_nik(date(1991, 3, 4), "L", n), no_kk=buat_no_kk(n),
                              nama=NAMA_B, tempat_lahir="Magetan", tanggal_lahir=date(1991, 3, 4),
                              jenis_kelamin="L", status_perkawinan="kawin", alamat="Lembeyan",
                              rt="001", rw="001",
                              desa=db.session.execute(db.select(Desa)).scalars().one())
            db.session.add(pemohon)
            db.session.commit()
            p = permohonan_service.record(pemohon, "baru", staff[SEKRETARIAT], layanan=wf.layanan)
            files.append(walk(p, wf.paths()[state], b_users, wf))
    with dalam_kantor(1):
        a_files = [an_application(s, nama=NAMA_A) for s in ("diajukan", "disahkan", "diserahkan")]
    return {"kantor": b, "files": files, "a_files": a_files,
            "numbers": [p.nomor_tanda_terima for p in files]}


def test_both_offices_number_their_files_from_one(app, ctx, office_b):
    a, b = office_b["a_files"][0], office_b["files"][0]
    assert a.kantor_id == 1 and b.kantor_id == office_b["kantor"].id
    assert office_b["numbers"][0] == f"TT/00001/35.20.05/{b.created_at.year}"
    assert a.nomor_tanda_terima.startswith("TT/00001/")  # A's own sequence, also from 1
    registered = [p for p in office_b["files"] if p.register is not None]
    assert [p.register.nomor_urut for p in registered] == list(range(1, len(registered) + 1))
    assert next_value("register", registered[0].register.tahun, office_b["kantor"].id) == \
        len(registered) + 1


def _concrete(rule, file_id):
    values = {}
    for arg in rule.arguments:
        numeric = isinstance(rule._converters.get(arg), IntegerConverter)
        values[arg] = file_id if numeric else {
            "filename": "css/app.css", "slug": "tanda-terima", "aksi": "proses",
            "export_type": "csv", "token": "x", "job_id": "x", "transition": "proses",
            "layanan": "ktp-el"}.get(arg, "x")
    return rule.build(values, append_unknown=False)[1]


def _walk(app, browser, file_ids, queries=("",)):
    """Every GET page the browser may open, with each of `file_ids` where a route takes an
    id, and the lists with `?id=` and searches: the bodies it was shown."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint in ("auth.logout", "static") \
                or "GET" not in rule.methods:
            continue
        urls = {_concrete(rule, i) for i in file_ids} if rule.arguments else {rule.rule}
        for url in urls:
            for query in queries:
                response = browser.client.get(url + query)
                yield url + query, response


@pytest.mark.parametrize("role", OFFICE_ROLES)
def test_office_a_never_sees_a_row_of_office_b(app, login_as, office_b, role):
    browser = login_as(role)
    leaks = []
    b_ids = [p.id for p in office_b["files"]]
    queries = ("", "?id=%d" % b_ids[0], "?search=Lembeyan", "?search=" + office_b["numbers"][0])
    for url, response in _walk(app, browser, b_ids, queries):
        assert response.status_code < 500, f"{url}: {response.status_code}"
        body = response.get_data()
        if response.mimetype == "application/pdf":
            body = "".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)
        else:
            body = body.decode("utf-8", "replace")
        # What was typed comes back in the search box: only what B holds counts.
        for marker in (NAMA_B, "Lembeyan Kulon", *office_b["numbers"], "Petugas B"):
            if marker not in url and marker in body:
                leaks.append(f"{url}: {marker}")
                break
    assert not leaks, "\n".join(leaks)


def test_office_b_staff_see_their_own_files_and_none_of_a(app, login_as, office_b):
    browser = login_as(SEKRETARIAT)  # log in B's desk through the form, with its password
    browser = type(browser)(app.test_client())
    assert browser.login(f"{SEKRETARIAT}.lembeyan", PASSWORD).status_code == 302
    page = browser.client.get("/admin/permohonan/").get_data(as_text=True)
    assert all(n in page for n in office_b["numbers"])
    assert NAMA_A not in page and "Takeran Terbuka" not in page
    details = browser.client.get(f"/admin/permohonan/details/?id={office_b['a_files'][0].id}")
    assert details.status_code in (302, 404) and NAMA_A not in details.get_data(as_text=True)


def test_the_dinas_operator_works_on_files_of_both_offices(app, login_as, office_b):
    browser = login_as(OPERATOR)
    page = browser.client.get("/admin/permohonan/").get_data(as_text=True)
    b_registered = next(p for p in office_b["files"] if p.status == "teregister")
    assert b_registered.nomor_tanda_terima in page
    details = browser.client.get(f"/admin/permohonan/details/?id={b_registered.id}")
    assert details.status_code == 200 and NAMA_B in details.get_data(as_text=True)


def test_a_new_office_is_refused_with_a_clear_message_for_a_bad_code(app, ctx):
    from app.services.kantor import KantorConflict, KantorInvalid
    for bad in ("3520", "35.20.00", "99.20.05", ""):
        with pytest.raises(KantorInvalid) as refused:
            kantor_service.tambah(bad, "Contoh")
        assert "kode" in refused.value.errors
    with pytest.raises(KantorConflict):
        kantor_service.tambah("35.20.04", "Takeran lagi")
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() is not None
    assert db.session.execute(db.select(db.func.count(Permohonan.id))).scalar() == 0


def test_public_pages_serve_the_office_their_address_names(app, ctx, users):
    """A kiosk, the complaint form and the published standard of office B, by `?kantor=`;
    without it the first office; an unknown code is no page. A ticket and a complaint made
    at B's pages are B's, numbered from B's own counters."""
    b = kantor_service.tambah("35.20.05", "Lembeyan")
    from tests.conftest import Browser
    warga = Browser(app.test_client())
    assert "Kecamatan Lembeyan" in warga.get("/standar-pelayanan?kantor=35.20.05").get_data(
        as_text=True)
    assert "Kecamatan Lembeyan" not in warga.get("/standar-pelayanan").get_data(as_text=True)
    assert warga.get("/standar-pelayanan?kantor=99.99.99").status_code == 404
    kiosk = "/antrian?kantor=35.20.05"
    page = warga.get(kiosk).get_data(as_text=True)
    assert 'action="/antrian/ambil?kantor=35.20.05"' in page  # the form posts back to B
    taken = warga.post("/antrian/ambil?kantor=35.20.05", {"keperluan": "pengajuan"},
                       csrf_url=kiosk)
    assert taken.status_code in (302, 303)
    warga.post("/antrian/ambil", {"keperluan": "pengajuan"}, csrf_url="/antrian")
    from models import AntrianTiket, Pengaduan
    tickets = {(t.kantor_id, t.nomor) for t in db.session.execute(
        db.select(AntrianTiket)).scalars()}
    assert tickets == {(b.id, 1), (1, 1)}  # each office's day starts at A-001
    form = {"nama": "Sri Wahyuni", "telepon": "0812-3456-7890", "email": "",
            "kategori": "waktu", "isi": "Sudah tiga minggu KTP-el saya belum jadi.",
            "nomor_tanda_terima": "", "nik_akhir": ""}
    sent = warga.post("/pengaduan?kantor=35.20.05", form, csrf_url="/pengaduan?kantor=35.20.05")
    assert sent.status_code == 303 and "kantor=35.20.05" in sent.headers["Location"]
    row = db.session.execute(db.select(Pengaduan)).scalars().one()
    assert row.kantor_id == b.id


def test_an_office_admin_gives_no_regency_role_and_ends_no_other_offices_sessions(
        app, login_as, office_b):
    """On a regency's server an office's administrator cannot make an account that spans
    every office (a crafted POST included) nor end the sessions of another office's staff;
    the regency's administrator makes office B's administrator, in office B."""
    admin = login_as(ADMIN)
    for role in ("admin_kabupaten", "pemantau", "operator"):
        refused = admin.post("/admin/user/new/", {
            "username": f"naik.{role}", "nama": "Coba Naik", "nip": "", "role": role,
            "aktif": "y", "kata_sandi_baru": "Kantor-Magetan-2026!"}, csrf_url="/admin/user/new/")
        assert refused.status_code == 422
        assert "hanya dapat diberikan oleh Administrator Kabupaten" in refused.get_data(
            as_text=True)
    b_desk = db.session.execute(db.select(User).where(
        User.username == f"{SEKRETARIAT}.lembeyan")).scalar_one()
    admin.post("/admin/user/action/", {"action": "akhiri_sesi", "rowid": [str(b_desk.id)]},
               csrf_url="/admin/user/")
    b_browser = type(admin)(app.test_client())
    assert b_browser.login(b_desk.username, PASSWORD).status_code == 302
    regency = login_as("admin_kabupaten")
    form = regency.client.get("/admin/user/new/").get_data(as_text=True)
    assert "35.20.05 Kecamatan Lembeyan" in form
    made = regency.post("/admin/user/new/", {
        "username": "admin2.lembeyan", "nama": "Admin Lembeyan", "nip": "", "role": "admin",
        "kantor": str(office_b["kantor"].id), "aktif": "y",
        "kata_sandi_baru": "Kantor-Magetan-2026!"}, csrf_url="/admin/user/new/")
    assert made.status_code == 302, made.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.execute(db.select(User.kantor_id).where(
        User.username == "admin2.lembeyan")).scalar_one() == office_b["kantor"].id
    assert db.session.execute(db.select(db.func.count(User.id)).where(
        User.username.like("naik.%"))).scalar() == 0


def test_office_a_cannot_move_office_bs_files_one_by_one_or_in_bulk(app, login_as, office_b):
    desk = login_as(SEKRETARIAT)
    before = {p.id: p.status for p in office_b["files"]}
    diajukan = next(p for p in office_b["files"] if p.status == "diajukan")
    single = desk.post(f"/admin/permohonan/{diajukan.id}/transition/batalkan",
                       {"note": "bukan kantor saya"}, csrf_url="/admin/permohonan/")
    assert single.status_code == 404
    desk.post("/admin/permohonan/action/", {
        "action": "batalkan", "rowid": [str(p.id) for p in office_b["files"]]},
        csrf_url="/admin/permohonan/")
    checklist = desk.post(f"/admin/permohonan/{diajukan.id}/syarat", {"syarat": ["fc_kk"]},
                          csrf_url="/admin/permohonan/")
    assert checklist.status_code == 404
    db.session.expire_all()
    states = {p.id: db.session.get(Permohonan, p.id).status for p in office_b["files"]}
    assert states == before and "dibatalkan" not in states.values()


def test_the_regency_viewer_sees_figures_of_both_offices_and_no_ones_name(
        app, login_as, office_b):
    # Their home is the regency's table (admin_views/kabupaten.py): a row per office.
    page = login_as("pemantau").client.get("/admin/", follow_redirects=True).get_data(
        as_text=True)
    assert "Berkas terlambat di meja" in page
    assert 'data-kantor="35.20.04"' in page and 'data-kantor="35.20.05"' in page
    for name in (NAMA_A, NAMA_B, *office_b["numbers"]):
        assert name not in page


def test_the_dinas_operator_sees_each_files_office_and_filters_by_it(app, login_as, office_b):
    operator = login_as(OPERATOR)
    page = operator.client.get("/admin/permohonan/").get_data(as_text=True)
    assert '<td class="col-kantor">Lembeyan</td>' in page
    assert '<td class="col-kantor">Takeran</td>' in page
    only_b = operator.client.get("/admin/permohonan/?flt0_4=%d" % office_b["kantor"].id)
    html = only_b.get_data(as_text=True)
    assert '<td class="col-kantor">Lembeyan' in html and '<td class="col-kantor">Takeran' not in html
    desk = login_as(SEKRETARIAT).client.get("/admin/permohonan/").get_data(as_text=True)
    assert "col-kantor" not in desk and "Kecamatan Lembeyan" not in desk
