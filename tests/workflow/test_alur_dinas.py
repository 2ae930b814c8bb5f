"""The KTP-el variant where the card is printed at the Dinas: declared from the SOP's own
states and transitions (one declaration), each of its new transitions taken over HTTP by
its role alone, and the SOP's workflow left as it was."""
import pytest

from app.extensions import db
from app.workflow.declaration import get_workflow, variants_of
from models import Permohonan, TransitionLog
from tests.expected_access import EVERYONE as ROLES, TRANSITIONS, TRANSITIONS_DINAS

KTP = get_workflow("ktp-el")
DINAS = get_workflow("ktp-el-dinas")
NEW = sorted(set(TRANSITIONS_DINAS) - set(TRANSITIONS))


def test_the_variant_declares_the_expected_access_and_is_the_sop_s_variant():
    declared = {(t.name, state): set(t.roles_at(state)) for t in DINAS.transitions
                for state in t.sources if state}
    assert declared == TRANSITIONS_DINAS
    assert DINAS.varian_dari == KTP.layanan and variants_of(KTP.layanan) == [KTP, DINAS]
    # The path the card takes, after the Camat's ratification, to the hand-over.
    assert DINAS.paths()["diserahkan"] == (
        "register", "proses", "verifikasi", "sahkan", "kirim_dinas", "catat_tercetak",
        "terima_ktp", "serahkan")


def test_the_variant_is_built_from_the_sop_s_own_objects():
    """One declaration: what the variant does not change is the very same State and
    Transition, so a change to the SOP's declaration reaches both."""
    mine = {s.name: s for s in DINAS.states}
    for s in KTP.states:
        if s.name != "disahkan":
            assert mine[s.name] is s
    theirs = {t.name: t for t in DINAS.transitions}
    for t in KTP.transitions:
        if t.name != "serahkan":
            assert theirs[t.name] is t
    assert theirs["serahkan"].form is KTP.transition("serahkan").form
    assert theirs["serahkan"].effects == KTP.transition("serahkan").effects
    assert DINAS.sop_steps is KTP.sop_steps and DINAS.requirements is KTP.requirements


def test_the_sop_s_workflow_is_unchanged():
    assert KTP.varian_dari is None and KTP.kirim_kolektif is None
    assert KTP.transition("serahkan").sources == ("disahkan",)
    assert KTP.state("disahkan").notice  # "KTP-el dapat diambil": the card is here
    assert KTP.served_states() == DINAS.served_states() == {"diserahkan"}
    assert KTP.registered_states() | {"dikirim_dinas", "tercetak", "tiba"} \
        == DINAS.registered_states()


def test_documents_of_a_ratified_file_exist_on_its_way_to_the_dinas_and_back():
    for state in ("dikirim_dinas", "tercetak", "tiba"):
        assert {d.kode for d in DINAS.documents_in(state)} == {"tanda_terima", "surat_pengantar"}
    assert {d.kode for d in DINAS.documents_in("diserahkan")} \
        == {d.kode for d in KTP.documents_in("diserahkan")}


@pytest.mark.parametrize("name,state", NEW)
def test_each_new_transition_for_every_role(app, login_as, an_application, name, state):
    """A variant file at `state`: every role refused (403, nothing written) but the one
    allowed, whose post moves it with one log row."""
    allowed = TRANSITIONS_DINAS[(name, state)]
    p = an_application(state, layanan="ktp-el-dinas")
    url = f"/admin/permohonan/{p.id}/transition/{name}"
    form = {"diambil_oleh": "pemohon"} if name == "serahkan" else {}
    with app.app_context():
        before = db.session.execute(db.select(db.func.count(TransitionLog.id))).scalar()
    for role in sorted(set(ROLES) - allowed):
        assert login_as(role).post(url, form).status_code == 403, role
    (role,) = allowed
    response = login_as(role).post(url, form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        assert db.session.get(Permohonan, p.id).status == DINAS.transition(name).target
        last = db.session.execute(
            db.select(TransitionLog).order_by(TransitionLog.id.desc())).scalar()
        assert db.session.execute(db.select(db.func.count(TransitionLog.id))).scalar() == before + 1
    assert (last.dari, last.aksi, last.actor_role) == (state, name, role)


def test_a_variant_file_is_not_handed_over_before_its_card_arrives(app, login_as, an_application):
    p = an_application("disahkan", layanan="ktp-el-dinas")
    refused = login_as("sekretariat").post(f"/admin/permohonan/{p.id}/transition/serahkan",
                                           {"diambil_oleh": "pemohon"})
    assert refused.status_code == 409
    with app.app_context():
        assert db.session.get(Permohonan, p.id).status == "disahkan"
