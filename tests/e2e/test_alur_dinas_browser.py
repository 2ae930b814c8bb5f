"""The card printed at the Dinas, in a real browser at 1366 px: the admin chooses the
variant on the settings page; the desk sends two ratified files with a collective cover
letter; the Dinas's operator marks both printed at once from the list; the desk records one
card arrived and hands it over; the resident's status page says where the other card is."""
import re

from app.extensions import db
from models import OfficeSettings, Permohonan
from tests.e2e.test_documents_batch import _bulk_action


def shots(c, label: str) -> None:
    """The page at the office's two screen widths, back at 1366 px after."""
    for width in (1024, 1366):
        c.page.set_viewport_size({"width": width, "height": 900})
        c.shot(f"{label}-{width}")


def test_the_card_goes_to_the_dinas_and_comes_back(clerk, app, an_application):
    admin = clerk("alur-admin").login("admin")
    for width in (1024, 1366):  # loaded at each width (Select2 keeps its first width)
        admin.page.set_viewport_size({"width": width, "height": 900})
        admin.goto("/admin/pengaturan/edit/?id=1")
        admin.page.select_option("#alur_ktp", "ktp-el-dinas")
        admin.shot(f"pengaturan-alur-{width}")
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Simpan", exact=True).click()
    assert "Pengaturan kantor disimpan." in admin.page.content()
    with app.app_context():
        assert OfficeSettings.get().alur_ktp == "ktp-el-dinas"

    files = [an_application("disahkan", layanan="ktp-el-dinas", nama=n)
             for n in ("Fajar Nugroho", "Gita Permata")]
    ids = [p.id for p in files]
    desk = clerk("alur-desk").login("sekretariat")
    desk.goto(f"/admin/permohonan/details/?id={ids[0]}")
    assert desk.badge() == "Disahkan"
    assert desk.page.get_by_role("button", name="Kirim ke Dinas", exact=True).count() == 1
    shots(desk, "disahkan")
    link = _bulk_action(desk, ids, "Buat surat pengantar kolektif")
    with desk.page.expect_navigation():
        link.click()
    shots(desk, "surat-kolektif-kirim")
    with desk.page.expect_navigation():
        desk.page.get_by_role("button", name="Kirim 2 berkas ke Dinas").click()
    content = desk.page.content()
    assert re.search(r"2 berkas dikirim ke Dinas bersama surat 470/\d+/403\.404/\d+, 0 gagal\.",
                     content)
    assert content.count("Dikirim ke Dinas") == 2
    shots(desk, "surat-kolektif-terkirim")

    operator = clerk("alur-operator").login("operator")
    operator.goto("/admin/")  # Beranda: the files waiting at the Dinas for the operator
    waiting = operator.page.get_by_role("link", name=re.compile("Dikirim ke Dinas: 2 berkas"))
    assert waiting.count() == 1 and "KTP-el tercetak" in waiting.inner_text()
    shots(operator, "beranda")
    link = _bulk_action(operator, ids, "KTP-el tercetak")
    shots(operator, "aksi-tercetak")
    with operator.page.expect_navigation():
        link.click()
    assert "2 berhasil, 0 gagal." in operator.page.content()
    shots(operator, "tercetak")
    with app.app_context():
        assert {db.session.get(Permohonan, i).status for i in ids} == {"tercetak"}

    desk.goto(f"/admin/permohonan/details/?id={ids[0]}")
    assert desk.badge() == "Tercetak di Dinas"
    desk.take("KTP-el tiba di kecamatan")
    assert desk.badge() == "Tiba di kecamatan"
    shots(desk, "tiba")
    desk.take("Serahkan KTP-el")
    assert desk.badge() == "Diserahkan"

    resident = clerk("alur-warga")
    other = files[1]
    resident.goto("/cek-status")
    resident.page.fill("[name=nomor]", other.nomor_tanda_terima)
    resident.page.fill("[name=nik]", other.pemohon.nik)
    with resident.page.expect_navigation():
        resident.page.get_by_role("button", name="Cek status", exact=True).click()
    text = resident.page.content()
    assert "KTP-el sudah dicetak di Dinas dan sedang dikirim ke kantor kecamatan." in text
    assert "KTP-el dapat diambil" not in text
    shots(resident, "cek-status-tercetak")
