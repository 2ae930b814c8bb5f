"""What the office's dashboard says about its messages to residents: those that failed for
good and those waiting to be tried again, among the messages of a period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from app.extensions import db
from models import Pesan
from models.notifikasi import GAGAL, MENUNGGU


@dataclass(frozen=True)
class Gagal:
    gagal: int        # every attempt used, or the answer unknown
    coba_lagi: int    # an attempt failed; the worker tries again after its back-off

    @property
    def jumlah(self) -> int:
        return self.gagal + self.coba_lagi


def gagal(start: datetime, end: datetime) -> Gagal:
    """Failed and waiting-to-retry messages created in [start, end) (naive UTC): one
    statement."""
    row = db.session.execute(
        select(func.count(case((Pesan.status == GAGAL, 1))),
               func.count(case(((Pesan.status == MENUNGGU) & (Pesan.percobaan > 0), 1))))
        .where(Pesan.created_at >= start, Pesan.created_at < end)).one()
    return Gagal(row[0] or 0, row[1] or 0)
