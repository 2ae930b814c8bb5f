"""Whom a message reaches: only a resident who consented, through the channel they chose,
if the office uses it, at the address they gave. Recorded at the desk
(`catat_persetujuan`, for the Loket) or on the applicant's form (`cek_persetujuan`).
A complainant gave their number (and e-mail) to be answered: that is their consent to
hear that the answer is ready (`tujuan_pengaduan`)."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext

from app.domain_errors import InvalidInput
from app.extensions import db
from models import OfficeSettings, Pemohon, Pengaduan
from models._time import utcnow
from models.notifikasi import EMAIL, KANAL, WA

EMAIL_POLA = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PersetujuanInvalid(InvalidInput):
    """The consent or channel cannot be recorded as given; `errors` per field."""


def nomor_wa(telepon: str | None) -> str | None:
    """A phone number in the 62… form the gateways take (0812… and +62812… alike)."""
    digits = re.sub(r"\D", "", telepon or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if digits.startswith("62") and 10 <= len(digits) <= 15 else None


def kanal_kantor(settings: OfficeSettings) -> list[str]:
    """The channels this office uses, in the office's settings."""
    return [k for k, aktif in ((WA, settings.notifikasi_wa), (EMAIL, settings.notifikasi_email))
            if aktif]


def cek_kanal_siap(kanal: str, aktif: bool) -> str | None:
    """Why the office cannot switch a channel on yet: its server settings are missing."""
    config = current_app.config
    if not aktif:
        return None
    if kanal == WA and not config.get("NOTIFY_WA_URL"):
        return gettext("Gateway WhatsApp belum diatur di server (NOTIFY_WA_URL, "
                       "NOTIFY_WA_TOKEN). Minta petugas TI mengaturnya dulu.")
    if kanal == EMAIL and not (config.get("NOTIFY_SMTP_HOST") and config.get("NOTIFY_SMTP_FROM")):
        return gettext("Server surel belum diatur di server (NOTIFY_SMTP_HOST, "
                       "NOTIFY_SMTP_FROM). Minta petugas TI mengaturnya dulu.")
    return None


def tujuan_untuk(pemohon: Pemohon, settings: OfficeSettings) -> tuple[str, str] | None:
    """(channel, address) to reach this resident, or None: no consent, a channel the
    office does not use, no address, or an anonymised record."""
    if not pemohon.notifikasi_setuju or pemohon.dianonimkan_at is not None:
        return None
    kanal = pemohon.notifikasi_kanal
    if kanal not in kanal_kantor(settings):
        return None
    alamat = nomor_wa(pemohon.telepon) if kanal == WA else (pemohon.email or "").strip()
    return (kanal, alamat) if alamat else None


def tujuan_pengaduan(row: Pengaduan, settings: OfficeSettings) -> tuple[str, str] | None:
    """(channel, address) to tell a complainant the answer is ready: WhatsApp at the phone
    number they gave if the office uses it, else e-mail if they gave one and the office
    uses it; None for an anonymised complaint or no such channel."""
    if row.dianonimkan_at is not None:
        return None
    kanal = kanal_kantor(settings)
    if WA in kanal and (nomor := nomor_wa(row.telepon)):
        return WA, nomor
    if EMAIL in kanal and (row.email or "").strip():
        return EMAIL, row.email.strip()
    return None


def cek_persetujuan(data: dict) -> dict[str, str]:
    """Per field, why consent (`notifikasi_setuju`), channel (`notifikasi_kanal`), phone
    (`telepon`) and e-mail (`email`) do not go together; empty when they do."""
    errors = {}
    email = (data.get("email") or "").strip()
    if email and (len(email) > 120 or not EMAIL_POLA.match(email)):
        errors["email"] = gettext("Alamat surel tidak sah, contoh: nama@contoh.id.")
    if not data.get("notifikasi_setuju"):
        return errors
    kanal = data.get("notifikasi_kanal")
    if kanal not in KANAL:
        errors["notifikasi_kanal"] = gettext("Pilih saluran pesan: WhatsApp atau surel.")
    elif kanal not in kanal_kantor(OfficeSettings.get()):
        errors["notifikasi_kanal"] = gettext(
            "Kantor belum memakai saluran %(kanal)s; pilih yang lain atau minta "
            "Administrator mengaktifkannya di Pengaturan › Kantor.", kanal=gettext(KANAL[kanal]))
    elif kanal == WA and nomor_wa(data.get("telepon")) is None:
        errors["telepon"] = gettext("Isi nomor WhatsApp pemohon (contoh 081234567890) "
                                    "untuk menerima pesan.")
    elif kanal == EMAIL and not email:
        errors["email"] = gettext("Isi alamat surel pemohon untuk menerima pesan.")
    return errors


def catat_persetujuan(pemohon: Pemohon, setuju: bool, kanal: str | None = None,
                      telepon: str | None = None, email: str | None = None) -> None:
    """Record at the desk whether the resident wants messages and through which channel
    (with the number or address to use, if given); in the caller's transaction. Raises
    PersetujuanInvalid with the message per field."""
    data = {"notifikasi_setuju": setuju, "notifikasi_kanal": kanal,
            "telepon": telepon if telepon is not None else pemohon.telepon,
            "email": email if email is not None else pemohon.email}
    errors = cek_persetujuan(data)
    if errors:
        raise PersetujuanInvalid(errors=errors)
    terapkan(pemohon, data)
    db.session.flush()


def terapkan(pemohon: Pemohon, data: dict) -> None:
    """Set checked values on the record; the time of consent is when it was given (kept
    while it stands, cleared when it is withdrawn)."""
    setuju = bool(data.get("notifikasi_setuju"))
    if setuju and (not pemohon.notifikasi_setuju or pemohon.notifikasi_setuju_at is None):
        pemohon.notifikasi_setuju_at = utcnow()
    pemohon.notifikasi_setuju = setuju
    pemohon.notifikasi_kanal = data.get("notifikasi_kanal") if setuju else None
    if data.get("telepon") is not None:
        pemohon.telepon = (data["telepon"] or "").strip() or None
    if data.get("email") is not None:
        pemohon.email = (data["email"] or "").strip() or None
    if not setuju:
        pemohon.notifikasi_setuju_at = None
