"""A transition is one declaration: its roles, guards, effects, its input form and its
preparation. The engine checks the form before the file is claimed, so a bad input leaves
the file as it was: no UPDATE of the file, no log row, nothing half-saved."""
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from app.extensions import db
from app.services.nik import buat_nik
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Permohonan, TransitionLog

WAKIL = {"diambil_oleh": "wakil", "wakil_nama": "Sri Wahyuni",
         "wakil_nik": buat_nik(date(1962, 3, 4), "P", 777), "wakil_hubungan": "Ibu"}


@contextmanager
def updates_of_files():
    """Every UPDATE the database is sent for a file (the claim is one) while inside."""
    seen = []

    def watch(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("UPDATE PERMOHONAN"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)


def unchanged(p) -> bool:
    again = db.session.get(Permohonan, p.id, populate_existing=True)
    logs = db.session.execute(db.select(TransitionLog).filter_by(
        permohonan_id=p.id, aksi="serahkan")).all()
    return (again.status, again.version, again.penerima_nama, logs) == (
        "disahkan", p.version, None, [])


@pytest.mark.parametrize("bad, field, message", [
    ({"wakil_nama": "x" * 150}, "wakil_nama", "Nama wakil paling banyak 120 huruf."),
    ({"wakil_hubungan": "Tetangga"}, "wakil_hubungan", "Pilih hubungan wakil dengan pemohon."),
    ({"wakil_nik": "3520041234"}, "wakil_nik", "NIK harus 16 digit angka."),
    ({"diambil_oleh": "kurir"}, "diambil_oleh",
     "Pilih siapa yang mengambil: pemohon sendiri atau wakil."),
])
def test_a_bad_hand_over_is_refused_before_the_file_is_claimed(app, an_application, users,
                                                              bad, field, message):
    p = an_application("disahkan")
    with app.test_request_context(), updates_of_files() as updates:
        with pytest.raises(engine.Refused) as refused:
            engine.perform(p.id, "serahkan", users["sekretariat"], data={**WAKIL, **bad})
    assert refused.value.errors == {field: message}
    assert updates == []  # not claimed and rolled back: never claimed
    assert unchanged(p)


def test_a_good_hand_over_is_claimed_once_with_the_cleaned_values(app, an_application, users):
    p = an_application("disahkan")
    with app.test_request_context(), updates_of_files() as updates:
        done = engine.perform(p.id, "serahkan", users["sekretariat"],
                              data={**WAKIL, "wakil_nama": "  Sri   Wahyuni "})
    assert updates  # the claim
    assert (done.status, done.penerima_nama, done.penerima_nik, done.penerima_hubungan) == (
        "diserahkan", "Sri Wahyuni", WAKIL["wakil_nik"], "Ibu")


def test_the_hand_over_limit_is_the_columns_and_written_once():
    form = get_workflow().transition("serahkan").form
    [length] = [v for v in form.wakil_nama.kwargs["validators"] if hasattr(v, "max")]
    assert length.max == Permohonan.penerima_nama.type.length == 120


def test_a_prepare_step_runs_after_the_checks_and_before_the_claim(app, an_application,
                                                                   users):
    """A service's own preparation (here a stand-in for drawing a letter) is declared on
    its transition: not run for a refused form, its result read by the effects, and a
    refusal inside it changes nothing."""
    from dataclasses import replace

    from app.workflow.declaration import register_workflow, unregister_workflow

    KTP = get_workflow()
    prepared = []

    def prepare(step):
        if step.data["wakil_nama"] == "Gagal":
            raise engine.Refused("Persiapan gagal.")
        prepared.append(step.data["wakil_nama"])
        return {"catatan": "disiapkan untuk " + step.data["wakil_nama"]}

    serahkan = KTP.transition("serahkan")
    t = replace(serahkan, prepare=prepare,
                effects=(*serahkan.effects, lambda step: {"catatan": step.extra["catatan"]}))
    register_workflow(replace(KTP, layanan="ktp-uji", transitions=tuple(
        t if x.name == "serahkan" else x for x in KTP.transitions)))
    try:
        p = an_application("disahkan", layanan="ktp-uji")
        with app.test_request_context():
            with pytest.raises(engine.Refused):
                engine.perform(p.id, "serahkan", users["sekretariat"],
                               data={**WAKIL, "wakil_hubungan": "Tetangga"})
            assert prepared == []  # a refused form: nothing prepared
            with updates_of_files() as updates, pytest.raises(engine.Refused, match="gagal"):
                engine.perform(p.id, "serahkan", users["sekretariat"],
                               data={**WAKIL, "wakil_nama": "Gagal"})
            assert updates == [] and unchanged(p)
            done = engine.perform(p.id, "serahkan", users["sekretariat"], data=WAKIL)
        assert prepared == ["Sri Wahyuni"] and done.catatan == "disiapkan untuk Sri Wahyuni"
    finally:
        unregister_workflow("ktp-uji")


def test_the_engine_has_one_door_for_a_later_transition():
    public = set(engine.__all__)
    assert {"perform", "perform_each"} <= public
    assert not {"apply", "take", "check", "apply_many"} & public
    assert not any(hasattr(engine, name) for name in ("apply", "take", "check", "apply_many"))
