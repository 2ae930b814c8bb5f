"""The SOP workflow: every transition for every role, the guards, stale posts, numbering
under concurrency, bulk actions, and the engine running a second, test-defined workflow."""
import threading

import pytest

from app.extensions import db
from app.services.permohonan import centang_syarat
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Permohonan, RegisterEntry, TransitionLog
from tests.expected_access import CHECKLIST, EVERYONE as ROLES, TRANSITIONS

KTP = get_workflow("ktp-el")
NOTE = "Catatan uji."


def log_count(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(TransitionLog.id))).scalar()




def test_the_declaration_matches_the_expected_access():
    declared = {(t.name, state): set(t.roles_at(state)) for t in KTP.transitions
                for state in t.sources if state}
    assert declared == TRANSITIONS
    roles, states = CHECKLIST
    assert {(r, s) for r in ROLES for s in (st.name for st in KTP.states)
            if KTP.may_tick(r, s)} == {(r, s) for r in roles for s in states}


@pytest.mark.parametrize("name,state", sorted(TRANSITIONS))
def test_every_transition_for_every_role(app, login_as, an_application, users, name, state):
    """One file per (transition, state): every role refused (403, nothing written) but
    the allowed one, which takes it with one log row."""
    t = KTP.transition(name)
    allowed = TRANSITIONS[(name, state)]
    p = an_application(state)
    if name == "register":
        centang_syarat(p, {s.kode for s in p.syarat}, users["sekretariat"])
    url = f"/admin/permohonan/{p.id}/transition/{name}"
    before = log_count(app)
    for role in sorted(set(ROLES) - allowed):
        assert login_as(role).post(url, {"note": NOTE}).status_code == 403, role
    with app.app_context():
        assert db.session.get(Permohonan, p.id).status == state
    assert log_count(app) == before
    (role,) = allowed
    response = login_as(role).post(url, {"note": NOTE})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"].endswith(f"/admin/permohonan/details/?id={p.id}")
    with app.app_context():
        assert db.session.get(Permohonan, p.id).status == t.target
        last = db.session.execute(db.select(TransitionLog).where(
            TransitionLog.permohonan_id == p.id).order_by(TransitionLog.id.desc())).scalar()
    assert log_count(app) == before + 1
    assert (last.dari, last.ke, last.aksi, last.actor_role, last.catatan) == (
        state, t.target, name, role, NOTE)


def test_guards(app, login_as, an_application, users):
    desk = login_as("sekretariat")
    p = an_application("diajukan")
    refused = desk.post(f"/admin/permohonan/{p.id}/transition/register", {"note": ""})
    assert refused.status_code == 422
    assert "Syarat wajib belum lengkap" in refused.get_data(as_text=True)
    assert desk.post(f"/admin/permohonan/{p.id}/transition/kembalikan",
                     {"note": ""}).status_code == 422  # a note is required
    centang_syarat(p, {s.kode for s in p.syarat}, users["sekretariat"])
    nothing_missing = desk.post(f"/admin/permohonan/{p.id}/transition/kembalikan", {"note": NOTE})
    assert "sudah lengkap" in nothing_missing.get_data(as_text=True)
    q = an_application("diproses")
    assert login_as("sekcam").post(f"/admin/permohonan/{q.id}/transition/tolak",
                                   {"note": "  "}).status_code == 422
    r = an_application("disahkan")
    assert desk.post(f"/admin/permohonan/{r.id}/transition/batalkan",
                     {"note": NOTE}).status_code == 409  # not before ratification any more


def test_who_verified_cannot_ratify(app, an_application, users):
    p = an_application("diverifikasi")
    with app.app_context():
        db.session.execute(db.update(Permohonan).where(Permohonan.id == p.id)
                           .values(diverifikasi_oleh_id=users["camat"].id))
        db.session.commit()
    with app.test_request_context():
        with pytest.raises(engine.Refused, match="tidak boleh juga mengesahkannya"):
            engine.perform(p.id, "sahkan", db.session.get(type(users["camat"]), users["camat"].id))


def test_stale_version_and_double_submit_record_once(app, login_as, an_application):
    p = an_application("teregister")
    operator = login_as("operator")
    first = operator.post(f"/admin/permohonan/{p.id}/transition/proses",
                          {"note": "", "version": str(p.version)})
    assert first.status_code == 302
    again = operator.post(f"/admin/permohonan/{p.id}/transition/proses",
                          {"note": "", "version": str(p.version)})
    assert again.status_code == 409
    assert "sudah berubah" in again.get_data(as_text=True)
    with app.app_context():
        rows = db.session.execute(db.select(db.func.count()).where(
            TransitionLog.permohonan_id == p.id, TransitionLog.aksi == "proses")).scalar()
    assert rows == 1


