"""The regency's dashboard in the browser, in Indonesian at 1366 and 1024 px: the regency's
viewer lands on it, the table scrolls inside its frame (the page itself does not), a
header click sorts it through the URL, the period chooser keeps the order, and the
navbar leads the Dinas's operator there."""
import pytest

from app.access.scope import dalam_kantor
from app.layanan.ktp_el.dinas import DIKIRIM_DINAS, LAYANAN, TERCETAK, TIBA
from tests.e2e.conftest import shoot
from tests.services.test_dasbor_kabupaten import three_offices  # noqa: F401

WIDTHS = (1366, 1024)

LAYOUT = """() => {
  const frame = document.querySelector('.table-responsive');
  return {pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
          frameRight: frame.getBoundingClientRect().right,
          rows: Array.from(document.querySelectorAll('#dasbor-kabupaten tbody tr'))
                  .map(tr => tr.dataset.kantor)};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_viewer_reads_and_sorts_the_regency_table(clerk, three_offices, width):
    viewer = clerk(f"pemantau-{width}").login("pemantau")
    viewer.page.set_viewport_size({"width": width, "height": 800})
    viewer.goto("/admin/")
    assert viewer.page.url.endswith("/admin/kabupaten/")
    assert viewer.page.locator("h1").inner_text().startswith("Dasbor kabupaten")
    m = viewer.page.evaluate(LAYOUT)
    assert not m["pageScrolls"] and m["frameRight"] <= width, m
    assert m["rows"] == ["35.20.05", "35.20.06", "35.20.04"]  # by name: Lembeyan, Ngun.., Takeran
    shoot(viewer.page, f"dasbor-kabupaten-{width}")
    # Scrolled to its last columns, the table keeps the office's name in view.
    left = viewer.page.eval_on_selector(".table-responsive", """el => {
        el.scrollLeft = el.scrollWidth;
        return [el.getBoundingClientRect().left, el.scrollLeft,
                el.querySelector('tbody .kolom-kantor').getBoundingClientRect().left]; }""")
    assert left[1] > 0 and abs(left[2] - left[0]) <= 2, left
    shoot(viewer.page, f"dasbor-kabupaten-{width}-kanan")

    with viewer.page.expect_navigation():
        viewer.page.click("a[data-urut=jumlah]")
    assert "urut=jumlah" in viewer.page.url and "arah=turun" in viewer.page.url
    assert viewer.page.evaluate(LAYOUT)["rows"] == ["35.20.05", "35.20.04", "35.20.06"]
    viewer.page.select_option("#periode", "7")
    with viewer.page.expect_navigation():
        viewer.page.click("#periode-form button[type=submit]")
    assert "periode=7" in viewer.page.url and "urut=jumlah" in viewer.page.url
    assert viewer.page.evaluate(LAYOUT)["rows"] == ["35.20.05", "35.20.04", "35.20.06"]
    assert viewer.page.locator("#total-kabupaten [data-kolom=jumlah]").inner_text() == "10"


def test_the_operator_finds_it_in_the_navbar(clerk, three_offices):
    operator = clerk("operator").login("operator")
    operator.page.set_viewport_size({"width": 1024, "height": 800})
    operator.goto("/admin/")
    assert operator.page.url.endswith("/admin/")  # Beranda: the files waiting for them
    toggler = operator.page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    with operator.page.expect_navigation():
        operator.page.get_by_role("link", name="Dasbor kabupaten").click()
    assert operator.page.locator("#dasbor-kabupaten").is_visible()


def test_cards_at_the_dinas_show_in_their_column(clerk, three_offices, an_application):
    """Office C runs the workflow whose cards are printed at the Dinas: its cards sent and
    printed there are counted at the Dinas, its card arrived back as ready at the kecamatan."""
    with dalam_kantor(three_offices["C"]):
        for state in (DIKIRIM_DINAS, TERCETAK, TIBA):
            an_application(state, layanan=LAYANAN)
    viewer = clerk("pemantau-dinas").login("pemantau")
    viewer.goto("/admin/kabupaten/")
    row = viewer.page.locator('tr[data-kantor="35.20.06"]')
    assert row.locator("[data-kolom=kartu-dinas]").inner_text() == "2"
    assert row.locator("[data-kolom=kartu-kecamatan]").inner_text() == "1"
    viewer.page.eval_on_selector(".table-responsive", "el => el.scrollLeft = el.scrollWidth")
    shoot(viewer.page, "dasbor-kabupaten-dinas")
