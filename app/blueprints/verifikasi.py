"""Public verification of a printed document through its QR code: no login, nothing
personal beyond the masked name, every view in the application log (not a row each: the
page is public, and limited per address). A letter signed electronically also
shows who signed, when and its SHA-256, and a visitor can check a PDF file against it
(the hash is compared in memory; the file is not kept)."""
import hashlib

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext

from app.extensions import db, limiter
from app.services.validation import karakter_terlarang
from app.workflow.declaration import get_workflow
from models import Dokumen, DokumenTtd

bp = Blueprint("verifikasi", __name__)
MAX_UPLOAD = 5 * 1024 * 1024  # a signed letter is ~100 KB
JUDUL_KOLEKTIF = "Surat Pengantar Kolektif"  # as printed, like the documents' titles


def _dokumen(token: str) -> Dokumen:
    if len(token) > 64 or karakter_terlarang(token) is not None:
        # no token has such characters; PostgreSQL would refuse a NUL in the query
        abort(404)
    dokumen = db.session.execute(db.select(Dokumen).filter_by(token=token)).scalar()
    if dokumen is None:
        abort(404)
    return dokumen


def _page(dokumen: Dokumen, status: int = 200, **extra):
    ttd = db.session.execute(db.select(DokumenTtd).filter_by(dokumen_id=dokumen.id)).scalar()
    return render_template("public/verifikasi.html", dokumen=dokumen, ttd=ttd,
                           max_mb=MAX_UPLOAD // (1024 * 1024), **_about(dokumen), **extra), status


def _about(dokumen: Dokumen) -> dict:
    """What the page says the document is: a file's document names its applicant (masked)
    and the file's state; a collective letter only how many files it covers."""
    if dokumen.surat_kolektif is not None:
        return {"judul": JUDUL_KOLEKTIF, "jumlah_berkas": len(dokumen.surat_kolektif.berkas)}
    p = dokumen.permohonan
    wf = get_workflow(p.layanan)
    return {"judul": next(d.judul for d in wf.documents if d.kode == dokumen.jenis),
            "state": wf.state(p.status), "nama": p.pemohon.nama_tersamar}


@bp.get("/verifikasi/<token>")
@limiter.limit("60 per minute",
               error_message=lambda: gettext("Terlalu banyak pemeriksaan dokumen dari alamat "
                                             "Anda. Coba lagi dalam satu menit."))
def show(token: str):
    dokumen = _dokumen(token)
    current_app.logger.info("verifikasi dilihat: dokumen=%s address=%s", dokumen.id,
                            request.remote_addr)
    return _page(dokumen)


@bp.post("/verifikasi/<token>")
@limiter.limit("20 per minute",
               error_message=lambda: gettext("Terlalu banyak pemeriksaan berkas. Coba lagi "
                                             "dalam satu menit."))
def cek_berkas(token: str):
    dokumen = _dokumen(token)
    ttd = db.session.execute(db.select(DokumenTtd).filter_by(dokumen_id=dokumen.id)).scalar()
    if ttd is None:
        abort(404)  # only a signed letter has a file to compare with
    if (request.content_length or 0) > MAX_UPLOAD + 64 * 1024:
        return _page(dokumen, 413, galat=gettext(
            "Berkas terlalu besar: maksimal %(mb)d MB.", mb=MAX_UPLOAD // (1024 * 1024)))
    upload = request.files.get("berkas")
    data = upload.read(MAX_UPLOAD + 1) if upload else b""
    if not data:
        return _page(dokumen, 422, galat=gettext("Pilih berkas PDF yang akan diperiksa."))
    if len(data) > MAX_UPLOAD:
        return _page(dokumen, 413, galat=gettext(
            "Berkas terlalu besar: maksimal %(mb)d MB.", mb=MAX_UPLOAD // (1024 * 1024)))
    digest = hashlib.sha256(data).hexdigest()
    return _page(dokumen, cocok=digest == ttd.sha256, sha_berkas=digest)