def test_register_numbers_are_consecutive_under_concurrency(app, an_application, users):
    files = [an_application("diajukan") for _ in range(12)]
    for p in files:
        centang_syarat(p, {s.kode for s in p.syarat}, users["sekretariat"])
    user_id = users["sekretariat"].id
    barrier = threading.Barrier(len(files))
    errors = []

    def register(pid):
        with app.app_context():
            from models import User
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                engine.perform(pid, "register", user)
            except Exception as exc:  # reported below
                errors.append(repr(exc))

    threads = [threading.Thread(target=register, args=(p.id,)) for p in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with app.app_context():
        urut = sorted(db.session.execute(db.select(RegisterEntry.nomor_urut)).scalars())
        logs = db.session.execute(db.select(db.func.count()).where(
            TransitionLog.aksi == "register")).scalar()
    assert urut == list(range(1, len(files) + 1))
    assert logs == len(files)


def test_bulk_action_commits_each_file_on_its_own(app, login_as, an_application, users):
    good = [an_application("diajukan") for _ in range(2)]
    for p in good:
        centang_syarat(p, {s.kode for s in p.syarat}, users["sekretariat"])
    bad = an_application("diajukan")
    desk = login_as("sekretariat")
    response = desk.post("/admin/permohonan/action/",
                         {"action": "register", "rowid": [good[0].id, bad.id, good[1].id]},
                         csrf_url="/admin/permohonan/")
    assert response.status_code == 302
    page = desk.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 berhasil, 1 gagal" in page and bad.nomor_tanda_terima in page
    with app.app_context():
        states = {p.id: db.session.get(Permohonan, p.id).status for p in [*good, bad]}
    assert states == {good[0].id: "teregister", good[1].id: "teregister", bad.id: "diajukan"}
    assert login_as("operator").post("/admin/permohonan/action/",
                                     {"action": "register", "rowid": [bad.id]},
                                     csrf_url="/admin/permohonan/").status_code == 403


def test_flask_admin_endpoints_cannot_bypass_the_workflow(app, login_as, an_application):
    p = an_application("diproses")
    desk = login_as("sekretariat")
    edit = desk.post(f"/admin/permohonan/edit/?id={p.id}", {"status": "disahkan"},
                     csrf_url="/admin/permohonan/")
    assert edit.status_code == 403
    assert desk.post("/admin/permohonan/delete/", {"id": p.id},
                     csrf_url="/admin/permohonan/").status_code == 403
    assert desk.post("/admin/permohonan/ajax/update/", {"list_form_pk": p.id,
                     "status": "disahkan"}, csrf_url="/admin/permohonan/").status_code == 403
    # An export reads the list; it writes nothing (tests/views/test_ekspor.py).
    for url in ("/admin/register/edit/?id=1", "/admin/register/new/", "/admin/riwayat/edit/?id=1",
                "/admin/riwayat/new/"):
        assert desk.get(url).status_code == 404
    assert desk.post("/admin/riwayat/delete/", {"id": 1},
                     csrf_url="/admin/permohonan/").status_code in (404, 405)
    with app.app_context():
        assert db.session.get(Permohonan, p.id).status == "diproses"
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    for view in ("register", "riwayat"):
        for verb in ("create_view", "edit_view", "delete_view", "ajax_update"):
            assert f"{view}.{verb}" not in endpoints


def test_paths_reach_every_state(an_application):
    assert set(KTP.paths()) == {s.name for s in KTP.states}
    for state in KTP.paths():
        assert an_application(state).status == state


def test_two_clerks_registering_one_file_get_one_number(app, an_application, users):
    p = an_application("diajukan")
    centang_syarat(p, {s.kode for s in p.syarat}, users["sekretariat"])
    pid, uid = p.id, users["sekretariat"].id
    barrier, outcomes = threading.Barrier(6), []

    def register():
        with app.app_context():
            from models import User
            user = db.session.get(User, uid)
            barrier.wait()
            try:
                engine.perform(pid, "register", user)
                outcomes.append("ok")
            except engine.StaleState:
                outcomes.append("stale")
            except Exception as exc:  # anything else is a bug
                outcomes.append(repr(exc))

    threads = [threading.Thread(target=register) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["ok"] + ["stale"] * 5
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(RegisterEntry.id))).scalar() == 1
        assert db.session.execute(db.select(db.func.max(RegisterEntry.nomor_urut))).scalar() == 1


