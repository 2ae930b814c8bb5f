"""The office's data: who works, who applies, what was applied for, and what happened."""
from models.akun import RiwayatAkun, SesiLogin
from models.antrian import AntrianBooking, AntrianCounter, AntrianTiket
from models.audit import AuthLog, TransitionLog
from models.desa import Desa
from models.dokumen import CetakLog, Dokumen
from models.job import Job
from models.libur import HariLibur
from models.nomor import PerubahanNomor
from models.notifikasi import PercobaanPesan, Pesan, TemplatPesan
from models.pemohon import Pemohon
from models.pengaduan import Pengaduan
from models.pdp import InsidenKebocoran, LogBaca, PermintaanSubjek
from models.perubahan import PerubahanPemohon
from models.permohonan import JumlahStatus, Permohonan, SyaratPermohonan
from models.register import Counter, RegisterEntry
from models.office_settings import OfficeSettings
from models.skm import RingkasanSkm, SkmJawaban, SkmPeriode, SkmTindakLanjut, SkmUndangan
from models.surat import SuratKolektif, SuratKolektifBerkas
from models.tte import DokumenTtd
from models.user import ROLES, User

__all__ = [
    "AntrianBooking", "AntrianCounter", "AntrianTiket",
    "AuthLog", "CetakLog", "Counter", "Desa", "Dokumen", "DokumenTtd", "HariLibur", "Job", "OfficeSettings",
    "Pemohon", "Pengaduan", "Permohonan", "PerubahanNomor", "PerubahanPemohon", "ROLES", "RegisterEntry", "RiwayatAkun",
    "SesiLogin", "SkmJawaban", "SkmPeriode", "SkmTindakLanjut", "SkmUndangan", "SuratKolektif",
    "SuratKolektifBerkas", "SyaratPermohonan", "TransitionLog", "User",
    "InsidenKebocoran", "LogBaca", "PermintaanSubjek", "PercobaanPesan", "Pesan", "TemplatPesan",
    "JumlahStatus", "RingkasanSkm",
]
