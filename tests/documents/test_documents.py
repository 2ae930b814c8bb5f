"""Printed documents, parsed back with pypdf: what the office hands out."""
import io
import re

import pytest
from pypdf import PdfReader

from app.documents.render import confined_link_callback, html_to_pdf
from app.extensions import db
from models import CetakLog, OfficeSettings

F4_PORTRAIT = (609.4, 935.4)


def pdf_text(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())  # line breaks fall where the layout puts them


def test_receipt_from_submission_with_applicant_and_checklist(login_as, an_application, app):
    p = an_application("diajukan", nama="Siti Aminah")
    reader, text = pdf_text(login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width, 1), round(height, 1)) == F4_PORTRAIT
    assert "TANDA TERIMA BERKAS PERMOHONAN KTP-el" in text
    assert p.nomor_tanda_terima in text and "Siti Aminah" in text
    assert p.pemohon.nik in text
    assert "Gratis" in text and "Biru" in text  # born 1990: even year
    assert "Fotokopi Kartu Keluarga" in text
    with app.app_context():
        assert db.session.execute(db.select(CetakLog)).scalar().jenis == "tanda_terima"


def test_cover_letter_only_after_ratification_and_keeps_the_signer(
        login_as, an_application, app):
    early = an_application("diverifikasi")
    refused = login_as("sekretariat").get(f"/admin/permohonan/{early.id}/cetak/surat-pengantar.pdf")
    assert refused.status_code == 409
    assert "belum/tidak tersedia" in refused.get_data(as_text=True)
    assert refused.headers["Content-Type"].startswith("text/html")

    p = an_application("disahkan")
    with app.app_context():  # a new Camat after ratification changes nothing on old letters
        settings = OfficeSettings.get()
        settings.camat_nama, settings.camat_nip = "PENGGANTI, S.H.", "197001012000011001"
        db.session.commit()
    _, text = pdf_text(login_as("camat").get(f"/admin/permohonan/{p.id}/cetak/surat-pengantar.pdf"))
    assert "Surat Pengantar Pembuatan KTP-el" in text
    assert p.register.nomor in text
    assert "JAKA PRASTAWA" in text and "19660913 198603 1 007" in text
    assert "PENGGANTI" not in text
    assert "Dinas Kependudukan" in text
    assert "Lampiran : 1 (satu) berkas" in text and "Sifat : Penting" in text
    assert "Kepada" in text and "di – TEMPAT" in text
    assert "Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Magetan" in text


