"""Every role's screens in a real browser: no English from Flask-Admin's, WTForms' or the
widgets' own words (menus and pickers opened), text and badges at WCAG AA contrast, and
no horizontal scroll or wrapped navbar at 1024 px."""
import re

import pytest

from app.extensions import db
from models import InsidenKebocoran, LogBaca, PermintaanSubjek
from tests.views.test_translations import ADMIN_SOURCES, WTFORMS_SOURCES

# The JavaScript widgets' own English (Select2 3.5, the date range picker, the browser's
# file input, Flask-Admin's page-size menu and navbar toggle).
WIDGET_WORDS = {"No matches found", "Searching…", "Loading more results…", "Apply", "Cancel",
                "From", "To", "Su", "Mo", "Tu", "We", "Th", "Fr", "Sa", "Choose File",
                "No file chosen", "items", "Toggle navigation", "Please enter", "Browse"}
# English messages that are also Indonesian words or abbreviations on our pages:
# "No" (No. KK, No. register).
SAME_IN_INDONESIAN = {"No"}
ENGLISH = {m.strip() for m in ADMIN_SOURCES | WTFORMS_SOURCES | WIDGET_WORDS
           if "%(" not in m and "{" not in m and len(m.strip()) > 1} - SAME_IN_INDONESIAN
ENGLISH_RE = re.compile("|".join(rf"(?<!\w){re.escape(m)}(?!\w)"
                                 for m in sorted(ENGLISH, key=len, reverse=True)))

# Everything a user can see or hear: text, placeholders, titles, accessible names, button
# values; not the language switch (it offers English in English on purpose).
SHOWN_WORDS = """() => {
  const out = [document.body.innerText];
  for (const el of document.querySelectorAll('[placeholder],[title],[aria-label],input[type=submit],input[type=button]')) {
    if (el.closest('form[action$="/bahasa"]')) continue;
    for (const a of ['placeholder', 'title', 'aria-label']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    if (el.type === 'submit' || el.type === 'button') out.push(el.value);
  }
  for (const el of document.querySelectorAll('.custom-file-label')) {
    out.push(getComputedStyle(el, '::after').content.replace(/^"|"$/g, ''));
  }
  return out.join('\\n');
}"""

PAGES = {
    "sekretariat": ["/admin/", "/admin/permohonan/", "/admin/permohonan/new/", "{detail}",
                    "/admin/pemohon/", "/admin/pemohon/new/", "{pemohon}", "/admin/register/",
                    "/admin/riwayat/", "/admin/register/cetak/", "/akun/kata-sandi",
                    "/admin/antrian/"],
    "operator": ["/admin/", "/admin/permohonan/", "{detail}", "/admin/register/", "/admin/riwayat/"],
    "sekcam": ["/admin/", "/admin/permohonan/", "{detail}", "/admin/pemohon/", "/admin/log-cetak/"],
    "camat": ["/admin/", "/admin/permohonan/", "{detail}", "/admin/register/", "/admin/riwayat/",
              "/admin/log-cetak/"],
    "admin": ["/admin/", "/admin/user/", "/admin/user/new/", "/admin/desa/", "/admin/desa/new/",
              "/admin/pengaturan/edit/?id=1", "/admin/log-masuk/", "/admin/riwayat/",
              "/admin/log-baca/"],
    "ppdp": ["/admin/", "/admin/log-baca/", "/admin/permintaan-subjek/",
             "/admin/permintaan-subjek/new/", "{permintaan}", "/admin/insiden-kebocoran/",
             "/admin/insiden-kebocoran/new/", "{insiden}", "/admin/riwayat/",
             "/admin/log-masuk/", "/admin/log-cetak/", "/admin/riwayat-akun/"],
}


@pytest.fixture
def office(an_application):
    """Files in several states, the details pages to visit."""
    files = [an_application(s) for s in ("diajukan", "teregister", "diproses", "diverifikasi",
                                         "disahkan", "diserahkan")]
    # The data-protection officer's records: a read, a request, a breach.
    p, user_id = files[0], files[0].created_by_id
    permintaan = PermintaanSubjek(jenis="koreksi", nik=p.pemohon.nik, nama=p.pemohon.nama,
                                  isi="Alamat salah.", dicatat_oleh_id=user_id)
    insiden = InsidenKebocoran(uraian="Map berkas tertinggal.", data_terdampak="Nama, NIK",
                               subjek_terdampak="Pemohon hari itu", jumlah_subjek=3,
                               dicatat_oleh_id=user_id)
    db.session.add_all([permintaan, insiden, LogBaca(
        user_id=user_id, peran="sekretariat", jenis="permohonan", objek_id=p.id,
        pemohon_id=p.pemohon_id, keterangan=p.nomor_tanda_terima, ip="192.168.1.23")])
    db.session.commit()
    return {"detail": f"/admin/permohonan/details/?id={files[0].id}",
            "pemohon": f"/admin/pemohon/details/?id={files[0].pemohon_id}",
            "permintaan": f"/admin/permintaan-subjek/details/?id={permintaan.id}",
            "insiden": f"/admin/insiden-kebocoran/details/?id={insiden.id}"}


