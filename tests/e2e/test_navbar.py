"""The navbar at the office's two screen widths (issue 23): at 1024 px the opened menu
lists its items one under the other, none over another, with the user's name and role;
at 1366 px an office's names are not cut."""
import pytest

from app.extensions import db
from models import User

# The demo's longest names (app/services/demo.py), as an office writes them.
NAMES = {"camat": "Jaka Prastawa, S.Sos., M.Si.", "sekretariat": "Sri Wahyuni Rahayu, A.Md."}

BOXES = """() => Array.from(document.querySelectorAll(
  '.navbar-toggler, #cari-navbar, .navbar-brand, .navbar-nav > .nav-item'))
  .filter(el => el.offsetParent !== null)
  .map(el => { const r = el.getBoundingClientRect();
               return [el.className || el.id, r.left, r.top, r.right, r.bottom]; })"""


def _overlaps(boxes):
    found = []
    for i, (a, *ra) in enumerate(boxes):
        for b, *rb in boxes[i + 1:]:
            if ra[0] < rb[2] - 1 and rb[0] < ra[2] - 1 and ra[1] < rb[3] - 1 and rb[1] < ra[3] - 1:
                found.append((a, b))
    return found


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
    assert _overlaps(page.evaluate(BOXES)) == []

    page.set_viewport_size({"width": 1024, "height": 800})
    desk.goto("/admin/")
    page.click(".navbar-toggler")
    page.wait_for_selector("#admin-navbar-collapse.show")
    page.wait_for_timeout(400)  # the opening animation
    assert _overlaps(page.evaluate(BOXES)) == []
    assert page.locator(".account-role").is_visible()
    assert page.locator("#akun-menu").inner_text().replace("\n", " ").startswith(NAMES[role])
    desk.shot("1024-terbuka")
