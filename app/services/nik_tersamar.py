"""A NIK searched for never travels in a URL: URLs end up in access logs, proxies and the
browser's history. The search box sends by POST; the list it opens, its pages and its
links carry an opaque, short-lived reference instead (the NIK encrypted and signed with
a key derived from SECRET_KEY), which only this application can read back."""
from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from app.services.pencarian import tafsir

AWALAN = "nik."  # what a reference starts with; no search term a clerk types does
BERLAKU_DETIK = 3600  # a list's links stay good this long after the page was shown


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"pencarian-nik|" + secret).digest()))


def untuk_url(term: str | None) -> str | None:
    """`term` as it may appear in a URL: a NIK as a reference, anything else as typed."""
    if term and tafsir(term).jenis == "nik":
        return AWALAN + _fernet().encrypt(tafsir(term).nilai.encode()).decode()
    return term


def rujukan(value: str | None) -> bool:
    return bool(value) and value.startswith(AWALAN)


def buka(value: str) -> str | None:
    """The NIK behind a reference; None if it is forged, damaged or expired."""
    try:
        nik = _fernet().decrypt(value.removeprefix(AWALAN).encode(), ttl=BERLAKU_DETIK).decode()
    except (InvalidToken, UnicodeError, ValueError):
        return None
    return nik if tafsir(nik).jenis == "nik" else None
