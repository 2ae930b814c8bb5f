"""The queue's public pages, no login: the ticket kiosk (/antrian), the ticket and its
PDF for the thermal printer, the calling display for the TV (/antrian/layar, which asks
/antrian/layar.json every few seconds) and booking a time slot (/antrian/pesan). A ticket
carries no personal data: a number, a purpose, a time."""
from __future__ import annotations

import logging
from datetime import date

from flask import (Blueprint, abort, current_app, jsonify, redirect, render_template,
                   request, url_for)
from flask_babel import gettext, lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, Length

from app.blueprints.cetak import pdf_response
from app.documents import tiket_antrian
from app.domain_errors import DomainError
from app import kantor_publik
from app.errors import http_status
from app.extensions import db, limiter
from app.forms import Form
from app.services import antrian, antrian_booking, antrian_layar
from app.timefmt import tanggal_panjang
from models import AntrianTiket

bp = Blueprint("antrian", __name__)
kantor_publik.layani(bp)  # a kecamatan's kiosk, display and bookings
log = logging.getLogger(__name__)


class AmbilForm(Form):
    keperluan = HiddenField(validators=[AnyOf(tuple(antrian.KEPERLUAN),
                                              message=_l("Pilih keperluan Anda."))])


class CheckinForm(Form):
    kode = StringField(_l("Kode pemesanan"), validators=[
        DataRequired(_l("Ketik kode pemesanan Anda.")), Length(max=20)])


class PesanForm(Form):
    tanggal = SelectField(_l("Hari"), validate_choice=False)
    jam = SelectField(_l("Jam"), validate_choice=False)
    keperluan = SelectField(_l("Keperluan"), validate_choice=False)


def _too_many() -> str:
    return gettext("Terlalu banyak permintaan. Coba lagi dalam satu menit.")


def _kiosk(checkin: CheckinForm | None = None, error: str | None = None, status: int = 200):
    return render_template("antrian/kiosk.html", keperluan=antrian.KEPERLUAN.values(),
                           ambil=AmbilForm(formdata=None),
                           checkin=checkin or CheckinForm(formdata=None), error=error), status


@bp.get("/antrian")
def kiosk():
    return _kiosk()


def _cetak_di_server(tiket: AntrianTiket) -> bool:
    """ESC/POS to the printer attached to the server, when one is configured; a printer
    that is off must not lose the visitor's ticket: the page still offers the PDF."""
    device = current_app.config["ANTRIAN_PRINTER"]
    if not device:
        return False
    try:
        tiket_antrian.kirim_ke_printer(
            tiket_antrian.escpos(tiket, current_app.config["ANTRIAN_KERTAS_MM"]), device)
    except tiket_antrian.PrinterError as exc:
        log.warning("ticket %s not printed on %s: %s", tiket.id, device, exc)
        return False
    return True


def _ke_tiket(tiket: AntrianTiket):
    """The ticket's page, saying it is being printed only when the printer took it."""
    return redirect(url_for(".tiket", id=tiket.id, dicetak=1 if _cetak_di_server(tiket) else None))


@bp.post("/antrian/ambil")
@limiter.limit("30 per minute", error_message=_too_many)
def ambil():
    form = AmbilForm()
    if not form.validate():
        return _kiosk(error=gettext("Pilih keperluan Anda."), status=422)
    tiket = antrian.ambil(form.keperluan.data)
    db.session.commit()
    return _ke_tiket(tiket)


@bp.post("/antrian/checkin")
@limiter.limit("20 per minute", error_message=_too_many)
def checkin():
    form = CheckinForm()
    if not form.validate():
        return _kiosk(checkin=form, status=422)
    try:
        tiket = antrian_booking.checkin(form.kode.data)
    except DomainError as exc:
        db.session.rollback()
        form.kode.errors = [exc.message]
        return _kiosk(checkin=form, status=http_status(exc))
    db.session.commit()
    return _ke_tiket(tiket)


def _tiket_or_404(id: int) -> AntrianTiket:
    tiket = db.session.get(AntrianTiket, id)
    if tiket is None:
        abort(404)
    return tiket


@bp.get("/antrian/tiket/<int:id>")
def tiket(id: int):
    t = _tiket_or_404(id)
    return render_template("antrian/tiket.html", tiket=t, nomor=antrian.nomor_tiket(t),
                           keperluan=antrian.KEPERLUAN[t.keperluan],
                           dicetak_server=request.args.get("dicetak") == "1")


@bp.get("/antrian/tiket/<int:id>.pdf")
def tiket_pdf(id: int):
    t = _tiket_or_404(id)
    data = tiket_antrian.pdf(t, current_app.config["ANTRIAN_KERTAS_MM"])
    return pdf_response(data, f"antrean-{antrian.nomor_tiket(t)}.pdf")


@bp.get("/antrian/layar")
def layar():
    return render_template("antrian/layar.html", keadaan=antrian_layar.keadaan())


@bp.get("/antrian/layar.json")
@limiter.exempt  # a TV asks every few seconds all day
def layar_json():
    response = jsonify(antrian_layar.keadaan())
    response.headers["Cache-Control"] = "no-store"
    return response


def _pesan_form(form: PesanForm) -> PesanForm:
    sisa = antrian_booking.sisa_per_hari(antrian_booking.hari_pilihan())
    form.tanggal.choices = [SelectChoice(d.isoformat(), gettext(
        "%(hari)s · sisa %(n)d tempat", hari=tanggal_panjang(d), n=n) if n else gettext(
        "%(hari)s · penuh", hari=tanggal_panjang(d))) for d, n in sisa.items()]
    form.jam.choices = [SelectChoice(j, j.replace(":", ".") + " WIB")
                        for j in current_app.config["ANTRIAN_JAM_BOOKING"]]
    form.keperluan.choices = [SelectChoice(k.kode, k.label) for k in antrian.KEPERLUAN.values()]
    return form


@bp.route("/antrian/pesan", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], error_message=_too_many)
def pesan():
    form = _pesan_form(PesanForm())
    if not form.validate_on_submit():
        return render_template("antrian/pesan.html", form=form), (
            422 if form.is_submitted() else 200)
    try:
        booking = antrian_booking.pesan(_iso(form.tanggal.data), form.jam.data,
                                        form.keperluan.data)
    except DomainError as exc:
        db.session.rollback()
        for name, message in exc.errors.items():
            getattr(form, name).errors = [message]
        return render_template("antrian/pesan.html", form=form,
                               error=None if exc.errors else exc.message), http_status(exc)
    db.session.commit()
    return render_template("antrian/dipesan.html", booking=booking,
                           keperluan=antrian.KEPERLUAN[booking.keperluan])


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None
