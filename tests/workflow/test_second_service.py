"""A second service, declared here and nowhere else, runs through every screen: recorded
at the intake screen and on the create form (the clerk chooses the service), list with
its bulk actions, detail with timeline, audit log, print log, dashboard, SOP sheet and
`flask check`."""
import html
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from app.extensions import db
from app.forms import Form
from app.services.permohonan import ajukan
from app.workflow import engine
from app.security import _sha256
from app.workflow.declaration import (
    Checklist, Document, Requirement, SopHeader, SopStep, State, Transition, Workflow,
    get_workflow, register_workflow, unregister_workflow,
)
from models import CetakLog, Desa, Pemohon, Permohonan, TransitionLog


class KkLamaForm(Form):
    """The one input its recording asks: declared as any transition's form."""
    class Meta:
        csrf = False
    kk_lama = StringField("Nomor KK lama", validators=[
        InputRequired("Nomor KK lama wajib diisi."), Length(max=16)])


KK = Workflow(
    layanan="kk-uji",
    title="Uji: Pelayanan Kartu Keluarga",
    states=(State("masuk", "Berkas masuk", "primary"), State("dicetak", "KK dicetak", "info"),
            State("selesai", "KK diambil", "success", terminal=True)),
    transitions=(
        # Its recording asks one input of its own, which its effect keeps on the file.
        Transition("terima", "Terima berkas KK", (None,), "masuk", ("sekretariat",), sop_step=1,
                   form=KkLamaForm,
                   effects=(lambda step: {"catatan": "KK lama " + step.data["kk_lama"]},)),
        Transition("cetak_kk", "Cetak KK", ("masuk",), "dicetak", ("operator",), sop_step=2),
        Transition("ambil_kk", "Serahkan KK", ("dicetak",), "selesai", ("sekretariat",),
                   note_required=True),
    ),
    jenis={"pisah_kk": "Pisah KK"},
    checklist=Checklist(states=("masuk",), roles=("sekretariat",)),
    sop=SopHeader("188/52/Kept", 2021, "Bagian Umum", date(2021, 12, 31), None,
                  date(2021, 12, 31), lanes=("Pemohon", "Sekretariat", "Operator"),
                  judul_prosedur="Prosedur pelayanan Kartu Keluarga (uji)"),
    sop_steps=(SopStep(1, "Terima berkas KK", ("Pemohon", "Sekretariat"), "Formulir F-1.01",
                       5, "Gratis", "Tanda terima"),
               SopStep(2, "Cetak KK baru", ("Operator",), "Berkas", 10, "", "KK")),
    requirements={"pisah_kk": (Requirement("f101", "Formulir F-1.01"),)},
    documents=(Document("terima_kk", "Tanda Terima KK", "Tanda Terima Berkas KK",
                        "pdf/tanda_terima.html", frozenset({"masuk", "dicetak", "selesai"}),
                        lambda p: p.nomor_tanda_terima, "tanda-terima-kk"),),
)
JSON = {"Accept": "application/json"}


@pytest.fixture
def kk_service():
    register_workflow(KK)
    yield KK
    unregister_workflow(KK.layanan)  # no test leaves a service behind


def test_the_registry_is_left_as_it_was(kk_service):
    assert get_workflow("kk-uji") is KK


def test_no_test_service_is_left_registered():
    with pytest.raises(KeyError):
        get_workflow("kk-uji")


