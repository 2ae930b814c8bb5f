"""Starting numbers: an office that kept its register, receipts and outgoing letters on
paper until mid-year continues their numbers here. A counter only moves forward (a number
already handed out is never handed out again), for the current year, and every move is
recorded (`PerubahanNomor`)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext, lazy_gettext as _l

from app.domain_errors import InvalidInput
from app.extensions import db
from app.services.numbering import (COUNTER_KEY, RECEIPT_COUNTER, REGISTER_COUNTER, SURAT_KELUAR_COUNTER,
                                    counter_upsert, current_value)
from models import Counter, PerubahanNomor, User

# The counters an office may continue, in the order the screen lists them.
COUNTERS = {
    REGISTER_COUNTER: _l("Register KTP-el"),
    RECEIPT_COUNTER: _l("Tanda terima"),
    SURAT_KELUAR_COUNTER: _l("Surat keluar (surat pengantar kolektif)"),
}
# No paper book reaches this in a year: a larger number is a typing slip.
MAX_NOMOR = 999_999


class NomorAwalInvalid(InvalidInput, ValueError):
    """The counter cannot be set there; the message says why, in Indonesian."""


@dataclass
class Posisi:
    counter: str
    label: str
    tahun: int
    terakhir: int  # the last number handed out (0: none)

    @property
    def berikutnya(self) -> int:
        return self.terakhir + 1


def posisi(tahun: int) -> list[Posisi]:
    return [Posisi(nama, str(label), tahun, current_value(nama, tahun))
            for nama, label in COUNTERS.items()]


def lanjutkan(counter: str, tahun: int, terakhir: int, *, oleh: User | None,
              alamat: str | None) -> PerubahanNomor:
    """Set the counter so that the next number handed out is `terakhir + 1`; committed by
    the caller. Refused unless it moves forward. The move is one conditional statement:
    a clerk taking a number at the same moment either comes before (and the move must
    still be forward of it) or after (and gets `terakhir + 1`)."""
    if counter not in COUNTERS:
        raise NomorAwalInvalid(gettext("Penomoran tidak dikenal."))
    if not 1 <= terakhir <= MAX_NOMOR:
        raise NomorAwalInvalid(gettext("Nomor harus antara 1 dan %(max)d.", max=MAX_NOMOR))
    dari = current_value(counter, tahun)
    stmt = counter_upsert(counter, tahun, terakhir).on_conflict_do_update(
        index_elements=COUNTER_KEY, set_={"nilai": terakhir},
        where=Counter.nilai < terakhir,
    ).returning(Counter.nilai)
    if db.session.execute(stmt).scalar() is None:
        raise NomorAwalInvalid(gettext(
            "Nomor hanya dapat dimajukan: nomor %(terakhir)d sudah terpakai di aplikasi. "
            "Isi nomor yang lebih besar.", terakhir=current_value(counter, tahun)))
    row = PerubahanNomor(counter=counter, tahun=tahun, dari=dari, ke=terakhir,
                         oleh_id=oleh.id if oleh else None, alamat=alamat)
    db.session.add(row)
    return row
