"""List pages that stay fast on a million rows, at any depth.

What Flask-Admin's `get_list` does not do:
- counts: the unfiltered total comes from `hitung.total` (exact, remembered briefly on
  huge tables); a filtered or searched list is counted only up to a cap, and a larger
  result is shown as "more than N" (`hitung.AtLeast`) instead of counting every match;
  the page query is then told so (`search_query(..., many=True)`): with that many
  matches, reading the list in its order finds a page's rows quickly;
- order: the sort always ends with the primary key, so the order is total;
- keyset paging: the links to the next and the previous pages (and to the pages up to
  three away) carry the sort key of the row next to them (`after=` / `before=`, with
  `skip=` whole pages), and the page is read from that key by the index: page 1,000
  costs what page 2 does, and no row is shown twice or missed, ties in the sort key
  included. The URL still says the page's number (`page=`);
- a page asked by its number alone (a typed address, the pager's first and last page):
  near the start or the end, or anywhere in a filtered list counted exactly (at most
  half the cap from its nearer end), read exactly by OFFSET (from the end in reversed
  order for the second half). Farther away, where an OFFSET would walk every row before
  it, the page starts where the first sort key is estimated to be by then (linear
  between the list's first and last keys, or from the spacing of its first rows when it
  is counted only to the cap, read in the statement that counts it) and says on the page
  that its position is approximate. From there on, next and previous are exact again.
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from flask import abort, g, has_request_context, request
from flask_babel import gettext
from sqlalchemy import Date, DateTime, Integer, and_, func, or_, select, tuple_
from sqlalchemy.orm import lazyload

from app.extensions import db
from app.services import hitung

# The list's own URL arguments for paging by key: never carried into its other links.
CURSOR_ARGS = ("after", "before", "skip", "kira", "banyak")
NEAR_PAGES = 3  # the pager's links around the current page, each exact by key
EXACT_OFFSET = 1_000  # rows an OFFSET may walk for a page asked by number; beyond: estimated
SPACING_SAMPLE = 250  # first rows read to estimate the spacing of a list counted to its cap


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: just after (or before) the row with these sort key values,
    `skip` whole pages farther."""
    after: bool
    values: tuple
    skip: int = 0


@dataclass
class PageInfo:
    """What the pager needs to know of the page just read (kept on `g` for the render)."""
    keys: list
    first: tuple | None = None  # sort key values of the page's first and last row
    last: tuple | None = None
    has_next: bool = False
    approximate: bool = False


