"""The channels a message goes through: e-mail (SMTP) and WhatsApp through an HTTP
gateway of the kind offices rent. A WhatsApp gateway is reached by its provider's
adapter (NOTIFY_WA_PROVIDER); the first one posts JSON `{"target", "message"}` with the
token in `Authorization`, which the common gateways accept.

A channel answers with `Jawaban`: whether the message was accepted, and what the other
side said (kept with the attempt). It never raises for a refusal or a network error."""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Callable

import requests
from flask import current_app

from models.notifikasi import EMAIL, WA


@dataclass
class Jawaban:
    berhasil: bool
    keterangan: str


def _ringkas(teks: str) -> str:
    return " ".join(str(teks).split())[:480]


# --- WhatsApp: one adapter per gateway provider -----------------------------------------

def _wa_json(config, tujuan: str, isi: str) -> Jawaban:
    """`POST NOTIFY_WA_URL` `{"target": "62…", "message": "…"}`, `Authorization: <token>`:
    accepted on a 2xx whose JSON does not say `"status": false`."""
    try:
        r = requests.post(config["NOTIFY_WA_URL"], json={"target": tujuan, "message": isi},
                          headers={"Authorization": config["NOTIFY_WA_TOKEN"]},
                          timeout=config["NOTIFY_TIMEOUT"])
    except requests.RequestException as exc:
        return Jawaban(False, _ringkas(f"gateway tidak terjangkau: {type(exc).__name__}"))
    body = _ringkas(r.text)
    if not 200 <= r.status_code < 300:
        return Jawaban(False, f"HTTP {r.status_code}: {body}")
    try:
        ditolak = r.json().get("status") is False
    except (ValueError, AttributeError):
        ditolak = False
    return Jawaban(not ditolak, f"HTTP {r.status_code}: {body}")


WA_PROVIDERS: dict[str, Callable] = {"json": _wa_json}


def _kirim_wa(tujuan: str, isi: str, judul: str) -> Jawaban:  # a chat has no subject
    config = current_app.config
    if not config.get("NOTIFY_WA_URL"):
        return Jawaban(False, "NOTIFY_WA_URL belum diisi")
    adapter = WA_PROVIDERS.get(config["NOTIFY_WA_PROVIDER"])
    if adapter is None:
        return Jawaban(False, f"penyedia WhatsApp tidak dikenal: {config['NOTIFY_WA_PROVIDER']}")
    return adapter(config, tujuan, isi)


# --- e-mail ---------------------------------------------------------------------------

def _kirim_email(tujuan: str, isi: str, judul: str) -> Jawaban:
    config = current_app.config
    if not config.get("NOTIFY_SMTP_HOST") or not config.get("NOTIFY_SMTP_FROM"):
        return Jawaban(False, "NOTIFY_SMTP_HOST atau NOTIFY_SMTP_FROM belum diisi")
    pesan = EmailMessage()
    pesan["From"], pesan["To"] = config["NOTIFY_SMTP_FROM"], tujuan
    pesan["Subject"] = judul
    pesan.set_content(isi)
    try:
        with smtplib.SMTP(config["NOTIFY_SMTP_HOST"], config["NOTIFY_SMTP_PORT"],
                          timeout=config["NOTIFY_TIMEOUT"]) as smtp:
            if config["NOTIFY_SMTP_STARTTLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config.get("NOTIFY_SMTP_USER"):
                smtp.login(config["NOTIFY_SMTP_USER"], config["NOTIFY_SMTP_PASSWORD"])
            ditolak = smtp.send_message(pesan)
    except (OSError, smtplib.SMTPException) as exc:
        return Jawaban(False, _ringkas(f"SMTP: {type(exc).__name__}: {exc}"))
    if ditolak:
        return Jawaban(False, _ringkas(f"SMTP menolak penerima: {ditolak}"))
    return Jawaban(True, "SMTP: diterima server surel")


KANAL: dict[str, Callable[[str, str, str], Jawaban]] = {WA: _kirim_wa, EMAIL: _kirim_email}


JUDUL = "Kabar berkas permohonan Anda"  # an e-mail's subject, unless the event has its own


def kirim(kanal: str, tujuan: str, isi: str, judul: str = JUDUL) -> Jawaban:
    return KANAL[kanal](tujuan, isi, judul)
