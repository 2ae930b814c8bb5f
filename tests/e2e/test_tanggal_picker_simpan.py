"""A single date picker left open never covers the form's buttons (issue 23: "the single
picker ... covers Simpan"): at 1366 and 1024 px, with the Tenggat picker open, the point
at the middle of Simpan is Simpan itself, and a click there saves."""
import pytest

from tests.e2e.test_skm_follow_up import _new_follow_up, _rows
from tests.e2e.test_skm_kiosk import _published_quarter

TOP_AT_SIMPAN = """() => {
  const b = document.querySelector('.admin-form input[type=submit]');
  const r = b.getBoundingClientRect();
  return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b;
}"""


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_open_picker_leaves_simpan_free(clerk, users, app, width):
    pid = _published_quarter(app)
    camat = clerk(f"picker-simpan-{width}").login("camat")
    page = camat.page
    page.set_viewport_size({"width": width, "height": 800})
    page = _new_follow_up(camat, pid, "U3", "Loket dibuka juga siang hari.")
    page.keyboard.type("15/12/2026", delay=20)
    assert page.is_visible(".daterangepicker")
    page.locator(".admin-form input[type=submit]").first.scroll_into_view_if_needed()
    assert page.is_visible(".daterangepicker")
    assert page.evaluate(TOP_AT_SIMPAN), "the open picker covers Simpan"
    camat.shot("terbuka")
    with page.expect_navigation():
        page.click(".admin-form input[type=submit]")
    assert [u for u, _ in _rows(app)][-1] == "U3"
