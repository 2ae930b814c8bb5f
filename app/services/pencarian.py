"""Search terms as indexed lookups: a 16-digit NIK, a receipt or register number is an
equality on a unique index, not a LIKE scan; anything else searches names."""
from sqlalchemy import or_, select

from models import Pemohon, Permohonan, RegisterEntry


def permohonan_search_clause(term: str):
    term = term.strip()[:100]
    if term.isdigit() and len(term) == 16:
        return Permohonan.pemohon_id.in_(select(Pemohon.id).where(Pemohon.nik == term))
    if "/" in term:
        return or_(
            Permohonan.nomor_tanda_terima == term.upper(),
            Permohonan.id.in_(select(RegisterEntry.permohonan_id)
                              .where(RegisterEntry.nomor == term)),
        )
    like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return Permohonan.pemohon_id.in_(
        select(Pemohon.id).where(Pemohon.nama.ilike(like, escape="\\"))
    )
