"""A time slot booked from the public pages, with a quota per day, and checked in at the
kiosk by its code on that day (the ticket is then numbered like any other). The quota is
the day's booking counter: taken in the booking's transaction and refused past the
quota, so two residents booking the last place at once cannot both have it."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.domain_errors import Conflict, InvalidInput, NotFound
from app.extensions import db
from app.services import antrian, hari_kerja
from app.timefmt import wib_today
from models import AntrianBooking, AntrianTiket

JENIS_KUOTA = "booking"  # the counter row that counts a day's bookings
HARI_KE_DEPAN = 14
# Codes without letters that are read alike (0/O, 1/I/L).
HURUF_KODE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class BookingInvalid(InvalidInput):
    pass


class KuotaConflict(Conflict):
    pass


class BookingNotFound(NotFound):
    pass


class BookingDayInvalid(InvalidInput):
    pass


class BookingUsedConflict(Conflict):
    pass


def hari_pilihan(hari_ini: date | None = None) -> list[date]:
    """Working days a slot can be booked on: today and the next two weeks."""
    hari_ini = hari_ini or wib_today()
    return [d for d in (hari_ini + timedelta(days=n) for n in range(HARI_KE_DEPAN + 1))
            if hari_kerja.hari_kerja(d)]


def cek(tanggal: date | None, jam: str | None, keperluan: str | None) -> dict[str, str]:
    errors = {}
    if tanggal is None or tanggal not in hari_pilihan():
        errors["tanggal"] = str(_l("Pilih hari kerja mulai hari ini sampai %(n)d hari ke depan.",
                                   n=HARI_KE_DEPAN))
    if jam not in current_app.config["ANTRIAN_JAM_BOOKING"]:
        errors["jam"] = str(_l("Pilih salah satu jam yang tersedia."))
    if keperluan not in antrian.KEPERLUAN:
        errors["keperluan"] = str(_l("Pilih keperluan Anda."))
    return errors


def kode_baru() -> str:
    return "".join(secrets.choice(HURUF_KODE) for _ in range(8))


def pesan(tanggal: date | None, jam: str | None, keperluan: str | None) -> AntrianBooking:
    """Book a slot; the caller commits (a refusal leaves nothing, the counter included)."""
    errors = cek(tanggal, jam, keperluan)
    if errors:
        raise BookingInvalid(errors=errors)
    kuota = current_app.config["ANTRIAN_KUOTA_BOOKING"]
    if antrian.hitung_berikutnya(tanggal, JENIS_KUOTA) > kuota:
        db.session.rollback()
        raise KuotaConflict(str(_l("Kuota pemesanan untuk hari itu sudah penuh. Pilih hari lain "
                                "atau datang langsung.")))
    booking = AntrianBooking(kode=kode_baru(), tanggal=tanggal, jam=jam, keperluan=keperluan)
    db.session.add(booking)
    db.session.flush()
    return booking


def sisa_kuota(tanggal: date) -> int:
    return sisa_per_hari([tanggal])[tanggal]


def sisa_per_hari(hari: list[date]) -> dict[date, int]:
    """Places left on each day, in one query."""
    terpakai = dict(db.session.execute(
        db.select(AntrianBooking.tanggal, db.func.count(AntrianBooking.id))
        .where(AntrianBooking.tanggal.in_(hari)).group_by(AntrianBooking.tanggal)).all())
    kuota = current_app.config["ANTRIAN_KUOTA_BOOKING"]
    return {d: max(0, kuota - terpakai.get(d, 0)) for d in hari}


def normal(kode: str | None) -> str:
    return (kode or "").strip().upper().replace("-", "").replace(" ", "")


def checkin(kode: str | None) -> AntrianTiket:
    """The booking's ticket, taken on its day at the kiosk (once); the caller commits."""
    booking = db.session.execute(db.select(AntrianBooking).where(
        AntrianBooking.kode == normal(kode))).scalar()
    if booking is None:
        raise BookingNotFound(str(_l("Kode pemesanan tidak ditemukan.")))
    if booking.tanggal != wib_today():
        raise BookingDayInvalid(str(_l("Pemesanan ini untuk hari lain.")))
    if booking.tiket_id is not None:
        raise BookingUsedConflict(str(_l("Kode pemesanan ini sudah dipakai.")))
    tiket = antrian.ambil(booking.keperluan)
    claimed = db.session.execute(db.update(AntrianBooking).where(
        AntrianBooking.id == booking.id, AntrianBooking.tiket_id.is_(None)).values(
        tiket_id=tiket.id)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise BookingUsedConflict(str(_l("Kode pemesanan ini sudah dipakai.")))
    return tiket
