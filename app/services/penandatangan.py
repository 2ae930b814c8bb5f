"""The office's signer as a letter prints them: read from the office settings at the
moment of signing, and kept on the file so a later Camat does not change an old letter."""
from models import OfficeSettings
from models._time import utcnow

# The signer's columns `penandatangan_kantor()` gives beside the time of signing.
PENANDATANGAN = ("penandatangan_nama", "penandatangan_jabatan", "penandatangan_pangkat",
                 "penandatangan_nip")


def penandatangan_kantor(at=None) -> dict:
    """The office's signer now, as a letter prints them, and the time of signing. The
    letter keeps the signer as they were at ratification, whoever is Camat later."""
    s = OfficeSettings.get()
    return {
        "disahkan_at": at or utcnow(),
        "penandatangan_nama": s.camat_nama,
        "penandatangan_jabatan": "Camat " + s.kecamatan.removeprefix("Kecamatan ").strip(),
        "penandatangan_pangkat": s.camat_pangkat,
        "penandatangan_nip": s.camat_nip,
    }
