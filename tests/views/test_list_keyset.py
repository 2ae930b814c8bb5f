"""Deep pages by key: a clerk who walks a list with the pager's next and previous links
sees every file once, in the list's order, even where many files share the sort key's
value and while new files are recorded; a page opened far away by its number alone says
that its position is approximate, and its neighbours are exact from there."""
import html as htmllib
import re
from datetime import datetime, timedelta

import pytest

from admin_views import paging
from app.extensions import db
from models import Desa, Permohonan

ROW = re.compile(r'class="action-checkbox" value="(\d+)"')


def permohonan_view(app):
    admin = app.extensions["admin"]
    admin = admin[0] if isinstance(admin, list) else admin
    return next(v for v in admin._views if getattr(v, "endpoint", None) == "permohonan")


@pytest.fixture
def small_pages(app, monkeypatch):
    """Pages of three rows, so a handful of files make many pages."""
    view = permohonan_view(app)
    monkeypatch.setattr(view, "page_size", 3)
    monkeypatch.setattr(view, "page_size_options", (3,))
    return view


def files_with_ties(an_application, n: int, states=("diajukan",)) -> list[int]:
    """`n` files whose submission times take only four values: most share theirs."""
    ids = [an_application(states[i % len(states)]).id for i in range(n)]
    base = datetime(2026, 11, 2, 8, 0)
    for i, pid in enumerate(ids):
        db.session.execute(db.update(Permohonan).where(Permohonan.id == pid)
                           .values(created_at=base + timedelta(hours=i % 4)))
    db.session.commit()
    return ids


def expected(column, desc: bool, where=None) -> list[int]:
    query = db.select(Permohonan.id, column)
    if where is not None:
        query = query.where(where)
    rows = db.session.execute(query).all()
    return [r[0] for r in sorted(rows, key=lambda r: (r[1], r[0]), reverse=desc)]


def link(page_html: str, title: str) -> str | None:
    found = re.search(r'<a class="page-link" href="([^"]+)" title="' + title, page_html)
    return htmllib.unescape(found.group(1)) if found else None


def page_number(url: str) -> int:
    found = re.search(r"[?&]page=(\d+)", url)
    return int(found.group(1)) if found else 0


def walk(desk, url: str, title: str) -> tuple[list[list[int]], list[int]]:
    """Follow the pager's `title` link from `url` to the end: each page's rows, and the
    page numbers the URLs said."""
    pages, numbers = [], []
    while url:
        page = desk.get(url)
        assert page.status_code == 200, url
        text = page.get_data(as_text=True)
        pages.append([int(i) for i in ROW.findall(text)])
        numbers.append(page_number(url))
        url = link(text, title)
    return pages, numbers


@pytest.mark.parametrize("query, column, desc", [
    ("", Permohonan.created_at, True),                 # the default: newest first
    ("sort=7", Permohonan.created_at, False),          # oldest first
    ("sort=0&desc=1", Permohonan.nomor_tanda_terima, True),
])
def test_next_and_previous_show_every_file_once_in_order_where_sort_keys_tie(
        app, an_application, login_as, small_pages, query, column, desc):
    files_with_ties(an_application, 14)
    order = expected(column, desc)
    desk = login_as("sekretariat")
    forward, numbers = walk(desk, f"/admin/permohonan/?{query}", "Halaman berikutnya")
    assert [i for page in forward for i in page] == order
    assert all(len(page) == 3 for page in forward[:-1])
    assert numbers == list(range(len(forward)))  # the URL still says which page
    # And back from the last page, page by page, to the first.
    last = desk.get(f"/admin/permohonan/?{query}&page={numbers[-1]}").get_data(as_text=True)
    backward, back_numbers = walk(desk, link(last, "Halaman sebelumnya"), "Halaman sebelumnya")
    assert backward == forward[-2::-1]
    assert back_numbers == numbers[-2::-1]


def test_a_walk_through_a_search_and_a_filter_is_exact_too(
        app, an_application, login_as, small_pages):
    ids = files_with_ties(an_application, 13, states=("diajukan", "diproses"))
    desk = login_as("sekretariat")
    diproses = expected(Permohonan.created_at, True, Permohonan.status == "diproses")
    pages, _ = walk(desk, "/admin/permohonan/?flt0_0=diproses", "Halaman berikutnya")
    assert [i for page in pages for i in page] == diproses
    pages, _ = walk(desk, "/admin/permohonan/?search=Budi", "Halaman berikutnya")
    assert [i for page in pages for i in page] == expected(Permohonan.created_at, True)
    assert len(ids) == 13


