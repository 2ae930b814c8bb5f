"""A list as a spreadsheet, exactly as the page would list it: the same filters, search
and order, the same columns and words, every row (not one page). The NIK in full only for
the roles that see it on a file's page; every export is written into the print log."""
from __future__ import annotations

from datetime import date, datetime

from flask import Response, send_file, stream_with_context
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup

from admin_views.formatters import nik_masked, nik_of
from app import timefmt
from app.access.permissions import may
from app.extensions import db
from app.pdp import log_baca
from app.services import ekspor
from models import CetakLog

FORMATS = ("xlsx", "csv")
# Rows read from the database at a time: memory stays flat on a year's register.
CHUNK = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _nik_full(view, context, model, name):
    return nik_of(model, name)


# Values without a column formatter, written as the screens write them.
TYPE_FORMATTERS = {
    type(None): lambda view, value, name: "",
    bool: lambda view, value, name: gettext("Ya") if value else gettext("Tidak"),
    datetime: lambda view, value, name: timefmt.waktu_pendek(value),
    date: lambda view, value, name: timefmt.tanggal_pendek(value),
}


def _formatters(view) -> dict:
    shown = {**view.column_formatters, **(view.column_formatters_export or {})}
    if may("ekspor.nik_lengkap"):
        shown = {name: _nik_full if f is nik_masked else f for name, f in shown.items()}
    return shown


def _query(view):
    """The list's query as the page would run it, built before anything is sent: a bad
    filter, page or search is refused here with its 4xx, not in the middle of a stream."""
    args = view._get_list_extra_args()
    sort = view._get_column_by_idx(args.sort)
    _, query = view.get_list(0, sort[0] if sort else None, args.sort_desc, args.search,
                             args.filters, execute=False, page_size=0)
    return query


def _rows(view, query, columns, formatters):
    for model in query.yield_per(CHUNK):
        values = []
        for name in columns:
            value = view._get_list_value(None, model, name, formatters, TYPE_FORMATTERS)
            values.append(value.striptags() if isinstance(value, Markup) else
                          str(value) if not isinstance(value, (int, float, str)) else value)
        yield values


def _file_name(view, fmt: str) -> str:
    return f"{view.endpoint}_{timefmt.wib_now():%Y%m%d-%H%M}.{fmt}"


def respond(view, fmt: str):
    """The export of `view`'s list in `fmt` (one of FORMATS), logged before it is sent."""
    columns = [name for name, _ in view._export_columns]
    titles = [str(label) for _, label in view._export_columns]
    query = _query(view)
    db.session.add(CetakLog(jenis="ekspor", user_id=current_user.id,
                            keterangan=f"{view.name} ({fmt.upper()})"[:300]))
    db.session.commit()
    log_baca.catat("ekspor", keterangan=f"{view.name} ({fmt.upper()})")
    rows = _rows(view, query, columns, _formatters(view))
    if fmt == "csv":
        return Response(stream_with_context(ekspor.csv_lines(titles, rows)),
                        mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition":
                                 f'attachment; filename="{_file_name(view, fmt)}"'})
    return send_file(ekspor.xlsx_file(titles, rows, str(view.name)), mimetype=XLSX_TYPE,
                     as_attachment=True, download_name=_file_name(view, fmt))
