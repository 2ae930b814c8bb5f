"""The office's PKCS#12 file for `local` signing, uploaded by the admin.

Kept under instance/keys/ (outside the static folder and outside the database, so the
daily backup never carries it), the folder 0700 and the file 0600. Its passphrase is
not asked here: only the Camat types it, at ratification."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from asn1crypto import pkcs12
from flask_babel import gettext

from app.domain_errors import InvalidInput

MAX_BYTES = 64 * 1024  # a key and a short chain are a few KB


class SertifikatError(InvalidInput, ValueError):
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
