"""Search terms as indexed lookups: a 16-digit NIK, a receipt or register number is an
equality on a unique index, not a LIKE scan; a name fragment uses the text index the
migrations build (FTS5 trigram on SQLite, pg_trgm on PostgreSQL)."""
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Integer, column, exists, func, select, text
from sqlalchemy.orm import aliased

from app.access.scope import kantor_aktif
from app.extensions import db
from app.services.numbering import format_receipt_number
from app.services.validation import angka, nomor_16_digit
from models import Counter, Dokumen, OfficeSettings, Pemohon, Permohonan, RegisterEntry
from models._kantor import kantor_tunggal

# What a scanned receipt can carry: its verification address, or its number.
VERIFIKASI_PATH = re.compile(r"/verifikasi/([A-Za-z0-9_-]{8,64})/?$")
NOMOR_TT = re.compile(r"TT/\d+/[^\s?&#]+/\d{4}", re.IGNORECASE)
NOMOR_PENDEK_MAX = 7  # digits: "51", "00051"; a NIK has 16


@dataclass(frozen=True)
class Kueri:
    """A search term read for what it is: `jenis` is nik | tanda_terima | nomor_pendek |
    register | token | nama | kosong; `nilai` the part to look up."""
    jenis: str
    nilai: str


def tafsir(term: str) -> Kueri:
    """What the clerk (or a USB scanner at the desk) typed into a search box."""
    term = (term or "").strip()[:300]
    if not term:
        return Kueri("kosong", "")
    if term.lower().startswith(("http://", "https://")) or term.startswith("/"):
        parts = urlsplit(term)
        if (match := VERIFIKASI_PATH.search(parts.path)):
            return Kueri("token", match.group(1))
        # A status address carries the receipt number in its query or its path.
        nomor = parse_qs(parts.query).get("nomor", [""])[0]
        if (match := NOMOR_TT.search(nomor or unquote(parts.path))):
            return Kueri("tanda_terima", match.group(0).upper())
        term = nomor or unquote(parts.path)
    compact = "".join(term.split())
    if nomor_16_digit(compact):
        return Kueri("nik", compact)
    if angka(compact) and len(compact) <= NOMOR_PENDEK_MAX:
        return Kueri("nomor_pendek", str(int(compact)))
    if (match := NOMOR_TT.fullmatch(compact)):
        return Kueri("tanda_terima", match.group(0).upper())
    if "/" in compact:
        return Kueri("register", compact)
    return Kueri("nama", term[:100])


def nomor_tanda_terima_untuk(urut: int) -> list[str]:
    """The full receipt numbers a short one can mean: one per year that issued receipts,
    newest first, in the format of each office the request sees (its own; every office's
    for the public status check and the Dinas on a regency's server): a handful of
    equality lookups on the unique index, never a LIKE."""
    issued = db.session.execute(
        select(Counter.kantor_id, Counter.tahun).where(Counter.nama == "tanda_terima")
        .order_by(Counter.tahun.desc(), Counter.kantor_id)).all()
    # Each office read once, and held while its years are formatted (the session keeps
    # only weak references: a get per row read an office again after another's).
    offices = {k: db.session.get(OfficeSettings, k) for k in dict.fromkeys(k for k, _ in issued)}
    return [format_receipt_number(offices[kantor_id], urut, tahun)
            for kantor_id, tahun in issued]


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
    # PostgreSQL: the trigram GIN index serves ILIKE '%…%' for a request over every
    # office; an office's (under row-level security) reads its (kantor_id, nama, id).
    return select(Pemohon.id).where(Pemohon.nama.ilike(_like(term), escape="\\"))


