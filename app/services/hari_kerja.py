"""Working days (Monday to Friday, WIB) for the desks' deadlines. Weekend hours do not
count: a file that reached a desk on Friday 14.00 with one working day is late from
Monday 14.00. National holidays are not known to the application and count as working days."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.timefmt import WIB

_DAY = timedelta(days=1)


def _wib(dt: datetime) -> datetime:
    return (dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt).astimezone(WIB)


def _naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def _weekend(dt: datetime) -> bool:
    return dt.weekday() >= 5


def tambah(start: datetime, hari: int) -> datetime:
    """The moment `hari` working days after `start` (naive UTC in, naive UTC out)."""
    t = _wib(start)
    if _weekend(t):  # reached the desk on a weekend: the clock starts on Monday 00.00
        t = (t + _DAY * (7 - t.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    for _ in range(hari):
        t += _DAY
        if _weekend(t):
            t += 2 * _DAY
    return _naive_utc(t)


def kurangi(now: datetime, hari: int) -> datetime:
    """The latest start whose deadline of `hari` working days has passed at `now`: the
    inverse of `tambah`, for one indexed query per state (naive UTC in and out)."""
    t = _wib(now)
    if _weekend(t):  # on a weekend the clock stands at Friday 24.00
        t = (t - _DAY * (t.weekday() - 5)).replace(hour=0, minute=0, second=0, microsecond=0)
    for _ in range(hari):
        t -= _DAY
        if _weekend(t):
            t -= 2 * _DAY
    return _naive_utc(t)