def test_a_file_recorded_during_the_walk_neither_repeats_nor_hides_a_row(
        app, an_application, login_as, small_pages):
    files_with_ties(an_application, 10)
    order = expected(Permohonan.created_at, True)
    desk = login_as("sekretariat")
    first = desk.get("/admin/permohonan/").get_data(as_text=True)
    an_application("diajukan")  # newest: with OFFSET every later page would shift by one
    pages, _ = walk(desk, link(first, "Halaman berikutnya"), "Halaman berikutnya")
    assert [int(i) for i in ROW.findall(first)] + [i for p in pages for i in p] == order


def test_the_pages_near_the_current_one_are_exact_by_key(
        app, an_application, login_as, small_pages):
    files_with_ties(an_application, 20)
    order = expected(Permohonan.created_at, True)
    desk = login_as("sekretariat")
    text = desk.get("/admin/permohonan/").get_data(as_text=True)
    for _ in range(3):  # to page 4 (index 3) by "next"
        text = desk.get(link(text, "Halaman berikutnya")).get_data(as_text=True)
    for target in (1, 2, 4, 5, 6):
        href = re.search(r'<a class="page-link" href="([^"]+)">' + str(target + 1) + "<", text)
        rows = [int(i) for i in ROW.findall(desk.get(htmllib.unescape(href.group(1)))
                                             .get_data(as_text=True))]
        assert rows == order[3 * target:3 * target + 3], target


