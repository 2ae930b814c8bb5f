"""The SOP sheet of the variant where the card is printed at the Dinas draws the card's way
(sent, printed, arrived) between the Camat's signature and the hand-over, as clean as the
SOP's own; the SOP's own sheet stays without those rows."""
import io

from pypdf import PdfReader

from app.extensions import db
from models import OfficeSettings

from tests.documents.test_sop_flowchart import _crosses, _watch

ROWS = ("3c", "Mengirim berkas yang telah disahkan ke Dinas", "3d",
        "Merekam dan mencetak KTP-el di Dinas", "3e",
        "Menerima KTP-el dari Dinas di kantor kecamatan")


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_variant_s_sheet_draws_the_card_s_way(login_as, monkeypatch):
    parts = _watch(monkeypatch)
    response = login_as("camat").get("/admin/sop/ktp-el-dinas.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    text = _text(response.data)
    positions = [text.find(piece) for piece in ROWS]
    assert -1 not in positions and positions == sorted(positions), positions
    assert text.find("Mengesahkan") < positions[0] < text.find("Pemohon menerima penerbitan")
    for seen in parts:
        assert [(b[0], s) for b in seen["labels"] for s in seen["lines"] if _crosses(b, s)] == []


def test_the_sop_s_own_sheet_has_no_dinas_rows(login_as):
    text = _text(login_as("camat").get("/admin/sop.pdf").data)
    assert "Pemohon menerima penerbitan" in text
    assert not any(piece in text for piece in ROWS[1::2])



def test_on_a4_the_taller_procedure_is_drawn_smaller_on_one_page(login_as, ctx):
    """A4 is shorter than F4: the variant's procedure (three more rows) would run over the
    page, and the flowchart cannot be cut, so it is drawn smaller, whole, on one page."""
    OfficeSettings.get().ukuran_kertas = "A4"
    db.session.commit()
    for url in ("/admin/sop/ktp-el-dinas.pdf", "/admin/sop.pdf"):
        response = login_as("camat").get(url)
        assert response.status_code == 200, url
        pages = PdfReader(io.BytesIO(response.data)).pages
        procedure = [i for i, p in enumerate(pages) if "Mutu Baku" in p.extract_text()]
        assert len(procedure) == 1, url  # one page holds the whole table
        assert "Pemohon menerima penerbitan" in " ".join(pages[procedure[0]].extract_text().split())