def test_it_runs_through_the_engine_and_every_screen(app, kk_service, login_as, a_pemohon,
                                                    users, an_application):
    ktp = an_application("diproses")  # a KTP-el file beside it: both services on one screen
    with app.test_request_context():
        p = ajukan(a_pemohon(nama="Rini Wulandari", jenis_kelamin="P"), "pisah_kk",
                   users["sekretariat"], layanan="kk-uji", data={"kk_lama": "3520041503120001"})
        assert [s.kode for s in p.syarat] == ["f101"] and p.status == "masuk"
        with pytest.raises(engine.NotAllowed):
            engine.perform(p.id, "cetak_kk", users["sekretariat"])
        engine.perform(p.id, "cetak_kk", users["operator"])
        with pytest.raises(engine.Refused, match="wajib"):
            engine.perform(p.id, "ambil_kk", users["sekretariat"], note="")
        with pytest.raises(engine.NotFound):  # KTP-el's transitions are not its own
            engine.perform(p.id, "register", users["sekretariat"])
        engine.perform(p.id, "ambil_kk", users["sekretariat"], note="Diambil sendiri.")
        logs = db.session.execute(db.select(TransitionLog.aksi).where(
            TransitionLog.permohonan_id == p.id).order_by(TransitionLog.id)).scalars().all()
        assert db.session.get(Permohonan, p.id).status == "selesai"
    assert logs == ["terima", "cetak_kk", "ambil_kk"]

    desk = login_as("sekretariat")
    listing = desk.get("/admin/permohonan/").get_data(as_text=True)
    assert p.nomor_tanda_terima in listing and "KK diambil" in listing and "Diproses" in listing
    filtered = desk.get("/admin/permohonan/?flt0_0=selesai").get_data(as_text=True)
    assert p.nomor_tanda_terima in filtered and ktp.nomor_tanda_terima not in filtered
    detail = desk.get(f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
    for text in ("Terima berkas KK", "Cetak KK", "Serahkan KK", "Berkas masuk", "KK diambil",
                 "Pisah KK"):
        assert text in detail, text
    audit = desk.get("/admin/riwayat/").get_data(as_text=True)
    assert "Cetak KK" in audit and "Proses (SIAK)" in audit
    dashboard = login_as("operator").get("/admin/").get_data(as_text=True)
    assert "Uji: Pelayanan Kartu Keluarga" in dashboard and "KK diambil: 1" in dashboard
    assert "Cetak KK baru" in dashboard  # its SOP step's figures

    sheet = desk.get("/admin/sop/kk-uji.pdf")
    assert sheet.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.data)).pages)
    assert "Prosedur pelayanan Kartu Keluarga (uji)" in " ".join(text.split())
    assert "Cetak KK baru" in text and "Registrasi" not in text
    assert desk.get("/admin/sop/tidak-ada.pdf").status_code == 404

    result = app.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 0 and "GAGAL" not in result.output, result.output


def applicant(**kw) -> dict:
    desa = db.session.execute(db.select(Desa).order_by(Desa.kode)).scalars().first()
    data = {"nik": "3520045705900001", "no_kk": "3520041503120077", "nama": "Siti Aminah",
            "tempat_lahir": "Magetan", "tanggal_lahir": "17051990", "jenis_kelamin": "P",
            "status_perkawinan": "kawin", "alamat": "Jl. Melati 3", "rt": "1", "rw": "2",
            "desa_id": str(desa.id)}
    data.update(kw)
    return data


def test_with_one_service_there_is_nothing_to_choose(login_as):
    desk = login_as("sekretariat")
    for url in ("/admin/loket/", "/admin/permohonan/new/"):
        page = desk.get(url).get_data(as_text=True)
        assert "<select" in page and 'name="layanan"' in page, url
        assert not re.search(r'<select[^>]*name="layanan"', page), url
        hidden = re.search(r'<input[^>]*name="layanan"[^>]*>', page).group(0)
        assert 'type="hidden"' in hidden and 'value="ktp-el"' in hidden, url


