"""Printing: the application's documents and the SOP sheet, as PDF, for the working roles."""
from flask import Blueprint, abort, make_response, render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.auth import permission_required
from app.documents import service
from app.documents.sop_sheet import sop_pdf
from app.errors import http_status
from app.extensions import db
from app.pdp import log_baca
from app.services import cetak_massal as batch
from app.workflow.declaration import all_workflows, get_workflow
from models import CetakLog, OfficeSettings, Permohonan, SuratKolektif

bp = Blueprint("cetak", __name__)


def pdf_response(data: bytes, filename: str):
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # personal data: keep no copies
    return response


@bp.get("/admin/permohonan/<int:id>/cetak/<slug>.pdf")
@permission_required("cetak.dokumen")
def dokumen(id: int, slug: str):
    # The file with what its documents print from it, in one statement.
    permohonan = db.session.execute(
        db.select(Permohonan).where(Permohonan.id == id)
        .options(joinedload(Permohonan.syarat), joinedload(Permohonan.created_by))
    ).unique().scalar()
    if permohonan is None:
        abort(404)
    jenis = next((d for d in get_workflow(permohonan.layanan).documents if d.slug == slug), None)
    if jenis is None:
        abort(404)
    try:
        data = service.cetak(jenis, permohonan, current_user)
    except service.NotAvailable as exc:
        return render_template("cetak/tidak_tersedia.html", message=exc.message,
                               permohonan=permohonan), http_status(exc)
    safe_name = permohonan.nomor_tanda_terima.replace("/", "-")
    return pdf_response(data, f"{slug}-{safe_name}.pdf")


@bp.get("/admin/sop.pdf")
@permission_required("cetak.sop")
def sop():
    return sop_layanan(get_workflow().layanan)


@bp.get("/admin/sop/<layanan>.pdf")
@permission_required("cetak.sop")
def sop_layanan(layanan: str):
    """The SOP sheet of one declared service."""
    wf = next((w for w in all_workflows() if w.layanan == layanan), None)
    if wf is None:
        abort(404)
    settings = OfficeSettings.get()
    db.session.add(CetakLog(jenis="sop", user_id=current_user.id,
                            keterangan=f"Lembar SOP {wf.title}"[:300]))
    data = sop_pdf(wf, settings)
    db.session.commit()
    return pdf_response(data, f"sop-{wf.layanan}.pdf")


@bp.get("/admin/surat-kolektif/<int:id>/surat-pengantar-kolektif.pdf")
@permission_required("cetak.surat_kolektif")
def surat_kolektif(id: int):
    surat = db.session.get(SuratKolektif, id)
    if surat is None:
        abort(404)
    try:
        data = batch.cetak_surat_kolektif(surat, current_user)
    except batch.BatchError as exc:  # waiting for the Camat's electronic signature
        return render_template("cetak/tidak_tersedia.html", message=exc.message,
                               surat=surat), http_status(exc)
    for b in surat.berkas:  # one row per person the letter names
        log_baca.catat("surat_kolektif", surat.id, b.permohonan.pemohon_id, surat.nomor,
                       kantor_id=surat.kantor_id)
    return pdf_response(data, f"surat-pengantar-kolektif-{surat.nomor.replace('/', '-')}.pdf")
