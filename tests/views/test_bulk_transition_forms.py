"""A list's bulk action shows no form: a transition whose declared form asks for something
(who collects the card; the Camat's passphrase with a signer set) is not offered there,
and a post of it is refused for each file with the reason, the file unchanged, never
taken with its inputs left as they start."""
from app.extensions import db
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Permohonan, TransitionLog

SERAHKAN = next(t.name for t in get_workflow().transitions if t.form is not None
                and t.label == "Serahkan KTP-el")


def handed_over(pid: int) -> bool:
    p = db.session.get(Permohonan, pid, populate_existing=True)
    return p.status != "disahkan" or p.penerima_nama is not None or db.session.execute(
        db.select(TransitionLog).filter_by(permohonan_id=pid, aksi=SERAHKAN)).first() is not None


def test_the_engine_refuses_a_bulk_transition_whose_form_asks_for_input(an_application, users):
    p = an_application("disahkan")
    [result] = engine.perform_each([p.id], SERAHKAN, users["sekretariat"])
    assert not result.ok
    assert "satu per satu" in result.message and "Diambil oleh" in result.message
    assert not handed_over(p.id)


def test_the_list_does_not_offer_it_and_a_stale_post_is_refused_per_file(login_as,
                                                                          an_application):
    p = an_application("disahkan")
    desk = login_as("sekretariat")
    listing = desk.get("/admin/permohonan/").get_data(as_text=True)
    assert f'data-aksi-massal="{SERAHKAN}"' not in listing
    assert 'data-aksi-massal="' in listing  # the others are there (register, ...)
    response = desk.post("/admin/permohonan/action/", {"action": SERAHKAN, "rowid": [p.id]},
                         csrf_url="/admin/permohonan/")
    assert response.status_code == 302
    page = desk.get(response.headers["Location"]).get_data(as_text=True)
    assert "tidak dapat dilakukan untuk banyak berkas sekaligus" in page
    assert "0 berhasil, 1 gagal" in page
    assert not handed_over(p.id)


def test_a_bulk_transition_without_inputs_still_runs(an_application, users):
    p = an_application("teregister")
    [result] = engine.perform_each([p.id], "proses", users["operator"])
    assert result.ok
