"""Who may open what: every admin view x every role x Flask-Admin's endpoints."""
import re
from datetime import date

import pytest

from app.extensions import db
from models import Pemohon
from tests.expected_access import DELETERS, EVERYONE, NOT_EDITED, READ_ONLY, VIEWS, WRITERS

ROLES = sorted(EVERYONE)


def expected(view: str, role: str, endpoint: str) -> int:
    if view in READ_ONLY and endpoint in ("new", "edit", "delete", "ajax_update"):
        return 404  # the route does not exist at all, for anyone
    if view in NOT_EDITED and endpoint == "edit":
        return 404  # no edit route, for anyone
    if role not in VIEWS[view]:
        return 403
    if endpoint == "new":
        writers = WRITERS["permohonan_create"] if view == "permohonan" else WRITERS.get(view, set())
        if view == "pengaturan":
            return 403
        return 200 if role in writers else 403
    if endpoint == "edit":
        return 200 if role in WRITERS.get(view, set()) else 403
    if endpoint == "delete" and view in DELETERS:
        return 302 if role in DELETERS[view] else 403
    if endpoint == "export":  # whoever reads a list may take it as a spreadsheet
        return 403 if view == "pengaturan" else 200
    if endpoint in ("delete", "ajax_update"):
        return 403
    if endpoint == "index" and view == "pengaturan":
        return 302
    if endpoint == "details" and view == "pengaturan":
        return 302  # no details page: Flask-Admin sends back to the list
    return 200


ENDPOINTS = {
    "index": ("GET", "/admin/{v}/"),
    "details": ("GET", "/admin/{v}/details/?id={id}"),
    "new": ("GET", "/admin/{v}/new/"),
    "edit": ("GET", "/admin/{v}/edit/?id={id}"),
    "delete": ("POST", "/admin/{v}/delete/"),
    "ajax_update": ("POST", "/admin/{v}/ajax/update/"),
    "export": ("GET", "/admin/{v}/export/xlsx/"),
}


@pytest.fixture
def ids(app, an_application):
    p = an_application("teregister")
    with app.app_context():
        from models import (AuthLog, CetakLog, Desa, HariLibur, InsidenKebocoran, LogBaca,
                            OfficeSettings, Pengaduan, PermintaanSubjek, Pesan, RegisterEntry,
                            RiwayatAkun, SuratKolektif, TransitionLog, User)
        user_id = db.session.execute(db.select(User.id)).scalar()
        cetak = CetakLog(jenis="sop", keterangan="Lembar SOP", user_id=user_id)
        masuk = AuthLog(event="login", username="camat", user_id=user_id, ip="127.0.0.1")
        akun = RiwayatAkun(user_id=user_id, oleh_id=user_id, kolom="role", dari=None, ke="camat")
        surat = SuratKolektif(tahun=2026, nomor_urut=1, nomor="470/001/403.404/2026",
                              created_by_id=user_id, penandatangan_nama="JAKA PRASTAWA",
                              penandatangan_jabatan="Camat Takeran")
        libur = HariLibur(tanggal=date(2026, 12, 2), nama="Hari Jadi", jenis="libur_lokal")
        baca = LogBaca(user_id=user_id, peran="sekretariat", jenis="pemohon",
                       objek_id=p.pemohon_id, pemohon_id=p.pemohon_id, ip="127.0.0.1")
        minta = PermintaanSubjek(jenis="akses", nik=p.pemohon.nik, nama="Budi",
                                 dicatat_oleh_id=user_id)
        bocor = InsidenKebocoran(uraian="Map tertinggal", data_terdampak="Nama, NIK",
                                 subjek_terdampak="Pemohon hari itu", dicatat_oleh_id=user_id)
        aduan = Pengaduan(nomor="PGD/2026/00001", kode_hash="0" * 64, nama="Budi",
                          telepon="081234567890", kategori="waktu", isi="Lama sekali " * 3)
        pesan = Pesan(permohonan_id=p.id, peristiwa="sah", kanal="wa", tujuan="6281234567890",
                      isi="Yth. Budi, …", status="terkirim", percobaan=1)
        db.session.add_all([cetak, masuk, akun, surat, libur, baca, minta, bocor, aduan, pesan])
        db.session.commit()
        return {"pemohon": p.pemohon_id, "permohonan": p.id,
                "log-cetak": cetak.id, "log-masuk": masuk.id, "riwayat-akun": akun.id,
                "log-baca": baca.id, "permintaan-subjek": minta.id,
                "insiden-kebocoran": bocor.id,
                "surat-kolektif": surat.id,
                "register": db.session.execute(db.select(RegisterEntry.id)).scalar(),
                "riwayat": db.session.execute(db.select(TransitionLog.id)).scalar(),
                "user": db.session.execute(db.select(User.id)).scalar(),
                "desa": db.session.execute(db.select(Desa.id)).scalar(),
                "hari-libur": libur.id, "pesan": pesan.id,
                "pengaturan": OfficeSettings.get().id, "pengaduan": aduan.id}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(login_as, ids, role):
    browser = login_as(role)
    failures = []
    for view in VIEWS:
        for endpoint, (method, pattern) in ENDPOINTS.items():
            url = pattern.format(v=view, id=ids[view])
            if method == "GET":
                got = browser.get(url).status_code
            else:
                got = browser.post(url, {"id": ids[view]}).status_code
            want = expected(view, role, endpoint)
            if got != want:
                failures.append(f"{role} {method} {url}: {got}, expected {want}")
    assert not failures, "\n".join(failures)