# The open Select2 (id select2-drop; closed ones keep their class) has answered the
# search: a result or a message shown, no request pending.
SELECT2_ANSWERED = """() => {
  const drop = document.getElementById('select2-drop');
  return !drop || (drop.querySelector('.select2-results li')
                   && !drop.querySelector('.select2-searching, .select2-input.select2-active'));
}"""


def english_on(page) -> set[str]:
    return set(ENGLISH_RE.findall(page.evaluate(SHOWN_WORDS)))


# The kind of each filter in the "Tambah Saringan" menu (Flask-Admin's filter groups data):
# its input's widget, as bs4_filters.js draws it for the group's first operation.
FILTER_KINDS = """() => {
  const data = document.getElementById('filter-groups-data');
  const groups = data ? JSON.parse(data.textContent) : {};
  return [...document.querySelectorAll('.field-filters a.filter')].map(a => {
    const first = (groups[a.textContent.trim()] || [{}])[0];
    return first.type || (first.options ? 'select2' : 'text');
  });
}"""
# The kind of a Select2: the element it stands for (tag, data-role, a filter's operation,
# an AJAX source, several values).
SELECT2_KIND = """el => {
  const o = el.closest('.select2-container').nextElementSibling;
  return o ? [o.tagName, o.getAttribute('data-role'), o.classList.contains('filter-op'),
              o.hasAttribute('data-url'), o.multiple].join('|') : '';
}"""


def open_everything(page):
    """Each menu of the page opened in turn, and one filter, picker and select of each
    kind: the words seen meanwhile. Widgets of one kind draw the same words (one set of
    defaults per widget in static/js/app.js), so a second of the kind would show nothing
    new; a kind that appears on a page is opened on that page, for every role."""
    seen = english_on(page)
    toggles = page.locator("main .dropdown-toggle, .nav-tabs .dropdown-toggle, .container-fluid > .nav .dropdown-toggle")
    for i in range(toggles.count()):
        if toggles.nth(i).is_visible():
            toggles.nth(i).click()
            seen |= english_on(page)
            page.keyboard.press("Escape")
            page.mouse.click(5, 300)
    filters = page.locator(".field-filters a.filter")
    kinds = page.evaluate(FILTER_KINDS)
    for i in sorted({kind: i for i, kind in reversed(list(enumerate(kinds)))}.values()):
        page.locator(".nav-tabs a.dropdown-toggle", has_text="Tambah Saringan").click()
        filters.nth(i).click()
    for value in page.locator("input.filter-val").all() + page.locator("input[data-role=datepicker]").all():
        if value.is_visible():
            value.click()
            seen |= english_on(page)
            page.keyboard.press("Escape")
            page.mouse.click(5, 300)
    opened = set()
    for choice in page.locator(".select2-container:not(.select2-container-disabled) .select2-choice").all():
        if choice.is_visible() and (kind := choice.evaluate(SELECT2_KIND)) not in opened:
            opened.add(kind)
            choice.click()
            page.keyboard.type("qqqzzz")
            seen |= english_on(page)  # as typed: "Searching…" while an AJAX picker asks
            page.wait_for_function(SELECT2_ANSWERED)
            seen |= english_on(page)  # its answer: "No matches found"
            page.keyboard.press("Escape")
    return seen


FIT = """() => ({
  page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
  tables: [...document.querySelectorAll('.table-responsive')].map(e => [e.scrollWidth, e.clientWidth]),
  navbar: (document.querySelector('nav.navbar') || {offsetHeight: 0}).offsetHeight})"""


@pytest.mark.parametrize("role", list(PAGES))
def test_every_screen_fits_1024_px_and_speaks_no_english(clerk, users, office, role):
    """Each of the role's screens loaded at 1024 px: no horizontal scroll, the navbar on one
    line. Then at 1366 px, every menu and one widget of each kind opened: no English from
    Flask-Admin, WTForms or the widgets. (One walk through the screens for both checks;
    they were two tests loading the same pages.)"""
    c = clerk(f"layar-{role}").login(role)
    found = {}
    for path in PAGES[role]:
        path = path.format(**office)
        c.page.set_viewport_size({"width": 1024, "height": 800})
        response = c.goto(path)
        assert response.status == 200, path
        sizes = c.page.evaluate(FIT)
        assert sizes["page"][0] <= sizes["page"][1], (path, sizes)
        assert all(s <= w for s, w in sizes["tables"]), (path, sizes)
        assert sizes["navbar"] <= 70, (path, sizes)  # one line (below 1200 px: the menu button)
        if path in ("/admin/", "/admin/permohonan/"):
            c.shot(f"{path.strip('/').replace('/', '-')}-1024")
        c.page.set_viewport_size({"width": 1366, "height": 900})
        words = open_everything(c.page)
        if words:
            found[path] = sorted(words)
    assert not found, found


