"""Working days (WIB) for the desks' deadlines and the receipt's expected date.

A working day is a weekday that is neither a national holiday nor a cuti bersama (both
from the `holidays` package's Indonesian calendar) nor a day off the office added
(`HariLibur`: a cuti bersama decreed after the package was released, a local holiday).
Hours of other days do not count: a file that reached a desk on Friday 14.00 with one
working day is late from Monday 14.00, or Tuesday 14.00 when Monday is a holiday."""
from __future__ import annotations

import functools
from datetime import date, datetime, timedelta, timezone

import holidays
from flask import g, has_app_context
from flask_babel import gettext

from app.access.scope import lingkup_kabupaten
from app.extensions import db
from app.timefmt import WIB
from models import HariLibur
from models._kantor import kantor_tunggal

_DAY = timedelta(days=1)
# A file waits days, not years: a walk longer than this is a bug, not a calendar.
_MAX_DAYS_WALKED = 3660


def boleh_ubah_libur(user) -> bool:
    """Whether `user` may add or remove days off. They hold for every office on the server
    (a cuti bersama, the regency's anniversary): on a server of several offices the
    regency's administrator keeps them, and an office's administrator only reads them."""
    return lingkup_kabupaten(user.role) or kantor_tunggal(db.session) is not None


@functools.cache
def libur_nasional(tahun: int) -> dict[date, str]:
    """National holidays and cuti bersama of one year, by name in Indonesian."""
    calendar = holidays.country_holidays("ID", years=tahun, language="id",
                                         categories=("public", "government"))
    return dict(calendar.items())


def libur_kantor() -> dict[date, str]:
    """The office's own days off, read once per request (a list page asks per row)."""
    if not has_app_context():
        return {}
    if "libur_kantor" not in g:
        g.libur_kantor = dict(db.session.execute(
            db.select(HariLibur.tanggal, HariLibur.nama)).tuples().all())
    return g.libur_kantor


def nama_libur(hari: date) -> str | None:
    """Why `hari` is not a working day (None when it is one)."""
    if hari.weekday() == 5:
        return "Sabtu"
    if hari.weekday() == 6:
        return "Minggu"
    return libur_kantor().get(hari) or libur_nasional(hari.year).get(hari)


def hari_kerja(hari: date) -> bool:
    return nama_libur(hari) is None


def _wib(dt: datetime) -> datetime:
    return (dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt).astimezone(WIB)


def _naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def _step(t: datetime, direction: int) -> datetime:
    """The same hour `direction` working days away (skipping days off)."""
    for _ in range(_MAX_DAYS_WALKED):
        t += direction * _DAY
        if hari_kerja(t.date()):
            return t
    raise ValueError("no working day within ten years")


def tambah(start: datetime, hari: int) -> datetime:
    """The moment `hari` working days after `start` (naive UTC in, naive UTC out)."""
    t = _wib(start)
    if not hari_kerja(t.date()):  # reached the desk on a day off: the clock starts at 00.00
        t = _step(t.replace(hour=0, minute=0, second=0, microsecond=0), 1)  # of the next working day
    for _ in range(hari):
        t = _step(t, 1)
    return _naive_utc(t)


def kurangi(now: datetime, hari: int) -> datetime:
    """The latest start whose deadline of `hari` working days has passed at `now`: the
    inverse of `tambah`, for one indexed query per state (naive UTC in and out)."""
    t = _wib(now)
    if not hari_kerja(t.date()):  # on a day off the clock stands at the last working day's 24.00
        t = _step(t.replace(hour=0, minute=0, second=0, microsecond=0), -1) + _DAY
    for _ in range(hari):
        t = _step(t, -1)
    return _naive_utc(t)


def cek_libur_baru(tanggal: date | None) -> str | None:
    """A day off the office adds must be one the calendar does not already close."""
    if tanggal is None:
        return None
    if tanggal.weekday() >= 5:
        return gettext("Tanggal ini hari Sabtu atau Minggu, sudah bukan hari kerja.")
    if (nama := libur_nasional(tanggal.year).get(tanggal)):
        return gettext("Tanggal ini sudah libur nasional atau cuti bersama: %(nama)s.", nama=nama)
    return None


def kalender_nasional(*tahun: int) -> list[tuple[int, list[tuple[date, str]]]]:
    """The national holidays and cuti bersama of those years, for the office to see."""
    return [(t, sorted(libur_nasional(t).items())) for t in tahun]
