"""The Camat signs the period report from Beranda in a real browser (issue 23: "a monthly
report ... signed by the Camat when a signer is set"): the passphrase box beside the
period at 1366 and 1024 px, a mistyped passphrase refused with its reason, the right one
answered with a report whose signature pyHanko validates."""
import io

from pyhanko.pdf_utils.reader import PdfFileReader

from tests.signing.test_tte import cert, local_signer, signer_config, validate  # noqa: F401 (fixtures)

PERIOD = "/admin/?periode=2026-11"


def submit(camat, passphrase: str):
    """Type and press the button; the answer opens in a new tab: (its response, the tab)."""
    page = camat.page
    form = page.locator("#laporan-ttd")
    form.locator("[name=passphrase]").fill(passphrase)
    with camat.context.expect_event(
            "response", lambda r: r.url.split("?")[0].endswith("/admin/laporan.pdf")
            and r.request.method == "POST") as answer, camat.context.expect_page() as tab:
        form.get_by_role("button", name="Tandatangani laporan (PDF)").click()
    return answer.value, tab.value


def test_the_camat_signs_the_report_on_beranda(clerk, users, local_signer, cert):  # noqa: F811
    camat = clerk("laporan-ttd").login("camat")
    page = camat.page
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        camat.goto(PERIOD)
        box = page.locator("#laporan-ttd").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.locator("#laporan-passphrase").is_visible()
        camat.shot(f"beranda-{width}")

    response, tab = submit(camat, "salah-ketik")
    assert response.status == 422
    tab.wait_for_load_state()
    assert "Passphrase salah" in tab.locator(".alert-danger").inner_text()
    assert tab.locator("#laporan-passphrase").input_value() == ""  # never sent back
    tab.close()

    response, tab = submit(camat, cert.passphrase)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    tab.close()
    # The shell saves a PDF rather than showing it, so its bytes are asked for again with
    # this browser's session and the form's own fields.
    form = page.locator("#laporan-ttd")
    data = page.request.post(camat.base + form.get_attribute("action"), form={
        "csrf_token": form.locator("[name=csrf_token]").input_value(),
        "passphrase": cert.passphrase}).body()
    status = validate(data, cert)
    assert status.intact and status.valid and status.trusted
    assert PdfFileReader(io.BytesIO(data)).embedded_signatures[0].sig_object["/Reason"] == \
        "Laporan pelayanan Bulan November 2026"


def test_the_sekcam_has_no_passphrase_box(clerk, users, local_signer):  # noqa: F811
    sekcam = clerk("laporan-ttd-sekcam").login("sekcam")
    sekcam.goto(PERIOD)
    assert sekcam.page.locator("#laporan-ttd").count() == 0
    assert sekcam.page.locator("#laporan-pdf").is_visible()
