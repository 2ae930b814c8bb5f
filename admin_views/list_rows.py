"""A list's rows drawn without Flask-Admin's per-cell template work.

Flask-Admin's list template calls a macro, `get_value`, `is_editable` and `get_url` for
every cell; at 100 rows that is most of the page's time. Here each view's row is a
template of fixed pieces made once (checkbox, row actions, one cell per column, as
Flask-Admin draws them), and each column's formatter is looked up once per page, not per
cell; a row is then its values escaped and joined. The list template puts each row into
Flask-Admin's own table (`list_row` in templates/admin/model_list.html), so the header,
sorting, filters, bulk actions and pager stay Flask-Admin's."""
from __future__ import annotations

from flask_admin.babel import gettext as admin_gettext
from flask_babel import get_translations
from markupsafe import Markup, escape

MARK = "0000"  # stands for the row's id or name while a piece is made, split off at once


def draw(view, rows, return_url: str, actions) -> list[Markup]:
    """The inside of each row's <tr>, in order."""
    cells = [_cell_function(view, name) for name, _label in view._list_columns]
    checkbox = (_split(Markup('<td><input type="checkbox" name="rowid" class="action-checkbox" '
                              'value="{}" title="{}" /></td>').format(
                                  MARK, admin_gettext("Select record")))
                if actions else None)
    links = _row_action_links(view, return_url)
    opening = [str(Markup('<td class="col-{}">').format(name)) for name, _ in view._list_columns]
    pk = view.get_pk_value
    drawn = []
    for row in rows:
        id_text = str(escape(pk(row)))
        parts = []
        if checkbox:
            parts += [checkbox[0], id_text, checkbox[1]]
        if links is not None:
            title = str(escape(str(row)))
            parts.append('<td class="list-buttons-column">')
            for number, (url_start, url_end), (title_start, title_end), word in links:
                parts += ["\n" if number else "", url_start, id_text, url_end, title_start,
                          title, title_end, word]
            parts.append("</td>")
        for start, cell in zip(opening, cells):
            parts += [start, str(escape(cell(row))), "</td>"]
        drawn.append(Markup("".join(parts)))
    return drawn


def _split(text) -> tuple[str, str]:
    """`text` before and after the first MARK (the one a piece was made with)."""
    before, after = str(text).split(MARK, 1)
    return before, after


def _row_action_links(view, return_url: str) -> list | None:
    """The row actions of templates/admin/model_list.html ("Lihat", "Ubah", named for the
    row) as pieces around the row's id and name; None without that column."""
    if not view.column_display_actions:
        return None
    words = get_translations()
    links = []
    for allowed, endpoint, titled, word in (
            (view.can_view_details, ".details_view", "Lihat %(data)s", "Lihat"),
            (view.can_edit, ".edit_view", "Ubah %(data)s", "Ubah")):
        if not allowed:
            continue
        # The id is the link's first argument, so the first MARK is the id's place.
        url = _split(escape(view.get_url(endpoint, id=MARK, url=return_url)))
        title = _split(escape(words.ugettext(titled)) % {"data": MARK})
        links.append((len(links), ('<a class="row-action" href="' + url[0], url[1]),
                      ('" title="' + title[0], title[1] + '">'),
                      str(escape(words.ugettext(word))) + "</a>"))
    return links


def _cell_function(view, name: str):
    """A function from a row to its cell's value, as Flask-Admin's `_get_list_value`
    gives it: the column's formatter, else the attribute; then the column's choices, else
    the formatter for the value's type (found once per type)."""
    formatter = view.column_formatters.get(name)
    choices = view._column_choices_map.get(name) or {}
    by_type: dict[type, object] = {}
    type_formatters = view.column_type_formatters

    for_page = getattr(formatter, "for_page", None)
    if for_page is not None:
        value_of = for_page(view, name)
    elif formatter is not None:
        def value_of(row):
            return formatter(view, None, row, name)
    else:
        def value_of(row):
            return view._get_field_value(row, name)

    def cell(row):
        value = value_of(row)
        if choices:
            return choices.get(value) or value
        kind = type(value)
        if kind not in by_type:
            by_type[kind] = next((fmt for typeobj, fmt in type_formatters.items()
                                  if isinstance(value, typeobj)), None)
        fmt = by_type[kind]
        return fmt(view, value, name) if fmt is not None else value
    return cell
