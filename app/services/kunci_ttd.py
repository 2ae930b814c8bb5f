"""The office's signing key for `local` signing, witnessed: the admin uploads it, it waits;
the Camat, logged in as themselves, confirms it by typing its passphrase, and only then
does it sign. Every step, and every change of the settings' signer, is a `riwayat_akun`
row (who, whose, when, from where)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext
from sqlalchemy import inspect

from app import throttle
from app.domain_errors import LimitReached
from app.extensions import db
from app.services.accounts import catat
from app.signing.sertifikat import (
    PERINGATAN_HARI, InfoSertifikat, SertifikatError, baca_info, cek_masa_berlaku, info,
    info_path, menunggu_path, pasang, periksa_passphrase, sidik, simpan_info, simpan_p12,
    terpasang,
)
from models import OfficeSettings, RiwayatAkun, User
from models._time import utcnow

KOLOM = "kunci_ttd"
# The signer printed on the letters (office settings): a change is witnessed like a key's.
PENANDATANGAN = ("camat_nama", "camat_pangkat", "camat_nip", "camat_nik")
# Wrong passphrases for a waiting key per account in 15 minutes before the check is refused.
PASSPHRASE_TRIES = 5


class PassphraseLimitReached(SertifikatError, LimitReached):
    """Too many wrong passphrases for this account: refused for a while."""


@dataclass
class Menunggu:
    """The key waiting for the Camat: when, by whom (the upload's history row), which."""
    at: datetime
    oleh: User | None
    sidik: str | None


def p12_path() -> Path:
    return Path(current_app.config["SIGNER_P12_PATH"])


def menunggu_sejak() -> datetime | None:
    """When the key waiting for the Camat was uploaded, or None."""
    return terpasang(menunggu_path(p12_path()))


def menunggu() -> Menunggu | None:
    waiting = menunggu_path(p12_path())
    at = terpasang(waiting)
    if at is None:
        return None
    fingerprint = sidik(waiting)
    row = db.session.execute(
        db.select(RiwayatAkun).where(RiwayatAkun.kolom == KOLOM,
                                     RiwayatAkun.ke == f"menunggu {fingerprint}")
        .order_by(RiwayatAkun.id.desc()).limit(1)).scalar()
    return Menunggu(at, row.oleh if row else None, fingerprint)


def sertifikat_berlaku() -> InfoSertifikat | None:
    """What the certificate of the key in force says (recorded when the Camat confirmed it)."""
    return info(p12_path()) if p12_path().exists() else None


def peringatan_kedaluwarsa(now: datetime | None = None) -> InfoSertifikat | None:
    """The certificate in force when it expires within PERINGATAN_HARI days (or has)."""
    sertifikat = sertifikat_berlaku()
    now = now or utcnow()
    if sertifikat and sertifikat.sisa_hari(now) <= PERINGATAN_HARI:
        return sertifikat
    return None


def unggah(data: bytes, by: User) -> None:
    """The admin's upload: kept waiting; the key in force (or none) stays in force. A
    second upload replaces the one waiting. In the caller's transaction."""
    path = p12_path()
    simpan_p12(data, menunggu_path(path))
    catat(KOLOM, user=None, oleh=by, dari=sidik(path),
          ke=f"menunggu {sidik(menunggu_path(path))}")


def konfirmasi(passphrase: str, camat: User) -> None:
    """The Camat opens the waiting key with its passphrase; it replaces the one in force.
    Raise SertifikatError (nothing changed) if there is none or the passphrase is wrong."""
    path, account = p12_path(), str(camat.id)
    if throttle.failures("kunci-passphrase", account) >= PASSPHRASE_TRIES:
        raise PassphraseLimitReached(gettext("Terlalu banyak passphrase yang salah. Coba lagi dalam "
                                    "15 menit."))
    waiting = menunggu_path(path)
    if not waiting.exists():
        raise SertifikatError(gettext("Tidak ada kunci yang menunggu konfirmasi."))
    try:
        periksa_passphrase(waiting, passphrase)
    except SertifikatError:
        throttle.record_failure("kunci-passphrase", account)
        current_app.logger.warning("signing key: wrong passphrase from %r", camat.username)
        raise
    throttle.clear("kunci-passphrase", account)
    sertifikat = baca_info(waiting, passphrase)
    cek_masa_berlaku(sertifikat, utcnow())  # an expired key stays waiting, refused
    simpan_info(waiting, sertifikat)
    catat(KOLOM, user=camat, oleh=camat, dari=sidik(path), ke=f"aktif {sidik(waiting)}")
    db.session.flush()
    pasang(path)
    db.session.commit()


def batalkan(by: User) -> bool:
    """The waiting key is dropped (the admin withdraws it, or the Camat refuses it)."""
    waiting = menunggu_path(p12_path())
    if not waiting.exists():
        return False
    catat(KOLOM, user=None, oleh=by, dari=None, ke=f"ditarik {sidik(waiting)}")
    db.session.flush()
    waiting.unlink(missing_ok=True)
    db.session.commit()
    return True


def hapus(by: User) -> bool:
    """The key in force is removed: nothing signs until a new one is confirmed."""
    path = p12_path()
    if not path.exists():
        return False
    catat(KOLOM, user=None, oleh=by, dari=sidik(path), ke="dihapus")
    db.session.flush()
    path.unlink(missing_ok=True)
    info_path(path).unlink(missing_ok=True)
    db.session.commit()
    return True


def catat_penandatangan(settings: OfficeSettings, by: User) -> None:
    """A history row per changed signer field of the settings being saved (the NIK by its
    last 4 digits: personal data). In the caller's transaction."""
    state = inspect(settings)
    for kolom in PENANDATANGAN:
        history = state.attrs[kolom].history
        old, new = (history.deleted or [None])[0], (history.added or [None])[0]
        if history.has_changes() and (old or None) != (new or None):
            catat("penandatangan", user=None, oleh=by, dari=f"{kolom}: {_tampil(kolom, old)}",
                  ke=f"{kolom}: {_tampil(kolom, new)}")


def _tampil(kolom: str, value) -> str:
    if not value:
        return "—"
    return "*" * 12 + str(value)[-4:] if kolom == "camat_nik" else str(value)
