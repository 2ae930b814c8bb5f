"""Everyday office work beside the main path: a cancelled file, an account taken away,
the Camat's dashboard, each in a real browser."""
from app.extensions import db
from models import Permohonan, TransitionLog


def test_front_desk_cancels_a_file_with_a_reason(clerk, users, an_application, app):
    p = an_application("teregister")
    desk = clerk("batal").login("sekretariat")
    desk.goto(f"/admin/permohonan/details/?id={p.id}")
    desk.take("Batalkan", note="Pemohon pindah domisili ke Kabupaten Ngawi.")
    assert desk.badge() == "Dibatalkan"
    timeline = desk.page.locator("table", has_text="Catatan").last.inner_text()
    assert "Pemohon pindah domisili ke Kabupaten Ngawi." in timeline
    # A cancelled file offers no further step, and its register number stays in the register.
    assert desk.page.get_by_role("button", name="Serahkan KTP-el").count() == 0
    desk.goto("/admin/register/")
    assert p.register.nomor in desk.page.content()
    desk.shot("dibatalkan")
    with app.app_context():
        log = db.session.execute(db.select(TransitionLog).where(
            TransitionLog.permohonan_id == p.id, TransitionLog.aksi == "batalkan")).scalar_one()
        assert (log.dari, log.ke) == ("teregister", "dibatalkan")
        assert db.session.get(Permohonan, p.id).status == "dibatalkan"


def test_admin_deactivates_an_account_and_its_open_session_ends(clerk, users):
    operator = clerk("operator-aktif").login("operator")
    assert operator.goto("/admin/permohonan/").status == 200

    admin = clerk("admin-akun").login("admin")
    admin.goto(f"/admin/user/edit/?id={users['operator'].id}")
    admin.page.uncheck("#aktif")
    with admin.page.expect_navigation():
        admin.page.click(".admin-form input[type=submit]")
    assert admin.page.locator(".alert-success").count() == 1
    admin.shot("akun-nonaktif")

    operator.goto("/admin/permohonan/")
    assert "/login" in operator.page.url
    operator.page.fill("#username", "operator")
    operator.page.fill("#password", "rahasia-takeran-1")
    with operator.page.expect_navigation():
        operator.page.click("button[type=submit]")
    assert "Nama pengguna atau kata sandi salah" in operator.page.content()


def test_camat_sees_the_office_against_its_standards(clerk, users, an_application):
    for state in ("diserahkan", "diverifikasi", "diajukan"):
        an_application(state)
    camat = clerk("camat-beranda").login("camat")
    camat.goto("/admin/")
    page = camat.page
    assert "Kinerja terhadap standar waktu SOP" in page.content()
    for standard in ("5 menit", "3 menit", "2 menit"):
        assert standard in page.content()
    waiting = page.get_by_role("link", name="Diverifikasi: 1 berkas", exact=False)
    assert waiting.count() == 1
    with page.expect_navigation():
        waiting.click()
    assert "/admin/permohonan/" in page.url and page.locator("tbody tr").count() == 1
    camat.shot("beranda-menunggu")
