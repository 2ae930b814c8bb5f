"""SKM follow-ups (issue 23): the deadline typed as the office writes dates, or as ISO, or
picked; saved with a readable message; deleted in bulk from the list."""
from datetime import date

import pytest

from app.extensions import db
from models import SkmTindakLanjut
from tests.e2e.test_skm_kiosk import _published_quarter


def _rows(app):
    with app.app_context():
        return [(r.unsur, r.tenggat) for r in db.session.execute(
            db.select(SkmTindakLanjut).order_by(SkmTindakLanjut.id)).scalars()]


def _new_follow_up(camat, pid, unsur, tindakan):
    page = camat.page
    camat.goto(f"/admin/skm-tindak-lanjut/new/?periode_id={pid}")
    camat.select2("unsur", unsur)
    page.fill("#tindakan", tindakan)
    page.fill("#penanggung_jawab", "Sekretaris Kecamatan")
    page.click("#tenggat")
    return page


@pytest.mark.parametrize("width", [1366, 1024])
def test_follow_ups_saved_with_typed_dates_and_deleted_in_bulk(clerk, users, app, width):
    pid = _published_quarter(app)
    camat = clerk(f"skm-tindak-lanjut-{width}").login("camat")
    camat.page.set_viewport_size({"width": width, "height": 800})

    # Typed as the office writes it, key by key (the picker reads every key).
    page = _new_follow_up(camat, pid, "U3", "Loket pengambilan dibuka juga siang hari.")
    page.keyboard.type("15/12/2026", delay=40)
    assert page.is_visible(".daterangepicker")
    page.keyboard.press("Escape")                  # the picker closes, the date stays
    assert page.is_hidden(".daterangepicker")
    assert page.input_value("#tenggat") == "15/12/2026"
    camat.shot("tenggat-diketik")
    with page.expect_navigation():
        page.click(".admin-form input[type=submit]")
    assert page.url.endswith(f"/admin/skm-periode/{pid}/"), page.url
    flash = page.inner_text(".alert-success")
    assert "Tindak lanjut U3 (Triwulan III 2026) disimpan." in flash and "<" not in flash

    # Typed as ISO: written out as the office writes it, not read as day 20.
    page = _new_follow_up(camat, pid, "U5", "Papan alur pelayanan diperbarui.")
    page.keyboard.type("2027-01-20", delay=40)
    assert page.input_value("#tenggat") == "20/01/2027"
    assert "Invalid" not in page.input_value("#tenggat")
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.click(".admin-form input[type=submit]")
    assert page.url.endswith(f"/admin/skm-periode/{pid}/"), page.url

    # Picked on the calendar: the picker gives the day the clerk clicked.
    page = _new_follow_up(camat, pid, "U7", "Ruang tunggu diberi kipas angin.")
    page.locator(".daterangepicker td.available:not(.off)", has_text="17").locator("visible=true").first.click()
    assert page.input_value("#tenggat").startswith("17/")
    with page.expect_navigation():
        page.click(".admin-form input[type=submit]")
    assert [(u, t.day) for u, t in _rows(app)][1:] == [("U3", 15), ("U5", 20), ("U7", 17)]
    assert _rows(app)[1:3] == [("U3", date(2026, 12, 15)), ("U5", date(2027, 1, 20))]

    # Deleted in bulk from the list: two ticked, "Hapus" chosen, confirmed.
    camat.goto("/admin/skm-tindak-lanjut/")
    boxes = page.locator("input.action-checkbox")
    assert boxes.count() == 4
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("[data-toggle=dropdown]", has_text="Tindakan untuk yang dipilih").click()
    camat.shot("hapus-massal")
    with page.expect_navigation():
        page.click("[data-aksi-massal=delete]")
    assert len(_rows(app)) == 2