def test_anonymous_is_sent_to_login_everywhere(client, ids):
    for view in VIEWS:
        for endpoint, (method, pattern) in ENDPOINTS.items():
            url = pattern.format(v=view, id=ids[view])
            response = client.open(url, method=method)
            if method == "POST":
                assert response.status_code in (302, 400, 404), url  # CSRF refuses first
            else:
                assert response.status_code in (302, 404), url
                if response.status_code == 302:
                    assert "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", ROLES)
def test_menu_shows_only_what_the_role_may_use(login_as, role):
    html = login_as(role).get("/admin/").get_data(as_text=True)
    nav = html.split('id="admin-navbar-collapse"')[1].split("</nav>")[0]
    for view, roles in VIEWS.items():
        shown = bool(re.search(rf'href="/admin/{view}/"', nav))
        # Collective letters are reached from the register's print buttons, complaints from
        # the dashboard's card, not the menu.
        in_menu = role in roles and view not in ("surat-kolektif", "pengaduan")
        assert shown == in_menu, f"{role}: menu link to {view}"


def test_ajax_lookup_is_role_checked(login_as, a_pemohon):
    a_pemohon(nama="Siti Aminah")
    url = "/admin/permohonan/ajax/lookup/?name=pemohon&query=Siti"
    assert "Siti Aminah" in login_as("sekretariat").get(url).get_data(as_text=True)
    assert login_as("admin").get(url).status_code == 403


def test_pemohon_form_rejects_bad_nik_with_422_and_saves_nothing(app, login_as):
    from models import Desa
    browser = login_as("sekretariat")
    with app.app_context():
        desa_id = str(db.session.execute(db.select(Desa.id)).scalars().first())
    form = {"nik": "3520041705900001", "no_kk": "3520041503120001", "nama": "Siti",
            "tempat_lahir": "Magetan", "tanggal_lahir": "1990-05-17", "jenis_kelamin": "P",
            "status_perkawinan": "kawin", "alamat": "Jl. Melati", "rt": "001", "rw": "002",
            "desa": desa_id}
    response = browser.post("/admin/pemohon/new/", form, csrf_url="/admin/pemohon/new/")
    assert response.status_code == 422
    assert "NIK tidak sesuai dengan jenis kelamin" in response.get_data(as_text=True)
    form["nik"] = "3520045705900001"
    assert browser.post("/admin/pemohon/new/", form,
                        csrf_url="/admin/pemohon/new/").status_code == 302
    duplicate = browser.post("/admin/pemohon/new/", form, csrf_url="/admin/pemohon/new/")
    assert duplicate.status_code == 422 and "Sudah terdaftar" in duplicate.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Pemohon.id))).scalar() == 1


def test_name_search_uses_the_text_index_and_finds_fragments(login_as, an_application):
    p = an_application("diajukan", nama="Siti Aminah Wibowo")
    an_application("diajukan", nama="Budi Santoso")
    browser = login_as("sekretariat")
    for term in ("ibow", "aminah", "SITI AM"):
        html = browser.get("/admin/permohonan/", query_string={"search": term}).get_data(
            as_text=True)
        assert p.nomor_tanda_terima in html and "Budi Santoso" not in html, term
    html = browser.get("/admin/pemohon/", query_string={"search": "wibo"}).get_data(as_text=True)
    assert "Siti Aminah Wibowo" in html and "Budi Santoso" not in html
    lookup = browser.get("/admin/permohonan/ajax/lookup/?name=pemohon&query=santo")
    assert "Budi Santoso" in lookup.get_data(as_text=True)


def test_the_applicant_picker_answers_a_posted_lookup(login_as, a_pemohon):
    p = a_pemohon(nama="Siti Aminah")
    browser = login_as("sekretariat")
    found = browser.post("/admin/permohonan/ajax/lookup/?name=pemohon",
                         {"query": p.nik, "offset": "0", "limit": "10"},
                         csrf_url="/admin/permohonan/new/")
    assert found.status_code == 200 and found.get_json() == [[p.id, str(p)]]
    refused = browser.client.post("/admin/permohonan/ajax/lookup/?name=pemohon",
                                  data={"query": p.nik})  # no CSRF token: refused
    assert refused.status_code == 400
