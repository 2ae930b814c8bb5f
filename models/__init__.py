"""The office's data: who works, who applies, what was applied for, and what happened."""
from models.audit import AuthLog, TransitionLog
from models.desa import Desa
from models.dokumen import CetakLog, Dokumen, VerifikasiLog
from models.pemohon import Pemohon
from models.permohonan import Permohonan, SyaratPermohonan
from models.register import Counter, RegisterEntry
from models.settings import OfficeSettings
from models.skm import SkmJawaban, SkmPeriode, SkmTindakLanjut, SkmUndangan
from models.surat import SuratKolektif, SuratKolektifBerkas
from models.user import ROLES, User

__all__ = [
    "AuthLog", "CetakLog", "Counter", "Desa", "Dokumen", "OfficeSettings", "Pemohon",
    "Permohonan", "ROLES", "RegisterEntry", "SkmJawaban", "SkmPeriode", "SkmTindakLanjut",
    "SkmUndangan", "SuratKolektif", "SuratKolektifBerkas", "SyaratPermohonan",
    "TransitionLog", "User", "VerifikasiLog",
]
