"""The office that has its KTP-el printed at the Dinas, through the real screens: the admin
chooses the variant on the settings page, the Loket records new files in it while older
files keep the SOP's, the desk sends ratified files with a collective cover letter, the
Dinas's operator marks many printed at once, the desk records the card's arrival and hands
it over with its proof; the resident's status page says where the card is at each step."""
import html
import re

from app.extensions import db
from app.workflow.declaration import get_workflow
from models import OfficeSettings, Permohonan, SuratKolektif, TransitionLog
from tests.conftest import Browser
from tests.documents.test_lambang import SETTINGS_URL, _form
from tests.views.test_loket_screen import JSON, form as loket_form

SOP, DINAS = "ktp-el", "ktp-el-dinas"


def status(app, pid: int) -> str:
    with app.app_context():
        return db.session.get(Permohonan, pid).status


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def bulk(browser, action: str, ids) -> str:
    response = browser.post("/admin/permohonan/action/", {"action": action, "rowid": list(ids)},
                            csrf_url="/admin/permohonan/")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return page(browser.get(response.headers["Location"]))


def choose(app, admin, alur: str):
    response = admin.post(SETTINGS_URL, _form(app, alur_ktp=alur), csrf_url=SETTINGS_URL)
    assert response.status_code == 302, page(response)[:300]


def test_the_admin_chooses_the_variant_and_only_new_files_take_it(app, login_as,
                                                                   an_application):
    before = an_application("disahkan")  # recorded under the SOP's workflow
    admin = login_as("admin")
    form = page(admin.get(SETTINGS_URL))
    assert "Alur KTP-el untuk permohonan baru" in form
    assert re.search(r'<option selected value="ktp-el">Sesuai SOP kecamatan', form)
    assert "KTP-el direkam dan dicetak di Dinas, diserahkan di kecamatan" in form
    choose(app, admin, DINAS)
    with app.app_context():
        assert OfficeSettings.get().alur_ktp == DINAS
    assert re.search(r'<option selected value="ktp-el-dinas">', page(admin.get(SETTINGS_URL)))
    assert admin.post(SETTINGS_URL, _form(app, alur_ktp="bukan-alur"),
                      csrf_url=SETTINGS_URL).status_code == 422

    desk = login_as("sekretariat")
    body = desk.post("/admin/loket/", loket_form(), csrf_url="/admin/loket/",
                     headers=JSON).get_json()
    assert body["ok"], body
    with app.app_context():
        new = db.session.execute(db.select(Permohonan).where(
            Permohonan.id != before.id)).scalar_one()
        assert (new.layanan, new.status) == (DINAS, "teregister")
        assert db.session.get(Permohonan, before.id).layanan == SOP
    # The older file still goes as the SOP says: handed over straight after ratification.
    old_page = page(desk.get(f"/admin/permohonan/details/?id={before.id}"))
    assert "Serahkan KTP-el" in old_page and "Kirim ke Dinas" not in old_page

    choose(app, admin, SOP)  # back to the SOP's: stored as no choice
    with app.app_context():
        assert OfficeSettings.get().alur_ktp is None


def test_the_card_goes_to_the_dinas_with_the_letter_and_comes_back(app, login_as,
                                                                   an_application):
    files = [an_application("disahkan", layanan=DINAS) for _ in range(3)]
    ids = [p.id for p in files]
    desk = login_as("sekretariat")
    one = page(desk.get(f"/admin/permohonan/details/?id={ids[0]}"))
    assert "Kirim ke Dinas" in one and "Serahkan KTP-el" not in one

    # A collective cover letter for two of them, then sent from its page with them.
    response = desk.post("/admin/permohonan/action/", {"action": "surat_kolektif",
                                                       "rowid": ids[:2]},
                         csrf_url="/admin/permohonan/")
    letter_url = response.headers["Location"]
    letter = page(desk.get(letter_url))
    assert "Kirim 2 berkas ke Dinas" in letter
    assert "Kirim ke Dinas" not in page(login_as("camat").get(letter_url))
    with app.app_context():
        surat = db.session.execute(db.select(SuratKolektif)).scalar_one()
        nomor = surat.nomor
    assert login_as("camat").post(f"/admin/surat-kolektif/{surat.id}/kirim",
                                  csrf_url=letter_url).status_code == 403
    sent = desk.post(f"/admin/surat-kolektif/{surat.id}/kirim", csrf_url=letter_url)
    assert sent.status_code == 302
    after = page(desk.get(sent.headers["Location"]))
    assert f"2 berkas dikirim ke Dinas bersama surat {nomor}, 0 gagal." in after
    assert "Kirim 2 berkas" not in after and after.count("Dikirim ke Dinas") == 2
    with app.app_context():
        notes = db.session.execute(db.select(TransitionLog.catatan).where(
            TransitionLog.aksi == "kirim_dinas")).scalars().all()
    assert notes == [f"Dikirim bersama surat pengantar kolektif {nomor}."] * 2
    again = desk.post(f"/admin/surat-kolektif/{surat.id}/kirim", csrf_url=letter_url)
    assert again.status_code == 409 and "Tidak ada berkas" in page(again)
    # The third alone, from its own page.
    assert desk.post(f"/admin/permohonan/{ids[2]}/transition/kirim_dinas").status_code == 302
    assert {status(app, i) for i in ids} == {"dikirim_dinas"}

    # The Dinas's operator: printed, all three at once from the list.
    operator = login_as("operator")
    listing = page(operator.get("/admin/permohonan/"))
    assert 'data-aksi-massal="catat_tercetak"' in listing
    assert "3 berhasil, 0 gagal." in bulk(operator, "catat_tercetak", ids)
    assert {status(app, i) for i in ids} == {"tercetak"}
    assert desk.post("/admin/permohonan/action/", {"action": "catat_tercetak", "rowid": ids},
                     csrf_url="/admin/permohonan/").status_code == 403  # not the desk's

    # Back at the kecamatan: arrived, then handed over with its proof and survey code.
    assert "KTP-el tiba di kecamatan" in page(desk.get(f"/admin/permohonan/details/?id={ids[0]}"))
    assert "3 berhasil, 0 gagal." in bulk(desk, "terima_ktp", ids)
    handed = desk.post(f"/admin/permohonan/{ids[0]}/transition/serahkan",
                       {"diambil_oleh": "pemohon"})
    assert handed.status_code == 302 and status(app, ids[0]) == "diserahkan"
    proof = desk.get(f"/admin/permohonan/{ids[0]}/cetak/bukti-serah-terima.pdf")
    assert proof.status_code == 200 and proof.headers["Content-Type"] == "application/pdf"


