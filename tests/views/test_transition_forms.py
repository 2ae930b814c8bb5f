"""Screens draw a transition's declared form with one macro (templates/admin/_isian.html)
and post it through the engine's one door: the limits shown are the form's, a refusal
stands beside its field, and the views know no transition by name."""
import ast
import html
import re
from datetime import date
from pathlib import Path

from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional

from app.extensions import db
from app.forms import Form
from app.layanan.ktp_el.forms import HUBUNGAN, NAMA_WAKIL_MAKS
from app.services.nik import buat_nik
from app.workflow.declaration import (
    Checklist, SopHeader, State, Transition, Workflow, all_workflows, register_workflow,
    unregister_workflow,
)
from models import Permohonan, TransitionLog

ROOT = Path(__file__).resolve().parents[2]


def tag(page: str, element_id: str) -> str:
    return re.search(rf'<(?:input|select)[^>]*id="{element_id}"[^>]*>', page).group(0)


def test_the_hand_over_form_shows_the_forms_own_limits(login_as, an_application):
    p = an_application("disahkan")
    page = login_as("sekretariat").get(f"/admin/permohonan/details/?id={p.id}").get_data(
        as_text=True)
    assert f'maxlength="{NAMA_WAKIL_MAKS}"' in tag(page, "wakil-nama")
    assert NAMA_WAKIL_MAKS == Permohonan.penerima_nama.type.length
    assert 'maxlength="16"' in tag(page, "wakil-nik")
    hubungan = page.split('id="wakil-hubungan"')[1].split("</select>")[0]
    assert re.findall(r'<option[^>]*value="([^"]*)"', hubungan) == ["", *HUBUNGAN]
    # Hidden while the applicant collects: never `required` in the page.
    assert "required" not in tag(page, "wakil-nama") + tag(page, "wakil-nik")
    assert re.search(r'<input[^>]*id="diambil-pemohon"[^>]*checked', page)


def test_a_too_long_name_is_refused_beside_its_field_and_the_file_is_unchanged(
        app, login_as, an_application):
    p = an_application("disahkan")
    desk = login_as("sekretariat")
    url = f"/admin/permohonan/details/?id={p.id}"
    response = desk.post(f"/admin/permohonan/{p.id}/transition/serahkan", {
        "version": str(p.version), "diambil_oleh": "wakil", "wakil_nama": "Sri " + "x" * 146,
        "wakil_nik": buat_nik(date(1962, 3, 4), "P", 777), "wakil_hubungan": "Ibu"},
        csrf_url=url)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    name = tag(page, "wakil-nama")
    assert "is-invalid" in name and 'aria-describedby="e-wakil_nama"' in name
    assert re.search(r'id="e-wakil_nama">Nama wakil paling banyak 120 huruf\.<', page)
    assert 'value="Sri ' in name  # what was typed is kept
    assert re.search(r'<input[^>]*id="diambil-wakil"[^>]*checked', page)
    with app.app_context():
        again = db.session.get(Permohonan, p.id)
        assert (again.status, again.version, again.penerima_nama) == ("disahkan", p.version, None)
        assert db.session.execute(db.select(TransitionLog).filter_by(
            permohonan_id=p.id, aksi="serahkan")).first() is None


def test_a_bad_relationship_is_refused_beside_its_field(app, login_as, an_application):
    p = an_application("disahkan")
    response = login_as("sekretariat").post(
        f"/admin/permohonan/{p.id}/transition/serahkan",
        {"version": str(p.version), "diambil_oleh": "wakil", "wakil_nama": "Sri Wahyuni",
         "wakil_nik": buat_nik(date(1962, 3, 4), "P", 777), "wakil_hubungan": "Tetangga"},
        csrf_url=f"/admin/permohonan/details/?id={p.id}")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "is-invalid" in tag(page, "wakil-hubungan")
    assert re.search(r'id="e-wakil_hubungan">Pilih hubungan wakil dengan pemohon\.<', page)
    with app.app_context():
        assert db.session.get(Permohonan, p.id).status == "disahkan"


