"""The regency's dashboard on paper (xhtml2pdf, landscape) and as a workbook (openpyxl:
numbers as numbers), the same table as the screen in the same order, always Indonesian."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from app.documents.laporan_bulanan import judul
from app.documents.render import page_size, render_pdf
from app.services.kabupaten import TARGET_PERSEN, Baris, Dasbor, Kolom
from models import OfficeSettings
from models._time import utcnow


def nama_berkas(dasbor: Dasbor, ext: str) -> str:
    return f"dasbor-kabupaten-{dasbor.dari:%Y%m%d}-{dasbor.sampai:%Y%m%d}.{ext}"


# Figures side by side on one landscape sheet before the table goes on below itself: each
# header word must fit its column (xhtml2pdf does not break inside a word).
KOLOM_PER_BAGIAN = 13


def bagian(dasbor: Dasbor) -> list[list[tuple[str, list[Kolom]]]]:
    """The table's column groups cut into parts of at most KOLOM_PER_BAGIAN columns (a group
    is never cut), each part printed as its own table with the offices' names."""
    groups: list[tuple[str, list[Kolom]]] = []
    for k in dasbor.kolom:
        if groups and groups[-1][0] == k.grup:
            groups[-1][1].append(k)
        else:
            groups.append((k.grup, [k]))
    parts: list[list] = []
    for group in groups:
        if parts and sum(len(c) for _g, c in parts[-1]) + len(group[1]) <= KOLOM_PER_BAGIAN:
            parts[-1].append(group)
        else:
            parts.append([group])
    return parts


def pdf(dasbor: Dasbor) -> bytes:
    s = OfficeSettings.get(min(b.kantor_id for b in dasbor.baris)) if dasbor.baris else None
    return render_pdf("pdf/dasbor_kabupaten.html", dasbor=dasbor, bagian=bagian(dasbor),
                      page_size=page_size(s) if s else "a4",
                      kabupaten=s.kabupaten if s else "", dibuat=utcnow(),
                      judul=judul(dasbor.dari, dasbor.sampai), target_persen=TARGET_PERSEN)


def _cells(dasbor: Dasbor, row: Baris) -> list:
    out = [row.kode or None, row.nama]
    for k in dasbor.kolom:
        value = row.nilai.get(k.key)
        out.append(float(value) if k.desimal and value is not None else value)
    return out


def xlsx(dasbor: Dasbor) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "Dasbor kabupaten"
    ws.append([f"Dasbor kabupaten · {judul(dasbor.dari, dasbor.sampai)} · target SOP "
               f"{TARGET_PERSEN} % dalam standar"])
    ws.append(["", ""] + [k.grup for k in dasbor.kolom])
    ws.append(["Kode", "Kantor"] + [k.judul + (" (%)" if k.persen else "") for k in dasbor.kolom])
    for row in ws[2] + ws[3]:
        row.font = Font(bold=True)
    for row in dasbor.baris:
        ws.append(_cells(dasbor, row))
    ws.append(_cells(dasbor, dasbor.total))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
