"""The navbar at the widths an office's screens have (1024, 1200, 1280, 1366 px), for every
role: on one row, nothing wrapped, cut or outside the bar; or folded behind its toggler,
and then opened one item under the other. The user's role is always visible. (The finding:
the Sekcam's and the Camat's menus wrapped or were cut between 1200 and 1340 px.)"""
import pytest

from app.access.roles import EVERYONE
from app.extensions import db
from models import User

WIDTHS = (1024, 1200, 1280, 1366)
# As an office writes its people's names, titles included (the demo's, a little longer).
NAMES = {"camat": "Jaka Prastawa, S.Sos., M.Si.", "sekcam": "Drs. Heru Santoso, M.Si.",
         "sekretariat": "Sri Wahyuni Rahayu, A.Md.", "operator": "Bambang Setiawan",
         "admin": "Administrator Sistem", "ppdp": "Dewi Lestari, S.H.",
         "pemantau": "Dr. Suyatno, S.Sos., M.M.", "admin_kabupaten": "Bagus Prasetyo, S.Kom."}

ITEMS = """() => {
  const nav = document.querySelector('nav.navbar').getBoundingClientRect();
  const items = Array.from(document.querySelectorAll(
      '.navbar-toggler, .cari-navbar-slot, .navbar-brand, .navbar-nav > .nav-item'))
    .filter(el => el.offsetParent !== null)
    .map(el => { const r = el.getBoundingClientRect();
                 return {name: (el.innerText || el.className).trim().split('\\n')[0],
                         left: r.left, top: r.top, right: r.right, bottom: r.bottom}; });
  const links = Array.from(document.querySelectorAll('.navbar-nav .nav-link'))
    .filter(el => el.offsetParent !== null)
    .map(el => ({name: el.innerText.trim(), lines: Math.round(el.getClientRects().length),
                 cut: el.scrollWidth > el.clientWidth + 1}));
  const role = document.querySelector('.account-role').getBoundingClientRect();
  const name = document.querySelector('.account-name');
  return {nav: {left: nav.left, top: nav.top, right: nav.right, bottom: nav.bottom,
                height: nav.height},
          items, links,
          role: {left: role.left, right: role.right, width: role.width, height: role.height},
          nameCut: name.scrollWidth > name.clientWidth,
          folded: getComputedStyle(document.querySelector('.navbar-toggler')).display !== 'none',
          scrolls: document.documentElement.scrollWidth > window.innerWidth};
}"""


def overlaps(items):
    found = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if (a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1
                    and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1):
                found.append((a["name"], b["name"]))
    return found


def check_one_row(m, width):
    nav, items = m["nav"], m["items"]
    assert nav["height"] < 64, f"{width} px: the navbar is {nav['height']} px high (wrapped)"
    middles = {round((i["top"] + i["bottom"]) / 2) for i in items}
    assert max(middles) - min(middles) <= 8, f"{width} px: items on more than one row {items}"
    outside = [i["name"] for i in items if i["right"] > nav["right"] + 1 or i["left"] < nav["left"] - 1]
    assert outside == [], f"{width} px: outside the navbar: {outside}"
    assert [ln["name"] for ln in m["links"] if ln["cut"] or ln["lines"] > 1] == []
    assert overlaps(items) == []
    assert not m["nameCut"], f"{width} px: the user's name is cut"


def check_folded(page, width):
    page.click(".navbar-toggler")
    page.wait_for_selector("#admin-navbar-collapse.show")
    page.wait_for_timeout(400)  # the opening animation
    m = page.evaluate(ITEMS)
    assert overlaps(m["items"]) == [], f"{width} px: opened menu overlaps itself"
    menu = [i for i in m["items"] if i["top"] > m["items"][0]["bottom"] - 1]
    lefts = {round(i["left"]) for i in menu if i["name"] != "Layanan KTP-el Kec. Takeran"}
    assert len(lefts) <= 2, f"{width} px: opened items not one under the other: {menu}"
    return m


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_the_navbar_holds_at_every_office_width(clerk, app, users, role):
    with app.app_context():
        db.session.get(User, users[role].id).nama = NAMES[role]
        db.session.commit()
    desk = clerk(f"navbar-{role}").login(role)
    page = desk.page
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        desk.goto("/admin/")
        m = page.evaluate(ITEMS)
        assert not m["scrolls"], f"{width} px: the page scrolls sideways"
        if m["folded"]:
            m = check_folded(page, width)
        else:
            check_one_row(m, width)
        desk.shot(f"{width}{'-terbuka' if m['folded'] else ''}")
        role_box = m["role"]
        assert page.locator(".account-role").is_visible(), f"{width} px: role hidden"
        assert role_box["width"] > 20 and role_box["right"] <= width, \
            f"{width} px: the role is cut {role_box}"
        # The account's menu opens inside the window, its items readable.
        page.click("#akun-menu")
        menu = page.locator("[aria-labelledby=akun-menu]")
        menu.wait_for(state="visible")
        box = menu.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        page.keyboard.press("Escape")
