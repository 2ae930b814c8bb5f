"""Guards of the KTP-el workflow: each gets the `Step` being taken and returns None, or
why the transition may not go ahead (in the user's language)."""
from flask_babel import gettext

from app.services.validation import cek_kelayakan
from app.timefmt import to_wib


def wajib_ktp(step):
    # UU 24/2013 art. 63, on the day the application is recorded.
    pemohon = step.permohonan.pemohon
    return cek_kelayakan(pemohon.tanggal_lahir, pemohon.status_perkawinan,
                         to_wib(step.at).date())


def syarat_lengkap(step):
    kurang = step.permohonan.syarat_kurang
    if kurang:
        return gettext("Syarat wajib belum lengkap: %(syarat)s.",
                       syarat="; ".join(gettext(s.label) for s in kurang))
    return None


def ada_syarat_kurang(step):
    if not step.permohonan.syarat_kurang:
        return gettext("Semua syarat wajib sudah lengkap; berkas tidak perlu dikembalikan.")
    return None


def bukan_verifikator(step):
    # Segregation of duties: who verified (paraf) a file may not also ratify it.
    if step.permohonan.diverifikasi_oleh_id == step.user.id:
        return gettext("Akun yang memverifikasi berkas ini tidak boleh juga mengesahkannya.")
    return None
