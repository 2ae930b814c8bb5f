"""What the letterhead and the printed addresses still lack, for the administrator's
dashboard: every document prints these until they are set."""
from __future__ import annotations

from flask_babel import gettext

from app.services.accounts import cek_nip
from models import OfficeSettings


def kekurangan(settings: OfficeSettings) -> list[str]:
    """One sentence per missing item of the office settings, in the user's language; empty
    when complete. (An unset PUBLIC_URL is a server setting: its own warning,
    templates/admin/_peringatan_alamat.html, says who sets it.)"""
    missing = []
    if not settings.logo_path:
        missing.append(gettext("Lambang daerah belum diunggah: kop surat memakai lambang "
                               "sementara."))
    if not (settings.telepon or settings.email):
        missing.append(gettext("Telepon dan surel kantor belum diisi: baris kontak pada kop "
                               "surat kosong."))
    if not settings.camat_nip or cek_nip(settings.camat_nip):
        missing.append(gettext("NIP Camat belum diisi dengan benar: blok tanda tangan tanpa NIP."))
    return missing
