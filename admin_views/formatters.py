"""Column formatters: badges, masked NIKs, WIB times. Values pass through Jinja's escaping."""
from functools import lru_cache

from flask import url_for
from flask_babel import force_locale, gettext
from markupsafe import Markup, escape

from app import timefmt
from app.i18n import ui_locale
from app.services.validation import rt_rw
from app.templating import jenis_label
from app.workflow.declaration import get_workflow
from models.pemohon import mask_nik


def for_whole_page(make):
    """Gives a cell formatter a faster form for a list page (admin_views/list_rows.py):
    `make(view, name)` runs once per page (a link's address, the language) and returns
    a function of the row alone."""
    def attach(formatter):
        formatter.for_page = make
        return formatter
    return attach


def _badges_of_page(view, name):
    locale = ui_locale()
    return lambda model: _badge(locale, model.layanan, model.status)


@for_whole_page(_badges_of_page)
def status_badge(view, context, model, name):
    return _badge(ui_locale(), model.layanan, model.status)


@lru_cache(maxsize=64)
def _badge(locale: str, layanan: str, status: str) -> Markup:
    """A state's badge is the same on every row: drawn once per language and state (a
    100-row list page drew and translated it a hundred times)."""
    state = get_workflow(layanan).state(status)
    with force_locale(locale):
        label = gettext(state.label)
    return Markup('<span class="badge badge-{} badge-status">{}</span>').format(state.color, label)


def nik_of(model, name: str) -> str | None:
    """The NIK of the column `name` ('nik' or 'pemohon.nik') on this row."""
    obj = model
    for part in name.split(".")[:-1]:
        obj = getattr(obj, part, None)
    return getattr(obj, "nik", None) if obj is not None else None


def nik_masked(view, context, model, name):
    return mask_nik(nik_of(model, name))


def waktu_wib(view, context, model, name):
    return timefmt.waktu(getattr(model, name), locale=ui_locale())


def durasi(view, context, model, name):
    return timefmt.durasi(getattr(model, name), locale=ui_locale())


def tanggal_id(view, context, model, name):
    return timefmt.tanggal(getattr(model, name), locale=ui_locale())


def tanggal_pendek(view, context, model, name):
    return timefmt.tanggal_pendek(getattr(model, name))


def waktu_pendek(view, context, model, name):
    return timefmt.waktu_pendek(getattr(model, name))


def rt_rw_cell(view, context, model, name):
    return rt_rw(getattr(model, name))


def _detail_links_of_page(view, name):
    mark = "0000"
    before, after = (str(escape(part)) for part in
                     url_for(".details_view", id=mark).split(mark, 1))
    return lambda model: Markup(f'<a href="{before}{int(model.id)}{after}">'
                                f'{escape(getattr(model, name))}</a>')


@for_whole_page(_detail_links_of_page)
def detail_link(view, context, model, name):
    """The cell's value as the link to the row's detail page (format() escapes it)."""
    return Markup('<a href="{}">{}</a>').format(
        url_for(".details_view", id=model.id), getattr(model, name))


def _types_of_page(view, name):
    labels: dict[tuple[str, str], str] = {}

    def cell(model):
        key = (model.layanan, model.jenis)
        if key not in labels:
            labels[key] = gettext(jenis_label(model))
        return labels[key]
    return cell


@for_whole_page(_types_of_page)
def jenis_permohonan(view, context, model, name):
    """The file's type as its service names it, in the user's language."""
    return gettext(jenis_label(model))
