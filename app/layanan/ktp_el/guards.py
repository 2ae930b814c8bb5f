"""Guards of the KTP-el workflow: each gets the `Step` being taken and returns None, or
why the transition may not go ahead (in the user's language). A guard's docstring is
printed on the SOP sheet (Indonesian)."""
from flask_babel import gettext

from app.services.permohonan import berkas_terbuka, pesan_berkas_terbuka
from app.services.validation import cek_kelayakan
from app.timefmt import to_wib


def wajib_ktp(step):
    """pemohon wajib KTP-el: 17 tahun atau pernah kawin (UU 24/2013 ps. 63)"""
    pemohon = step.permohonan.pemohon
    return cek_kelayakan(pemohon.tanggal_lahir, pemohon.status_perkawinan,
                         to_wib(step.at).date())


def syarat_lengkap(step):
    """semua syarat wajib dicentang"""
    kurang = step.permohonan.syarat_kurang
    if kurang:
        return gettext("Syarat wajib belum lengkap: %(syarat)s.",
                       syarat="; ".join(gettext(s.label) for s in kurang))
    return None


def ada_syarat_kurang(step):
    """ada syarat wajib yang kurang"""
    if not step.permohonan.syarat_kurang:
        return gettext("Semua syarat wajib sudah lengkap; berkas tidak perlu dikembalikan.")
    return None


def bukan_verifikator(step):
    """bukan akun yang memverifikasi (pemisahan tugas)"""
    if step.permohonan.diverifikasi_oleh_id == step.user.id:
        return gettext("Akun yang memverifikasi berkas ini tidak boleh juga mengesahkannya.")
    return None


def satu_berkas_terbuka(step):
    # One person, one open file of a service (handed over and cancelled ones do not count).
    # The engine takes the receipt number before the guards of a recording, so this reads
    # under that counter's lock: two clerks recording one person cannot both pass.
    p = step.permohonan
    if p.pemohon is None or p.pemohon.id is None:
        return None
    terbuka = berkas_terbuka(p.pemohon.id, p.layanan)
    return pesan_berkas_terbuka(terbuka) if terbuka is not None else None
