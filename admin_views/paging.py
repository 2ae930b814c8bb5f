"""List pages that stay fast on a million rows, with the same rows a plain OFFSET gives.

What Flask-Admin's `get_list` does not do:
- counts: the unfiltered total comes from `hitung.total` (exact, remembered briefly on
  huge tables); a filtered or searched list is counted only up to a cap, and a larger
  result is shown as "more than N" (`hitung.AtLeast`) instead of counting every match;
  the page query is then told so (`search_query(..., many=True)`): with that many
  matches, reading the list in its order finds a page's rows quickly;
- order: the sort always ends with the primary key, so the order is total and a page
  holds the same rows whichever end it is read from;
- deep pages: a page in the second half of an exactly counted list is read from the
  other end (reversed order, small OFFSET) and its rows reversed back, so the last page
  costs what the first does.
"""
from __future__ import annotations

from sqlalchemy.orm import lazyload

from app.services import hitung


class LargeListMixin:
    """For a `SecureModelView` whose sortable columns are plain columns of its model."""

    count_cap = hitung.COUNT_CAP

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

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        page = page or 0
        page_size = self.page_size if page_size is None else page_size
        if (search and self._search_supported) or (filters and self._filters):
            # At least up to the end of this page: "more than" then means a next page.
            count = hitung.capped(self._narrowed(self.get_count_query(), search, filters),
                                  max(self.count_cap, (page + 1) * page_size))
        else:
            count = hitung.total(self.model)
        many = isinstance(count, hitung.AtLeast)
        query = self._narrowed(self.get_query(), search, filters, many=many)

        keys = self.sort_keys(sort_column, sort_desc)
        from_the_end = execute and page_size and not many and 2 * page * page_size >= count > 0
        if from_the_end:
            start = page * page_size
            stop = min(start + page_size, count)
            if stop <= start:
                return count, []
            rows = (query.order_by(*_ordered(keys, reverse=True))
                    .offset(count - stop).limit(stop - start).all())
            return count, rows[::-1]

        query = query.order_by(*_ordered(keys))
        if page_size:
            query = query.limit(page_size)
            if page:
                query = query.offset(page * page_size)
        return count, (query.all() if execute else query)


def _ordered(keys, reverse: bool = False):
    return [col.desc() if desc != reverse else col.asc() for col, desc in keys]
