"""The intake screen and the returned file's pages over HTTP: what the clerk and the
resident see, the refusals and their status codes."""
import html
import re

from app.extensions import db
from app.workflow.declaration import get_workflow
from models import Desa, Permohonan, TransitionLog
from tests.conftest import Browser

KTP = get_workflow()
JSON = {"Accept": "application/json"}


def form(**kw) -> dict:
    desa = db.session.execute(db.select(Desa).order_by(Desa.kode)).scalars().first()
    data = {"nik": "3520045705900001", "no_kk": "3520041503120077", "nama": "Siti Aminah",
            "tempat_lahir": "Magetan", "tanggal_lahir": "17051990", "jenis_kelamin": "P",
            "status_perkawinan": "kawin", "alamat": "Jl. Melati 3", "rt": "1", "rw": "2",
            "desa_id": str(desa.id), "jenis": "baru", "aksi": "register",
            "syarat": [r.kode for r in KTP.common_requirements]}
    data.update(kw)
    return data


def test_the_screen_opens_on_the_nik(login_as):
    page = login_as("sekretariat").get("/admin/loket/").get_data(as_text=True)
    assert 'id="f-nik"' in page and "autofocus" in page.split('id="f-nik"')[1].split(">")[0]
    assert "is-invalid" not in page  # nothing red before anything is typed
    assert "Simpan & Register" in html.unescape(page)
    dashboard = login_as("sekretariat").get("/admin/").get_data(as_text=True)
    assert 'href="/admin/loket/"' in dashboard and "Catat berkas baru (Loket)" in dashboard


def test_only_the_front_desk_opens_it(login_as):
    for role in ("operator", "sekcam", "camat", "admin"):
        assert login_as(role).get("/admin/loket/").status_code == 403, role
        assert "/admin/loket/" not in login_as(role).get("/admin/").get_data(as_text=True)


def test_saved_in_one_post_with_the_receipt_to_print(login_as):
    browser = login_as("sekretariat")
    page = browser.get("/admin/loket/").get_data(as_text=True)
    mulai = re.search(r'name="mulai" value="([^"]+)"', page).group(1)
    response = browser.post("/admin/loket/", form(mulai=mulai), csrf_url="/admin/loket/",
                            headers=JSON)
    body = response.get_json()
    assert response.status_code == 200 and body["ok"], body
    p = db.session.execute(db.select(Permohonan)).scalar_one()
    assert p.status == "teregister"
    assert body["cetak_url"] == f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"
    assert f"Permohonan {p.nomor_tanda_terima} dicatat dan diregister" in body["pesan"]
    pdf = browser.get(body["cetak_url"])
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    # Step 1's time runs from the server-signed moment the form was opened.
    log = db.session.execute(db.select(TransitionLog).where(
        TransitionLog.aksi == "ajukan")).scalar_one()
    assert log.durasi_detik is not None and 0 <= log.durasi_detik < 60


def test_without_script_a_saved_file_opens_its_page_with_a_specific_message(login_as):
    browser = login_as("sekretariat")
    response = browser.post("/admin/loket/", form(), csrf_url="/admin/loket/")
    p = db.session.execute(db.select(Permohonan)).scalar_one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/permohonan/details/?id={p.id}")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Permohonan {p.nomor_tanda_terima} dicatat dan diregister" in page


def test_a_forged_start_time_is_ignored(login_as):
    browser = login_as("sekretariat")
    browser.post("/admin/loket/", form(mulai="2020-01-01T00:00:00+00:00"),
                 csrf_url="/admin/loket/", headers=JSON)
    log = db.session.execute(db.select(TransitionLog).where(
        TransitionLog.aksi == "ajukan")).scalar_one()
    assert log.durasi_detik is None


def test_bad_input_comes_back_per_field_with_a_4xx_and_nothing_saved(login_as):
    browser = login_as("sekretariat")
    response = browser.post("/admin/loket/", form(nik="3520041705900001", rt="abc"),
                            csrf_url="/admin/loket/", headers=JSON)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert "jenis kelamin" in errors["nik"] and "RT" in errors["rt"]
    assert db.session.execute(db.select(db.func.count(Permohonan.id))).scalar() == 0
    # Without JavaScript: the same refusal as a page, the fields kept, 422.
    page = browser.post("/admin/loket/", form(rt="abc"), csrf_url="/admin/loket/")
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "RT harus angka 1–3 digit." in html
    assert 'value="Siti Aminah"' in html and "is-invalid" in html


