"""Gap-free yearly sequences, taken under the counter row's write lock."""
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from models import Counter

# The yearly sequences (Counter.nama).
REGISTER_COUNTER = "register"
RECEIPT_COUNTER = "tanda_terima"


def next_value(nama: str, tahun: int) -> int:
    """Increment and return the counter in one atomic upsert, inside the caller's
    transaction: a rollback gives the number back, so numbers never skip or repeat."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Counter).values(nama=nama, tahun=tahun, nilai=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Counter.nama, Counter.tahun], set_={"nilai": Counter.nilai + 1}
    ).returning(Counter.nilai)
    return db.session.execute(stmt).scalar_one()


def format_register_number(settings, nomor: int, tahun: int) -> str:
    return settings.format_nomor_register.format(
        nomor=nomor, tahun=tahun, kode_unit=settings.kode_unit
    )


def format_receipt_number(settings, nomor: int, tahun: int) -> str:
    return f"TT/{nomor:05d}/{settings.kode_unit}/{tahun}"
