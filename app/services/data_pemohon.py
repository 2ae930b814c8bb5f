"""The applicant's data as the office's records must keep it: every edit recorded (old ->
new, who, when), and a ratified file's letters printed with the data as it was ratified."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import inspect

from app.extensions import db
from app.i18n import N_
from models import Pemohon, PerubahanPemohon
from models.pemohon import PemohonTampil

# The applicant's fields and their labels, the one list: what an edit records, what the
# intake screen labels (its `desa_id` is the column `desa`, see `label`), and what a
# ratified file keeps for its letters (the printed data).
KOLOM = {
    "nik": N_("NIK"), "no_kk": N_("No. KK"), "nama": N_("Nama lengkap"),
    "tempat_lahir": N_("Tempat lahir"), "tanggal_lahir": N_("Tanggal lahir"),
    "jenis_kelamin": N_("Jenis kelamin"), "status_perkawinan": N_("Status perkawinan"),
    "alamat": N_("Alamat"), "rt": N_("RT"), "rw": N_("RW"), "desa": N_("Desa/Kelurahan"),
    "telepon": N_("Telepon"), "email": N_("Surel"),
}
DICETAK = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
           "status_perkawinan", "alamat", "rt", "rw", "desa")


def label(kolom: str) -> str:
    """A field's declared (Indonesian) label; a form's `desa_id` is the column `desa`."""
    return KOLOM[kolom.removesuffix("_id")]


def _text(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def catat_perubahan(pemohon: Pemohon, by) -> list[PerubahanPemohon]:
    """One row per field this unit of work changes (call before the commit)."""
    state = inspect(pemohon)
    rows = []
    for kolom in KOLOM:
        history = state.attrs[kolom].history
        if not history.has_changes() or not history.deleted:
            continue
        lama, baru = _text(history.deleted[0]), _text(getattr(pemohon, kolom))
        if lama != baru:
            rows.append(PerubahanPemohon(pemohon_id=pemohon.id, kolom=kolom, lama=lama,
                                         baru=baru, oleh_id=by.id))
    db.session.add_all(rows)
    return rows


def riwayat_perubahan(pemohon_id: int) -> list[PerubahanPemohon]:
    return list(db.session.execute(
        db.select(PerubahanPemohon).where(PerubahanPemohon.pemohon_id == pemohon_id)
        .order_by(PerubahanPemohon.at, PerubahanPemohon.id)).scalars())


def salinan(pemohon: Pemohon) -> str:
    """The printed data at ratification, as JSON for `permohonan.data_pemohon_disahkan`."""
    return json.dumps({k: _text(getattr(pemohon, k)) for k in DICETAK}, ensure_ascii=False)


class PemohonDisahkan(PemohonTampil):
    """Reads like a Pemohon in the letter templates, with the ratified values."""

    def __init__(self, data: dict):
        self.__dict__.update(data)
        self.tanggal_lahir = date.fromisoformat(data["tanggal_lahir"])


class Dicetak:
    """An application as its documents print it: after ratification, the applicant's data
    as ratified, whatever was edited since (the edits are in the file's timeline)."""

    def __init__(self, permohonan):
        self._permohonan = permohonan
        data = permohonan.data_pemohon_disahkan
        self.pemohon = PemohonDisahkan(json.loads(data)) if data else permohonan.pemohon

    def __getattr__(self, name):
        return getattr(self._permohonan, name)
