"""Offices (kantor) of the regency: adding one, listing them (docs/kantor.md). Each office
is a row of office settings; its Kemendagri code (kode_wilayah, 35.20.04) names it."""
from __future__ import annotations

import re

from flask_babel import gettext
from sqlalchemy import func, select

from app.domain_errors import Conflict, InvalidInput
from app.extensions import db
from app.services.validation import KODE_PROVINSI
from models import OfficeSettings, Permohonan, User

_KODE = re.compile(r"\d{2}\.\d{2}\.\d{2}")


class KantorInvalid(InvalidInput):
    """The code or the name of a new office is wrong."""


class KantorConflict(Conflict):
    """An office with this code exists already."""


def cek_kode_kecamatan(kode: str | None) -> str | None:
    """Why `kode` is no kecamatan's Kemendagri code (PP.KK.CC), or None."""
    kode = (kode or "").strip()
    if not _KODE.fullmatch(kode):
        return gettext("Kode kecamatan harus berbentuk 35.20.04 (provinsi.kabupaten.kecamatan).")
    if kode[:2] not in KODE_PROVINSI:
        return gettext("Kode provinsi %(kode)s tidak dikenal.", kode=kode[:2])
    if kode[3:5] == "00" or kode[6:8] == "00":
        return gettext("Kode kabupaten/kota atau kecamatan tidak boleh 00.")
    return None


def tambah(kode: str, nama: str) -> OfficeSettings:
    """A new office named after its kecamatan, with the settings' defaults to be edited by
    its administrator; its letterhead says "Kecamatan <nama>"."""
    kode, nama = (kode or "").strip(), " ".join((nama or "").split())
    if problem := cek_kode_kecamatan(kode):
        raise KantorInvalid(errors={"kode": problem})
    if not nama or len(nama) > 60:
        raise KantorInvalid(errors={"nama": gettext("Nama kecamatan wajib diisi, paling "
                                                    "banyak 60 huruf.")})
    if db.session.execute(select(OfficeSettings.id).where(
            OfficeSettings.kode_wilayah == kode)).first():
        raise KantorConflict(gettext("Kantor dengan kode %(kode)s sudah ada.", kode=kode))
    first = db.session.get(OfficeSettings, 1) or OfficeSettings.get(1)
    # The id given, not drawn: the first office's row was written with its id (1), which
    # leaves PostgreSQL's sequence behind; two offices added at once collide, one refused.
    next_id = (db.session.execute(select(func.max(OfficeSettings.id))).scalar() or 0) + 1
    row = OfficeSettings(id=next_id, kode_wilayah=kode, kecamatan=f"Kecamatan {nama}",
                         kabupaten=first.kabupaten, alamat=f"Kecamatan {nama}",
                         kode_pos="", kode_unit=kode)
    db.session.add(row)
    db.session.commit()
    db.session.info.pop("kantor_tunggal", None)
    return row


def cari(kode: str) -> OfficeSettings:
    row = db.session.execute(select(OfficeSettings).where(
        OfficeSettings.kode_wilayah == (kode or "").strip())).scalar()
    if row is None:
        raise KantorInvalid(errors={"kode": gettext("Tidak ada kantor dengan kode %(kode)s.",
                                                    kode=kode)})
    return row


def daftar() -> list[tuple[OfficeSettings, int, int]]:
    """Every office with its accounts and files, by code (read across offices: a
    regency's command)."""
    users = dict(db.session.execute(select(User.kantor_id, func.count()).group_by(
        User.kantor_id)).all())
    files = dict(db.session.execute(select(Permohonan.kantor_id, func.count()).group_by(
        Permohonan.kantor_id)).all())
    rows = db.session.execute(select(OfficeSettings).order_by(OfficeSettings.kode_wilayah))
    return [(k, users.get(k.id, 0), files.get(k.id, 0)) for k in rows.scalars()]
