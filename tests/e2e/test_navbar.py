"""The navbar at the office's two screen widths (issue 23): at 1024 px the opened menu
lists its items one under the other, none over another, with the user's name and role;
at 1366 px an office's names are not cut."""
import pytest

from app.extensions import db
from models import User
from tests.e2e.test_navbar_widths import NAMES, overlaps

BOXES = """() => Array.from(document.querySelectorAll(
  '.navbar-toggler, #cari-navbar, .navbar-brand, .navbar-nav > .nav-item'))
  .filter(el => el.offsetParent !== null)
  .map(el => { const r = el.getBoundingClientRect();
               return {name: el.className || el.id, left: r.left, top: r.top,
                       right: r.right, bottom: r.bottom}; })"""


@pytest.mark.parametrize("role", ["camat", "sekretariat"])
def test_the_navbar_at_1024_and_1366(clerk, app, users, role):
    with app.app_context():
        db.session.get(User, users[role].id).nama = NAMES[role]
        db.session.commit()
    desk = clerk(f"navbar-{role}").login(role)
    page = desk.page
    page.set_viewport_size({"width": 1366, "height": 800})
    desk.goto("/admin/")
    desk.shot("1366")
    name = page.locator(".account-name")
    assert name.inner_text() == NAMES[role]
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth"), "the name is cut"
    assert page.locator(".account-role").is_visible()
    assert overlaps(page.evaluate(BOXES)) == []

    page.set_viewport_size({"width": 1024, "height": 800})
    desk.goto("/admin/")
    page.click(".navbar-toggler")
    page.wait_for_selector("#admin-navbar-collapse.show")
    page.wait_for_timeout(400)  # the opening animation
    assert overlaps(page.evaluate(BOXES)) == []
    assert page.locator(".account-role").is_visible()
    assert page.locator("#akun-menu").inner_text().replace("\n", " ").startswith(NAMES[role])
    desk.shot("1024-terbuka")
