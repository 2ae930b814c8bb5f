"""A cheap row count for unfiltered lists of huge tables: exact below a threshold, else
remembered for half a minute (a million-row COUNT(*) on every page view is the slowest
part of a list page; an office of a few thousand files always sees exact figures)."""
from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from app.extensions import db

EXACT_BELOW = 50_000
TTL_SECONDS = 30
_cache: dict[str, tuple[int, float]] = {}
_lock = threading.Lock()


class Known:
    """Stands in for Flask-Admin's count query: it only calls `.scalar()` on it."""

    def __init__(self, value: int):
        self.value = value

    def scalar(self) -> int:
        return self.value


def total(model) -> int:
    key = model.__tablename__
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit and hit[1] > now:
        return hit[0]
    value = db.session.execute(select(func.count()).select_from(model)).scalar()
    if value >= EXACT_BELOW:
        with _lock:
            _cache[key] = (value, now + TTL_SECONDS)
    return value
