"""Ratification (`sahkan`) with an electronic signature.

With a signer set (SIGNER=local|bsre) the Surat Pengantar is rendered as it will read
once ratified and signed FIRST (`siapkan`, the transition's declared preparation, with
the passphrase from its declared form `PengesahanForm`); only then does the engine claim
the file, and the signed copy (bytes and SHA-256) is stored by the transition's effect
in the same database transaction as the state change. A failed signature changes nothing: the file
stays `diverifikasi` and the Camat reads why. The passphrase is passed to the signer and
nowhere else (not stored, not logged, not in the audit trail).

`tandatangani` signs any letter's PDF drawn with the `tte` context: the collective letter
is signed with it too (app/services/pengesahan_kolektif.py)."""
from __future__ import annotations

import hashlib
import io
import secrets as token_source
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext, lazy_gettext as _l
from limits import parse
from wtforms import PasswordField
from wtforms.validators import Length

from app import signing, throttle
from app.documents import service as documents
from app.extensions import db
from app.format import format_nip
from app.signing.backend import configured_signer
from app.signing.placement import kotak_antara
from app.forms import Form
from app.services.penandatangan import penandatangan_kantor
from app.timefmt import waktu
from app.workflow.declaration import Document, get_workflow
from app.workflow.errors import Refused, Unavailable
from models import Dokumen, DokumenTtd, OfficeSettings, Permohonan

# Wrong passphrases per Camat account before signing pauses: guessing stays slow, in the
# limiter's shared storage (RATELIMIT_STORAGE_URI), not in one process.
WRONG_SECRET_LIMIT = parse("5 per 15 minutes")


class SigningFailed(Refused):
    """The signature could not be made (wrong passphrase, no certificate...); nothing
    was changed."""


class SigningServiceDown(Unavailable):
    """BSrE or the time-stamping authority did not answer; nothing was changed."""


@dataclass(frozen=True)
class SuratTtd:
    """A signed letter waiting to be stored with the ratification."""
    jenis: str
    nomor: str
    token: str
    isi: bytes
    metode: str
    penandatangan_nama: str
    penandatangan_jabatan: str
    penandatangan_nip: str | None
    sertifikat_subjek: str | None
    ditandatangani_at: datetime  # as printed in the visible block

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.isi).hexdigest()


def signer_active() -> bool:
    return current_app.config.get("SIGNER", "none") != "none"


class PengesahanForm(Form):
    """The ratification's form: with a signer set, the Camat's passphrase (or TOTP code)
    for the signature made before the file is claimed; without one, nothing to fill in.
    The passphrase goes to the signer and nowhere else, and is never drawn back."""

    class Meta:
        csrf = False  # a part of the page's form, which carries the token

    passphrase = PasswordField(
        _l("Passphrase sertifikat elektronik"), id="passphrase",
        description=_l("Surat Pengantar ditandatangani secara elektronik lebih dulu; bila "
                       "gagal, berkas tidak berubah."),
        validators=[Length(max=200)], render_kw={"autocomplete": "off", "required": True})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not signer_active():
            del self.passphrase
        elif current_app.config.get("BSRE_TOTP", False):
            self.passphrase.label.text = gettext("Kode TOTP sertifikat elektronik")


def siapkan(step) -> dict:
    """The ratification's preparation, before the file is claimed: with a signer set,
    the service's declared letter drawn as it will read once ratified and signed, for
    the transition's effects to store (`Step.extra`). A refusal changes nothing."""
    signer = current_signer()
    if signer is None:
        return {}
    secret = step.data.get("passphrase")
    if secret is None:  # no form shown: a list's bulk action
        raise SigningFailed(gettext(
            "Dengan tanda tangan elektronik, berkas disahkan satu per satu dari "
            "halaman rinciannya (passphrase diminta)."))
    cek_passphrase(step.user, secret)
    declared = get_workflow(step.permohonan.layanan).pengesahan
    nilai = penandatangan_kantor()
    with menghitung_passphrase_salah(step.user):
        periksa_secret(signer, secret)  # a wrong passphrase: refused before the letter is drawn
        surat = _sign_letter(_document(step.permohonan, declared.dokumen), step.permohonan,
                             nilai, step.user, signer, secret)
    return {"pengesahan": nilai, "surat_ttd": surat}