class LargeListMixin:
    """For a `SecureModelView` whose sortable columns are plain columns of its model."""

    count_cap = hitung.COUNT_CAP

    def count_cap_for(self, search, filters) -> int:
        """How far a narrowed list is counted: a name alone to COUNT_CAP_NAMA (past it the
        clerk narrows the name rather than pages), anything else to the list's cap."""
        if search and not filters and self.searches_a_name(search):
            return min(self.count_cap, hitung.COUNT_CAP_NAMA)
        return self.count_cap

    def searches_a_name(self, search: str) -> bool:
        """Whether `search` is read as a name fragment (views with a name search say)."""
        return False

    def get_count_query(self):
        # Filters and search narrow this query of ids; `get_list` counts it with a cap.
        return self.get_query().with_entities(self.model.id).options(lazyload("*"))

    def sort_keys(self, sort_column, sort_desc) -> list[tuple[object, bool]]:
        """(column, descending) pairs of the requested or default order, then the id."""
        field = self._sortable_columns.get(sort_column) if sort_column is not None else None
        if field is not None and not isinstance(field, list):
            keys = [(field, bool(sort_desc))]
        else:
            keys = [(attr, bool(desc)) for attr, joins, desc in self._get_default_order()
                    if not joins]
        pk = self.model.id
        if not any(col is pk for col, _ in keys):
            keys.append((pk, keys[-1][1] if keys else False))
        return keys

    def search_query(self, query, search: str, many: bool = False):
        """`query` narrowed by the search box. `many`: the search is known to match more
        rows than a list counts, so a view may prefer reading in the list's order."""
        return self._apply_search(query, None, {}, {}, search)[0]

    def _narrowed(self, query, search, filters, many: bool = False):
        if search and self._search_supported:
            query = self.search_query(query, search, many)
        if filters and self._filters:
            query = self._apply_filters(query, None, {}, {}, filters)[0]
        return query

    def render(self, template, **kwargs):
        info = g.get("list_page")
        if template == self.list_template and info is not None:
            pager_url = kwargs["pager_url"]

            def page_url(target: int, **cursor) -> str:
                url = pager_url(target)
                params = {k: v for k, v in cursor.items() if v is not None}
                return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}" if params else url
            kwargs.update(pager=pager_links(kwargs["page"], page_url, info, kwargs["count"],
                                            kwargs["page_size"]),
                          page_approximate=info.approximate or bool(request.args.get("kira")))
        return super().render(template, **kwargs)

    def _get_list_extra_args(self):
        # The cursor belongs to the pager's links only: sorting, filtering, searching or
        # another page size starts from the first page.
        args = super()._get_list_extra_args()
        extra = {k: v for k, v in args.extra_args.items() if k not in CURSOR_ARGS}
        return args.clone(extra_args=extra) if extra != args.extra_args else args

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        page = page or 0
        page_size = self.page_size if page_size is None else page_size
        keys = self.sort_keys(sort_column, sort_desc)
        cursor = _cursor_from_request(keys) if execute and page_size and page else None
        narrowed = bool((search and self._search_supported) or (filters and self._filters))
        # A page asked far away by its number: the list's first keys are read in the same
        # statement as its count, to estimate where the page starts.
        far = (cursor is None and execute and page_size and page * page_size > EXACT_OFFSET
               and _interpolable(keys[0][0]))
        landmarks = {}
        count_cap = self.count_cap_for(search, filters)
        if narrowed:
            counted = self._narrowed(self.get_count_query(), search, filters)
            if cursor is not None and request.args.get("banyak"):
                # Walked to from a page that found more than the cap: not counted again
                # (a common name's count is most of a page by key on PostgreSQL).
                count = hitung.AtLeast(count_cap + 1)
            elif far:
                count = self._count_with_landmarks(counted, keys, search, filters, landmarks,
                                                   count_cap)
            else:
                # Asked by number, counted at least to this page's end: "more than" then
                # means a next page. Read by key, the page itself knows (`has_next`).
                cap = count_cap if cursor else max(count_cap, (page + 1) * page_size)
                count = _at_least(db.session.execute(select(
                    self.capped_count(counted, search, filters, cap))).scalar(), cap)
        else:
            count = hitung.total(self.model, counting=(
                (lambda: self._count_with_landmarks(None, keys, search, filters, landmarks))
                if far else None))
        many = isinstance(count, hitung.AtLeast)
        query = self._narrowed(self.get_query(), search, filters, many=many)
        if not execute or not page_size:
            query = query.order_by(*_ordered(keys))
            if page_size:
                query = query.limit(page_size).offset(page * page_size)
            return count, (query.all() if execute else query)

        info = PageInfo(keys=keys)
        if cursor is not None:
            rows = self._page_by_key(query, keys, cursor, page_size, info)
        elif far and (many or (not narrowed and min(
                page * page_size, int(count) - (page + 1) * page_size) > EXACT_OFFSET)):
            if not landmarks:  # the total was remembered: no statement counted it
                self._count_with_landmarks(False, keys, search, filters, landmarks)
            rows = self._page_estimated(query, keys, page * page_size, count, landmarks,
                                        page_size, info)
        else:
            rows = self._page_by_offset(query, keys, page, page_size, count, info)
        if rows:
            info.first, info.last = _key_of(rows[0], keys), _key_of(rows[-1], keys)
        if has_request_context():
            g.list_page = info
        return count, rows

    # --- a page read from a neighbour's key: exact, constant cost ----------------------
    def _page_by_key(self, query, keys, cursor: Cursor, page_size: int, info: PageInfo):
        rows = (query.filter(_beyond(keys, cursor.values, cursor.after))
                .order_by(*_ordered(keys, reverse=not cursor.after))
                .offset(cursor.skip * page_size).limit(page_size + 1).all())
        more = len(rows) > page_size
        rows = rows[:page_size]
        if cursor.after:
            info.has_next = more
            return rows
        info.has_next = True  # the page it was asked from comes after
        return rows[::-1]

    # --- a page asked by its number -----------------------------------------------------
    def _page_by_offset(self, query, keys, page, page_size, count, info):
        """Exact, by OFFSET from the nearer end: near the start, near the end, or anywhere
        in an exactly counted filtered list (at most half its cap to walk)."""
        start = page * page_size
        exact = not isinstance(count, hitung.AtLeast)
        if exact and start >= count > 0 and page:
            return []
        if exact and 2 * start >= count > 0:
            stop = min(start + page_size, count)
            rows = (query.order_by(*_ordered(keys, reverse=True))
                    .offset(count - stop).limit(stop - start).all())
            info.has_next = stop < count
            return rows[::-1]
        rows = query.order_by(*_ordered(keys)).offset(start).limit(page_size + 1).all()
        info.has_next = len(rows) > page_size
        return rows[:page_size]

    def _page_estimated(self, query, keys, rank, count, landmarks, page_size, info):
        """Far from both ends: the page starts where the first sort key should be after
        `rank` rows, linear between the first and the last keys of an exactly counted
        list, else from the spacing of its first `SPACING_SAMPLE` rows."""
        info.approximate = True
        first = landmarks.get("first")
        if isinstance(count, hitung.AtLeast):
            other, span = landmarks.get("nth"), SPACING_SAMPLE
        else:
            other, span = landmarks.get("last"), int(count) - 1
        if first is None or other is None or span <= 0:
            return []
        column, desc = keys[0]
        estimate = _interpolate(first, other, rank / span)
        rows = (query.filter(column <= estimate if desc else column >= estimate)
                .order_by(*_ordered(keys)).limit(page_size + 1).all())
        info.has_next = len(rows) > page_size
        if len(rows) >= page_size:
            return rows[:page_size]
        # Estimated past the end: the last rows there are.
        rows = query.order_by(*_ordered(keys, reverse=True)).limit(page_size).all()
        info.has_next = False
        return rows[::-1]

    def _count_with_landmarks(self, counted, keys, search, filters, landmarks: dict,
                              count_cap: int | None = None):
        """In one statement: the count (of `counted` up to the cap; None: the whole
        table; False: none), and the first sort key's value on the list's first row, its last row
        and its `SPACING_SAMPLE`-th row, into `landmarks`. The keys are read as a list
        of many matches reads them (`many`): in the list's order."""
        column = keys[0][0]
        ids = self._narrowed(self.get_count_query(), search, filters, many=True)

        def nth(offset, reverse=False):
            return (ids.with_entities(column).order_by(*_ordered(keys, reverse=reverse))
                    .offset(offset).limit(1).scalar_subquery())
        if counted is None:
            counting = select(func.count()).select_from(self.model).scalar_subquery()
        elif counted is False:
            counting = None
        else:
            counting = self.capped_count(counted, search, filters, count_cap)
        row = db.session.execute(select(*([counting] if counting is not None else []),
                                        nth(0), nth(0, reverse=True),
                                        nth(SPACING_SAMPLE))).one()
        landmarks.update(zip(("first", "last", "nth"), row[-3:]))
        if counting is None:
            return None
        return _at_least(row[0], count_cap) if counted is not None else row[0]

    def capped_count(self, counted, search, filters, cap: int):
        """A scalar subquery: the rows of `counted` (the narrowed ids), up to cap + 1."""
        return select(func.count()).select_from(counted.limit(cap + 1).subquery()) \
            .scalar_subquery()


