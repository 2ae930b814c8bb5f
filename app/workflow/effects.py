"""Effects of KTP-el transitions. Each gets the `Step` and returns the columns to set on
the application; the engine writes them in a second UPDATE after the conditional UPDATE
that claimed the file, in the same database transaction (so both commit or neither)."""
from app.extensions import db
from app.services.data_pemohon import salinan
from app.services.numbering import REGISTER_COUNTER, format_register_number, next_value
from app.timefmt import to_wib
from models import OfficeSettings, RegisterEntry
from models._time import utcnow


def beri_nomor_register(step):
    tanggal = to_wib(step.at).date()
    urut = next_value(REGISTER_COUNTER, tanggal.year)
    db.session.add(RegisterEntry(
        tahun=tanggal.year, nomor_urut=urut, permohonan_id=step.permohonan.id, tanggal=tanggal,
        nomor=format_register_number(OfficeSettings.get(), urut, tanggal.year),
        registered_by_id=step.user.id,
    ))
    return {}


def catat_verifikator(step):
    return {"diverifikasi_oleh_id": step.user.id}


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


def catat_pengesahan(step):
    # An electronically signed letter was drawn with these values: store the same ones.
    nilai = step.extra.get("pengesahan") or penandatangan_kantor(step.at)
    return {"disahkan_oleh_id": step.user.id, **nilai,
            # The applicant's printed data too: a later edit does not change this letter.
            "data_pemohon_disahkan": salinan(step.permohonan.pemohon)}


def simpan_surat_ttd(step):
    """Store the signed letter in the ratification's own transaction: both or neither."""
    from app.services.pengesahan import simpan_surat_ttd as simpan

    simpan(step.permohonan, step.user, step.extra.get("surat_ttd"))
    return {}


def catat_penyerahan(step):
    # Who collected: the applicant, or a representative (the hand-over's form, already
    # checked before the claim).
    data = step.data
    if data.get("diambil_oleh") == "wakil":
        penerima = {"penerima_nama": data["wakil_nama"], "penerima_nik": data["wakil_nik"],
                    "penerima_hubungan": data["wakil_hubungan"]}
    else:
        penerima = {"penerima_nama": step.permohonan.pemohon.nama, "penerima_nik": None,
                    "penerima_hubungan": None}
    return {"diserahkan_oleh_id": step.user.id, "diserahkan_at": step.at, **penerima}
