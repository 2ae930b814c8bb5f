"""Public survey pages, no login: the counter tablet's kiosk (/survei, also opened from the
QR on a phone) and the published index (/ikm). Readable without JavaScript."""
from decimal import Decimal
from fractions import Fraction

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_babel import gettext
from jinja2 import pass_context

from app import kantor_publik
from app.errors import http_status
from app.extensions import limiter
from app.i18n import ui_locale
from app.survei import jawaban, publikasi
from app.survei.forms import MulaiForm, kuesioner_form
from app.survei.ikm import bulat
from app.survei.periode import label_layar
from app.survei.kuesioner import PROFIL, kuesioner

bp = Blueprint("survei", __name__)


def _too_many() -> str:
    return gettext("Terlalu banyak percobaan. Coba lagi dalam satu menit.")


def _too_many_guesses() -> str:
    return gettext("Terlalu banyak kode atau nomor yang tidak cocok dari perangkat ini. "
                   "Coba lagi nanti, atau minta bantuan petugas.")


def _not_found(response) -> bool:
    return response.status_code == 404


@bp.route("/survei", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"], error_message=_too_many)
# Guessing: what matched nothing is counted per address, in the shared storage.
@limiter.limit(lambda: current_app.config["SKM_TEBAKAN_MAKS"], methods=["POST"],
               deduct_when=_not_found, error_message=_too_many_guesses)
def mulai():
    form = MulaiForm()
    if not form.validate_on_submit():
        return render_template("survei/mulai.html", form=form), (
            422 if form.is_submitted() else 200)
    try:
        row = jawaban.cari(form.kode.data, form.nik_akhir())
    except jawaban.SurveiError as exc:
        return render_template("survei/mulai.html", form=form, error=exc.message), \
            http_status(exc)
    return redirect(url_for(".isi", kode=row.kode))


@bp.route("/survei/<kode>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["GET"], error_message=_too_many)
@limiter.limit("20 per minute", methods=["POST"], error_message=_too_many)
def isi(kode: str):
    try:
        row = jawaban.buka(kode)
    except jawaban.SurveiError as exc:
        return render_template("survei/mulai.html", form=MulaiForm(formdata=None),
                               error=exc.message), http_status(exc)
    k = kuesioner(row.permohonan.layanan)
    form = kuesioner_form(k)
    if form.validate_on_submit():
        try:
            jawaban.simpan(row.kode, form.nilai(), form.profil(), form.saran.data)
        except jawaban.SurveiError as exc:
            return render_template("survei/mulai.html", form=MulaiForm(formdata=None),
                                   error=exc.message), http_status(exc)
        return redirect(url_for(".terima_kasih"))
    return render_template("survei/isi.html", form=form, kuesioner=k, profil=PROFIL,
                           kode=row.kode), 422 if form.is_submitted() else 200


@bp.get("/survei/terima-kasih")
def terima_kasih():
    return render_template("survei/terima_kasih.html")


@bp.get("/ikm")
def ikm():
    kantor_publik.pilih()  # one office's published index (the answers are anonymous)
    k = kuesioner()  # the office's default service
    terbit = publikasi.terakhir(k.layanan)
    label = terbit and label_layar(terbit.periode.jenis, terbit.periode.tahun,
                                   terbit.periode.nomor)
    return render_template("survei/ikm.html", terbit=terbit, label=label,
                           kuesioner=k)


def _desimal(value, places: int = 2, locale: str = "id") -> str:
    """A figure of the index, rounded half up and written the locale's way (88,31)."""
    from babel.numbers import format_decimal

    if value is None:
        return "—"
    if isinstance(value, Fraction):
        value = bulat(value, places)
    elif not isinstance(value, Decimal):  # a percentage already rounded (float, int)
        value = Decimal(str(value))
    pattern = "0." + "0" * places if places else "0"
    return format_decimal(value, format=pattern, locale=locale)


@pass_context
def _desimal_filter(context, value, places: int = 2) -> str:
    # Printed documents (templates/pdf/) stay Indonesian whatever the screen's language.
    paper = (context.name or "").startswith("pdf/")
    return _desimal(value, places, locale="id" if paper else ui_locale())


def _init_filters(state) -> None:
    state.app.jinja_env.filters["desimal"] = _desimal_filter
    state.app.jinja_env.filters.setdefault("zip", zip)


bp.record_once(_init_filters)
