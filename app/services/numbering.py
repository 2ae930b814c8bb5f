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


def cek_format_surat_keluar(fmt: str, kode_unit: str) -> str | None:
    """The outgoing-letter number format: {nomor} and {tahun} present, nothing else
    unknown, a distinct number for each of the first 999, and it fits the column (60)."""
    from flask_babel import gettext

    try:
        samples = {fmt.format(nomor=n, tahun=2026, kode_unit=kode_unit) for n in range(1, 1000)}
    except (KeyError, ValueError, IndexError, AttributeError):
        samples = set()
    if ("{nomor" not in fmt or "{tahun" not in fmt or len(samples) != 999
            or max(map(len, samples)) > 60):
        return gettext("Format tidak sah: harus memuat {nomor} dan {tahun} (boleh {kode_unit}), "
                       "dan paling panjang 60 huruf; contoh 470/{nomor:03d}/{kode_unit}/{tahun}.")
    return None
