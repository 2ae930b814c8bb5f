"""Jinja filters and globals shared by pages and printed documents."""
from flask import Flask

from app import timefmt
from app.documents.jenis import available
from app.workflow.declaration import get_workflow
from models.pemohon import mask_nama, mask_nik


def format_nip(nip: str | None) -> str:
    """NIP as printed on letters: 19660913 198603 1 007."""
    if not nip or len(nip) != 18:
        return nip or ""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        tanggal=timefmt.tanggal,
        tanggal_panjang=timefmt.tanggal_panjang,
        waktu=timefmt.waktu,
        durasi=timefmt.durasi,
        jam=timefmt.jam,
        nip=format_nip,
        nik_tersamar=mask_nik,
        nama_tersamar=mask_nama,
    )
    app.jinja_env.globals.update(get_workflow=get_workflow, dokumen_tersedia=available)
