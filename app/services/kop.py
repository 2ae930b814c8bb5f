"""What the letterhead and the printed addresses still lack, for the administrator's
dashboard: every document prints these until they are set."""
from __future__ import annotations

from flask_babel import gettext

from app.services.accounts import cek_nip
from models import OfficeSettings


def kekurangan(settings: OfficeSettings, public_url: str | None) -> list[str]:
    """One sentence per missing item, in the user's language; empty when complete."""
    missing = []
    if not settings.logo_path:
        missing.append(gettext("Lambang daerah belum diunggah: kop surat memakai lambang "
                               "sementara."))
    if not (settings.telepon or settings.email):
        missing.append(gettext("Telepon dan surel kantor belum diisi: baris kontak pada kop "
                               "surat kosong."))
    if not settings.camat_nip or cek_nip(settings.camat_nip):
        missing.append(gettext("NIP Camat belum diisi dengan benar: blok tanda tangan tanpa NIP."))
    if not public_url:
        missing.append(gettext("PUBLIC_URL belum diatur: kode QR dan alamat cek status memuat "
                               "alamat komputer yang mencetak."))
    return missing