def test_a_page_opened_far_away_by_its_number_says_it_is_approximate(
        app, an_application, login_as, small_pages, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_OFFSET", 3)  # "far" is anything past page 2 here
    files_with_ties(an_application, 24)
    order = expected(Permohonan.created_at, True)
    desk = login_as("sekretariat")
    near = desk.get("/admin/permohonan/?page=1").get_data(as_text=True)
    far = desk.get("/admin/permohonan/?page=4").get_data(as_text=True)
    assert "perkiraan" not in near
    assert "Letak halaman ini perkiraan" in far
    shown = [int(i) for i in ROW.findall(far)]
    assert len(shown) == 3 and shown == order[order.index(shown[0]):][:3]
    # From there on, next is exact and the note stays with the pages walked to.
    pages, numbers = walk(desk, link(far, "Halaman berikutnya"), "Halaman berikutnya")
    assert [i for p in pages for i in p] == order[order.index(shown[-1]) + 1:]
    assert numbers[0] == 5
    nxt = desk.get(link(far, "Halaman berikutnya")).get_data(as_text=True)
    assert "Letak halaman ini perkiraan" in nxt


def test_a_damaged_page_key_is_no_page(app, an_application, login_as, small_pages):
    files_with_ties(an_application, 4)
    desk = login_as("sekretariat")
    for bad in ("after=%%%", "after=WyJ4Il0", "before=bm90IGpzb24", "after=W10&skip=9"):
        assert desk.get(f"/admin/permohonan/?page=2&{bad}").status_code == 404, bad
    # The key never leaks into sorting, filtering or page-size links.
    text = desk.get("/admin/permohonan/").get_data(as_text=True)
    second = desk.get(link(text, "Halaman berikutnya")).get_data(as_text=True)
    hrefs = re.findall(r'href="([^"]*sort=[^"]*)"', second)
    assert hrefs and not any("after=" in h or "before=" in h for h in hrefs)


def test_a_list_page_costs_five_statements_at_most_at_any_depth(
        app, an_application, login_as, monkeypatch, statements):
    monkeypatch.setattr(paging, "EXACT_OFFSET", 3)  # page 2 and on are "far" here
    view = permohonan_view(app)
    monkeypatch.setattr(view, "page_size", 3)
    monkeypatch.setattr(view, "page_size_options", (3, 100))
    files_with_ties(an_application, 30, states=("diajukan", "diproses"))
    desk = login_as("sekretariat")
    second = link(desk.get("/admin/permohonan/").get_data(as_text=True), "Halaman berikutnya")
    assert second and "after=" in second
    counted = []
    for url in ("/admin/permohonan/", "/admin/permohonan/?page_size=100", second,
                "/admin/permohonan/?page=4", "/admin/permohonan/?search=Budi&page=4",
                "/admin/permohonan/?flt0_0=diproses&page=2",
                "/admin/permohonan/?sort=7&page=4"):
        with statements:
            response = desk.get(url)
        assert response.status_code == 200, url
        assert len(statements) <= 5, (url, str(statements))
        counted.append(len(statements))
    far = desk.get("/admin/permohonan/?page=4").get_data(as_text=True)
    assert "Letak halaman ini perkiraan" in far  # the far pages above were estimated


def test_a_far_page_of_a_search_counted_only_to_its_cap_is_estimated_and_said_so(
        app, an_application, login_as, small_pages, monkeypatch, statements):
    monkeypatch.setattr(paging, "EXACT_OFFSET", 3)
    monkeypatch.setattr(paging, "SPACING_SAMPLE", 4)
    monkeypatch.setattr(small_pages, "count_cap", 5)  # "more than 5" Budi files
    files_with_ties(an_application, 24)
    order = expected(Permohonan.created_at, True)
    desk = login_as("sekretariat")
    with statements:
        far = desk.get("/admin/permohonan/?search=Budi&page=4").get_data(as_text=True)
    counted_far = len(statements)
    assert counted_far <= 5
    assert "Letak halaman ini perkiraan" in far and "(lebih dari 5)" in far
    shown = [int(i) for i in ROW.findall(far)]
    assert len(shown) == 3 and shown == order[order.index(shown[0]):][:3]
    pages, _ = walk(desk, link(far, "Halaman berikutnya"), "Halaman berikutnya")
    assert [i for p in pages for i in p] == order[order.index(shown[-1]) + 1:]
    # A page walked to from one that found more than the cap is not counted again.
    with statements:
        nxt = desk.get(link(far, "Halaman berikutnya")).get_data(as_text=True)
    assert "(lebih dari 5)" in nxt and len(statements) < counted_far


def test_the_register_walks_by_key_too(app, an_application, login_as, monkeypatch):
    from models import RegisterEntry
    admin = app.extensions["admin"]
    admin = admin[0] if isinstance(admin, list) else admin
    view = next(v for v in admin._views if getattr(v, "endpoint", None) == "register")
    monkeypatch.setattr(view, "page_size", 3)
    monkeypatch.setattr(view, "page_size_options", (3,))
    for _ in range(8):
        an_application("teregister")
    entries = db.session.execute(db.select(RegisterEntry.permohonan_id, RegisterEntry.tahun,
                                           RegisterEntry.nomor_urut, RegisterEntry.tanggal,
                                           RegisterEntry.id)).all()
    newest_first = [e.permohonan_id for e in sorted(
        entries, key=lambda e: (e.tahun, e.nomor_urut, e.id), reverse=True)]
    by_date = [e.permohonan_id for e in sorted(entries, key=lambda e: (e.tanggal, e.id))]
    desk = login_as("sekretariat")
    number_of = {e.permohonan_id: db.session.get(RegisterEntry, e.id).nomor for e in entries}
    for url, expected_order in (("/admin/register/", newest_first),
                                ("/admin/register/?sort=1", by_date)):
        seen = []
        while url:
            text = desk.get(url).get_data(as_text=True)
            seen += sorted((text.index(number_of[p]), p) for p in number_of
                           if number_of[p] in text)
            url = link(text, "Halaman berikutnya")
        assert [p for _, p in seen] == expected_order, url


# --- the applicants' list and the audit log: paged by key too --------------------------
PEMOHON_ROW = re.compile(r'href="/admin/pemohon/details/\?id=(\d+)&')


def view_named(app, endpoint: str):
    admin = app.extensions["admin"]
    admin = admin[0] if isinstance(admin, list) else admin
    return next(v for v in admin._views if getattr(v, "endpoint", None) == endpoint)


@pytest.fixture
def applicants_with_ties(app, a_pemohon, monkeypatch):
    """Fourteen applicants under three names (most share theirs), pages of three."""
    view = view_named(app, "pemohon")
    monkeypatch.setattr(view, "page_size", 3)
    monkeypatch.setattr(view, "page_size_options", (3, 100))
    names = ("Sri Wahyuni", "Budi Santoso", "Agus Salim")
    return [a_pemohon(nama=names[i % 3], jenis_kelamin="LP"[i % 2]).id for i in range(14)]


def applicants(order_column=None, desc=True, where=None) -> list[int]:
    from models import Pemohon
    column = order_column if order_column is not None else Pemohon.id
    query = db.select(Pemohon.id, column)
    if where is not None:
        query = query.where(where)
    rows = db.session.execute(query).all()
    return [r[0] for r in sorted(rows, key=lambda r: (r[1], r[0]), reverse=desc)]


def walk_rows(desk, url: str, title: str, row=PEMOHON_ROW):
    pages, numbers = [], []
    while url:
        page = desk.get(url)
        assert page.status_code == 200, url
        text = page.get_data(as_text=True)
        pages.append([int(i) for i in row.findall(text)])
        numbers.append(page_number(url))
        url = link(text, title)
    return pages, numbers


@pytest.mark.parametrize("query, by_name, desc", [
    ("", False, True),               # the default: newest applicant first
    ("sort=1", True, False),         # by name, A to Z: many names tie
    ("sort=1&desc=1", True, True),
])
def test_the_applicants_list_walks_next_and_previous_exactly_where_names_tie(
        app, login_as, applicants_with_ties, query, by_name, desc):
    from models import Pemohon
    order = applicants(Pemohon.nama if by_name else None, desc)
    desk = login_as("sekretariat")
    forward, numbers = walk_rows(desk, f"/admin/pemohon/?{query}", "Halaman berikutnya")
    assert [i for page in forward for i in page] == order
    assert all(len(page) == 3 for page in forward[:-1]) and len(forward) == 5
    assert numbers == list(range(5))
    last = desk.get(f"/admin/pemohon/?{query}&page=4").get_data(as_text=True)
    backward, back_numbers = walk_rows(desk, link(last, "Halaman sebelumnya"),
                                       "Halaman sebelumnya")
    assert backward == forward[-2::-1] and back_numbers == numbers[-2::-1]


def test_the_applicants_list_walks_a_search_and_a_filter_exactly(
        app, login_as, applicants_with_ties):
    from models import Pemohon
    desk = login_as("sekretariat")
    pages, _ = walk_rows(desk, "/admin/pemohon/?search=Budi", "Halaman berikutnya")
    assert [i for p in pages for i in p] == applicants(where=Pemohon.nama == "Budi Santoso")
    # Women (filter 9: sex equals) of the village (filter 2: the village's name, a join).
    desa = db.session.execute(db.select(Desa.nama).order_by(Desa.kode)).scalars().first()
    pages, _ = walk_rows(desk, f"/admin/pemohon/?flt0_9=P&flt1_2={desa}", "Halaman berikutnya")
    assert [i for p in pages for i in p] == applicants(where=Pemohon.jenis_kelamin == "P")
    assert len(pages) == 3


def test_an_applicant_recorded_during_the_walk_neither_repeats_nor_hides_a_row(
        app, login_as, applicants_with_ties, a_pemohon):
    order = applicants()
    desk = login_as("sekretariat")
    first = desk.get("/admin/pemohon/").get_data(as_text=True)
    a_pemohon(nama="Budi Santoso")  # newest: with OFFSET every later page shifts by one
    pages, _ = walk_rows(desk, link(first, "Halaman berikutnya"), "Halaman berikutnya")
    assert [int(i) for i in PEMOHON_ROW.findall(first)] + [i for p in pages for i in p] == order


def test_the_applicants_list_costs_five_statements_at_most_at_any_depth(
        app, login_as, applicants_with_ties, monkeypatch, statements):
    monkeypatch.setattr(paging, "EXACT_OFFSET", 3)  # page 2 and on are "far" here
    desk = login_as("sekretariat")
    second = link(desk.get("/admin/pemohon/").get_data(as_text=True), "Halaman berikutnya")
    assert second and "after=" in second
    for url in ("/admin/pemohon/", "/admin/pemohon/?page_size=100", second,
                "/admin/pemohon/?page=2", "/admin/pemohon/?page=4", "/admin/pemohon/?search=Budi&page=3",
                "/admin/pemohon/?flt0_9=P&page=2", "/admin/pemohon/?sort=1&page=4"):
        with statements:
            response = desk.get(url)
        assert response.status_code == 200, url
        assert len(statements) <= 5, (url, str(statements))
    far = desk.get("/admin/pemohon/?page=2").get_data(as_text=True)
    assert "Letak halaman ini perkiraan" in far  # estimated from the ids, here exactly
    assert [int(i) for i in PEMOHON_ROW.findall(far)] == applicants()[6:9]


def test_the_audit_log_walks_by_key_where_times_tie(app, an_application, login_as,
                                                    monkeypatch, statements):
    from models import TransitionLog
    view = view_named(app, "riwayat")
    monkeypatch.setattr(view, "page_size", 2)
    monkeypatch.setattr(view, "page_size_options", (2,))
    for state in ("diserahkan", "teregister", "diproses"):
        an_application(state)
    base = datetime(2026, 11, 2, 8, 0)
    ids = db.session.execute(db.select(TransitionLog.id)).scalars().all()
    for i, log_id in enumerate(ids):  # three moments for every log row
        db.session.execute(db.update(TransitionLog).where(TransitionLog.id == log_id)
                           .values(at=base + timedelta(minutes=i % 3)))
    db.session.commit()
    rows = db.session.execute(db.select(TransitionLog.id, TransitionLog.at)).all()
    order = [r[0] for r in sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)]
    detail = re.compile(r'href="/admin/riwayat/details/\?id=(\d+)&')
    desk = login_as("sekretariat")
    with statements:
        first = desk.get("/admin/riwayat/")
    assert first.status_code == 200 and len(statements) <= 5, str(statements)
    pages, numbers = walk_rows(desk, "/admin/riwayat/", "Halaman berikutnya", row=detail)
    assert [i for p in pages for i in p] == order and len(pages) > 2
    assert numbers == list(range(len(pages)))
    second = link(first.get_data(as_text=True), "Halaman berikutnya")
    assert "after=" in second
