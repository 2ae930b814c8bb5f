"""The office's PKCS#12 file for `local` signing, uploaded by the admin.

Kept under instance/keys/ (outside the static folder and outside the database, so the
daily backup never carries it), the folder 0700 and the file 0600. An uploaded file
waits beside the one in force (`*.menunggu`) until the Camat, logged in as themselves,
opens it with its passphrase (`pasang`): the admin alone never makes a key sign."""
from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path

from asn1crypto import pkcs12
from flask_babel import gettext

MAX_BYTES = 64 * 1024  # a key and a short chain are a few KB


class SertifikatError(ValueError):
    pass


def periksa_p12(data: bytes) -> None:
    """Refuse what is not a PKCS#12 archive (the contents stay sealed by the passphrase)."""
    if not data:
        raise SertifikatError(gettext("Berkas sertifikat kosong."))
    if len(data) > MAX_BYTES:
        raise SertifikatError(gettext("Berkas sertifikat maksimal 64 KB."))
    try:
        pfx = pkcs12.Pfx.load(data, strict=True)
        pfx["auth_safe"]["content_type"].native  # parse, not just wrap
        pfx["version"].native
    except (ValueError, TypeError, KeyError):
        raise SertifikatError(gettext("Berkas bukan sertifikat PKCS#12 (.p12/.pfx) yang "
                                      "utuh.")) from None


def simpan_p12(data: bytes, path: Path) -> None:
    periksa_p12(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    tmp = path.with_name(path.name + ".baru")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)  # a half-written file never replaces the working one


def terpasang(path: Path) -> datetime | None:
    """When the certificate now in use was uploaded, or None."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).replace(tzinfo=None)
    except OSError:
        return None


def menunggu_path(path: Path) -> Path:
    """Where an uploaded key waits for the Camat's confirmation."""
    return path.with_name(path.name + ".menunggu")


def sidik(path: Path) -> str | None:
    """'sha256:…' of the file (its first 16 hex digits), to name it in the history."""
    try:
        return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return None


def periksa_passphrase(path: Path, passphrase: str) -> None:
    """Raise SertifikatError unless `passphrase` opens the key in `path`, read by the same
    code that signs with it."""
    from app.signing import NotConfigured, WrongSecret
    from app.signing.local import LocalSigner

    try:
        LocalSigner(path).check_secret(passphrase or "")
    except NotConfigured:
        raise SertifikatError(gettext("Tidak ada kunci yang menunggu konfirmasi.")) from None
    except WrongSecret:
        raise SertifikatError(gettext("Passphrase tidak membuka kunci yang diunggah; kunci "
                                      "belum dipasang.")) from None


def pasang(path: Path) -> None:
    """The waiting key replaces the one in force, in one rename."""
    os.replace(menunggu_path(path), path)
