"""The whole SOP in a real browser, each officer logging in with their own account."""
import re

from app.extensions import db
from models import Permohonan, TransitionLog


def test_file_goes_from_submission_to_handover(clerk, users, app):
    desk = clerk("1-sekretariat").login_through_form("sekretariat")
    page = desk.page

    # Record the applicant; a NIK that contradicts the birth date is refused on the page.
    desk.goto("/admin/pemohon/new/")
    page.fill("#nik", "3520041705900001")  # encodes 17-05-1990 for a man
    page.fill("#no_kk", "3520041503120077")
    page.fill("#nama", "Siti Aminah")
    page.fill("#tempat_lahir", "Magetan")
    page.fill("#tanggal_lahir", "17/05/1990")
    page.select_option("#jenis_kelamin", "P", force=True)
    page.select_option("#status_perkawinan", "kawin", force=True)
    page.fill("#alamat", "Jl. Melati 3")
    page.fill("#rt", "001")
    page.fill("#rw", "002")
    page.select_option("#desa", index=1, force=True)
    with page.expect_navigation() as nav:
        page.click(".admin-form input[type=submit]")
    assert nav.value.status == 422
    assert "NIK tidak sesuai dengan jenis kelamin" in page.content()
    desk.shot("pemohon-ditolak")
    page.fill("#nik", "3520045705900001")  # day + 40: a woman
    with page.expect_navigation():
        page.click(".admin-form input[type=submit]")
    assert page.locator(".alert-danger").count() == 0

    # From the applicant's page, record an application: the receipt number is issued.
    desk.goto("/admin/pemohon/")
    page.get_by_role("row", name=re.compile("Siti Aminah")).locator("a[title]").first.click()
    page.get_by_role("link", name=re.compile("Buat permohonan")).click()
    page.select_option("#jenis", "hilang", force=True)
    with page.expect_navigation():
        page.click(".admin-form input[type=submit]")
    assert desk.badge() == "Diajukan"
    assert "Surat keterangan kehilangan dari Kepolisian" in page.content()
    desk.shot("permohonan-diajukan")
    detail_url = page.url
    receipt = desk.download_pdf("Tanda Terima Berkas Permohonan KTP-el")
    assert "TANDA TERIMA BERKAS PERMOHONAN KTP-el" in receipt and "Siti Aminah" in receipt

    # Part of the checklist is there: the file is returned with a note.
    page.check("#syarat-pengantar_desa")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan persyaratan").click()
    assert page.get_by_role("button", name="Register", exact=True).is_disabled()
    desk.take("Kembalikan ke pemohon", note="Surat kehilangan dari Polsek belum ada.")
    assert desk.badge() == "Dikembalikan"

    # Later the applicant completes it: resubmitted, ticked, registered.
    desk.take("Ajukan ulang")
    for box in page.locator("input[name=syarat]").all():
        box.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan persyaratan").click()
    desk.take("Register")
    assert desk.badge() == "Teregister"
    assert re.search(r"471\.13/\d{4}/403\.404/\d{4}", page.content())
    desk.shot("teregister")
    desk.logout()

    operator = clerk("2-operator").login("operator")
    operator.page.goto(detail_url)
    assert operator.page.get_by_role("button", name="Register", exact=True).count() == 0
    operator.take("Proses (SIAK)")
    assert operator.badge() == "Diproses"

    sekcam = clerk("3-sekcam").login("sekcam")
    sekcam.page.goto(detail_url)
    sekcam.take("Tolak ke operator", note="Foto latar tidak sesuai tahun lahir.")
    assert sekcam.badge() == "Teregister"

    operator.page.goto(detail_url)
    operator.take("Proses (SIAK)")
    sekcam.page.goto(detail_url)
    sekcam.take("Verifikasi (paraf)")
    assert sekcam.badge() == "Diverifikasi"

    camat = clerk("4-camat").login("camat")
    camat.page.goto(detail_url)
    camat.take("Sahkan (tanda tangan)")
    assert camat.badge() == "Disahkan"
    camat.shot("disahkan")

    desk.login("sekretariat")
    page.goto(detail_url)
    letter = desk.download_pdf("Surat Pengantar Pembuatan KTP-el")
    assert "Surat Pengantar Pembuatan KTP-el" in letter and "JAKA PRASTAWA" in letter
    desk.take("Serahkan KTP-el")
    assert desk.badge() == "Diserahkan"
    desk.shot("diserahkan")
    proof = desk.download_pdf("Bukti Tanda Terima Penyerahan KTP-el")
    assert "Yang menerima" in proof

    # The resident checks the status, then opens the verification page from the QR's URL.
    resident = clerk("5-warga")
    resident.goto("/cek-status")
    nomor = re.search(r"TT/\d{5}/403\.404/\d{4}", receipt).group(0)
    resident.page.fill("#nomor", nomor)
    resident.page.fill("#nik", "3520045705900001")
    with resident.page.expect_navigation():
        resident.page.get_by_role("button", name="Cek status").click()
    assert "Diserahkan" in resident.page.content() and "S*** A*****" in resident.page.content()
    resident.shot("cek-status")
    qr_url = re.search(r"https?://[^/ ]+(/verifikasi/[\w-]+)", receipt).group(1)
    assert resident.goto(qr_url).status == 200
    assert "Dokumen terdaftar" in resident.page.content()
    resident.shot("verifikasi")

    # The timeline shows every step, and the database agrees with the page.
    rows = page.locator("table.timeline tbody tr")
    assert rows.count() == 10
    with app.app_context():
        p = db.session.execute(db.select(Permohonan)).scalar_one()
        assert p.status == "diserahkan"
        assert db.session.execute(db.select(db.func.count(TransitionLog.id))).scalar() == 10


