"""The printed SOP sheet: the identity page (xhtml2pdf, like every other document) and the
procedure with its flowchart (reportlab), in one PDF."""
from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from app.documents.bagan import procedure_pdf
from app.documents.render import page_size, render_pdf
from app.documents.sop import pelaksana, prosedur


def requirement_notes(wf) -> list[str]:
    """The requirements of each application type, in the office's words."""
    common = "; ".join(r.label for r in wf.common_requirements)
    notes = [f"Persyaratan setiap permohonan: {common}."]
    for jenis, reqs in wf.requirements.items():
        extra = [r.label for r in reqs]
        extra += [r.label for cj, _, r in wf.conditional_requirements if cj == jenis]
        if extra:
            notes.append(f"Tambahan untuk permohonan {wf.jenis.get(jenis, jenis).lower()}: "
                         f"{'; '.join(extra)}.")
    return notes


def sop_pdf(wf, settings) -> bytes:
    sop = wf.sop
    identity = render_pdf("pdf/sop.html", wf=wf, sop=sop, s=settings,
                          page_size=page_size(settings))
    procedure = procedure_pdf(
        prosedur(wf), pelaksana(wf), settings.ukuran_kertas,
        sop.judul_prosedur,
        ["Simbol: kapsul = awal/akhir kegiatan; kotak = kegiatan; belah ketupat = "
         "keputusan (Ya/Tidak); panah = arah alur berkas.",
         *requirement_notes(wf)])
    writer = PdfWriter()
    for part in (identity, procedure):
        writer.append(PdfReader(io.BytesIO(part)), import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