def permohonan_search_clause(term: str, many: bool = False):
    """`many`: the term is known to match more files than a list counts (a common name).
    SQLite cannot tell how many rows a text-index match returns and always collects them
    all first (100,000 for a common surname at a million files) to sort them; for such a
    term it reads the list in its own order instead and checks each file's name, so a
    page costs about 25 x files/matches rows. PostgreSQL's planner makes that choice
    itself from its statistics."""
    kueri = tafsir(term)
    term = kueri.nilai
    if kueri.jenis == "kosong":
        return Permohonan.id.is_(None)
    if kueri.jenis == "nik":
        return Permohonan.pemohon_id.in_(select(Pemohon.id).where(Pemohon.nik == term))
    if kueri.jenis == "tanda_terima":  # numbering.format_receipt_number
        return Permohonan.nomor_tanda_terima == term
    if kueri.jenis == "nomor_pendek":
        return Permohonan.nomor_tanda_terima.in_(nomor_tanda_terima_untuk(int(term)))
    if kueri.jenis == "token":
        return Permohonan.id.in_(select(Dokumen.permohonan_id).where(Dokumen.token == term))
    if kueri.jenis == "register":
        return Permohonan.id.in_(select(RegisterEntry.permohonan_id)
                                 .where(RegisterEntry.nomor == term))
    if many and _sqlite() and term.isascii():  # LIKE folds ASCII case as FTS5 does
        return exists().where(Pemohon.id == Permohonan.pemohon_id,
                              Pemohon.nama.like(_like(_name(term)), escape="\\"))
    if many and not _sqlite():
        # Each file's applicant checked as the list is read in its order: OFFSET 0 keeps
        # PostgreSQL from turning it into a join it would start from every applicant of
        # the office (row-level security keeps ILIKE off the trigram index).
        return exists(select(Pemohon.id).where(
            Pemohon.id == Permohonan.pemohon_id,
            Pemohon.nama.ilike(_like(_name(term)), escape="\\")).offset(0))
    return Permohonan.pemohon_id.in_(pemohon_ids_by_name(term))


def pemohon_search_clause(term: str, many: bool = False):
    """`many`: as for `permohonan_search_clause`; on SQLite the applicants are then read
    in the picker's order (the name index) and each name checked."""
    term = term.strip()[:100]
    if nomor_16_digit(term):
        return Pemohon.nik == term
    if many and _sqlite() and term.isascii():
        return Pemohon.nama.like(_like(_name(term)), escape="\\")
    if many and not _sqlite():
        # As for the files: each row's name checked in the list's order (OFFSET 0 keeps
        # PostgreSQL from gathering every match of the office first).
        same = aliased(Pemohon)
        return exists(select(same.id).where(
            same.id == Pemohon.id, same.nama.ilike(_like(_name(term)), escape="\\")).offset(0))
    return Pemohon.id.in_(pemohon_ids_by_name(term))


def name_matches_more_than(term: str, cap: int) -> bool:
    """Whether a name fragment matches more than `cap` applicants, read from SQLite's
    text index up to cap + 1 rows (~6 ms for 10,000), or on PostgreSQL from the office's
    (kantor_id, nama, id) index."""
    term = _name(term.strip()[:100])
    if not _sqlite():
        return bool(term) and not term.isdigit() and db.session.execute(
            select(_names_upto(term, cap))).scalar() > cap
    if len(term) < 3 or term.isdigit():
        return False
    phrase = '"' + term.replace('"', '""') + '"'
    return db.session.execute(text(
        "SELECT count(*) FROM (SELECT rowid FROM pemohon_fts WHERE pemohon_fts MATCH :q "
        "LIMIT :n)").bindparams(q=phrase, n=cap + 1)).scalar() > cap