def cek_passphrase(user, secret: str | None) -> None:
    """Refuse before signing: no passphrase typed, or too many wrong ones lately."""
    if not (secret or "").strip():
        raise SigningFailed(gettext("Ketik passphrase sertifikat elektronik Camat untuk "
                                    "mengesahkan dan menandatangani surat."))
    counting = throttle.strategy()
    if counting is not None and not counting.test(WRONG_SECRET_LIMIT, *_limit_key(user)):
        raise SigningFailed(gettext("Terlalu banyak passphrase salah. Tunggu 15 menit lalu "
                                    "coba lagi."))


@contextmanager
def menghitung_passphrase_salah(user):
    """Count a wrong passphrase raised inside against the account's limit."""
    try:
        yield
    except SigningFailed as exc:
        if getattr(exc, "wrong_secret", False) and (counting := throttle.strategy()):
            counting.hit(WRONG_SECRET_LIMIT, *_limit_key(user))
        raise


def periksa_secret(signer: signing.Signer, secret: str) -> None:
    """What the signer can tell of the passphrase before signing (the office's own key
    file: all of it), so that a wrong one is refused before a letter is drawn."""
    try:
        signer.check_secret(secret)
    except signing.SigningError as exc:
        raise _failed(exc) from None


def _failed(exc: signing.SigningError) -> SigningFailed:
    failed = SigningFailed(exc.message)
    failed.wrong_secret = isinstance(exc, signing.WrongSecret)
    return failed


def _limit_key(user) -> tuple[str, str]:
    return ("tte-passphrase", str(user.id))


def tandatangani(pdf: bytes, verifikasi_url: str, secret: str, nilai: dict | None = None,
                 signer: signing.Signer | None = None, reason: str | None = None) -> bytes:
    """Sign a letter's PDF as the office's Camat now (or as `nilai` names the signer;
    keys as `penandatangan_kantor()`): the visible block goes between the title and the
    name the letter prints. Raises SigningFailed (503: SigningServiceDown)."""
    signer = signer or current_signer()
    if signer is None:
        raise SigningFailed(gettext("Tanda tangan elektronik tidak diaktifkan."))
    s = OfficeSettings.get()
    nilai = nilai or penandatangan_kantor()
    identity = signing.SignerIdentity(
        nama=nilai["penandatangan_nama"], jabatan=nilai["penandatangan_jabatan"],
        nip=format_nip(nilai["penandatangan_nip"]) or None, nik=s.camat_nik,
        waktu=waktu(nilai.get("disahkan_at")), verifikasi_url=verifikasi_url,
        kotak=kotak_antara(pdf, nilai["penandatangan_jabatan"].upper(),
                           nilai["penandatangan_nama"]),
        reason=reason or "Pengesahan surat oleh " + nilai["penandatangan_jabatan"],
        location=s.kecamatan.removeprefix("Kecamatan ").strip())
    try:
        return signer.sign(pdf, identity, secret)
    except signing.ServiceUnavailable as exc:
        raise SigningServiceDown(exc.message) from None
    except signing.SigningError as exc:
        raise _failed(exc) from None


def surat_ttd_of(permohonan: Permohonan) -> DokumenTtd | None:
    """The stored signed letter of this file, if it was signed electronically."""
    return db.session.execute(db.select(DokumenTtd).join(Dokumen).where(
        Dokumen.permohonan_id == permohonan.id)).scalar()


