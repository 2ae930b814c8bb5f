"""A list's rows drawn without Flask-Admin's per-cell template work.

Flask-Admin's list template calls a macro, `get_value`, `is_editable` and `get_url` for
every cell and a block for every row; at 100 rows that is most of the page's time. Here
each view's row is a template of fixed pieces made once per page (checkbox, row actions,
one cell per column, as Flask-Admin draws them), each column's formatter is looked up
once per page, not per cell, and the rows are their values escaped and joined into one
piece of HTML, the table's body (`list_body` in templates/admin/model_list.html). The
header, sorting, filters, bulk actions and pager stay Flask-Admin's.

Every value is escaped here unless it is markup a formatter made (a badge, a link, which
escape what they hold themselves); nothing typed by a user becomes markup."""
from __future__ import annotations

from flask_admin.babel import gettext as admin_gettext
from flask_babel import get_translations
from markupsafe import Markup, escape

MARK = "0000"  # stands for the row's id or name while a piece is made, split off at once


def draw(view, rows, return_url: str, actions) -> Markup:
    """The table's rows, each `<tr>…</tr>`, in order."""
    cells = [_cell_function(view, name) for name, _label in view._list_columns]
    checkbox = (_split(Markup('<td><input type="checkbox" name="rowid" class="action-checkbox" '
                              'value="{}" title="{}" /></td>').format(
                                  MARK, admin_gettext("Select record")))
                if actions else None)
    links = _row_action_links(view, return_url)
    opening = [str(Markup('<td class="col-{}">').format(name)) for name, _ in view._list_columns]
    columns = list(zip(opening, cells))
    pk = _pk_function(view)
    parts: list[str] = []
    add = parts.append
    for row in rows:
        id_text = _html(pk(row))
        add("<tr>")
        if checkbox:
            add(checkbox[0])
            add(id_text)
            add(checkbox[1])
        if links is not None:
            title = _html(str(row))
            add('<td class="list-buttons-column">')
            for number, (url_start, url_end), (title_start, title_end), word in links:
                parts += ["\n" if number else "", url_start, id_text, url_end, title_start,
                          title, title_end, word]
            add("</td>")
        for start, cell in columns:
            add(start)
            add(_html(cell(row)))
            add("</td>")
        add("</tr>\n")
    return Markup("".join(parts))


def _html(value) -> str:
    """`value` as HTML: a formatter's markup as it is, anything else escaped (as
    markupsafe's `escape` writes it)."""
    if type(value) is not str:
        html = getattr(value, "__html__", None)
        if html is not None:
            return html()
        value = str(value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


def _pk_function(view):
    key = view._primary_key
    if isinstance(key, str):  # one column: read it straight off the row
        return lambda row: getattr(row, key)
    return view.get_pk_value


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
