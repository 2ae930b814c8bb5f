"""Jinja filters and globals shared by pages and printed documents."""
from decimal import Decimal

from flask import Flask
from flask_babel import gettext
from jinja2 import pass_context

from app import timefmt
from app.kantor_publik import wilayah
from app.access.permissions import may
from app.format import format_nip
from app.i18n import ui_locale
from app.services.validation import rt_rw
from app.workflow.declaration import get_workflow
from models.pemohon import mask_nama, mask_nik
from models.user import ROLES


def jenis_label(permohonan) -> str:
    """The file's type as its service declares it ('hilang' -> 'Penggantian karena hilang')."""
    return get_workflow(permohonan.layanan).jenis.get(permohonan.jenis, permohonan.jenis)


def role_label(role: str) -> str:
    """A role's name in the user's language ('sekcam' -> 'Sekretaris Kecamatan')."""
    return gettext(ROLES.get(role, role))


def batas(limit) -> str:
    """A desk's limit (statistik.DeskLimit) in words: '5 menit (SOP)', '1 hari kerja'."""
    if limit.menit is not None:
        return gettext("%(n)d menit (SOP)", n=limit.menit)
    return gettext("%(n)d hari kerja", n=limit.hari_kerja)


def _in_page_language(format_):
    """A date/duration filter in the user's language on screens, in Indonesian on the
    printed documents (templates/pdf/), whatever language the clerk has chosen."""
    @pass_context
    def filter_(context, value):
        paper = (context.name or "").startswith("pdf/")
        return format_(value, locale="id" if paper else ui_locale())
    return filter_


def persen(value, places: int = 1, locale: str = "id") -> str:
    """A share in one format everywhere, the locale's decimal mark and a space before the
    sign: '10,7 %' (a no-break space, so the sign never starts a line)."""
    from babel.numbers import format_decimal

    if value is None:
        return "—"
    pattern = "0." + "0" * places if places else "0"
    return format_decimal(Decimal(str(value)), format=pattern, locale=locale) + "\u00a0%"


@pass_context
def _persen_filter(context, value, places: int = 1) -> str:
    paper = (context.name or "").startswith("pdf/")
    return persen(value, places, locale="id" if paper else ui_locale())


def _documents_now(permohonan):
    """The documents that exist in the file's current state (print buttons)."""
    return get_workflow(permohonan.layanan).documents_in(permohonan.status)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        tanggal=_in_page_language(timefmt.tanggal),
        tanggal_panjang=_in_page_language(timefmt.tanggal_panjang),
        waktu=_in_page_language(timefmt.waktu),
        durasi=_in_page_language(timefmt.durasi),
        waktu_pendek=timefmt.waktu_pendek,
        tanggal_pendek=timefmt.tanggal_pendek,
        role_label=role_label,
        jenis_label=jenis_label,
        batas=batas,
        jam=timefmt.jam,
        nip=format_nip,
        nik_tersamar=mask_nik,
        nama_tersamar=mask_nama,
        rt_rw=rt_rw,
        persen=_persen_filter,
    )
    app.jinja_env.globals.update(get_workflow=get_workflow, dokumen_tersedia=_documents_now,
                                  roles=ROLES, may=may, wilayah=wilayah)
