"""Lists of two offices on one server: the counts a list page shows are its own office's,
also where they are remembered between requests (a huge table's total) or read from the
applicants' text index outside the ORM (a name search's count)."""
import pytest

from app.access.roles import SEKRETARIAT
from app.services import hitung
from tests.conftest import Browser
from tests.views.test_kantor_isolation import PASSWORD, office_b  # noqa: F401 (fixture)


@pytest.fixture
def remembered_totals(monkeypatch):
    """Every table's total remembered, as on a table of a million rows."""
    monkeypatch.setattr(hitung, "EXACT_BELOW", 0)
    monkeypatch.setattr(hitung, "_cache", {})


def office_b_desk(app) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(f"{SEKRETARIAT}.lembeyan", PASSWORD).status_code == 302
    return browser


@pytest.mark.parametrize("url", ["/admin/permohonan/", "/admin/pemohon/", "/admin/riwayat/"])
def test_a_remembered_total_is_the_offices_own(app, login_as, office_b,  # noqa: F811
                                               remembered_totals, url):
    a_desk, b_desk = login_as(SEKRETARIAT), office_b_desk(app)
    a_first = a_desk.get(url).get_data(as_text=True)
    b_page = b_desk.get(url).get_data(as_text=True)
    a_again = a_desk.get(url).get_data(as_text=True)
    a_count = a_first[a_first.index("Daftar ("):].split(")")[0]
    b_count = b_page[b_page.index("Daftar ("):].split(")")[0]
    assert a_count != b_count
    assert a_again[a_again.index("Daftar ("):].split(")")[0] == a_count


def test_a_name_searchs_count_is_the_offices_own(app, login_as, office_b):  # noqa: F811
    a_desk, b_desk = login_as(SEKRETARIAT), office_b_desk(app)
    # Office A has three applicants named "Warga Takeran Terbuka", office B five
    # "Warga Lembeyan Rahasia": "Warga" finds three in A, five in B.
    assert "Daftar (3)" in a_desk.get("/admin/pemohon/?search=Warga").get_data(as_text=True)
    assert "Daftar (5)" in b_desk.get("/admin/pemohon/?search=Warga").get_data(as_text=True)
    assert "Daftar (3)" in a_desk.get("/admin/permohonan/?search=Warga").get_data(as_text=True)
    assert "Daftar (5)" in b_desk.get("/admin/permohonan/?search=Warga").get_data(as_text=True)
