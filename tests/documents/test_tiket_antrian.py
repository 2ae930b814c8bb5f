"""The queue ticket on paper: a PDF as wide as the thermal roll (58 or 80 mm), read back
with pypdf, and the ESC/POS bytes a printer attached to the server receives."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from app.documents import tiket_antrian
from app.extensions import db
from app.services import antrian

MM = 72 / 25.4  # PDF points per millimetre


@pytest.mark.parametrize("lebar", [58, 80])
def test_the_ticket_pdf_is_as_wide_as_the_roll(ctx, lebar):
    antrian.ambil("pengajuan")
    tiket = antrian.ambil("pengajuan")
    db.session.commit()
    reader = PdfReader(io.BytesIO(tiket_antrian.pdf(tiket, lebar)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(lebar * MM, abs=0.5)
    assert float(box.height) == pytest.approx(tiket_antrian.TINGGI_MM[lebar] * MM, abs=0.5)
    text = " ".join(reader.pages[0].extract_text().split())
    for words in ("KECAMATAN TAKERAN", "NOMOR ANTREAN", "A-002", "Pengajuan berkas baru",
                  "1 orang menunggu sebelum Anda", "WIB"):
        assert words in text


def test_the_ticket_pdf_stays_indonesian_in_an_english_session(app, ctx):
    from flask_babel import force_locale

    tiket = antrian.ambil("pengambilan")
    db.session.commit()
    with force_locale("en"):
        data = tiket_antrian.pdf(tiket, 80)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Pengambilan KTP-el" in text and "B-001" in text


@pytest.mark.parametrize("lebar, kolom", [(58, 32), (80, 48)])
def test_the_escpos_bytes_print_a_ticket_and_cut(ctx, lebar, kolom):
    tiket = antrian.ambil("konsultasi")
    db.session.commit()
    data = tiket_antrian.escpos(tiket, lebar)
    assert data.startswith(b"\x1b@\x1ba\x01")  # initialise, centre
    assert data.endswith(b"\x1dVB\x03")  # feed and partial cut
    # The number in quadruple size, bold, then back to normal.
    assert b"\x1d!\x33\x1bE\x01C-001\n\x1d!\x00" in data
    printed = re.sub(rb"\x1b@|\x1b[aE].|\x1d!.|\x1dVB.", b"", data, flags=re.S)
    assert b"KECAMATAN TAKERAN" in printed and b"Konsultasi" in printed
    assert all(len(line) <= kolom for line in printed.split(b"\n"))
    assert data.isascii()


def test_the_bytes_go_to_the_configured_device(ctx, tmp_path):
    tiket = antrian.ambil("pengajuan")
    db.session.commit()
    device = tmp_path / "lp0"
    data = tiket_antrian.escpos(tiket, 80)
    tiket_antrian.kirim_ke_printer(data, str(device))
    tiket_antrian.kirim_ke_printer(data, str(device))
    assert device.read_bytes() == data * 2
    with pytest.raises(tiket_antrian.PrinterError):
        tiket_antrian.kirim_ke_printer(data, str(tmp_path / "tidak-ada" / "lp0"))
