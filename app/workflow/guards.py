"""Guards of the KTP-el workflow: each returns None, or why the transition may not go ahead."""
from flask_babel import gettext


def syarat_lengkap(permohonan, user, note):
    kurang = permohonan.syarat_kurang
    if kurang:
        return gettext("Syarat wajib belum lengkap: %(syarat)s.",
                       syarat="; ".join(gettext(s.label) for s in kurang))
    return None


def ada_syarat_kurang(permohonan, user, note):
    if not permohonan.syarat_kurang:
        return gettext("Semua syarat wajib sudah lengkap; berkas tidak perlu dikembalikan.")
    return None


def bukan_verifikator(permohonan, user, note):
    # Segregation of duties: who verified (paraf) a file may not also ratify it.
    if permohonan.diverifikasi_oleh_id == user.id:
        return gettext("Akun yang memverifikasi berkas ini tidak boleh juga mengesahkannya.")
    return None
