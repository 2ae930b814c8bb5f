"""The Camat signs a collective Surat Pengantar electronically, as a file's own letter.

Signed FIRST, then stored: the letter's `dokumen` row (its QR token and number) and its
signed copy with the SHA-256 commit together or not at all, so a wrong passphrase or a
service that does not answer leaves the letter unsigned and nothing to find. From then
on the signed copy is what prints (app/services/cetak_massal.py); a second signing is
refused. The passphrase goes to the signer and nowhere else."""
from __future__ import annotations

import secrets as token_source
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from app.access.permissions import allowed
from app.documents import service as documents
from app.extensions import db
from app.services import cetak_massal, pengesahan
from app.services.penandatangan import PENANDATANGAN, penandatangan_kantor
from app.workflow.errors import NotAllowed, NotFound, Refused, StaleState
from models import Dokumen, DokumenTtd, SuratKolektif

PERMISSION = "surat_kolektif.tandatangani"


@dataclass
class _Sesudah:
    """The letter as it will read once signed: its number and files, the signer now."""
    kantor_id: int
    nomor: str
    berkas: list
    created_at: object
    penandatangan_nama: str
    penandatangan_jabatan: str
    penandatangan_pangkat: str | None
    penandatangan_nip: str | None


def _sudah_ditandatangani(surat: SuratKolektif) -> str:
    return gettext("Surat pengantar kolektif %(nomor)s sudah ditandatangani secara "
                   "elektronik.", nomor=surat.nomor)


def alasan_belum_bisa(surat: SuratKolektif) -> str | None:
    """Why this letter cannot be signed now (for the screen and the service), or None."""
    if cetak_massal.surat_ttd(surat) is not None:
        return _sudah_ditandatangani(surat)
    if belum := cetak_massal.belum_disahkan([b.permohonan for b in surat.berkas]):
        return gettext("Belum semua berkas dalam surat ini disahkan Camat: %(nomor)s.",
                       nomor=", ".join(p.nomor_tanda_terima for p in belum))
    return None


def tandatangani(surat_id: int, user, secret: str | None) -> DokumenTtd:
    """Sign and store; raises a WorkflowError (the message for the Camat) otherwise."""
    if not allowed(PERMISSION, user.role):
        raise NotAllowed(gettext("Hanya Camat yang menandatangani surat pengantar kolektif."))
    signer = pengesahan.current_signer()
    if signer is None:
        raise Refused(gettext("Tanda tangan elektronik tidak diaktifkan."))
    surat = db.session.get(SuratKolektif, surat_id)
    if surat is None:
        raise NotFound(gettext("Surat pengantar kolektif tidak ditemukan."))
    if (alasan := alasan_belum_bisa(surat)) is not None:
        # Signed already (a second click, another tab): the letter changed since seen.
        raise (StaleState if surat.dokumen is not None else Refused)(alasan)
    pengesahan.cek_passphrase(user, secret)
    with pengesahan.menghitung_passphrase_salah(user):
        pengesahan.periksa_secret(signer, secret)  # before the letter is drawn
    nilai = penandatangan_kantor()
    sesudah = _Sesudah(kantor_id=surat.kantor_id, nomor=surat.nomor, berkas=list(surat.berkas),
                       created_at=surat.created_at,
                       **{k: nilai[k] for k in PENANDATANGAN})
    # A new token each try until one is stored: a failed try leaves nothing to find.
    token = token_source.token_urlsafe(24)
    pdf = cetak_massal.gambar_surat_kolektif(sesudah, cetakan_ke=1, dicetak=nilai["disahkan_at"],
                                             tanggal=nilai["disahkan_at"], token=token,
                                             tte={"bsre": signer.issuer_bsre})
    with pengesahan.menghitung_passphrase_salah(user):
        signed = pengesahan.tandatangani(pdf, documents.verifikasi_url(token), secret, nilai,
                                         signer)
    db.session.rollback()  # only reads so far
    return _simpan(surat_id, user, token, signed, signer.name, nilai)


def _simpan(surat_id: int, user, token: str, signed: bytes, metode: str,
            nilai: dict) -> DokumenTtd:
    surat = db.session.get(SuratKolektif, surat_id)
    dokumen = Dokumen(surat_kolektif_id=surat.id, jenis=cetak_massal.JENIS_KOLEKTIF,
                      nomor=surat.nomor, token=token, created_at=nilai["disahkan_at"])
    surat_ttd = pengesahan.SuratTtd(
        jenis=dokumen.jenis, nomor=surat.nomor, token=token, isi=signed, metode=metode,
        penandatangan_nama=nilai["penandatangan_nama"],
        penandatangan_jabatan=nilai["penandatangan_jabatan"],
        penandatangan_nip=nilai["penandatangan_nip"],
        sertifikat_subjek=pengesahan.certificate_subject(signed),
        ditandatangani_at=nilai["disahkan_at"])
    # The letter's record names who signed it, as the signed copy does.
    for key in PENANDATANGAN:
        setattr(surat, key, nilai[key])
    try:
        db.session.add(dokumen)
        db.session.flush()  # a second signing at the same moment stops here (unique)
        ttd = pengesahan.dokumen_ttd_baru(dokumen, surat_ttd, user)
        db.session.add(ttd)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise StaleState(_sudah_ditandatangani(surat)) from None
    return ttd
