"""Large lists: pages read from the far end hold the same rows as a plain OFFSET, big
result sets are counted only up to a cap, and the village filter reads a copy of the
applicant's village that the database keeps right."""
import pytest

from app.extensions import db
from models import Desa, Pemohon, Permohonan


def permohonan_view(app):
    admin = app.extensions["admin"]
    admin = admin[0] if isinstance(admin, list) else admin
    return next(v for v in admin._views if getattr(v, "endpoint", None) == "permohonan")


def expected_order(sort_key, desc: bool) -> list[int]:
    rows = db.session.execute(db.select(Permohonan.id, sort_key)).all()
    return [r[0] for r in sorted(rows, key=lambda r: (r[1], r[0]), reverse=desc)]


@pytest.mark.parametrize("sort, desc", [(None, None), ("created_at", False),
                                        ("nomor_tanda_terima", True)])
def test_every_page_holds_the_rows_of_the_total_order_whichever_end_it_is_read_from(
        app, an_application, sort, desc):
    for state in ("diajukan", "diproses", "diserahkan", "teregister", "diajukan", "diproses",
                  "disahkan"):
        an_application(state)
    view = permohonan_view(app)
    with app.test_request_context("/admin/permohonan/"):
        if sort is None:
            expected = expected_order(Permohonan.created_at, desc=True)
        else:
            expected = expected_order(getattr(Permohonan, sort), desc=desc)
        for page_size in (2, 3, 7):
            pages = []
            for page in range(4):
                count, rows = view.get_list(page, sort, desc, None, [], page_size=page_size)
                assert count == 7
                pages.append([p.id for p in rows])
            # Pages 0..1 are read forwards, the rest from the end (reversed order).
            chunks = [expected[i:i + page_size] for i in range(0, 4 * page_size, page_size)]
            assert pages == chunks


def test_the_last_page_of_a_filtered_list_comes_from_the_end_with_the_right_rows(
        app, an_application, login_as):
    made = [an_application("diproses").id for _ in range(27)]
    an_application("diajukan")
    desk = login_as("sekretariat")
    html = desk.get("/admin/permohonan/?flt0_0=diproses&page=1").get_data(as_text=True)
    with app.app_context():
        oldest = db.session.execute(
            db.select(Permohonan.nomor_tanda_terima).where(Permohonan.id.in_(made[:2]))
            .order_by(Permohonan.id)).scalars().all()
        newer = db.session.execute(
            db.select(Permohonan.nomor_tanda_terima).where(Permohonan.id == made[2])).scalar()
    assert all(n in html for n in oldest) and newer not in html
    assert html.index(oldest[1]) < html.index(oldest[0])  # still newest first
    assert "(27)" in html


def test_a_search_matching_more_than_the_cap_says_more_than_and_offers_the_next_page(
        app, an_application, login_as, monkeypatch):
    view = permohonan_view(app)
    monkeypatch.setattr(view, "count_cap", 3)  # counted up to 3, or to the page's end
    wibowo = []
    for i in range(27):
        wibowo.append(an_application("diajukan", nama="Sri Wibowo").nomor_tanda_terima)
        if i % 10 == 0:
            an_application("diajukan", nama="Agus Santoso")
    desk = login_as("sekretariat")
    first = desk.get("/admin/permohonan/?search=wibowo").get_data(as_text=True)
    second = desk.get("/admin/permohonan/?search=wibowo&page=1").get_data(as_text=True)
    few = desk.get("/admin/permohonan/?search=Santoso").get_data(as_text=True)
    assert "(lebih dari 25)" in first and "page=1" in first
    # The page itself is complete and right: the 25 newest matches, newest first.
    assert [n for n in wibowo if n in first] == wibowo[2:]
    assert first.index(wibowo[-1]) < first.index(wibowo[2])
    assert "(27)" in second and [n for n in wibowo if n in second] == wibowo[:2]
    assert "(3)" in few and "lebih dari" not in few
    with app.test_request_context("/admin/permohonan/"):
        count, rows = view.get_list(0, None, None, "Wibowo", [], page_size=2)
        assert str(count) == "lebih dari 3" and len(rows) == 2
        count, rows = view.get_list(3, None, None, "Wibowo", [], page_size=2)
        assert str(count) == "lebih dari 8" and len(rows) == 2  # the cap follows the page