def test_the_views_take_every_transition_through_one_door():
    """The detail page, its bulk actions and the Loket compare or name no transition
    (ratification included): the declaration says what a transition asks and prepares,
    the engine's `perform` takes it."""
    # ("register" is also the file's register entry, a column the list shows.)
    names = {t.name for wf in all_workflows() for t in wf.transitions
             if not hasattr(Permohonan, t.name)}
    assert "sahkan" in names and "serahkan" in names
    engine_calls = set()
    for path in (ROOT / "admin_views" / "permohonan.py", ROOT / "admin_views" / "loket.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in names:
                raise AssertionError(f"{path.name}:{node.lineno} names {node.value!r}")
            if isinstance(node, ast.Compare) and any(
                    isinstance(n, ast.Name) and n.id == "transition"
                    for n in (node.left, *node.comparators)):
                raise AssertionError(f"{path.name}:{node.lineno} compares a transition")
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in ("engine", "pengesahan")):
                engine_calls.add(f"{node.value.id}.{node.attr}")
    verbs = {c for c in engine_calls if c.split(".")[1][0].islower()}
    assert verbs <= {"engine.perform", "engine.perform_each", "engine.options_for",
                     "engine.may_tick", "pengesahan.surat_ttd_of",
                     "pengesahan.signer_active"}, verbs


class NomorKkForm(Form):
    class Meta:
        csrf = False
    nomor_kk = StringField("Nomor KK baru", validators=[
        InputRequired("Nomor KK baru wajib diisi."),
        Length(min=16, max=16, message="Nomor KK baru 16 digit.")])


class KkLamaForm(Form):
    class Meta:
        csrf = False
    kk_lama = StringField("Nomor KK lama", validators=[Optional(), Length(max=16)])


def _stamp(step):
    return {"dicap": "KK " + step.data["nomor_kk"]}


KK = Workflow(
    layanan="kk-cap", title="Uji: KK dengan cap",
    states=(State("masuk", "Berkas masuk", "primary"),
            State("dicap", "KK dicap", "success", terminal=True)),
    transitions=(
        Transition("terima", "Terima berkas KK", (None,), "masuk", ("sekretariat",),
                   form=KkLamaForm),
        # Its own form and its own preparation, declared here: no view knows of it.
        Transition("cap_kk", "Cap KK", ("masuk",), "dicap", ("sekretariat",),
                   form=NomorKkForm, prepare=_stamp,
                   effects=(lambda step: {"catatan": step.extra["dicap"]},)),
    ),
    jenis={"baru": "KK baru"}, checklist=Checklist(states=("masuk",), roles=("sekretariat",)),
    sop=SopHeader("188/53/Kept", 2021, "Bagian Umum", date(2021, 12, 31), None,
                  date(2021, 12, 31), lanes=("Sekretariat",), judul_prosedur="Uji"),
)


def test_a_second_services_prepared_transition_runs_on_the_screens_unchanged(
        app, login_as, an_application):
    register_workflow(KK)
    try:
        desk = login_as("sekretariat")
        # The Loket draws its recording's form with the same macro.
        loket = desk.get("/admin/loket/?layanan=kk-cap").get_data(as_text=True)
        assert 'class="isian"' in loket and 'maxlength="16"' in tag(loket, "f-kk_lama")
        p = an_application("masuk", layanan="kk-cap")
        url = f"/admin/permohonan/details/?id={p.id}"
        page = desk.get(url).get_data(as_text=True)
        assert 'maxlength="16"' in tag(page, "nomor_kk") and "Nomor KK baru" in page
        post = f"/admin/permohonan/{p.id}/transition/cap_kk"
        short = desk.post(post, {"version": str(p.version), "nomor_kk": "123"}, csrf_url=url)
        assert short.status_code == 422
        assert re.search(r'id="e-nomor_kk">Nomor KK baru 16 digit\.<',
                         short.get_data(as_text=True))
        done = desk.post(post, {"version": str(p.version), "nomor_kk": "3520041503120001"},
                         csrf_url=url)
        assert done.status_code == 302
        with app.app_context():
            row = db.session.get(Permohonan, p.id)
            assert (row.status, row.catatan) == ("dicap", "KK 3520041503120001")
    finally:
        unregister_workflow(KK.layanan)


def test_a_bulk_hand_over_goes_through_the_same_door(app, login_as, an_application):
    """No form in a list: the hand-over, whose form asks who collects, is refused there
    (never recorded as the form starts: tests/views/test_bulk_transition_forms.py)."""
    p = an_application("disahkan", nama="Agus Purnomo")
    done = login_as("sekretariat").post(
        "/admin/permohonan/action/", {"action": "serahkan", "rowid": str(p.id)},
        csrf_url="/admin/permohonan/")
    assert done.status_code == 302
    with app.app_context():
        row = db.session.get(Permohonan, p.id)
        assert (row.status, row.penerima_nama, row.penerima_nik) == ("disahkan", None, None)
