"""A second service, declared here and nowhere else, runs through every screen: list,
detail with timeline, audit log, dashboard, SOP sheet and `flask check`."""
import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.extensions import db
from app.services.permohonan import ajukan
from app.workflow import engine
from app.workflow.declaration import (
    Checklist, Requirement, SopHeader, SopStep, State, Transition, Workflow, get_workflow,
    register_workflow, unregister_workflow,
)
from models import Permohonan, TransitionLog

KK = Workflow(
    layanan="kk-uji",
    title="Uji: Pelayanan Kartu Keluarga",
    states=(State("masuk", "Berkas masuk", "primary"), State("dicetak", "KK dicetak", "info"),
            State("selesai", "KK diambil", "success", terminal=True)),
    transitions=(
        Transition("terima", "Terima berkas KK", (None,), "masuk", ("sekretariat",), sop_step=1),
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
)


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
                   users["sekretariat"], layanan="kk-uji")
        assert [s.kode for s in p.syarat] == ["f101"] and p.status == "masuk"
        with pytest.raises(engine.NotAllowed):
            engine.apply(p.id, "cetak_kk", users["sekretariat"])
        engine.apply(p.id, "cetak_kk", users["operator"])
        with pytest.raises(engine.Refused, match="wajib"):
            engine.apply(p.id, "ambil_kk", users["sekretariat"], note="")
        with pytest.raises(engine.NotFound):  # KTP-el's transitions are not its own
            engine.apply(p.id, "register", users["sekretariat"])
        engine.apply(p.id, "ambil_kk", users["sekretariat"], note="Diambil sendiri.")
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
