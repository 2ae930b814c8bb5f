"""The read log: every view of a person's data (a record's page, a PDF, an extract), who,
what, when and from where. A view notes its row (`catat`); the rows are written at the end
of the request in one INSERT, after the page was built, and only if it was shown."""
from __future__ import annotations

from flask import Flask, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

from app.database import commit_keeping
from app.extensions import db
from app.i18n import N_
from app.access.scope import kantor_aktif
from models import LogBaca, Pemohon
from models._kantor import kantor_tunggal
from models._time import utcnow

# What was read -> its name on screen.
JENIS = {
    "pemohon": N_("Data pemohon"),
    "pemohon_ubah": N_("Formulir ubah data pemohon"),
    "permohonan": N_("Halaman berkas"),
    "loket": N_("Data pemohon di loket"),
    "dokumen": N_("PDF dokumen berkas"),
    "register": N_("Petikan register"),
    "surat_kolektif": N_("Surat pengantar kolektif"),
    "permintaan_subjek": N_("Permintaan data pribadi"),
    "subjek_akses": N_("PDF data pribadi untuk pemiliknya"),
    "ekspor": N_("Ekspor daftar"),
    "pengaduan": N_("Pengaduan"),
}


def catat(jenis: str, objek_id: int | None = None, pemohon_id: int | None = None,
          keterangan: str | None = None, kantor_id: int | None = None) -> None:
    """Note that the current user reads this now (written when the response leaves)."""
    assert jenis in JENIS, jenis
    if not has_request_context() or not current_user.is_authenticated:
        return
    g.setdefault("log_baca", []).append({
        "at": utcnow(), "user_id": current_user.id, "peran": current_user.role,
        "jenis": jenis, "objek_id": objek_id, "pemohon_id": pemohon_id,
        "kantor_id": kantor_aktif() or kantor_id,
        "keterangan": (keterangan or "")[:300] or None, "ip": request.remote_addr})


def _tulis(response):
    rows = g.pop("log_baca", None)
    if not rows or response.status_code >= 500:
        return response  # nothing read, or nothing shown
    if response.status_code >= 400:
        # A refused form is shown again with its data: its reading counts, its writes not.
        db.session.rollback()
    _kantor(rows)
    db.session.execute(insert(LogBaca), rows)
    commit_keeping()  # only rows added: what the page loaded (the officer) stays loaded
    return response


def init_app(app: Flask) -> None:
    app.after_request(_tulis)


def _kantor(rows: list[dict]) -> None:
    """Each read is kept in the office of the reader, or (a regency reader) of the file
    read (the caller names it) or of the applicant; a regency-wide read of no applicant in
    none (the regency's own log)."""
    for row in rows:
        if row["kantor_id"] is None and row["pemohon_id"]:
            pemohon = db.session.get(Pemohon, row["pemohon_id"])
            row["kantor_id"] = pemohon.kantor_id if pemohon else None
    if any(row["kantor_id"] is None for row in rows):
        only = kantor_tunggal(db.session)
        for row in rows:
            row["kantor_id"] = row["kantor_id"] or only