STATUS_PAGE = {
    # state -> what the resident reads, and what they must not read
    "disahkan": ("KTP-el direkam dan dicetak di Dinas", "KTP-el dapat diambil"),
    "dikirim_dinas": ("KTP-el sedang dicetak di Dinas", "KTP-el dapat diambil"),
    "tercetak": ("KTP-el sudah dicetak di Dinas dan sedang dikirim ke kantor kecamatan",
                 "KTP-el dapat diambil"),
    "tiba": ("KTP-el sudah tiba di kantor kecamatan", "belum dapat diambil"),
}


def test_the_status_page_says_where_the_card_is(app, an_application):
    for state, (said, not_said) in STATUS_PAGE.items():
        p = an_application(state, layanan=DINAS)
        response = Browser(app.test_client()).post(
            "/cek-status", {"nomor": p.nomor_tanda_terima, "nik": p.pemohon.nik},
            csrf_url="/cek-status")
        text = page(response)
        assert response.status_code == 200
        assert said in text and not_said not in text, state
        assert get_workflow(DINAS).state(state).label in text
    tiba = text
    assert "KTP-el dapat diambil di kantor kecamatan." in tiba


def test_the_dashboard_shows_the_workflows_the_office_runs_or_has_files_in(app, login_as,
                                                                          an_application):
    camat = login_as("camat")
    sop_only = page(camat.get("/admin/"))
    assert "Diserahkan: 0" in sop_only and "Dikirim ke Dinas" not in sop_only
    choose(app, login_as("admin"), DINAS)
    dinas_only = page(camat.get("/admin/"))
    assert "Dikirim ke Dinas: 0" in dinas_only and "(KTP-el dicetak di Dinas)" not in dinas_only
    an_application("diproses")  # a file still in the SOP's workflow: both, each titled
    both = page(camat.get("/admin/"))
    assert "Dikirim ke Dinas: 0" in both and "Diproses: 1" in both
    assert "Pelayanan Pengurusan KTP-elektronik (KTP-el dicetak di Dinas)" in both


def test_an_open_file_of_the_sop_s_workflow_still_blocks_a_second_one(app, login_as,
                                                                      an_application):
    """The office chose the Dinas variant while a resident's file of the SOP's was open:
    the Loket still refuses a second open KTP-el file for them, with a link to the first."""
    p = an_application("teregister")
    choose(app, login_as("admin"), DINAS)
    data = loket_form(nik=p.pemohon.nik, no_kk=p.pemohon.no_kk, nama=p.pemohon.nama,
                      tanggal_lahir="17/05/1990", jenis_kelamin="L",
                      desa_id=str(p.pemohon.desa_id))
    response = login_as("sekretariat").post("/admin/loket/", data, csrf_url="/admin/loket/",
                                            headers=JSON)
    assert response.status_code == 409
    assert response.get_json()["terbuka"]["url"] == f"/admin/permohonan/details/?id={p.id}"
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Permohonan.id))).scalar() == 1


def test_files_do_not_leave_before_their_electronically_signed_letter(app, login_as,
                                                                      an_application,
                                                                      monkeypatch):
    files = [an_application("disahkan", layanan=DINAS) for _ in range(2)]
    monkeypatch.setitem(app.config, "SIGNER", "local")  # the letter is to be signed first
    desk = login_as("sekretariat")
    response = desk.post("/admin/permohonan/action/", {"action": "surat_kolektif",
                                                       "rowid": [p.id for p in files]},
                         csrf_url="/admin/permohonan/")
    letter_url = response.headers["Location"]
    surat_id = letter_url.rsplit("id=", 1)[-1]
    refused = desk.post(f"/admin/surat-kolektif/{surat_id}/kirim", csrf_url=letter_url)
    assert refused.status_code == 409
    assert "belum ditandatangani Camat secara elektronik" in page(refused)
    assert {status(app, p.id) for p in files} == {"disahkan"}


def test_an_office_without_variant_files_reads_its_sop_figures_from_the_log_index(
        app, login_as, an_application, statements):
    """The variant shares the SOP's transition names; until the office has files in it,
    the SOP step figures do not filter the log by service (no subquery over the files)."""
    an_application("diproses")
    camat = login_as("camat")
    camat.get("/admin/")

    def step_figures():
        with statements:
            assert camat.get("/admin/").status_code == 200
        return [s for s in statements if "durasi_detik" in s and "transition_log" in s]

    (sop,) = step_figures()
    assert "permohonan.layanan" not in sop
    an_application("diproses", layanan=DINAS)
    figures = step_figures()
    assert len(figures) == 2 and all("permohonan.layanan" in s for s in figures)