def test_each_role_is_refused_what_it_may_not_use(clerk, users, an_application):
    p = an_application("diproses")
    operator = clerk("operator-ditolak").login("operator")
    response = operator.goto("/admin/user/")
    assert response.status == 403
    assert "Akses ditolak" in operator.page.content()
    # The menu offers no screen of the admin.
    operator.goto("/admin/")
    assert operator.page.get_by_role("link", name="Pengguna").count() == 0
    # A transition not offered on the page, forced by a crafted form, is refused.
    operator.goto(f"/admin/permohonan/details/?id={p.id}")
    token = operator.page.locator("input[name=csrf_token]").first.get_attribute("value")
    response = operator.page.request.post(
        f"{operator.base}/admin/permohonan/{p.id}/transition/sahkan",
        form={"csrf_token": token, "note": ""})
    assert response.status == 403

    admin = clerk("admin-ditolak").login("admin")
    assert admin.goto("/admin/permohonan/").status == 403


def test_bulk_register_reports_each_failure(clerk, users, an_application):
    from app.services.permohonan import tick

    files = [an_application("diajukan") for _ in range(3)]
    for p in files[:2]:
        tick(p, {s.kode for s in p.syarat}, users["sekretariat"])
    desk = clerk("bulk").login("sekretariat")
    desk.goto("/admin/permohonan/")
    for p in files:
        desk.page.check(f"input.action-checkbox[value='{p.id}']")
    desk.page.get_by_role("button", name=re.compile("With selected|Dengan yang dipilih|Tindakan")).click() \
        if desk.page.get_by_role("button", name=re.compile("With selected|Tindakan")).count() else \
        desk.page.locator("a.dropdown-toggle", has_text=re.compile("selected|dipilih|Tindakan")).click()
    with desk.page.expect_navigation():
        desk.page.get_by_role("link", name="Register", exact=True).click()
    text = desk.page.content()
    assert "2 berhasil, 1 gagal" in text
    assert "Syarat wajib belum lengkap" in text
    desk.shot("bulk-register")