def names_matching_upto(term: str, cap: int):
    """A scalar subquery: how many applicants' names contain `term`, read from SQLite's
    text index up to cap + 1 rows; None where that is no name search on SQLite, or the
    index holds other offices' names than the request's (`_index_is_the_requests`). More
    than `cap` names means more than `cap` files, told without counting the files (which
    collects every match first: 130 ms for 'Wibowo' at a million files)."""
    kueri = tafsir(term)
    name = _name(kueri.nilai)
    if kueri.jenis == "nama" and name and not _sqlite():
        return _names_upto(name, cap)
    if kueri.jenis != "nama" or not _sqlite() or len(name) < 3 or not _index_is_the_requests():
        return None
    phrase = '"' + name.replace('"', '""') + '"'
    return select(func.count()).select_from(
        text("SELECT rowid FROM pemohon_fts WHERE pemohon_fts MATCH :q LIMIT :n")
        .bindparams(q=phrase, n=cap + 1).columns(column("rowid", Integer)).subquery()
    ).scalar_subquery()


def _names_upto(name: str, cap: int):
    """PostgreSQL: the applicants whose name contains `name`, counted up to cap + 1 from
    the office's (kantor_id, nama, id) index alone. Row-level security keeps ILIKE off the
    trigram index (the operator is not leakproof), so the names are read in the index,
    not in the table: a common name stops at the cap, a rare one reads the office's."""
    names = select(Pemohon.nama).where(Pemohon.nama.ilike(_like(name), escape="\\"))
    return select(func.count()).select_from(names.limit(cap + 1).subquery()).scalar_subquery()


def _index_is_the_requests() -> bool:
    """The text index holds every office's names, read outside the ORM's office filter:
    its count is the request's own only in a database of one office, or for a request
    over every office."""
    return kantor_aktif() is None or kantor_tunggal(db.session) is not None


def surat_kolektif_untuk_token(token: str) -> int | None:
    """The collective letter whose printed QR carries `token` (only a signed one has a
    QR), or None: its scan opens that letter, not a file."""
    return db.session.execute(select(Dokumen.surat_kolektif_id).where(
        Dokumen.token == token, Dokumen.surat_kolektif_id.is_not(None))).scalar()


NIK_AKHIR = 6  # digits of the NIK a resident types with a receipt number


def berkas_dengan_nik_akhir(nomor: str, nik_akhir: str) -> Permohonan | None:
    """The file of a receipt number (full or short) whose applicant's NIK ends with the
    NIK_AKHIR digits given: what a resident can prove without the whole NIK (the survey,
    a complaint). None for anything else, whichever half did not match."""
    nik_akhir = (nik_akhir or "").strip()
    if not (len(nik_akhir) == NIK_AKHIR and nik_akhir.isascii() and nik_akhir.isdigit()):
        return None
    kueri = tafsir(nomor)
    if kueri.jenis == "tanda_terima":
        nomor_cocok = Permohonan.nomor_tanda_terima == kueri.nilai
    elif kueri.jenis == "nomor_pendek":
        nomor_cocok = Permohonan.nomor_tanda_terima.in_(
            nomor_tanda_terima_untuk(int(kueri.nilai)))
    else:
        return None
    # A few rows by the unique receipt number; the NIK's end compared here, not by LIKE.
    rows = db.session.execute(db.select(Permohonan).join(Pemohon).where(nomor_cocok)
                              .order_by(Permohonan.created_at.desc())).scalars()
    return next((p for p in rows if p.pemohon.nik.endswith(nik_akhir)), None)


def berkas_untuk_cek_status(nomor: str, nik: str) -> Permohonan | None:
    """The resident's status check: the receipt number, full or short (`51`), and the NIK
    must both match; a short number means the newest such receipt of that person."""
    kueri = tafsir(nomor)
    if kueri.jenis == "tanda_terima":
        nomor_cocok = Permohonan.nomor_tanda_terima == kueri.nilai
    elif kueri.jenis == "nomor_pendek":
        nomor_cocok = Permohonan.nomor_tanda_terima.in_(nomor_tanda_terima_untuk(int(kueri.nilai)))
    else:
        return None
    return db.session.execute(
        db.select(Permohonan).join(Pemohon)
        .where(nomor_cocok, Pemohon.nik == nik.strip())
        .order_by(Permohonan.created_at.desc()).limit(1)).scalar()