def test_recording_is_the_initial_transition_with_guards_effects_and_a_log_row(
        app, a_pemohon, users):
    from dataclasses import replace
    from datetime import date

    from app.services.permohonan import ajukan
    from app.workflow.declaration import register_workflow, unregister_workflow
    from models import Counter

    with app.test_request_context():
        young = a_pemohon(tanggal_lahir=date(2015, 1, 1), status_perkawinan="belum_kawin")
        with pytest.raises(engine.Refused, match="belum wajib KTP-el"):  # the initial's guard
            ajukan(young, "baru", users["sekretariat"])
        with pytest.raises(engine.NotAllowed):
            ajukan(a_pemohon(), "baru", users["operator"])
        assert db.session.execute(db.select(db.func.count(Permohonan.id))).scalar() == 0
        assert db.session.execute(db.select(Counter)).scalar() is None  # no number taken

        # An effect declared on the initial transition runs like any other's.
        initial = replace(KTP.initial, effects=(lambda step: {"catatan": "dari efek"},))
        variant = replace(KTP, layanan="ktp-uji", transitions=(initial, *KTP.transitions[1:]))
        register_workflow(variant)
        try:
            p = ajukan(a_pemohon(), "baru", users["sekretariat"], layanan="ktp-uji")
        finally:
            unregister_workflow("ktp-uji")
        log = db.session.execute(db.select(TransitionLog).where(
            TransitionLog.permohonan_id == p.id)).scalar_one()
    assert p.catatan == "dari efek" and p.status == "diajukan"
    assert (log.dari, log.ke, log.aksi, log.actor_role) == (None, "diajukan", "ajukan",
                                                             "sekretariat")


def test_the_graph_answers_what_other_code_used_to_spell_out():
    assert KTP.paths()["diserahkan"] == ("register", "proses", "verifikasi", "sahkan",
                                         "serahkan")
    # Only a registered file reaches these; a cancelled one may or may not have been.
    assert KTP.registered_states() == {"teregister", "diproses", "diverifikasi", "disahkan",
                                       "diserahkan"}
    assert [d.kode for d in KTP.documents_in("disahkan")] == ["tanda_terima", "surat_pengantar"]
    assert [d.kode for d in KTP.documents_in("dibatalkan")] == ["tanda_terima"]


def test_a_declared_form_is_checked_field_by_field_and_across(app, a_pemohon, users):
    """The initial transition's declared form: choices, lengths and a rule across fields,
    each message by its field; anything not declared is dropped."""
    from dataclasses import replace

    from wtforms import SelectChoice, SelectField, StringField
    from wtforms.validators import Length, ValidationError

    from app.forms import Form
    from app.services.permohonan import ajukan
    from app.workflow.declaration import register_workflow, unregister_workflow

    class Pengambil(Form):
        class Meta:
            csrf = False
        oleh = SelectField("Diambil oleh", choices=[SelectChoice("pemohon"), SelectChoice("wakil")])
        nama = StringField("Nama wakil", validators=[Length(max=5, message="Terlalu panjang.")])

        def validate_nama(self, field):
            if self.oleh.data == "wakil" and not field.data:
                raise ValidationError("Nama wakil wajib diisi.")

    register_workflow(replace(KTP, layanan="ktp-uji", transitions=(
        replace(KTP.initial, form=Pengambil), *KTP.transitions[1:])))
    try:
        with app.test_request_context():
            for data, field in (({"oleh": "tetangga"}, "oleh"), ({"oleh": "wakil"}, "nama"),
                                ({"oleh": "wakil", "nama": "panjang"}, "nama")):
                with pytest.raises(engine.Refused) as refused:
                    ajukan(a_pemohon(), "baru", users["sekretariat"], layanan="ktp-uji",
                           data=data)
                assert list(refused.value.errors) == [field]
            assert db.session.execute(db.select(Permohonan)).first() is None
            p = ajukan(a_pemohon(), "baru", users["sekretariat"], layanan="ktp-uji",
                       data={"oleh": "wakil", "nama": "Sri", "x": "1"})
            assert p.status == "diajukan"
    finally:
        unregister_workflow("ktp-uji")
