"""Effects of KTP-el transitions. Each gets the `Step` and returns the columns to set on
the application; the engine writes them in a second UPDATE after the conditional UPDATE
that claimed the file, in the same database transaction (so both commit or neither)."""
from app.extensions import db
from app.notifikasi import outbox, peristiwa
from app.services import pengesahan
from app.services.data_pemohon import salinan
from app.services.numbering import REGISTER_COUNTER, format_register_number, next_value
from app.services.penandatangan import penandatangan_kantor
from app.timefmt import to_wib
from models import OfficeSettings, RegisterEntry


def beri_nomor_register(step):
    tanggal = to_wib(step.at).date()
    kantor_id = step.permohonan.kantor_id
    urut = next_value(REGISTER_COUNTER, tanggal.year, kantor_id)
    db.session.add(RegisterEntry(
        tahun=tanggal.year, nomor_urut=urut, permohonan_id=step.permohonan.id, tanggal=tanggal,
        nomor=format_register_number(OfficeSettings.get(kantor_id), urut, tanggal.year),
        kantor_id=kantor_id,
        diregister_oleh_id=step.user.id,
    ))
    return {}


def catat_verifikator(step):
    return {"diverifikasi_oleh_id": step.user.id}


def catat_pengesahan(step):
    # An electronically signed letter was drawn with these values: store the same ones.
    nilai = step.extra.get("pengesahan") or penandatangan_kantor(step.at)
    return {"disahkan_oleh_id": step.user.id, **nilai,
            # The applicant's printed data too: a later edit does not change this letter.
            "data_pemohon_disahkan": salinan(step.permohonan.pemohon)}


def simpan_surat_ttd(step):
    """Store the signed letter in the ratification's own transaction: both or neither."""
    pengesahan.simpan_surat_ttd(step.permohonan, step.user, step.extra.get("surat_ttd"))
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


# Messages to the resident (app/notifikasi/), queued in the transition's transaction.
kabari_kembali = outbox.kabar(peristiwa.KEMBALI)
kabari_terdaftar = outbox.kabar(peristiwa.TERDAFTAR)
kabari_sah = outbox.kabar(peristiwa.SAH)
# For the variant where the card is printed at the Dinas: its "arrived at the kecamatan".
kabari_kartu_tiba = outbox.kabar(peristiwa.KARTU_TIBA)
kabari_selesai = outbox.kabar(peristiwa.SELESAI)
