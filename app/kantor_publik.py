"""The office a public page serves (a kiosk, the TV display, the complaint form, the
published IKM): named by `?kantor=<kode>` on a regency's server, else the only office (or
the first). Links the page makes keep the office, so a form posts back to it. And the
office (or regency) a page's header names, public or not."""
from flask import Blueprint, abort, g, request
from flask_login import current_user
from sqlalchemy import select

from app.access.scope import kantor_aktif, lingkup_kabupaten
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


def wilayah(kantor_id: int | None = None) -> dict:
    """The names a page's header shows: office `kantor_id`'s, else the request's office
    (a clerk's, the one a public page's address names), else the only office's. On a
    regency's server a page for every office (the status check, the login) names the
    regency alone, and so do a regency role's screens on any server: `kecamatan` is None."""
    kantor_id = kantor_id or kantor_aktif()
    if not kantor_id and not lingkup_kabupaten(getattr(current_user, "role", None)):
        kantor_id = kantor_tunggal(db.session)  # a single office's install names it
    if kantor_id:
        kantor = OfficeSettings.get(kantor_id)
        return {"kecamatan": kantor.kecamatan, "kabupaten": kantor.kabupaten}
    # The offices are one regency's; the first names it (often already read by the page).
    first = db.session.get(OfficeSettings, KANTOR_AWAL) or db.session.execute(
        select(OfficeSettings).order_by(OfficeSettings.id).limit(1)).scalar()
    return {"kecamatan": None, "kabupaten": first.kabupaten if first else None}
