"""The Camat ratifies by typing a passphrase in a real browser; a resident checks the
downloaded letter on the verification page."""
import io

import pytest

from app.extensions import db
from models import DokumenTtd, Permohonan
from tests.signing.test_tte import cert, local_signer, signer_config  # noqa: F401 (fixtures)

WIDTHS = (1366, 1024)


def wrong_passphrase_refused(camat, form, button: str, label: str) -> None:
    """The signing form at both widths, then a mistyped passphrase: refused (422) with the
    reason, and the passphrase never sent back."""
    page = camat.page
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        camat.shot(f"{label}-{width}")
    form.locator("[name=passphrase]").fill("salah-ketik")
    with page.expect_navigation() as nav:
        form.get_by_role("button", name=button).click()
    assert nav.value.status == 422
    assert "Passphrase salah" in page.locator(".alert-danger").inner_text()
    assert form.locator("[name=passphrase]").input_value() == ""  # never sent back
    camat.shot(f"{label}-gagal-1024")


def test_camat_signs_with_a_passphrase_and_a_visitor_checks_the_file(  # noqa: F811
        clerk, local_signer, an_application, users, cert, tmp_path):
    p = an_application("diverifikasi")
    pid = p.id
    camat = clerk("tte-camat").login("camat")
    page = camat.page
    camat.goto(f"/admin/permohonan/details/?id={pid}")
    form = page.locator("form", has=page.locator("[name=passphrase]"))
    assert form.count() == 1
    wrong_passphrase_refused(camat, form, "Sahkan (tanda tangan)", "sahkan")
    assert camat.badge() == "Diverifikasi"
    form.locator("[name=passphrase]").fill(cert.passphrase)
    with page.expect_navigation():
        form.get_by_role("button", name="Sahkan (tanda tangan)").click()
    assert camat.badge() == "Disahkan"
    href = page.locator("a[href$='surat-pengantar.pdf']").first.get_attribute("href")
    letter = page.request.get(camat.base + href).body()
    db.session.expire_all()
    stored = db.session.query(DokumenTtd).one()
    assert letter == stored.isi
    assert db.session.get(Permohonan, pid).status == "disahkan"

    visitor = clerk("tte-pengunjung")
    vpage = visitor.page
    download = tmp_path / "surat.pdf"
    download.write_bytes(letter)
    for width in WIDTHS:
        vpage.set_viewport_size({"width": width, "height": 900})
        visitor.goto(f"/verifikasi/{stored.dokumen.token}")
        assert stored.sha256 in vpage.content()
        visitor.shot(f"verifikasi-{width}")
    vpage.set_input_files("#berkas", str(download))
    with vpage.expect_navigation():
        vpage.get_by_role("button", name="Periksa berkas").click()
    assert "Cocok: berkas ini persis" in vpage.locator(".alert-success").inner_text()
    visitor.shot("verifikasi-cocok-1024")
    changed = bytearray(letter)
    changed[len(changed) // 3] ^= 0x04
    download.write_bytes(bytes(changed))
    vpage.set_input_files("#berkas", str(download))
    with vpage.expect_navigation():
        vpage.get_by_role("button", name="Periksa berkas").click()
    assert "Tidak cocok" in vpage.locator(".alert-danger").inner_text()
    vpage.set_viewport_size({"width": 1366, "height": 900})
    visitor.shot("verifikasi-tidak-cocok-1366")


def test_admin_uploads_the_certificate_on_the_settings_page(  # noqa: F811
        clerk, signer_config, users, cert, tmp_path):
    target = tmp_path / "keys" / "penandatangan.p12"
    signer_config.update(SIGNER="local", SIGNER_P12_PATH=str(target))
    admin = clerk("tte-admin").login("admin")
    page = admin.page
    admin.goto("/admin/pengaturan/edit/?id=1")
    assert "Belum ada sertifikat PKCS#12" in page.locator("#status-tte").inner_text()
    p12 = tmp_path / "camat.p12"
    p12.write_bytes(cert.p12)
    page.set_input_files("#sertifikat_tte", str(p12))
    page.fill("#camat_nik", "3520041309660001")
    with page.expect_navigation():
        page.click(".admin-form input[type=submit]")
    admin.goto("/admin/pengaturan/edit/?id=1")
    # The upload waits for the Camat; nothing signs with it yet.
    assert "menunggu konfirmasi Camat" in page.locator("#kunci-menunggu").inner_text()
    assert not target.exists()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        admin.shot(f"pengaturan-{width}")
    camat = clerk("tte-camat-kunci").login("camat")
    cpage = camat.page
    camat.goto("/admin/")
    cpage.click("#akun-menu")
    with cpage.expect_navigation():
        cpage.get_by_role("link", name="Kunci tanda tangan").click()
    assert "menunggu konfirmasi Anda" in cpage.locator("#kunci-menunggu").inner_text()
    camat.shot("kunci-menunggu-1024")
    cpage.fill("#passphrase", "bukan-passphrase-nya")
    with cpage.expect_navigation():
        cpage.get_by_role("button", name="Konfirmasi dan pasang").click()
    assert "tidak membuka kunci" in cpage.locator(".invalid-feedback").inner_text()
    assert not target.exists()
    cpage.fill("#passphrase", cert.passphrase)
    with cpage.expect_navigation():
        cpage.get_by_role("button", name="Konfirmasi dan pasang").click()
    assert "dipasang" in cpage.locator(".alert-success").inner_text()
    camat.shot("kunci-dipasang-1024")
    assert target.read_bytes() == cert.p12
    admin.goto("/admin/pengaturan/edit/?id=1")
    assert "Sertifikat PKCS#12 terpasang" in page.locator("#status-tte").inner_text()


def test_camat_signs_the_collective_letter_on_its_page(  # noqa: F811
        clerk, app, signer_config, local_signer, an_application, users, cert):
    """Files ratified before the signer is set; the Sekretariat's letter waits for the
    Camat, who signs it on its page; from then on the signed file is what prints."""
    from app.services import cetak_massal
    from models import SuratKolektif

    signer_config["SIGNER"] = "none"
    files = [an_application("disahkan", nama=n) for n in ("Hana Pertiwi", "Irfan Hakim")]
    surat = cetak_massal.buat_surat_kolektif([f.id for f in files], users["sekretariat"])
    sid = surat.id
    signer_config["SIGNER"] = "local"

    desk = clerk("kolektif-sekretariat").login("sekretariat")
    desk.goto(f"/admin/surat-kolektif/details/?id={sid}")
    assert desk.page.locator("[name=passphrase]").count() == 0  # not the desk's to sign
    assert "setelah ditandatangani Camat" in desk.page.locator(".alert-info").inner_text()
    desk.shot("menunggu-1024")

    camat = clerk("kolektif-camat").login("camat")
    page = camat.page
    camat.goto(f"/admin/surat-kolektif/details/?id={sid}")
    form = page.locator("#ttd-kolektif form")
    wrong_passphrase_refused(camat, form, "Tandatangani surat", "tandatangani")
    page.locator("#ttd-kolektif [name=passphrase]").fill(cert.passphrase)
    with page.expect_navigation():
        page.locator("#ttd-kolektif").get_by_role("button", name="Tandatangani surat").click()
    assert "ditandatangani secara elektronik" in page.locator(".alert-success").inner_text()
    db.session.expire_all()
    stored = db.session.get(SuratKolektif, sid).dokumen.ttd
    assert stored.sha256 in page.locator("#ttd-kolektif").inner_text()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        camat.shot(f"ditandatangani-{width}")
    href = page.locator("a[href$='surat-pengantar-kolektif.pdf']").get_attribute("href")
    assert page.request.get(camat.base + href).body() == stored.isi
    visitor = clerk("kolektif-pengunjung")
    for width in WIDTHS:
        visitor.page.set_viewport_size({"width": width, "height": 900})
        visitor.goto(f"/verifikasi/{stored.dokumen.token}")
        assert "Surat Pengantar Kolektif" in visitor.page.content()
        assert stored.sha256 in visitor.page.locator("#sha256").inner_text()
        visitor.shot(f"verifikasi-{width}")