def test_a_file_takes_its_applicants_village_and_follows_a_move(app, an_application, ctx):
    p = an_application("diajukan")
    first, other = db.session.execute(db.select(Desa.id).order_by(Desa.kode)).scalars().all()[:2]
    db.session.expire_all()
    assert db.session.get(Permohonan, p.id).desa_id == first
    db.session.get(Pemohon, p.pemohon_id).desa_id = other
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Permohonan, p.id).desa_id == other
    # Written directly, a wrong village is put right by the database.
    db.session.execute(db.update(Permohonan).where(Permohonan.id == p.id)
                       .values(desa_id=first))
    db.session.commit()
    assert db.session.execute(db.select(Permohonan.desa_id)
                              .where(Permohonan.id == p.id)).scalar() == other


def test_the_village_filter_lists_the_files_of_applicants_who_live_there_now(
        app, an_application, login_as):
    stays, moves = an_application("diajukan"), an_application("diajukan")
    with app.app_context():
        first, other = db.session.execute(
            db.select(Desa.id).order_by(Desa.kode)).scalars().all()[:2]
        db.session.get(Pemohon, moves.pemohon_id).desa_id = other
        db.session.commit()
    desk = login_as("sekretariat")
    here = desk.get(f"/admin/permohonan/?flt0_2={first}").get_data(as_text=True)
    there = desk.get(f"/admin/permohonan/?flt0_2={other}").get_data(as_text=True)
    assert stays.nomor_tanda_terima in here and moves.nomor_tanda_terima not in here
    assert moves.nomor_tanda_terima in there and stays.nomor_tanda_terima not in there


def test_the_register_filters_by_the_village_the_applicant_lives_in_now(
        app, an_application, login_as):
    stays, moves = an_application("teregister"), an_application("teregister")
    with app.app_context():
        first, other = db.session.execute(
            db.select(Desa.id).order_by(Desa.kode)).scalars().all()[:2]
        db.session.get(Pemohon, moves.pemohon_id).desa_id = other
        db.session.commit()
        numbers = {p.id: db.session.get(Permohonan, p.id).register.nomor for p in (stays, moves)}
    desk = login_as("sekretariat")
    here = desk.get(f"/admin/register/?flt0_2={first}").get_data(as_text=True)
    there = desk.get(f"/admin/register/?flt0_2={other}").get_data(as_text=True)
    assert numbers[stays.id] in here and numbers[moves.id] not in here
    assert numbers[moves.id] in there and numbers[stays.id] not in there


def test_the_applicant_picker_finds_the_same_people_when_a_name_is_common(
        app, a_pemohon, login_as, monkeypatch):
    from app.services import hitung
    for nama in ("Sri Wibowo", "Agus Wibowo", "Dewi Santoso", "Budi Wibowo", "Agus Wibowo",
                 "Eko WIBOWO", "Rina Utomo"):
        a_pemohon(nama=nama)
    desk = login_as("sekretariat")
    url = "/admin/permohonan/ajax/lookup/?name=pemohon&query=wibowo&limit=3"
    few = [desk.get(url).get_json(), desk.get(url + "&offset=3").get_json()]
    monkeypatch.setattr(hitung, "COUNT_CAP_NAMA", 2)  # now "wibowo" is a common name
    many = [desk.get(url).get_json(), desk.get(url + "&offset=3").get_json()]
    assert many == few
    names = [label.split(" (")[0] for page in few for _id, label in page]
    assert names == ["Agus Wibowo", "Agus Wibowo", "Budi Wibowo", "Eko WIBOWO", "Sri Wibowo"]


def test_a_name_is_counted_to_its_own_cap_and_a_filter_to_the_lists(
        app, an_application, login_as, monkeypatch):
    """A name search says "more than" past COUNT_CAP_NAMA (the clerk narrows the name), and
    its page is the same rows whichever way they were found; a filter counts further."""
    from app.services import hitung
    made = [an_application("diajukan", nama="Sri Wibowo").nomor_tanda_terima for _ in range(27)]
    desk = login_as("sekretariat")
    exact = desk.get("/admin/permohonan/?search=wibowo").get_data(as_text=True)
    monkeypatch.setattr(hitung, "COUNT_CAP_NAMA", 3)  # a page is still counted to its end
    capped = desk.get("/admin/permohonan/?search=wibowo").get_data(as_text=True)
    people = desk.get("/admin/pemohon/?search=wibowo").get_data(as_text=True)
    state = desk.get("/admin/permohonan/?flt0_0=diajukan").get_data(as_text=True)
    assert "(27)" in exact and "(lebih dari 25)" in capped and "(lebih dari 25)" in people
    assert [n for n in made if n in capped] == [n for n in made if n in exact] == made[2:]
    assert "(27)" in state and "lebih dari" not in state
