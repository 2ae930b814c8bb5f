"""The applicant's data as the office's records must keep it: every edit recorded (old ->
new, who, when), and a ratified file's letters printed with the data as it was ratified."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import inspect

from app.extensions import db
from app.i18n import N_
from models import Pemohon, PerubahanPemohon
from models.pemohon import mask_nama, mask_nik

# What an edit records, and what a ratified file keeps for its letters (the printed data).
KOLOM = {
    "nik": N_("NIK"), "no_kk": N_("No. KK"), "nama": N_("Nama"),
    "tempat_lahir": N_("Tempat lahir"), "tanggal_lahir": N_("Tanggal lahir"),
    "jenis_kelamin": N_("Jenis kelamin"), "status_perkawinan": N_("Status perkawinan"),
    "alamat": N_("Alamat"), "rt": N_("RT"), "rw": N_("RW"), "desa": N_("Desa/Kelurahan"),
    "telepon": N_("Telepon"),
}
DICETAK = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
           "status_perkawinan", "alamat", "rt", "rw", "desa")


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


class PemohonDisahkan:
    """Reads like a Pemohon in the letter templates, with the ratified values."""

    def __init__(self, data: dict):
        self.__dict__.update(data)
        self.tanggal_lahir = date.fromisoformat(data["tanggal_lahir"])

    @property
    def nik_tersamar(self) -> str:
        return mask_nik(self.nik)

    @property
    def nama_tersamar(self) -> str:
        return mask_nama(self.nama)

    @property
    def latar_foto(self) -> str:
        return N_("Biru") if self.tanggal_lahir.year % 2 == 0 else N_("Merah")

    def __str__(self) -> str:
        return f"{self.nama} ({mask_nik(self.nik)})"


class Dicetak:
    """An application as its documents print it: after ratification, the applicant's data
    as ratified, whatever was edited since (the edits are in the file's timeline)."""

    def __init__(self, permohonan):
        self._permohonan = permohonan
        data = permohonan.data_pemohon_disahkan
        self.pemohon = PemohonDisahkan(json.loads(data)) if data else permohonan.pemohon

    def __getattr__(self, name):
        return getattr(self._permohonan, name)
