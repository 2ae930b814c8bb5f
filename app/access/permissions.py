"""The one permissions table: screen or action -> the roles that may use it.

Every admin view, blueprint and template asks `allowed()` (templates: `may()`). What a
role may do to a file — take a transition, tick the checklist — is the workflow's own
declaration (app/layanan/ktp_el/workflow.py), read through `app.workflow.engine`."""
from __future__ import annotations

from flask_login import current_user

from app.access.roles import (ADMIN, ADMIN_KABUPATEN, CAMAT, EVERYONE, OPERATOR, PEMANTAU,
                              PPDP, SEKCAM, SEKRETARIAT, WORKING)

PERMISSIONS: dict[str, tuple[str, ...]] = {
    # Applicants and their applications
    "pemohon.lihat": WORKING,
    "pemohon.ubah": (SEKRETARIAT,),
    # Applicants and past files brought in from the paper book or a spreadsheet.
    "impor.jalankan": (SEKRETARIAT, ADMIN),
    "permohonan.lihat": WORKING,
    "permohonan.catat": (SEKRETARIAT,),
    "loket.catat": (SEKRETARIAT,),
    # The queue: the counter page calls, recalls and skips tickets (the kiosk, the TV's
    # display and booking are public and carry no personal data).
    "antrian.panggil": (SEKRETARIAT,),
    # Records
    "register.lihat": WORKING,
    "riwayat.lihat": (*WORKING, ADMIN, PPDP),
    "log_cetak.lihat": (ADMIN, SEKCAM, CAMAT, PPDP),
    "log_masuk.lihat": (ADMIN, PPDP),
    "riwayat_akun.lihat": (ADMIN, PPDP),
    # Printing
    "cetak.dokumen": WORKING,
    "cetak.register": WORKING,
    "cetak.sop": EVERYONE,
    # The period report (figures only, no personal data), PDF and workbook.
    "laporan.unduh": EVERYONE,
    # ... signed electronically (with a signer set) by the Camat alone, passphrase typed.
    "laporan.tandatangani": (CAMAT,),
    # Lists as spreadsheets: whoever reads a list exports it; the NIK in full only for the
    # desks that work by NIK (recording, processing), masked for everyone else.
    "ekspor.nik_lengkap": (SEKRETARIAT, OPERATOR),
    # The collective cover letter to the Dinas: prepared at the desk, signed by the Camat.
    "cetak.surat_kolektif": (SEKRETARIAT, SEKCAM, CAMAT),
    # ... signed electronically (with a signer set) on its page by the Camat alone.
    "surat_kolektif.tandatangani": (CAMAT,),
    # ... and, where the card is printed at the Dinas, sent with its files by the desk
    # (each file's transition is the workflow's own: app/layanan/ktp_el/dinas.py).
    "surat_kolektif.kirim": (SEKRETARIAT,),
    # The office's signing key takes effect only when the Camat confirms it (passphrase).
    "kunci_ttd.konfirmasi": (CAMAT,),
    # Survei Kepuasan Masyarakat: results and reports; periods, follow-ups, publication;
    # the dashboard card
    "skm.lihat": (CAMAT, SEKCAM, ADMIN),
    "skm.kelola": (CAMAT, SEKCAM),
    "skm.kartu": (CAMAT, SEKCAM),
    # Complaints (pengaduan, UU 25/2009): read by every desk; entered (from SP4N-LAPOR!, by
    # phone or letter), handed to an officer, answered and closed by the front desk, the
    # Sekcam and the Camat.
    "pengaduan.lihat": WORKING,
    "pengaduan.kelola": (SEKRETARIAT, SEKCAM, CAMAT),
    # Personal data (UU 27/2022): the read log, data subjects' requests, breaches; the
    # officer's own home page (no file figures or names).
    "log_baca.lihat": (ADMIN, PPDP),
    "pdp.kelola": (ADMIN, PPDP),
    "pdp.beranda": (PPDP,),
    # Messages to residents: what was sent and failed (sending failed ones again), and the
    # wording of each event's message.
    "notifikasi.lihat": (ADMIN,),
    "notifikasi.templat": (ADMIN,),
    # Administration
    # An office's administrator keeps its accounts; the regency's adds offices and their
    # administrators (docs/kantor.md).
    "user.kelola": (ADMIN, ADMIN_KABUPATEN),
    "kantor.kelola": (ADMIN_KABUPATEN,),
    "desa.kelola": (ADMIN,),
    # Days off move every office's deadlines: on a regency's server the regency's
    # administrator keeps them and an office's reads them (services/hari_kerja.py).
    "libur.kelola": (ADMIN, ADMIN_KABUPATEN),
    "nomor_awal.kelola": (ADMIN,),
    "pengaturan.kelola": (ADMIN,),
    # The regency's dashboard: every office's figures (counts only, no name or NIK), PDF
    # and workbook, for the regency's roles; the home page of those who work no file.
    "kabupaten.dasbor": (OPERATOR, PEMANTAU, ADMIN_KABUPATEN),
    "kabupaten.beranda": (PEMANTAU, ADMIN_KABUPATEN),
    # The staff guide (Bantuan, docs/panduan/): every role reads every page.
    "bantuan.baca": EVERYONE,
}


def allowed(permission: str, role: str | None) -> bool:
    """Whether `role` may use `permission`; an unknown permission is a bug, not a no."""
    return role in PERMISSIONS[permission]


def may(permission: str) -> bool:
    """The current user's answer (for templates and view properties)."""
    return current_user.is_authenticated and allowed(permission, current_user.role)