def _at_least(n: int, cap: int) -> int:
    return hitung.AtLeast(n) if n > cap else n


def _interpolable(column) -> bool:
    return isinstance(getattr(column, "type", None), (DateTime, Date, Integer))


def _interpolate(a, b, fraction: float):
    """a + (b - a) * fraction, for numbers, dates and times."""
    if isinstance(a, datetime):
        return a + (b - a) * fraction
    if isinstance(a, date):
        return date.fromordinal(round(a.toordinal() + (b.toordinal() - a.toordinal()) * fraction))
    return round(a + (b - a) * fraction)


def _ordered(keys, reverse: bool = False):
    return [col.desc() if desc != reverse else col.asc() for col, desc in keys]


def _beyond(keys, values: tuple, after: bool):
    """Rows past `values` in the list's order (`after`) or before them. One direction:
    a row-value comparison the index reads as a range, with the first column's bound
    beside it for a planner that matches only single columns to an index. Mixed: the
    expanded form."""
    def later(desc):  # whether "after" means smaller values for this column
        return desc == after
    if len({desc for _, desc in keys}) == 1:
        desc = keys[0][1]
        cols = tuple_(*(col for col, _ in keys))
        row = tuple_(*values)
        first = keys[0][0]
        if later(desc):
            return and_(first <= values[0], cols < row)
        return and_(first >= values[0], cols > row)
    terms = []
    for i, (col, desc) in enumerate(keys):
        equal = [c == v for (c, _), v in zip(keys[:i], values[:i])]
        terms.append(and_(*equal, col < values[i] if later(desc) else col > values[i]))
    return or_(*terms)


