"""The one-time survey of a handed-over file: made on first need (the proof of hand-over
is printed, or the receipt number is typed at the kiosk), found by its short code."""
from __future__ import annotations

import re
import secrets
from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError

from app.documents.qr import qr_data_uri
from app.extensions import db
from models import Permohonan, SkmUndangan
from models._time import utcnow

# No 0/O, 1/I/L: the code is read off paper and typed on a tablet.
ALFABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PANJANG = 8
_KODE = re.compile(rf"^[{ALFABET}]{{{PANJANG}}}$")


def kode_baru() -> str:
    return "".join(secrets.choice(ALFABET) for _ in range(PANJANG))


def tampil(kode: str) -> str:
    """'K7QM-3XPA': the code as printed."""
    return f"{kode[:4]}-{kode[4:]}"


def normal(teks: str) -> str | None:
    """The code in what was typed or scanned (an address ending in it, 'k7qm-3xpa'), else None."""
    teks = (teks or "").strip().rstrip("/")
    last = teks.rsplit("/", 1)[-1]
    candidate = re.sub(r"[\s-]", "", last).upper()
    return candidate if _KODE.match(candidate) else None


def untuk(permohonan: Permohonan) -> SkmUndangan:
    """The file's invitation, created once (two prints at once make one)."""
    query = db.select(SkmUndangan).filter_by(permohonan_id=permohonan.id)
    row = db.session.execute(query).scalar()
    if row is not None:
        return row
    days = current_app.config.get("SKM_MASA_BERLAKU_HARI", 30)
    start = permohonan.diserahkan_at or utcnow()
    try:
        with db.session.begin_nested():
            row = SkmUndangan(permohonan_id=permohonan.id, kode=kode_baru(),
                              berlaku_sampai=start + timedelta(days=days))
            db.session.add(row)
    except IntegrityError:
        row = db.session.execute(query).scalar_one()
    return row


def alamat(kode: str) -> str:
    """The survey's address under PUBLIC_URL when set (printed for residents)."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        return url_for("survei.isi", kode=kode, _external=True)
    return base + current_app.url_map.bind("").build("survei.isi", {"kode": kode})


def untuk_cetak(permohonan: Permohonan) -> dict:
    """What the proof of hand-over prints: the code, its address and QR, the last day."""
    row = untuk(permohonan)
    url = alamat(row.kode)
    return {"kode": tampil(row.kode), "url": url, "qr": qr_data_uri(url),
            "berlaku_sampai": row.berlaku_sampai}
