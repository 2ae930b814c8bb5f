"""UTC in the database, WIB (Asia/Jakarta) on screen and paper. Indonesian unless a
screen asks for the user's language (`locale`): printed documents stay Indonesian."""
from datetime import date, datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, parse_pattern
from flask_babel import force_locale, gettext

WIB = ZoneInfo("Asia/Jakarta")
# One style per purpose: typed and in table cells 17/05/1990 (the same in every language),
# in sentences, details and on paper '17 Mei 1990'.
DATE_TYPED = "%d/%m/%Y"
# Between the two days of a typed range, as the date picker writes it ("to": older pages).
RANGE_SEPARATORS = (" s.d. ", " to ")


def tanggal_diketik(text: str) -> date | None:
    """A day typed as the office writes it (17/05/1990) or in ISO (from scripts), or None."""
    for fmt in (DATE_TYPED, "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    return None


def rentang_diketik(text: str) -> tuple[date, date]:
    """'01/11/2026 s.d. 30/11/2026' as two days (in the order typed); ValueError if not."""
    for separator in RANGE_SEPARATORS:
        parts = text.split(separator)
        if len(parts) == 2:
            days = [tanggal_diketik(p) for p in parts]
            if None not in days:
                return days[0], days[1]
    raise ValueError(text)


def to_wib(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(WIB)


def wib_now() -> datetime:
    return datetime.now(WIB)


def wib_today() -> date:
    return wib_now().date()


def _format_day(value: date | datetime | None, pattern: str, locale: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_wib(value).date()  # the office's calendar day, not UTC's
    return format_date(value, format=pattern, locale=locale)


def tanggal_panjang(value: date | datetime | None, locale: str = "id") -> str:
    """'Selasa, 1 Desember 2026' (babel's "full" pattern pads the day: '01')."""
    return _format_day(value, "EEEE, d MMMM y", locale)


def tanggal(value: date | datetime | None, locale: str = "id") -> str:
    """'24 November 2026'."""
    return _format_day(value, "d MMMM y", locale)


def tanggal_pendek(value: date | datetime | None) -> str:
    """'24/11/2026', for table cells and typed dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return value.strftime(DATE_TYPED)


def waktu_pendek(value: datetime | None) -> str:
    """'24/11/2026 14.05', for table cells (the column header says WIB)."""
    return to_wib(value).strftime(DATE_TYPED + " %H.%M") if value else ""


def waktu(value: datetime | None, locale: str = "id") -> str:
    """'24 November 2026 14.05 WIB'."""
    if value is None:
        return ""
    return _pattern("d MMMM y HH.mm").apply(to_wib(value), _locale(locale)) + " WIB"


# Parsed once: a list page formats a time on every row, and babel parses the pattern and
# the locale anew on each call.
@lru_cache(maxsize=8)
def _pattern(pattern: str):
    return parse_pattern(pattern)


@lru_cache(maxsize=8)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def jam(value: datetime | None) -> str:
    """'14.05 WIB'."""
    return to_wib(value).strftime("%H.%M") + " WIB" if value else ""


def durasi(detik: int | None, locale: str = "id") -> str:
    """'2 hari 3 jam', '4 mnt 10 dtk'."""
    if detik is None:
        return "—"
    hari, sisa = divmod(int(detik), 86400)
    jam, sisa = divmod(sisa, 3600)
    menit, dtk = divmod(sisa, 60)
    with force_locale(locale):
        if hari:
            return gettext("%(hari)d hari %(jam)d jam", hari=hari, jam=jam)
        if jam:
            return gettext("%(jam)d jam %(menit)d mnt", jam=jam, menit=menit)
        if menit:
            return gettext("%(menit)d mnt %(dtk)d dtk", menit=menit, dtk=dtk)
        return gettext("%(dtk)d dtk", dtk=dtk)