def test_register_with_a_missing_item_is_refused(login_as):
    response = login_as("sekretariat").post(
        "/admin/loket/", form(syarat=["fc_kk"]), csrf_url="/admin/loket/", headers=JSON)
    assert response.status_code == 422
    assert "Syarat wajib belum lengkap" in response.get_json()["errors"]["syarat"]


def test_nik_lookup_fills_a_known_applicant_and_names_an_open_file(login_as, an_application):
    p = an_application("diajukan", nama="Budi Santoso")
    browser = login_as("sekretariat")
    found = browser.post("/admin/loket/pemohon", {"nik": p.pemohon.nik},
                         csrf_url="/admin/loket/").get_json()
    assert found["dikenal"] and found["data"]["nama"] == "Budi Santoso"
    assert found["terbuka"]["nomor"] == p.nomor_tanda_terima
    assert found["terbuka"]["url"] == f"/admin/permohonan/details/?id={p.id}"
    new = browser.post("/admin/loket/pemohon", {"nik": "3520045705900001"},
                       csrf_url="/admin/loket/").get_json()
    assert not new["dikenal"] and new["data"]["jenis_kelamin"] == "P"
    assert browser.post("/admin/loket/pemohon", {"nik": "12"},
                        csrf_url="/admin/loket/").status_code == 422


def test_a_second_open_file_is_refused_with_a_link_on_both_screens(login_as, an_application):
    p = an_application("teregister")
    browser = login_as("sekretariat")
    data = form(nik=p.pemohon.nik, no_kk=p.pemohon.no_kk, nama=p.pemohon.nama,
                tanggal_lahir="17/05/1990", jenis_kelamin="L", desa_id=str(p.pemohon.desa_id))
    response = browser.post("/admin/loket/", data, csrf_url="/admin/loket/", headers=JSON)
    assert response.status_code == 409
    assert response.get_json()["terbuka"]["url"] == f"/admin/permohonan/details/?id={p.id}"
    new_form = browser.get("/admin/permohonan/new/").get_data(as_text=True)
    mulai = re.search(r'name="mulai"[^>]*value="([^"]+)"', new_form).group(1)
    page = browser.post("/admin/permohonan/new/", {"pemohon": str(p.pemohon.id), "jenis": "baru",
                                                   "mulai": mulai, "menunggu": "0"},
                        csrf_url="/admin/permohonan/new/")
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "masih memiliki berkas yang belum selesai" in html
    assert f'<a href="/admin/permohonan/details/?id={p.id}">Buka berkas {p.nomor_tanda_terima}</a>' \
        in html
    assert db.session.execute(db.select(db.func.count(Permohonan.id))).scalar() == 1


def test_checklist_follows_type_and_age(login_as):
    browser = login_as("sekretariat")
    hilang = browser.post("/admin/loket/syarat", {"jenis": "hilang"},
                          csrf_url="/admin/loket/").get_json()["syarat"]
    assert "surat_kehilangan" in [s["kode"] for s in hilang]
    assert browser.post("/admin/loket/syarat", {"jenis": "x"},
                        csrf_url="/admin/loket/").status_code == 422


# --- returned files ------------------------------------------------------------------

def returned(login_as):
    browser = login_as("sekretariat")
    body = browser.post("/admin/loket/", form(jenis="hilang", aksi="kembalikan",
                                              syarat=["pengantar_desa", "fc_kk"]),
                        csrf_url="/admin/loket/", headers=JSON).get_json()
    assert body["ok"], body
    return browser, db.session.execute(db.select(Permohonan)).scalar_one()


def test_status_page_of_a_returned_file_lists_what_is_missing(app, login_as):
    _browser, p = returned(login_as)
    html = Browser(app.test_client()).post(
        "/cek-status", {"nomor": p.nomor_tanda_terima, "nik": "3520045705900001"},
        csrf_url="/cek-status").get_data(as_text=True)
    missing = html.split('id="syarat-kurang"')[1].split("</ul>")[0]
    assert "Fotokopi akta kelahiran atau ijazah" in missing
    assert "Surat keterangan kehilangan dari Kepolisian" in missing
    assert "Fotokopi Kartu Keluarga" not in missing
    assert "serahkan kembali ke Sekretariat" in html  # the resident's own hint


