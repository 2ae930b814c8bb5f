"""Public verification of a printed document through its QR code: no login, nothing
personal beyond the masked name, every view logged."""
from flask import Blueprint, abort, render_template, request

from app.extensions import db
from app.workflow.declaration import get_workflow
from models import Dokumen, VerifikasiLog

bp = Blueprint("verifikasi", __name__)


@bp.get("/verifikasi/<token>")
def show(token: str):
    if len(token) > 64:
        abort(404)
    dokumen = db.session.execute(db.select(Dokumen).filter_by(token=token)).scalar()
    if dokumen is None:
        abort(404)
    db.session.add(VerifikasiLog(dokumen_id=dokumen.id, ip=request.remote_addr))
    db.session.commit()
    p = dokumen.permohonan
    wf = get_workflow(p.layanan)
    return render_template("public/verifikasi.html", dokumen=dokumen,
                           judul=next(d.judul for d in wf.documents if d.kode == dokumen.jenis),
                           state=wf.state(p.status),
                           nama=p.pemohon.nama_tersamar)