def _key_of(row, keys) -> tuple:
    return tuple(getattr(row, col.key) for col, _ in keys)


# --- the cursor in the URL -----------------------------------------------------------
def encode(values: tuple) -> str:
    """Sort key values as a short URL-safe word (dates and times in ISO form)."""
    plain = [v.isoformat() if isinstance(v, (date, datetime)) else v for v in values]
    data = json.dumps(plain, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def decode(text: str, keys) -> tuple | None:
    """The values `encode` wrote, typed as the sort columns; None if they do not fit."""
    try:
        plain = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(plain, list) or len(plain) != len(keys):
        return None
    values = []
    for value, (col, _) in zip(plain, keys):
        kind = getattr(col, "type", None)
        try:
            if isinstance(kind, DateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(kind, Date):
                value = date.fromisoformat(value)
            elif isinstance(kind, Integer):
                if not isinstance(value, int) or isinstance(value, bool):
                    return None
            elif not isinstance(value, str):
                return None
        except (TypeError, ValueError):
            return None
        values.append(value)
    return tuple(values)


def _cursor_from_request(keys) -> Cursor | None:
    """The page's cursor from the URL; a damaged one is no page (404)."""
    args = request.args
    name = "after" if "after" in args else "before" if "before" in args else None
    if name is None:
        return None
    values = decode(args[name], keys)
    skip = args.get("skip", "0")
    if values is None or not skip.isascii() or not skip.isdigit() or int(skip) > NEAR_PAGES:
        abort(404)
    return Cursor(after=name == "after", values=values, skip=int(skip))


@dataclass(frozen=True)
class PagerLink:
    label: str
    url: str | None  # None: not a link (the current page, or nothing that way)
    active: bool = False
    title: str = ""


def pager_links(page: int, page_url, info: PageInfo, count, page_size: int) -> list:
    """The pager's links for a page read by `get_list`: the first page, the previous one,
    up to `NEAR_PAGES` either side, the next one and the last page (when the list is
    counted exactly). Each neighbour's link carries the key of the row next to it.
    `page_url(page, **cursor)` makes a link."""
    exact = not isinstance(count, hitung.AtLeast)
    last_page = max((int(count) - 1) // page_size, 0) if exact else None
    approximate = info.approximate or bool(request.args.get("kira"))
    carried = {"kira": 1} if approximate else {}
    if not exact:
        carried["banyak"] = 1

    # Numbered from an estimate, the pages around count from where the rows really are:
    # only the page itself knows whether there is a next one.
    bound = None if approximate else last_page

    def url(target: int) -> str | None:
        if target == page or target < 0 or (bound is not None and target > bound):
            return None
        if target == 0:
            return page_url(0)
        if target > page and info.last is not None:
            if target - page - 1 <= NEAR_PAGES:
                return page_url(target, after=encode(info.last), skip=target - page - 1 or None,
                                **carried)
        if target < page and info.first is not None and page - target - 1 <= NEAR_PAGES:
            return page_url(target, before=encode(info.first), skip=page - target - 1 or None,
                            **carried)
        return page_url(target)

    low, high = max(page - NEAR_PAGES, 0), page + NEAR_PAGES
    if bound is not None:
        high = min(high, bound)
    elif not info.has_next:
        high = page
    links = [PagerLink("«", url(0) if page else None, title=gettext("Halaman pertama")),
             PagerLink("‹", url(page - 1) if page else None, title=gettext("Halaman sebelumnya"))]
    for target in range(low, high + 1):
        links.append(PagerLink(str(target + 1), url(target), active=target == page))
    has_next = info.has_next if bound is None else page < bound
    links.append(PagerLink("›", url(page + 1) if has_next else None,
                           title=gettext("Halaman berikutnya")))
    links.append(PagerLink("»", url(last_page) if last_page not in (None, page) else None,
                           title=gettext("Halaman terakhir")))
    return links
