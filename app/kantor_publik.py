"""The office a public page serves (a kiosk, the TV display, the complaint form, the
published IKM): named by `?kantor=<kode>` on a regency's server, else the only office (or
the first). Links the page makes keep the office, so a form posts back to it."""
from flask import Blueprint, abort, g, request
from sqlalchemy import select

from app.extensions import db
from models import OfficeSettings
from models._kantor import KANTOR_AWAL, kantor_tunggal

_KODE = "kantor_kode"


def pilih() -> None:
    """This request serves the office its address names (404 for a code of none)."""
    kode = request.args.get("kantor")
    if kode:
        kantor_id = db.session.execute(select(OfficeSettings.id).where(
            OfficeSettings.kode_wilayah == kode)).scalar()
        if kantor_id is None:
            abort(404)
        g.kantor_id = kantor_id
        g.kantor_kode = kode
    else:
        g.kantor_id = kantor_tunggal(db.session) or KANTOR_AWAL


def _tetap(endpoint: str, values: dict) -> None:
    if g.get(_KODE):
        values.setdefault("kantor", g.kantor_kode)


def layani(bp: Blueprint) -> None:
    """Every page of `bp` serves one office, the one its address names."""
    bp.before_request(pilih)
    bp.url_defaults(_tetap)
