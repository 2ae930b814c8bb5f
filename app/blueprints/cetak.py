"""Printing: the application's documents and the SOP sheet, as PDF, for the working roles."""
from flask import Blueprint, abort, make_response, render_template
from flask_login import current_user

from app.auth import role_required
from app.documents import service
from app.services import cetak_massal as batch
from app.documents.jenis import BY_SLUG
from app.documents.sop_sheet import sop_pdf
from app.extensions import db
from app.workflow.declaration import get_workflow
from models import CetakLog, OfficeSettings, Permohonan, SuratKolektif

bp = Blueprint("cetak", __name__)
WORKING_ROLES = ("sekretariat", "operator", "sekcam", "camat")
SURAT_KOLEKTIF_ROLES = ("sekretariat", "sekcam", "camat")


def pdf_response(data: bytes, filename: str):
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # personal data: keep no copies
    return response


@bp.get("/admin/permohonan/<int:id>/cetak/<slug>.pdf")
@role_required(*WORKING_ROLES)
def dokumen(id: int, slug: str):
    jenis = BY_SLUG.get(slug)
    permohonan = db.session.get(Permohonan, id)
    if jenis is None or permohonan is None:
        abort(404)
    try:
        data = service.cetak(jenis, permohonan, current_user)
    except service.NotAvailable as exc:
        return render_template("cetak/tidak_tersedia.html", message=exc.message,
                               permohonan=permohonan), 409
    safe_name = permohonan.nomor_tanda_terima.replace("/", "-")
    return pdf_response(data, f"{slug}-{safe_name}.pdf")


@bp.get("/admin/sop.pdf")
@role_required("admin", *WORKING_ROLES)
def sop():
    settings = OfficeSettings.get()
    db.session.add(CetakLog(jenis="sop", user_id=current_user.id, keterangan="Lembar SOP"))
    data = sop_pdf(get_workflow("ktp-el"), settings)
    db.session.commit()
    return pdf_response(data, "sop-pelayanan-ktp-el.pdf")


@bp.get("/admin/surat-kolektif/<int:id>/surat-pengantar-kolektif.pdf")
@role_required(*SURAT_KOLEKTIF_ROLES)
def surat_kolektif(id: int):
    surat = db.session.get(SuratKolektif, id)
    if surat is None:
        abort(404)
    data = batch.cetak_surat_kolektif(surat, current_user)
    return pdf_response(data, f"surat-pengantar-kolektif-{surat.nomor.replace('/', '-')}.pdf")
