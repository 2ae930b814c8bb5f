"""The office's PKCS#12 file for `local` signing, uploaded by the admin.

Kept under instance/keys/ (outside the static folder and outside the database, so the
daily backup never carries it), the folder 0700 and the file 0600. An uploaded file
waits beside the one in force (`*.menunggu`) until the Camat, logged in as themselves,
opens it with its passphrase (`pasang`): the admin alone never makes a key sign."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
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
    """The waiting key replaces the one in force, in one rename (what its certificate says
    goes with it)."""
    waiting = menunggu_path(path)
    if info_path(waiting).exists():
        os.replace(info_path(waiting), info_path(path))
    else:
        info_path(path).unlink(missing_ok=True)
    os.replace(waiting, path)


# --- what the certificate says: shown to the office, checked before it signs ----------

# Words in an issuer's name that mark a certificate of the national CA (BSrE, BSSN).
BSRE_PENERBIT = ("bsre", "balai besar sertifikasi elektronik", "badan siber dan sandi negara")
# The dashboards warn this many days before the certificate in force expires.
PERINGATAN_HARI = 30


@dataclass(frozen=True)
class InfoSertifikat:
    pemegang: str
    penerbit: str
    berlaku_dari: datetime  # naive UTC
    berlaku_sampai: datetime  # naive UTC
    swatanda: bool  # issued by itself (a test or office-made certificate)

    @property
    def bsre(self) -> bool:
        return any(word in self.penerbit.lower() for word in BSRE_PENERBIT)

    def sisa_hari(self, now: datetime) -> int:
        return (self.berlaku_sampai - now).days


def _nama(name) -> str:
    from cryptography.x509.oid import NameOID

    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        values = name.get_attributes_for_oid(oid)
        if values:
            return str(values[0].value)
    return name.rfc4514_string()


def baca_info(path: Path, passphrase: str) -> InfoSertifikat:
    """Holder, issuer, validity of the key's certificate (the passphrase opens the file)."""
    from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12

    try:
        _, cert, _ = crypto_pkcs12.load_key_and_certificates(path.read_bytes(),
                                                             (passphrase or "").encode())
    except (ValueError, OSError):
        raise SertifikatError(gettext("Passphrase tidak membuka kunci yang diunggah; kunci "
                                      "belum dipasang.")) from None
    if cert is None:
        raise SertifikatError(gettext("Berkas tidak memuat sertifikat."))
    return InfoSertifikat(
        pemegang=_nama(cert.subject), penerbit=_nama(cert.issuer),
        berlaku_dari=cert.not_valid_before_utc.replace(tzinfo=None),
        berlaku_sampai=cert.not_valid_after_utc.replace(tzinfo=None),
        swatanda=cert.subject == cert.issuer)


def cek_masa_berlaku(info: InfoSertifikat, now: datetime) -> None:
    """A certificate that has expired or is not valid yet signs nothing valid."""
    if now >= info.berlaku_sampai:
        raise SertifikatError(gettext("Sertifikat ini sudah tidak berlaku sejak %(tanggal)s; "
                                      "mintalah sertifikat baru.",
                                      tanggal=info.berlaku_sampai.strftime("%d/%m/%Y")))
    if now < info.berlaku_dari:
        raise SertifikatError(gettext("Sertifikat ini baru berlaku mulai %(tanggal)s.",
                                      tanggal=info.berlaku_dari.strftime("%d/%m/%Y")))


def info_path(path: Path) -> Path:
    """Beside the key: what its certificate says, written when the Camat confirmed it (the
    file itself stays sealed by the passphrase)."""
    return path.with_name(path.name + ".info.json")


def simpan_info(path: Path, info: InfoSertifikat) -> None:
    data = {**asdict(info), "berlaku_dari": info.berlaku_dari.isoformat(),
            "berlaku_sampai": info.berlaku_sampai.isoformat()}
    tmp = info_path(path).with_suffix(".baru")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, info_path(path))


def info(path: Path) -> InfoSertifikat | None:
    """What the key in force says of its certificate, or None (no key, or confirmed before
    this was recorded)."""
    try:
        data = json.loads(info_path(path).read_text())
        return InfoSertifikat(data["pemegang"], data["penerbit"],
                              datetime.fromisoformat(data["berlaku_dari"]),
                              datetime.fromisoformat(data["berlaku_sampai"]),
                              bool(data["swatanda"]))
    except (OSError, ValueError, KeyError):
        return None
