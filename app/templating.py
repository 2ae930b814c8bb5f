"""Jinja filters and globals shared by pages and printed documents."""
from flask import Flask

from app import timefmt
from app.workflow.declaration import get_workflow
from models.pemohon import mask_nama, mask_nik


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        tanggal=timefmt.tanggal,
        tanggal_panjang=timefmt.tanggal_panjang,
        waktu=timefmt.waktu,
        durasi=timefmt.durasi,
        nik_tersamar=mask_nik,
        nama_tersamar=mask_nama,
    )
    app.jinja_env.globals.update(get_workflow=get_workflow)