def test_proof_of_handover_names_receiver_and_officer(login_as, an_application):
    p = an_application("diserahkan")
    _, text = pdf_text(login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/bukti-serah-terima.pdf"))
    assert "BUKTI TANDA TERIMA PENYERAHAN KTP-el" in text
    assert "Yang menerima" in text and "Yang menyerahkan" in text
    assert p.pemohon.nama in text


def test_qr_url_opens_the_public_verification_page(login_as, an_application, client, app):
    p = an_application("diajukan", nama="Siti Aminah")
    _, text = pdf_text(login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"))
    url = re.search(r"http://127\.0\.0\.1:\d+(/verifikasi/[\w-]+)", text)
    assert url, text
    page = client.get(url.group(1))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert p.nomor_tanda_terima in html and "S*** A*****" in html
    assert "Siti Aminah" not in html and p.pemohon.nik not in html
    assert client.get("/verifikasi/tidak-ada-token-seperti-ini").status_code == 404


def test_public_verification_is_limited_per_address_and_writes_no_rows(
        login_as, an_application, client, app, caplog):
    from tests.conftest import _tables_with_rows

    p = an_application("diajukan")
    _, text = pdf_text(login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"))
    url = re.search(r"http://127\.0\.0\.1:\d+(/verifikasi/[\w-]+)", text).group(1)
    with app.app_context():
        before = _tables_with_rows()
    caplog.set_level("INFO")
    for _ in range(60):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert "Terlalu banyak pemeriksaan dokumen" in refused.get_data(as_text=True)
    assert client.get(url, environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    with app.app_context():
        assert _tables_with_rows() == before  # a view adds no row anywhere
    assert caplog.text.count("verifikasi dilihat") == 61


def test_qr_url_uses_the_public_address_when_one_is_set(login_as, an_application, app,
                                                       monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://ktpel.takeran.magetankab.go.id")
    p = an_application("diajukan")
    _, text = pdf_text(login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"))
    assert re.search(r"https://ktpel\.takeran\.magetankab\.go\.id/verifikasi/[\w-]+", text), text
    assert "localhost" not in text


@pytest.mark.parametrize("value,expected", [
    ("", None),
    ("https://ktpel.takeran.magetankab.go.id/", "https://ktpel.takeran.magetankab.go.id"),
    ("http://10.0.0.5/ktpel", "http://10.0.0.5/ktpel"),
])
def test_public_url_setting_is_read_from_the_environment(monkeypatch, value, expected):
    from app import settings

    monkeypatch.setenv("PUBLIC_URL", value)
    assert settings.public_url() == expected


def test_public_url_without_a_scheme_is_refused(monkeypatch):
    from app import settings

    monkeypatch.setenv("PUBLIC_URL", "ktpel.takeran.magetankab.go.id")
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        settings.public_url()


def test_html_and_pdf_tags_in_a_name_print_as_text(login_as, an_application):
    p = an_application("diajukan", nama="<pdf:nextpage/><b>Budi</b>")
    reader, text = pdf_text(login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"))
    assert "<pdf:nextpage/><b>Budi</b>" in text
    assert len(reader.pages) == 1


def test_nothing_outside_the_static_folder_is_loaded(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    for uri in (str(secret), f"file://{secret}", "static/../instance/secret_key",
                "http://example.invalid/x.png", "static/../../etc/passwd"):
        assert confined_link_callback(uri) is None, uri
    assert confined_link_callback("static/fonts/DejaVuSans.ttf").endswith("DejaVuSans.ttf")
    pdf = html_to_pdf(f'<img src="{secret}"><p>ok</p>')  # refused, the document still renders
    assert pdf.startswith(b"%PDF")


def test_sop_sheet_is_rebuilt_from_the_workflow(login_as):
    from app.workflow.declaration import get_workflow

    reader, text = pdf_text(login_as("camat").get("/admin/sop.pdf"))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert width > height  # landscape
    flat = text
    for step in get_workflow().sop_steps:
        assert f"{step.waktu_menit} menit" in flat
        assert " ".join(step.kegiatan.split()) in flat
    assert "Gratis" in flat and "Bukti Tanda Terima" in flat
    # The SOP's own header, its ratifier from the office settings.
    assert "Nomor SOP 188/51/Kept/403.404/2021" in flat
    assert "Tanggal Efektif 31 Desember 2021" in flat
    assert "Disahkan oleh CAMAT TAKERAN" in flat
    assert "JAKA PRASTAWA" in flat and "Pembina Tingkat I" in flat
    assert "NIP. 19660913 198603 1 007" in flat


@pytest.mark.parametrize("role,status", [("admin", 403), ("operator", 200)])
def test_documents_are_for_working_roles(login_as, an_application, role, status):
    p = an_application("diajukan")
    assert login_as(role).get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf").status_code == status


def test_anonymous_is_sent_to_login(client, an_application):
    p = an_application("diajukan")
    response = client.get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_two_first_prints_at_once_share_one_token(app, an_application, users):
    import threading

    from app.documents import service
    from app.workflow.declaration import get_workflow
    from models import Dokumen, Permohonan, User

    pid, uid = an_application("diajukan").id, users["sekretariat"].id
    barrier, errors = threading.Barrier(4), []

    def print_once():
        with app.test_request_context():
            permohonan = db.session.get(Permohonan, pid)
            user = db.session.get(User, uid)
            barrier.wait()
            try:
                service.cetak(get_workflow().documents[0], permohonan, user)
            except Exception as exc:  # reported below
                errors.append(repr(exc))

    threads = [threading.Thread(target=print_once) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Dokumen.id))).scalar() == 1
        assert db.session.execute(db.select(db.func.count(CetakLog.id))).scalar() == 4


def test_without_public_url_the_qr_never_takes_the_requests_host(
        login_as, an_application, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", None)
    p = an_application("diajukan")
    client = login_as("sekretariat").client
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    response = client.get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf",
                          base_url="http://evil.example")
    _, text = pdf_text(response)
    assert "evil.example" not in text
    assert re.search(r"http://127\.0\.0\.1:\d+/verifikasi/[\w-]+", text), text


def test_admin_dashboard_warns_while_public_url_is_unset(login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", None)
    html = login_as("admin").get("/admin/").get_data(as_text=True)
    # Once, saying who sets it (the server's environment), not sending the admin to a
    # settings page that does not hold it.
    assert html.count("PUBLIC_URL belum diatur") == 1
    assert "bukan halaman Pengaturan" in html
    gaps = html[html.index('id="letterhead-gaps"'):]
    assert "PUBLIC_URL" not in gaps[:gaps.index("</div>")]
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://ktpel.takeran.magetankab.go.id")
    assert "PUBLIC_URL belum diatur" not in login_as("admin").get("/admin/").get_data(as_text=True)
