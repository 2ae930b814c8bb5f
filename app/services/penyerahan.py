"""Who collects the KTP-el at hand-over (SOP step 4): the applicant, or a family member
with the receipt and their own identity card, whose name, NIK and relationship the proof
of hand-over and the register record."""
from __future__ import annotations

from flask_babel import gettext

from app.i18n import N_
from app.services.validation import cek_nik
from app.workflow.errors import Refused

# Printed and stored in Indonesian; translated on screen.
HUBUNGAN = (N_("Suami"), N_("Istri"), N_("Ayah"), N_("Ibu"), N_("Anak"),
            N_("Saudara kandung"), N_("Kakek/Nenek"), N_("Cucu"), N_("Mertua"),
            N_("Menantu"), N_("Anggota keluarga lain"))


class PenerimaTidakValid(Refused):
    """The hand-over form's recipient fields are wrong: one message per field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def penerima(data: dict | None, pemohon) -> dict:
    """The recipient columns for the hand-over, or PenerimaTidakValid."""
    data = data or {}
    diambil_oleh = (data.get("diambil_oleh") or "pemohon").strip()
    if diambil_oleh == "pemohon":
        return {"penerima_nama": pemohon.nama, "penerima_nik": None, "penerima_hubungan": None}
    if diambil_oleh != "wakil":
        raise PenerimaTidakValid({"diambil_oleh": gettext(
            "Pilih siapa yang mengambil: pemohon sendiri atau wakil.")})
    nama = " ".join((data.get("wakil_nama") or "").split())
    nik = (data.get("wakil_nik") or "").strip()
    hubungan = (data.get("wakil_hubungan") or "").strip()
    errors = {}
    if not nama:
        errors["wakil_nama"] = gettext("Nama wakil wajib diisi.")
    elif len(nama) > 120:
        errors["wakil_nama"] = gettext("Nama wakil paling banyak 120 huruf.")
    if (message := cek_nik(nik)):
        errors["wakil_nik"] = message
    elif nik == pemohon.nik:
        errors["wakil_nik"] = gettext("Ini NIK pemohon sendiri: pilih \u201cpemohon sendiri\u201d.")
    if hubungan not in HUBUNGAN:
        errors["wakil_hubungan"] = gettext("Pilih hubungan wakil dengan pemohon.")
    if errors:
        raise PenerimaTidakValid(errors)
    return {"penerima_nama": nama, "penerima_nik": nik, "penerima_hubungan": hubungan}