def test_the_intake_screen_records_a_file_of_the_chosen_service(app, kk_service, login_as,
                                                                  users):
    desk = login_as("sekretariat")
    page = html.unescape(desk.get("/admin/loket/").get_data(as_text=True))
    # KTP-el first and chosen; the second service offered by its title.
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                         page.split('name="layanan"')[1].split("</select>")[0])
    assert options == [("ktp-el", "Pelayanan Pengurusan KTP-elektronik"),
                       ("kk-uji", "Uji: Pelayanan Kartu Keluarga")]
    assert "Simpan & Register" in page and "Nomor KK lama" not in page

    # Its card: its types, its declared input, its checklist, no desk decision.
    card = html.unescape(desk.get("/admin/loket/?layanan=kk-uji").get_data(as_text=True))
    assert "Pisah KK" in card and "Baru (pemula)" not in card
    assert 'name="kk_lama"' in card and "Nomor KK lama" in card
    assert "Formulir F-1.01" in card and 'data-lengkap=""' in card
    syarat = desk.post("/admin/loket/syarat", {"layanan": "kk-uji", "jenis": "pisah_kk"},
                       csrf_url="/admin/loket/", headers=JSON).get_json()
    assert [s["kode"] for s in syarat["syarat"]] == ["f101"]
    # A KTP-el type is not one of its types.
    assert desk.post("/admin/loket/syarat", {"layanan": "kk-uji", "jenis": "baru"},
                     csrf_url="/admin/loket/", headers=JSON).status_code == 422

    # The declared input is checked by the engine and shown beside its field.
    data = applicant(layanan="kk-uji", jenis="pisah_kk", aksi="", syarat=["f101"])
    refused = desk.post("/admin/loket/", data, csrf_url="/admin/loket/", headers=JSON)
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"kk_lama": "Nomor KK lama wajib diisi."}
    assert db.session.execute(db.select(Permohonan)).first() is None  # nothing half-saved
    assert db.session.execute(db.select(Pemohon)).first() is None
    # A KTP-el decision is not this service's.
    wrong = desk.post("/admin/loket/", {**data, "kk_lama": "3520041503120001",
                                         "aksi": "register"},
                      csrf_url="/admin/loket/", headers=JSON)
    assert wrong.status_code == 404 and db.session.execute(db.select(Permohonan)).first() is None

    saved = desk.post("/admin/loket/", {**data, "kk_lama": "3520041503120001"},
                      csrf_url="/admin/loket/", headers=JSON)
    body = saved.get_json()
    assert saved.status_code == 200 and body["ok"], body
    p = db.session.execute(db.select(Permohonan)).scalar_one()
    assert (p.layanan, p.jenis, p.status) == ("kk-uji", "pisah_kk", "masuk")
    assert p.catatan == "KK lama 3520041503120001" and [s.terpenuhi for s in p.syarat] == [True]
    assert body["cetak_url"] == f"/admin/permohonan/{p.id}/cetak/tanda-terima-kk.pdf"
    assert f"Permohonan {p.nomor_tanda_terima} dicatat (Uji: Pelayanan Kartu Keluarga)." \
        == body["pesan"].split(" Pemohon baru")[0]
    assert desk.get(body["cetak_url"]).status_code == 200

    # ... and goes on: the operator prints the card from the list, many at once.
    operator = login_as("operator")
    listing = operator.get("/admin/permohonan/")
    assert "modelActions.execute('cetak_kk')" in html.unescape(listing.get_data(as_text=True))
    assert _sha256("return modelActions.execute('cetak_kk');") in \
        listing.headers["Content-Security-Policy"]
    done = operator.post("/admin/permohonan/action/",
                         {"action": "cetak_kk", "rowid": str(p.id)},
                         csrf_url="/admin/permohonan/")
    assert done.status_code == 302
    p = db.session.get(Permohonan, p.id, populate_existing=True)
    assert p.status == "dicetak"
    handed = desk.post(f"/admin/permohonan/{p.id}/transition/ambil_kk",
                       {"note": "Diambil sendiri.", "version": str(p.version)},
                       csrf_url=f"/admin/permohonan/details/?id={p.id}")
    assert handed.status_code == 302
    assert db.session.get(Permohonan, p.id, populate_existing=True).status == "selesai"
    logs = db.session.execute(db.select(TransitionLog.aksi).where(
        TransitionLog.permohonan_id == p.id).order_by(TransitionLog.id)).scalars().all()
    assert logs == ["terima", "cetak_kk", "ambil_kk"]
    # Its printed receipt is named on the print log and in its filter.
    assert db.session.execute(db.select(CetakLog.jenis)).scalars().all() == ["terima_kk"]
    printed = login_as("camat").get("/admin/log-cetak/").get_data(as_text=True)
    assert "Tanda Terima KK" in printed


