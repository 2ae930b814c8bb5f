"""Electronic signatures (TTE) behind one small interface.

A signer turns a letter's PDF into a signed PDF: `sign(pdf_bytes, identity, secret)`.
`none` (the default) means no signer: the Camat signs the printed letter by hand.
Adding another signing service is a new `Signer` subclass, named in backend.py."""
from __future__ import annotations

import io
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from flask_babel import gettext
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from app.domain_errors import DomainError, Forbidden, InvalidInput, Unavailable


@dataclass(frozen=True)
class Kotak:
    """Where the visible signature goes: 0-based page, lower-left corner and size, in
    PDF points from the page's lower-left corner."""
    page: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class SignerIdentity:
    """Who signs, as printed in the visible block and sent to a signing service."""
    nama: str
    jabatan: str
    nip: str | None
    nik: str | None  # BSrE identifies the signer by NIK
    waktu: str       # signing time as printed (WIB)
    verifikasi_url: str  # empty: no verification page, no QR (the period report)
    kotak: Kotak | None
    reason: str = "Pengesahan Surat Pengantar"
    location: str = ""


class SigningError(DomainError):
    """Signing did not happen; `message` is what the Camat reads."""


class WrongSecret(SigningError, InvalidInput):
    pass


class NotRegistered(SigningError, Forbidden):
    pass


class ServiceUnavailable(SigningError, Unavailable):
    pass


class MalformedPdf(SigningError, InvalidInput):
    pass


class NotConfigured(SigningError, Unavailable):
    pass


class Signer(ABC):
    name: ClassVar[str]
    # Whether the signed letter carries the sentence naming BSrE as the issuer.
    issuer_bsre: ClassVar[bool] = False

    @abstractmethod
    def sign(self, pdf_bytes: bytes, identity: SignerIdentity, secret: str) -> bytes:
        """Return the signed PDF or raise SigningError. `secret` (passphrase or TOTP) is
        used for this call only: never stored, never logged."""

    def check_secret(self, secret: str) -> None:
        """Raise WrongSecret now if this signer can tell before signing (a key file of
        the office's own); a signing service checks the secret when it signs."""


def outside_event_loop(fn, *args, **kwargs):
    """Call `fn` (pyHanko's synchronous API, which runs asyncio.run inside) in a thread
    of its own when this thread already runs an event loop (e.g. under an async
    server or a browser driver); else right here."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def check_pdf(pdf_bytes: bytes) -> int:
    """Parse the PDF strictly (signing services refuse malformed files); return the page
    count or raise MalformedPdf."""
    try:
        reader = PdfReader(io.BytesIO(pdf_bytes), strict=True)
        pages = len(reader.pages)
        for page in reader.pages:
            page.get_contents()
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise MalformedPdf(gettext("Berkas surat bukan PDF yang utuh; surat tidak "
                                   "ditandatangani.")) from None
    if not pages:
        raise MalformedPdf(gettext("Berkas surat tidak berisi halaman; surat tidak "
                                   "ditandatangani."))
    return pages