def test_detail_page_shows_the_return_reason_and_staff_wording(login_as):
    browser, p = returned(login_as)
    html = browser.get(f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
    top = html.split('id="alasan-pengembalian"')[1].split("</div>")[0]
    assert "Dikembalikan ke pemohon" in top and "Persyaratan belum lengkap:" in top
    assert "Surat keterangan kehilangan dari Kepolisian" in top
    assert "serahkan kembali ke Sekretariat" not in html
    assert "Saat pemohon datang lagi: Ajukan ulang" in html


def test_return_note_is_prefilled_from_the_unticked_items(login_as, an_application):
    p = an_application("diajukan", jenis="rusak")
    html = login_as("sekretariat").get(
        f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
    form_html = html.split("/transition/kembalikan")[1].split("</form>")[0]
    assert ("Persyaratan belum lengkap: Surat pengantar dari Lurah/Kepala Desa; "
            "Fotokopi Kartu Keluarga;") in form_html
    assert "KTP-el yang rusak.</textarea>" in form_html


def test_a_known_applicant_changed_at_the_desk_is_named_as_in_the_file_history(login_as,
                                                                               a_pemohon):
    """One label per applicant field: the desk's message, its form and the file's change
    history say the same word, and the desk's change is in that history."""
    known = a_pemohon(nama="Siti Aminah", jenis_kelamin="P")
    browser = login_as("sekretariat")
    screen = browser.get("/admin/loket/").get_data(as_text=True)
    assert re.search(r'<label for="f-nama"[^>]*>Nama lengkap', screen)
    data = form(nik=known.nik, no_kk=known.no_kk, nama="Siti Aminah Rahayu",
                tanggal_lahir=known.tanggal_lahir.strftime("%d/%m/%Y"))
    body = browser.post("/admin/loket/", data, csrf_url="/admin/loket/", headers=JSON).get_json()
    assert body["ok"], body
    assert "Data pemohon diperbarui: Nama lengkap" in body["pesan"]
    p = db.session.execute(db.select(Permohonan)).scalar_one()
    detail = html.unescape(browser.get(f"/admin/permohonan/details/?id={p.id}")
                           .get_data(as_text=True))
    row = re.search(r"<td>Nama lengkap</td>.*?</tr>", detail, re.S)
    assert row and "Siti Aminah Rahayu" in row.group(0), detail[-4000:]


def _nothing_saved() -> bool:
    return db.session.execute(db.select(Permohonan)).first() is None


def test_a_nul_in_a_name_is_refused_beside_the_field_and_nothing_saved(login_as):
    browser = login_as("sekretariat")
    response = browser.post("/admin/loket/", form(nama="Siti\x00Aminah"),
                            csrf_url="/admin/loket/", headers=JSON)
    assert response.status_code == 422
    assert "karakter yang tidak diizinkan" in response.get_json()["errors"]["nama"]
    page = browser.post("/admin/loket/", form(nama="Siti\x00Aminah"), csrf_url="/admin/loket/")
    assert page.status_code == 422 and 'id="f-nama"' in page.get_data(as_text=True)
    assert _nothing_saved()


def test_a_right_to_left_override_in_a_name_is_refused(login_as):
    response = login_as("sekretariat").post(
        "/admin/loket/", form(nama="Siti \u202eanimA"), csrf_url="/admin/loket/", headers=JSON)
    assert response.status_code == 422
    assert "pengubah arah teks" in response.get_json()["errors"]["nama"]
    assert _nothing_saved()


def test_a_phone_number_in_other_digits_than_0_to_9_is_refused(login_as):
    response = login_as("sekretariat").post(
        "/admin/loket/", form(telepon="٠٨١٢٣٤٥٦٧٨٩"), csrf_url="/admin/loket/", headers=JSON)
    assert response.status_code == 422
    assert "telepon" in response.get_json()["errors"]
    assert _nothing_saved()
