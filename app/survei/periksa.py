"""The survey's rules for the daily invariant check (app/ops/check.py): each query returns
the offending rows."""
from sqlalchemy import case, func, select, union

from app.survei.kuesioner import varian_kuesioner
from models import Permohonan, SkmJawaban, SkmUndangan


def _layanan_jawaban():
    """The service a file's answer is kept under: its questionnaire's (a variant's files
    answer their service's)."""
    mapping = varian_kuesioner()
    if not mapping:
        return Permohonan.layanan
    return case(mapping, value=Permohonan.layanan, else_=Permohonan.layanan)


def jawaban_sama_dengan_undangan_terpakai():
    """Per service, as many answers as used invitations: one answer per file, none lost."""
    layanan = _layanan_jawaban()
    used = (select(func.count()).select_from(SkmUndangan)
            .join(Permohonan, Permohonan.id == SkmUndangan.permohonan_id))
    services = union(select(SkmJawaban.layanan.label("layanan")),
                     select(layanan.label("layanan"))
                     .join(SkmUndangan, SkmUndangan.permohonan_id == Permohonan.id)).subquery()
    answers = (select(func.count()).where(SkmJawaban.layanan == services.c.layanan)
               .scalar_subquery())
    invitations = (used.where(SkmUndangan.dijawab.is_(True),
                              layanan == services.c.layanan).scalar_subquery())
    return (select(services.c.layanan, answers.label("jawaban"), invitations.label("undangan"))
            .where(answers != invitations))


def undangan_hanya_untuk_berkas_diserahkan():
    return (select(Permohonan.nomor_tanda_terima)
            .join(SkmUndangan, SkmUndangan.permohonan_id == Permohonan.id)
            .where(Permohonan.diserahkan_at.is_(None)))
