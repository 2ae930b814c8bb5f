"""Search terms as indexed lookups: a 16-digit NIK, a receipt or register number is an
equality on a unique index, not a LIKE scan; a name fragment uses the text index the
migrations build (FTS5 trigram on SQLite, pg_trgm on PostgreSQL)."""
from sqlalchemy import Integer, column, exists, select, text

from app.extensions import db
from models import Pemohon, Permohonan, RegisterEntry


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _name(term: str) -> str:
    return " ".join(term.split())[:60]


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def pemohon_ids_by_name(term: str):
    """A selectable of applicant ids whose name contains `term` (case-insensitive)."""
    term = _name(term)
    if _sqlite() and len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'  # one trigram phrase, no FTS syntax
        return text("SELECT rowid FROM pemohon_fts WHERE pemohon_fts MATCH :q").bindparams(
            q=phrase).columns(column("rowid", Integer))
    # PostgreSQL: the trigram GIN index serves ILIKE '%…%' directly.
    return select(Pemohon.id).where(Pemohon.nama.ilike(_like(term), escape="\\"))


def permohonan_search_clause(term: str, many: bool = False):
    """`many`: the term is known to match more files than a list counts (a common name).
    SQLite cannot tell how many rows a text-index match returns and always collects them
    all first (100,000 for a common surname at a million files) to sort them; for such a
    term it reads the list in its own order instead and checks each file's name, so a
    page costs about 25 x files/matches rows. PostgreSQL's planner makes that choice
    itself from its statistics."""
    term = term.strip()[:100]
    if term.isdigit() and len(term) == 16:
        return Permohonan.pemohon_id.in_(select(Pemohon.id).where(Pemohon.nik == term))
    if term.upper().startswith("TT/"):  # receipt numbers (numbering.format_receipt_number)
        return Permohonan.nomor_tanda_terima == term.upper()
    if "/" in term:
        return Permohonan.id.in_(select(RegisterEntry.permohonan_id)
                                 .where(RegisterEntry.nomor == term))
    if many and _sqlite() and term.isascii():  # LIKE folds ASCII case as FTS5 does
        return exists().where(Pemohon.id == Permohonan.pemohon_id,
                              Pemohon.nama.like(_like(_name(term)), escape="\\"))
    return Permohonan.pemohon_id.in_(pemohon_ids_by_name(term))


def pemohon_search_clause(term: str, many: bool = False):
    """`many`: as for `permohonan_search_clause`; on SQLite the applicants are then read
    in the picker's order (the name index) and each name checked."""
    term = term.strip()[:100]
    if term.isdigit() and len(term) == 16:
        return Pemohon.nik == term
    if many and _sqlite() and term.isascii():
        return Pemohon.nama.like(_like(_name(term)), escape="\\")
    return Pemohon.id.in_(pemohon_ids_by_name(term))


def name_matches_more_than(term: str, cap: int) -> bool:
    """Whether a name fragment matches more than `cap` applicants, read from SQLite's
    text index up to cap + 1 rows (~6 ms for 10,000). Always False on PostgreSQL, whose
    planner weighs the trigram index against its statistics itself."""
    term = _name(term.strip()[:100])
    if not _sqlite() or len(term) < 3 or term.isdigit():
        return False
    phrase = '"' + term.replace('"', '""') + '"'
    return db.session.execute(text(
        "SELECT count(*) FROM (SELECT rowid FROM pemohon_fts WHERE pemohon_fts MATCH :q "
        "LIMIT :n)").bindparams(q=phrase, n=cap + 1)).scalar() > cap
