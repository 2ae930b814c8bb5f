"""Days off move every office's deadlines (issue 21): on a server of several offices an
office's administrator reads them and cannot add, change or remove one; the regency's
administrator keeps them. On a server of one office its administrator keeps them."""
from datetime import date

import pytest

from app.access.scope import dalam_kantor
from app.extensions import db
from app.services import kantor as kantor_service
from models import HariLibur


@pytest.fixture
def hari_jadi(app, ctx):
    with dalam_kantor(1):
        libur = HariLibur(tanggal=date(2026, 12, 2), nama="Hari Jadi Magetan",
                          jenis="libur_lokal")
        db.session.add(libur)
        db.session.commit()
        return libur.id


def _posts(browser, libur_id: int):
    new = browser.post("/admin/hari-libur/new/", {
        "tanggal": "03/12/2026", "nama": "Libur kantor", "jenis": "libur_lokal"})
    edit = browser.post(f"/admin/hari-libur/edit/?id={libur_id}", {
        "tanggal": "02/12/2026", "nama": "Diganti", "jenis": "libur_lokal"})
    delete = browser.post("/admin/hari-libur/delete/", {"id": str(libur_id)})
    return new.status_code, edit.status_code, delete.status_code


def test_an_offices_admin_only_reads_them_on_a_regencys_server(app, ctx, hari_jadi, login_as):
    kantor_service.tambah("35.20.05", "Lembeyan")
    admin = login_as("admin")
    page = admin.get("/admin/hari-libur/").get_data(as_text=True)
    assert "Hari Jadi Magetan" in page
    assert "diatur oleh Administrator Kabupaten" in page
    assert "/admin/hari-libur/new/" not in page and "/admin/hari-libur/delete/" not in page
    assert _posts(admin, hari_jadi) == (403, 403, 403)
    db.session.expire_all()
    assert [(h.tanggal, h.nama) for h in db.session.execute(db.select(HariLibur)).scalars()] \
        == [(date(2026, 12, 2), "Hari Jadi Magetan")]

    regency = login_as("admin_kabupaten")
    page = regency.get("/admin/hari-libur/").get_data(as_text=True)
    assert "/admin/hari-libur/new/" in page and "diatur oleh Administrator" not in page
    new, edit, delete = _posts(regency, hari_jadi)
    assert (new, edit, delete) == (302, 302, 302)
    db.session.expire_all()
    assert [h.nama for h in db.session.execute(db.select(HariLibur)).scalars()] \
        == ["Libur kantor"]


def test_a_single_offices_admin_keeps_them(app, ctx, hari_jadi, login_as):
    admin = login_as("admin")
    assert "diatur oleh Administrator" not in admin.get("/admin/hari-libur/").get_data(
        as_text=True)
    assert _posts(admin, hari_jadi) == (302, 302, 302)
