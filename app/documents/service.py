"""Print a document: check it exists in this state, give it a stable verification token,
record the print, render it."""
from __future__ import annotations

import secrets

from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError

from app.documents.qr import qr_data_uri
from app.documents.render import page_size, render_pdf
from app.extensions import db
from app.workflow.declaration import Document, get_workflow
from models import CetakLog, Dokumen, OfficeSettings, Permohonan
from models._time import utcnow


class NotAvailable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_available(jenis: Document, permohonan: Permohonan) -> None:
    if permohonan.status not in jenis.states:
        state = get_workflow(permohonan.layanan).state(permohonan.status).label
        raise NotAvailable(f"{jenis.judul} belum/tidak tersedia untuk berkas berstatus "
                           f"{state}.")


def dokumen_for(jenis: Document, permohonan: Permohonan) -> Dokumen:
    """One Dokumen row per application and kind: reprints keep the same QR token."""
    query = db.select(Dokumen).filter_by(permohonan_id=permohonan.id, jenis=jenis.kode)
    row = db.session.execute(query).scalar()
    if row is None:
        try:
            with db.session.begin_nested():  # two clerks printing the first copy at once
                row = Dokumen(permohonan_id=permohonan.id, jenis=jenis.kode,
                              nomor=jenis.nomor(permohonan), token=secrets.token_urlsafe(24))
                db.session.add(row)
        except IntegrityError:
            row = db.session.execute(query).scalar_one()
    return row


def verifikasi_url(token: str) -> str:
    """The verification page's address: under PUBLIC_URL when set, since the printing PC
    may reach the server as localhost or by a LAN address no resident can open."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        return url_for("verifikasi.show", token=token, _external=True)
    return base + current_app.url_map.bind("").build("verifikasi.show", {"token": token})


def cetak(jenis: Document, permohonan: Permohonan, by) -> bytes:
    check_available(jenis, permohonan)
    dokumen = dokumen_for(jenis, permohonan)
    db.session.add(CetakLog(jenis=jenis.kode, dokumen_id=dokumen.id, user_id=by.id,
                            keterangan=dokumen.nomor))
    settings = OfficeSettings.get()
    url = verifikasi_url(dokumen.token)
    pdf = render_pdf(jenis.template, p=permohonan, dokumen=dokumen, jenis=jenis,
                     s=settings, page_size=page_size(settings), petugas=by,
                     verifikasi_url=url, qr=qr_data_uri(url), dicetak=utcnow(),
                     wf=get_workflow(permohonan.layanan),
                     sop=get_workflow(permohonan.layanan).sop)
    db.session.commit()
    return pdf
