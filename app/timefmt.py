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