def test_file_input_and_dates_in_the_offices_words(clerk, users, office):
    admin = clerk("berkas").login("admin")
    admin.goto("/admin/pengaturan/edit/?id=1")
    label = admin.page.locator("#lambang + .custom-file-label")
    assert label.inner_text() == "Belum ada berkas dipilih"
    assert admin.page.evaluate("getComputedStyle(document.querySelector('#lambang')).opacity") == "0"
    admin.shot("pengaturan-1366")
    desk = clerk("tanggal").login("sekretariat")
    desk.goto("/admin/register/cetak/")
    assert desk.page.locator("input[type=date]").count() == 0
    assert desk.page.get_attribute("#dari", "placeholder") == "hh/bb/tttt"
    desk.goto("/admin/pemohon/new/")
    desk.page.click("#tanggal_lahir")
    picker = desk.page.locator(".daterangepicker:visible").inner_text()
    assert "Sn" in picker and "Mei" in picker and "Mo" not in picker.split()


def test_the_date_filter_reads_what_its_picker_writes(clerk, users, an_application):
    an_application("diajukan")
    desk = clerk("saring-tanggal").login("sekretariat")
    desk.goto("/admin/permohonan/")
    desk.page.locator(".nav-tabs a.dropdown-toggle", has_text="Tambah Saringan").click()
    desk.page.locator(".field-filters a.filter", has_text="Tanggal diajukan").click()
    desk.page.locator("input.filter-val").click()
    desk.page.locator(".daterangepicker:visible .applyBtn").click()
    value = desk.page.input_value("input.filter-val")
    assert re.fullmatch(r"\d\d/\d\d/\d{4} s\.d\. \d\d/\d\d/\d{4}", value), value
    with desk.page.expect_navigation():
        desk.page.locator("form#filter_form button[type=submit], .filters-form button[type=submit]").first.click()
    assert desk.page.locator("table.model-list tbody tr").count() == 1  # today's file
    assert "Daftar (1)" in desk.page.content()
    desk.shot("saring-tanggal")


CONTRAST = """(selector) => {
  function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
  function lum(c) { return [c.r, c.g, c.b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0); }
  function background(el) {
    for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c.a > 0.5) return c; }
    return {r: 255, g: 255, b: 255, a: 1};
  }
  const low = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.offsetParent || !el.innerText.trim()) continue;
    const style = getComputedStyle(el);
    const fg = rgb(style.color), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05) * 1;
    if (ratio < 4.5 || Number(style.opacity) < 1) low.push(el.innerText.trim().slice(0, 30) + ' ' + ratio.toFixed(2));
  }
  return low;
}"""


def test_text_and_badges_meet_wcag_aa(clerk, users, an_application):
    for s in ("diajukan", "teregister", "diproses", "diverifikasi", "disahkan", "diserahkan",
              "dikembalikan", "dibatalkan"):
        blocked = an_application(s)
    incomplete = an_application("diajukan")  # its Register button is disabled
    desk = clerk("kontras").login("sekretariat")
    selector = ".badge, .btn, a, .nav-link, .text-muted, th, td, label, .small, .navbar-text"
    for path in ("/admin/", "/admin/permohonan/", f"/admin/permohonan/details/?id={incomplete.id}",
                 f"/admin/permohonan/details/?id={blocked.id}"):
        desk.goto(path)
        assert desk.page.evaluate(CONTRAST, selector) == [], path
    assert desk.page.goto(desk.base + f"/admin/permohonan/details/?id={incomplete.id}")
    register = desk.page.get_by_role("button", name="Register", exact=True)
    assert register.is_disabled() and register.evaluate("e => getComputedStyle(e).opacity") == "1"


def test_filter_operator_and_search_placeholder_are_not_cut(clerk, users, office):
    c = clerk("terpotong").login("camat")
    c.page.set_viewport_size({"width": 1024, "height": 800})
    c.goto("/admin/permohonan/?flt0_0=diproses")
    cut = c.page.evaluate("""() => {
      const out = [];
      for (const el of document.querySelectorAll('.filters .select2-chosen')) {
        if (el.scrollWidth > el.clientWidth) out.push(el.innerText);
      }
      const input = document.querySelector('form[role=search] input[name=search]');
      const style = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = style.font;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (ctx.measureText(input.placeholder).width > room) out.push(input.placeholder);
      return out;
    }""")
    assert cut == []
    assert "sama dengan" in c.page.locator(".filters").inner_text()
