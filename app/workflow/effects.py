"""Effects of KTP-el transitions. Each runs inside the transition's database transaction
and returns the columns to set on the application in the same conditional UPDATE."""
from app.extensions import db
from app.services.data_pemohon import salinan
from app.services.numbering import format_register_number, next_value
from app.timefmt import wib_today
from models import OfficeSettings, RegisterEntry
from models._time import utcnow


def beri_nomor_register(permohonan, user, note, data):
    tanggal = wib_today()
    urut = next_value("register", tanggal.year)
    db.session.add(RegisterEntry(
        tahun=tanggal.year, nomor_urut=urut, permohonan_id=permohonan.id, tanggal=tanggal,
        nomor=format_register_number(OfficeSettings.get(), urut, tanggal.year),
        registered_by_id=user.id,
    ))
    return {}


def catat_verifikator(permohonan, user, note, data):
    return {"diverifikasi_oleh_id": user.id}


def catat_pengesahan(permohonan, user, note, data):
    # The letter keeps the signer as they were at ratification, whoever is Camat later.
    s = OfficeSettings.get()
    return {
        "disahkan_oleh_id": user.id,
        "disahkan_at": utcnow(),
        "penandatangan_nama": s.camat_nama,
        "penandatangan_jabatan": "Camat " + s.kecamatan.removeprefix("Kecamatan ").strip(),
        "penandatangan_pangkat": s.camat_pangkat,
        "penandatangan_nip": s.camat_nip,
        # The applicant's printed data too: a later edit does not change this letter.
        "data_pemohon_disahkan": salinan(permohonan.pemohon),
    }


def catat_penyerahan(permohonan, user, note, data):
    penerima = (data or {}).get("penerima", "").strip() or permohonan.pemohon.nama
    return {"diserahkan_oleh_id": user.id, "diserahkan_at": utcnow(),
            "penerima_nama": penerima[:120]}
