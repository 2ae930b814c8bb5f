"""The queue ticket for a thermal printer: a PDF as wide as the roll (58 or 80 mm, the
setting ANTRIAN_KERTAS_MM) for the kiosk's browser, and the same ticket as ESC/POS bytes
written to the printer device attached to the server (ANTRIAN_PRINTER, e.g. /dev/usb/lp0).

ESC/POS is written here as bytes rather than through python-escpos: a ticket needs six
commands (initialise, align, character size, bold, feed, cut), and that library brings
six more packages (barcodes, QR, YAML, …) for them."""
from __future__ import annotations

import os

from flask_babel import force_locale

from app.documents.render import render_pdf
from app.services.antrian import KEPERLUAN, menunggu, nomor_tiket
from app.timefmt import jam, tanggal
from models import AntrianTiket, OfficeSettings

# The printable height of each roll width (mm): long enough for the ticket, no more.
TINGGI_MM = {58: 62, 80: 66}
# Characters per line in ESC/POS font A: 32 on a 58 mm roll, 48 on an 80 mm roll.
KOLOM = {58: 32, 80: 48}

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
TENGAH = ESC + b"a\x01"
TEBAL, TIPIS = ESC + b"E\x01", ESC + b"E\x00"
BESAR = GS + b"!\x33"  # four times as wide and as tall
NORMAL = GS + b"!\x00"
POTONG = GS + b"V\x42\x03"  # feed three lines, then a partial cut


class PrinterError(RuntimeError):
    """The printer device could not be written (missing, no permission, offline)."""


def _isi(tiket: AntrianTiket) -> dict:
    settings = OfficeSettings.get()
    return {"kantor": settings.kecamatan, "kabupaten": settings.kabupaten,
            "nomor": nomor_tiket(tiket), "keperluan": str(KEPERLUAN[tiket.keperluan].label),
            "tanggal": tanggal(tiket.diambil_at), "jam": jam(tiket.diambil_at),
            "di_depan": sum(1 for t in menunggu(tiket.tanggal, tiket.keperluan)
                            if t.id < tiket.id)}


def pdf(tiket: AntrianTiket, lebar_mm: int) -> bytes:
    with force_locale("id"):  # printed documents are always Indonesian
        return render_pdf("pdf/tiket_antrian.html", lebar_mm=lebar_mm,
                          tinggi_mm=TINGGI_MM[lebar_mm], **_isi(tiket))


def _baris(teks: str, kolom: int) -> bytes:
    # The printer's code page is ASCII-compatible; our words are plain Latin letters.
    return teks[:kolom].encode("ascii", "replace") + b"\n"


def escpos(tiket: AntrianTiket, lebar_mm: int) -> bytes:
    with force_locale("id"):
        isi = _isi(tiket)
    kolom = KOLOM[lebar_mm]
    return b"".join((
        INIT, TENGAH,
        TEBAL, _baris(isi["kantor"].upper(), kolom), TIPIS,
        _baris(isi["kabupaten"], kolom), b"\n",
        _baris("NOMOR ANTREAN", kolom),
        BESAR, TEBAL, _baris(isi["nomor"], kolom // 4), NORMAL, TIPIS, b"\n",
        _baris(isi["keperluan"], kolom),
        _baris(f"{isi['tanggal']} {isi['jam']}", kolom),
        _baris(f"{isi['di_depan']} orang menunggu sebelum Anda", kolom),
        _baris("Silakan menunggu panggilan.", kolom),
        POTONG,
    ))


def kirim_ke_printer(data: bytes, device: str) -> None:
    """Write the bytes to the printer device (a character device or a file)."""
    try:
        fd = os.open(device, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise PrinterError(str(exc)) from exc
    try:
        os.write(fd, data)
    except OSError as exc:
        raise PrinterError(str(exc)) from exc
    finally:
        os.close(fd)