def simpan_surat_ttd(permohonan: Permohonan, user, surat: SuratTtd | None) -> None:
    """Called by the `sahkan` effect inside the transition's transaction."""
    if surat is None:
        if signer_active():
            # e.g. a bulk action: with a signer set, no file is ratified unsigned.
            raise SigningFailed(gettext(
                "Dengan tanda tangan elektronik, berkas disahkan satu per satu dari "
                "halaman rinciannya (passphrase diminta)."))
        return
    dokumen = db.session.execute(db.select(Dokumen).filter_by(
        permohonan_id=permohonan.id, jenis=surat.jenis)).scalar()
    if dokumen is None:
        dokumen = Dokumen(permohonan_id=permohonan.id, jenis=surat.jenis, nomor=surat.nomor,
                          token=surat.token)
        db.session.add(dokumen)
        db.session.flush()
    db.session.add(dokumen_ttd_baru(dokumen, surat, user))


def dokumen_ttd_baru(dokumen: Dokumen, surat: SuratTtd, user) -> DokumenTtd:
    """The stored signed copy of `dokumen` (the caller adds it in its transaction)."""
    return DokumenTtd(
        dokumen_id=dokumen.id, metode=surat.metode, sha256=surat.sha256, ukuran=len(surat.isi),
        isi=surat.isi, penandatangan_nama=surat.penandatangan_nama,
        penandatangan_jabatan=surat.penandatangan_jabatan,
        penandatangan_nip=surat.penandatangan_nip, sertifikat_subjek=surat.sertifikat_subjek,
        ditandatangani_at=surat.ditandatangani_at, ditandatangani_oleh_id=user.id)


def current_signer() -> signing.Signer | None:
    """The configured signer (None: `none`); a signer set but unusable refuses."""
    try:
        return configured_signer()
    except signing.SigningError as exc:
        raise _failed(exc) from None


class _Sesudah:
    """The application as it will read once ratified: the template sees the new values
    before anything is written."""

    def __init__(self, permohonan: Permohonan, nilai: dict):
        self._p, self._nilai = permohonan, nilai

    def __getattr__(self, name):
        if name in self._nilai:
            return self._nilai[name]
        return getattr(self._p, name)


@dataclass
class _Draft:
    nomor: str
    token: str


def _document(permohonan: Permohonan, kode: str) -> Document:
    return next(d for d in get_workflow(permohonan.layanan).documents if d.kode == kode)


def _sign_letter(jenis: Document, permohonan: Permohonan, nilai: dict, user,
                 signer: signing.Signer, secret: str) -> SuratTtd:
    existing = db.session.execute(db.select(Dokumen).filter_by(
        permohonan_id=permohonan.id, jenis=jenis.kode)).scalar()
    # A new token each try until one is stored: a failed try leaves nothing to find.
    draft = _Draft(nomor=existing.nomor if existing else jenis.nomor(permohonan),
                   token=existing.token if existing else token_source.token_urlsafe(24))
    pdf = documents.render(jenis, _Sesudah(permohonan, nilai), draft, user,
                           tte={"bsre": signer.issuer_bsre})
    signed = tandatangani(pdf, documents.verifikasi_url(draft.token), secret, nilai, signer)
    return SuratTtd(jenis=jenis.kode, nomor=draft.nomor, token=draft.token, isi=signed,
                    metode=signer.name, penandatangan_nama=nilai["penandatangan_nama"],
                    penandatangan_jabatan=nilai["penandatangan_jabatan"],
                    penandatangan_nip=nilai["penandatangan_nip"],
                    sertifikat_subjek=certificate_subject(signed),
                    ditandatangani_at=nilai["disahkan_at"])


def certificate_subject(signed: bytes) -> str | None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        sig = PdfFileReader(io.BytesIO(signed)).embedded_signatures[-1]
        return sig.signer_cert.subject.human_friendly[:300]
    except Exception:  # a service's PDF we cannot read back: the hash still identifies it
        return None
