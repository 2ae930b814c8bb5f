"""Cheap row counts for list pages of huge tables.

- `total`: an unfiltered table, exact below a threshold, else remembered for half a
  minute (a million-row COUNT(*) on every page view is the slowest part of a list page;
  an office of a few thousand files always sees exact figures).
- `remembered`: any such figure, by the same rule (the dashboard's SOP figures).
- `capped`: a filtered or searched list, counted up to a cap; beyond it the answer is
  `AtLeast`, shown as "lebih dari 10.000" (counting 100,000 matches of a common name
  costs more than finding the 25 that are shown)."""
from __future__ import annotations

import threading
import time

from flask_babel import format_number, gettext
from sqlalchemy import func, select

from app.access.scope import kantor_aktif
from app.extensions import db

# Counting an index of 50,000 rows was 5-7 ms of a list page on PostgreSQL (an office of a
# regency); 10,000 is about 1 ms.
EXACT_BELOW = 10_000
TTL_SECONDS = 30
COUNT_CAP = 10_000
# A name search is counted to 1,000 ("lebih dari 1.000"): past that the clerk narrows the
# name rather than pages; and knowing there are more lets the list be read in its own
# order with each name checked, not every match gathered first (under PostgreSQL's
# row-level security a name's matches are read from the office's name index, 60 ms for
# 5,600 of them, where reading the list in order finds a page in 2 ms).
COUNT_CAP_NAMA = 1_000
# A desk's late files on the dashboard, likewise: "lebih dari 1.000" calls for the same
# action as 9,000, and counting four desks to 10,000 was 14 ms of the page at a million
# files (the regency's dashboard counts them exactly, grouped, for the report).
COUNT_CAP_TERLAMBAT = 1_000
_cache: dict[str, tuple[int, float]] = {}
_lock = threading.Lock()


class Known:
    """Stands in for Flask-Admin's count query: it only calls `.scalar()` on it."""

    def __init__(self, value: int):
        self.value = value

    def scalar(self) -> int:
        return self.value


class AtLeast(int):
    """More rows than were counted: the value is the number counted (cap + 1), so the
    pager offers one page past the cap; printed as "lebih dari <cap>" in the user's
    language and number format."""

    def __str__(self) -> str:
        return gettext("lebih dari %(n)s", n=format_number(int(self) - 1))


def capped(query, cap: int) -> int:
    """COUNT of `query`'s rows, reading at most cap + 1 of them."""
    n = db.session.execute(
        select(func.count()).select_from(query.limit(cap + 1).subquery())).scalar()
    return AtLeast(n) if n > cap else n


def total(model, counting=None) -> int:
    """`counting`: counts them instead, when nothing is remembered (a caller that reads
    more in the same statement). Remembered per office: the count is of the rows the
    request may see (models/_kantor.py)."""
    key = f"{model.__tablename__}@{kantor_aktif()}"
    return remembered(key, counting or (lambda: db.session.execute(
        select(func.count()).select_from(model)).scalar()), size=lambda value: value)


def remembered(key: str, compute, size, from_rows: int | None = None):
    """`compute()`'s value, remembered by this process for half a minute when it was read
    from `from_rows` rows or more (`size(value)`; EXACT_BELOW when not given): below that
    it is read every time, so a small office always sees the moment's figure."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit and hit[1] > now:
        return hit[0]
    value = compute()
    if size(value) >= (EXACT_BELOW if from_rows is None else from_rows):
        with _lock:
            _cache[key] = (value, now + TTL_SECONDS)
    return value
