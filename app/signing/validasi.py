"""Checking a signed PDF: pyHanko's validation of each signature, and whether the file is
byte for byte a letter this office signed (its SHA-256 among the stored ones)."""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime

from app.extensions import db
from app.signing import outside_event_loop
from models import DokumenTtd


@dataclass
class HasilTtd:
    field: str
    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    signer: str
    waktu: datetime | None
    timestamp: bool


def periksa_tanda_tangan(pdf: bytes, trust_roots=()) -> list[HasilTtd]:
    """One result per embedded signature; raises ValueError when the file is not a
    readable PDF."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ValueError("bukan PDF yang dapat dibaca") from exc
    results = []
    for sig in signatures:
        context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
        try:
            status = outside_event_loop(validate_pdf_signature, sig, context)
        except (SignatureValidationError, ValueError, KeyError, TypeError):
            results.append(HasilTtd(sig.field_name, False, False, False, False,
                                    _subject(sig), None, False))
            continue
        ts = status.timestamp_validity
        results.append(HasilTtd(
            field=sig.field_name, intact=bool(status.intact), valid=bool(status.valid),
            trusted=bool(status.trusted),
            whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
            signer=status.signing_cert.subject.human_friendly,
            waktu=ts.timestamp if ts else status.signer_reported_dt, timestamp=ts is not None))
    return results


def _subject(sig) -> str:
    try:
        return sig.signer_cert.subject.human_friendly
    except Exception:
        return "?"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dokumen_bertanda_tangan(data: bytes) -> DokumenTtd | None:
    """The stored signed letter these bytes are exactly, if any."""
    return db.session.execute(db.select(DokumenTtd).filter_by(sha256=sha256(data))).scalar()
