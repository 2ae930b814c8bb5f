"""Gap-free yearly sequences, taken under the counter row's write lock, and the rule for
the office's register-number format."""
import string
from datetime import date

from flask_babel import gettext

from app.database import insert_for
from app.extensions import db
from models import Counter, OfficeSettings, RegisterEntry
from models._kantor import kantor_kerja

# The yearly sequences (Counter.nama).
REGISTER_COUNTER = "register"
RECEIPT_COUNTER = "tanda_terima"
SURAT_KELUAR_COUNTER = "surat_keluar"


# An office's counter row: its key (ON CONFLICT names it).
COUNTER_KEY = (Counter.kantor_id, Counter.nama, Counter.tahun)


def counter_upsert(nama: str, tahun: int, nilai: int, kantor_id: int | None = None):
    """INSERT … ON CONFLICT of one counter row of an office (default: the request's), in
    the dialect of the session's database."""
    return insert_for(Counter).values(kantor_id=kantor_id or kantor_kerja(db.session),
                                      nama=nama, tahun=tahun, nilai=nilai)


def next_value(nama: str, tahun: int, kantor_id: int | None = None) -> int:
    """Increment and return an office's counter in one atomic upsert, inside the caller's
    transaction: a rollback gives the number back, so numbers never skip or repeat."""
    stmt = counter_upsert(nama, tahun, 1, kantor_id)
    stmt = stmt.on_conflict_do_update(
        index_elements=COUNTER_KEY, set_={"nilai": Counter.nilai + 1}
    ).returning(Counter.nilai)
    return db.session.execute(stmt).scalar_one()


def current_value(nama: str, tahun: int, kantor_id: int | None = None) -> int:
    """The last number an office handed out this year (0: none yet)."""
    return db.session.execute(db.select(Counter.nilai).where(
        Counter.kantor_id == (kantor_id or kantor_kerja(db.session)),
        Counter.nama == nama, Counter.tahun == tahun)).scalar() or 0


def format_register_number(settings, nomor: int, tahun: int) -> str:
    return render_register_number(settings.format_nomor_register, settings.kode_unit,
                                  nomor, tahun)


def render_register_number(fmt: str, kode_unit: str, nomor: int, tahun: int) -> str:
    return fmt.format(nomor=nomor, tahun=tahun, kode_unit=kode_unit)


def format_receipt_number(settings, nomor: int, tahun: int) -> str:
    return f"TT/{nomor:05d}/{settings.kode_unit}/{tahun}"


def take_receipt_number(hari: date) -> str:
    """The year's next receipt number, under the counter row's lock until commit (the
    engine takes it when it records a file, before that recording's guards)."""
    return format_receipt_number(OfficeSettings.get(), next_value(RECEIPT_COUNTER, hari.year),
                                 hari.year)


_FIELDS = ("nomor", "tahun", "kode_unit")


def cek_format_register(fmt: str | None, kode_unit: str | None) -> str | None:
    """Why this register-number format cannot be used, or None. Checked like the counter
    uses it: the sequence restarts each year (so `{tahun}` must be there), numbers 1 to
    9999 must give 9999 different register numbers, each fitting its column."""
    fmt, kode_unit = fmt or "", kode_unit or ""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None]
    except ValueError:
        return gettext("Format tidak sah: periksa pasangan kurung kurawal { }.")
    if any(name not in _FIELDS for name in fields):
        return gettext("Format hanya boleh memakai {nomor}, {tahun} dan {kode_unit}.")
    if "nomor" not in fields or "tahun" not in fields:
        return gettext("Format harus memuat {nomor} dan {tahun}: nomor urut dimulai lagi "
                       "setiap tahun.")
    try:
        numbers = {render_register_number(fmt, kode_unit, n, 2026) for n in range(1, 10000)}
        years = {render_register_number(fmt, kode_unit, 1, year) for year in (2026, 2027)}
        longest = max(len(render_register_number(fmt, kode_unit, n, 2099)) for n in (1, 9999))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return gettext("Format tidak sah: bagian format angka tidak dapat dipakai.")
    if len(numbers) != 9999 or len(years) != 2:
        return gettext("Format menghasilkan nomor yang sama untuk berkas yang berbeda "
                       "(nomor 1 sampai 9999 harus berbeda semua, juga antartahun).")
    limit = RegisterEntry.__table__.c.nomor.type.length
    if max(longest, max(map(len, numbers))) > limit:
        return gettext("Nomor register yang dihasilkan terlalu panjang: paling banyak "
                       "%(n)d karakter.", n=limit)
    return None


def cek_format_surat_keluar(fmt: str, kode_unit: str) -> str | None:
    """The outgoing-letter number format: {nomor} and {tahun} present, nothing else
    unknown, a distinct number for each of the first 999, and it fits the column (60)."""
    try:
        samples = {fmt.format(nomor=n, tahun=2026, kode_unit=kode_unit) for n in range(1, 1000)}
    except (KeyError, ValueError, IndexError, AttributeError):
        samples = set()
    if ("{nomor" not in fmt or "{tahun" not in fmt or len(samples) != 999
            or max(map(len, samples)) > 60):
        return gettext("Format tidak sah: harus memuat {nomor} dan {tahun} (boleh {kode_unit}), "
                       "dan paling panjang 60 huruf; contoh 470/{nomor:03d}/{kode_unit}/{tahun}.")
    return None
