"""Flask-Admin's leftovers gone: row actions in words, no filter box on a record's page,
no list tab on the one-row settings, flash messages naming the record, no loose bulk-note
box, one spelling of KTP-el, RT/RW written 001."""
import re

from app.extensions import db
from models import Pemohon


def test_row_actions_are_words_named_for_their_row(login_as, a_pemohon):
    p = a_pemohon(nama="Siti Aminah")
    html = login_as("sekretariat").get("/admin/pemohon/").get_data(as_text=True)
    links = re.findall(r'<a class="row-action"[^>]*title="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert ("Lihat Siti Aminah (" + p.nik[:6], "Lihat") in [(t[:len("Lihat Siti Aminah (") + 6], w)
                                                            for t, w in links]
    assert any(w == "Ubah" for _, w in links)
    assert "fa-eye" not in html and "fa-pencil" not in html


def test_the_receipt_number_is_the_link_to_the_file(login_as, an_application):
    p = an_application()
    html = login_as("camat").get("/admin/permohonan/").get_data(as_text=True)
    assert f'<a href="/admin/permohonan/details/?id={p.id}">{p.nomor_tanda_terima}</a>' in html


def test_a_record_page_has_no_filter_box(login_as, a_pemohon):
    p = a_pemohon()
    html = login_as("sekretariat").get(f"/admin/pemohon/details/?id={p.id}").get_data(as_text=True)
    assert 'id="fa_filter"' not in html and "Saring" not in html


def test_the_office_settings_have_no_list_tab(login_as):
    html = login_as("admin").get("/admin/pengaturan/edit/?id=1").get_data(as_text=True)
    assert "nav-tabs" not in html


def test_flash_messages_name_the_record(app, login_as, a_pemohon):
    p = a_pemohon(nama="Siti Aminah")
    desk = login_as("sekretariat")
    form = desk.get("/admin/permohonan/new/").get_data(as_text=True)
    mulai = re.search(r'id="mulai" name="mulai" type="hidden" value="([^"]+)"', form).group(1)
    response = desk.post("/admin/permohonan/new/", {"pemohon": str(p.id), "jenis": "baru",
                                                    "mulai": mulai},
                         csrf_url="/admin/permohonan/new/", follow_redirects=True)
    page = response.get_data(as_text=True)
    nomor = re.search(r"Permohonan (TT/\d{5}/[\d.]+/\d{4}) dicatat\.", page)
    assert nomor, page
    assert "Data berhasil" not in page  # Flask-Admin's generic sentence
    form = {"nik": p.nik, "no_kk": p.no_kk, "nama": "Siti Aminah", "tempat_lahir": "Magetan",
            "tanggal_lahir": "17/05/1990", "jenis_kelamin": "L", "status_perkawinan": "kawin",
            "alamat": "Jl. Melati", "rt": "3", "rw": "12", "desa": str(p.desa_id)}
    page = desk.post(f"/admin/pemohon/edit/?id={p.id}", form, csrf_url="/admin/pemohon/",
                     follow_redirects=True).get_data(as_text=True)
    assert "Data pemohon Siti Aminah disimpan." in page and "Data berhasil" not in page
    with app.app_context():
        saved = db.session.get(Pemohon, p.id)
        assert (saved.rt, saved.rw) == ("003", "012")


def test_rt_rw_shown_with_three_digits_even_when_stored_short(app, login_as, an_application):
    p = an_application()
    with app.app_context():
        db.session.get(Pemohon, p.pemohon_id).rt = "3"
        db.session.commit()
    browser = login_as("sekretariat")
    html = browser.get(f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
    assert "RT 003/RW 002" in html
    listing = browser.get("/admin/pemohon/").get_data(as_text=True)
    assert '<td class="col-rt">\n                        \n                            003' in listing \
        or re.search(r'class="col-rt">\s*003\s*<', listing)


def test_no_loose_bulk_note_box_and_no_bulk_move_that_needs_a_reason(login_as, an_application):
    p = an_application("teregister")
    desk = login_as("sekretariat")
    html = desk.get("/admin/permohonan/").get_data(as_text=True)
    assert 'name="note"' not in html
    assert 'data-aksi-massal="batalkan"' not in html
    assert 'data-aksi-massal="' in html  # the other bulk actions are there
    response = desk.post("/admin/permohonan/action/", {"action": "batalkan", "rowid": [p.id]},
                         csrf_url="/admin/permohonan/")
    assert response.status_code == 403


def test_one_spelling_of_ktp_el(login_as, an_application):
    an_application("teregister")
    browser = login_as("camat")
    for url in ("/admin/", "/admin/register/", "/admin/permohonan/", "/admin/register/cetak/"):
        assert "KTP-El" not in browser.get(url).get_data(as_text=True), url