def test_the_create_form_records_a_file_of_the_chosen_service(app, kk_service, login_as,
                                                              a_pemohon):
    pemohon = a_pemohon(nama="Rini Wulandari", jenis_kelamin="P")
    desk = login_as("sekretariat")
    page = html.unescape(desk.get("/admin/permohonan/new/").get_data(as_text=True))
    assert re.search(r'<select[^>]*name="layanan"', page) and "Baru (pemula)" in page
    assert "Nomor KK lama" not in page
    form_page = html.unescape(desk.get(
        f"/admin/permohonan/new/?layanan=kk-uji&pemohon_id={pemohon.id}").get_data(as_text=True))
    assert "Pisah KK" in form_page and "Baru (pemula)" not in form_page
    assert "Nomor KK lama" in form_page and "Rini Wulandari" in form_page
    mulai = re.search(r'name="mulai"[^>]*value="([^"]+)"', form_page).group(1)
    url = "/admin/permohonan/new/?layanan=kk-uji"
    data = {"layanan": "kk-uji", "pemohon": str(pemohon.id), "jenis": "pisah_kk",
            "menunggu": "0", "mulai": mulai}
    # A KTP-el type for this service: refused beside the field, nothing saved.
    refused = desk.post(url, {**data, "jenis": "baru", "kk_lama": "1"}, csrf_url=url)
    assert refused.status_code == 422 and db.session.execute(db.select(Permohonan)).first() is None
    missing = desk.post(url, data, csrf_url=url)
    assert missing.status_code == 422 and "Nomor KK lama wajib diisi." in html.unescape(
        missing.get_data(as_text=True))
    saved = desk.post(url, {**data, "kk_lama": "3520041503120001"}, csrf_url=url)
    assert saved.status_code == 302, html.unescape(saved.get_data(as_text=True))[-3000:]
    p = db.session.execute(db.select(Permohonan)).scalar_one()
    assert (p.layanan, p.status, p.catatan) == ("kk-uji", "masuk", "KK lama 3520041503120001")
    detail = desk.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Berkas masuk" in detail and "Terima berkas KK" in detail


# A service whose middle desk has no SOP time standard: the office sets its limit.
KK_TANPA_STANDAR = Workflow(
    layanan="kk-uji-2",
    title="Uji: KK dengan meja tanpa standar",
    states=(State("masuk", "Berkas masuk", "primary"),
            State("ditelaah", "Ditelaah Kasi", "info"),
            State("selesai", "KK diambil", "success", terminal=True)),
    transitions=(
        Transition("terima", "Terima berkas KK", (None,), "masuk", ("sekretariat",), sop_step=1,
                   forward=True),
        Transition("telaah", "Telaah", ("masuk",), "ditelaah", ("operator",), sop_step=2,
                   forward=True),
        Transition("setujui", "Setujui", ("ditelaah",), "selesai", ("sekcam",), forward=True),
    ),
    jenis={"pisah_kk": "Pisah KK"},
    checklist=Checklist(states=("masuk",), roles=("sekretariat",)),
    sop=KK.sop,
    sop_steps=KK.sop_steps,
)


def test_a_registered_services_desk_without_standard_is_set_in_the_office_settings(
        app, login_as):
    register_workflow(KK_TANPA_STANDAR)
    try:
        admin = login_as("admin")
        url = "/admin/pengaturan/edit/?id=1"
        form = html.unescape(admin.get(url).get_data(as_text=True))
        assert 'name="tenggat_ditelaah"' in form and "(berkas Ditelaah Kasi)" in form
        assert 'name="tenggat_diverifikasi"' in form  # KTP-el's desks beside it
    finally:
        unregister_workflow(KK_TANPA_STANDAR.layanan)
    form = admin.get(url).get_data(as_text=True)
    assert 'name="tenggat_ditelaah"' not in form


def test_an_open_file_is_an_open_file_of_the_chosen_service(kk_service, login_as,
                                                            an_application):
    """At the desk, a person's unfinished KTP-el file is named when recording KTP-el, not
    when recording a file of another service for them."""
    open_file = an_application("diproses")
    desk = login_as("sekretariat")
    nik = open_file.pemohon.nik
    for layanan, named in (("ktp-el", True), ("kk-uji", False)):
        body = desk.post("/admin/loket/pemohon", {"nik": nik, "layanan": layanan},
                         csrf_url="/admin/loket/", headers=JSON).get_json()
        assert body["ok"] and body["dikenal"], body
        assert (body["terbuka"] is not None) == named, layanan
        if named:
            assert body["terbuka"]["nomor"] == open_file.nomor_tanda_terima
