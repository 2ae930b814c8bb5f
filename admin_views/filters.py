"""List filters that Flask-Admin cannot derive: village, state and
type from the workflow declaration, year and month of the register."""
from datetime import date, datetime, timedelta

from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, false, select

from app.extensions import db
from app.i18n import N_
from app.timefmt import DATE_TYPED
from models import Desa, Permohonan


# Flask-Admin's own word, from its catalogue ("sama dengan" in Indonesian).
EQUALS = admin_lazy_gettext("equals")


class _DesaOptions:
    """Flask-Admin caches filter options at start-up; this reads the villages per request."""

    def __bool__(self):
        return True

    def __iter__(self):
        return iter([(str(d.id), d.nama) for d in db.session.execute(
            db.select(Desa).order_by(Desa.nama)).scalars()])


class DesaFilter(BaseSQLAFilter):
    """The village column of the listed rows themselves (`Permohonan.desa_id`): one
    index range instead of collecting every applicant of the village first."""

    def __init__(self, column, name=_l("Desa/Kelurahan")):
        super().__init__(column, name, options=_DesaOptions())

    def apply(self, query, value, alias=None):
        if not str(value).isdigit():
            return query.filter(false())
        return query.filter(self.condition(int(value)))

    def condition(self, desa_id: int):
        return self.column == desa_id

    def operation(self):
        return EQUALS


class DesaPermohonanFilter(DesaFilter):
    """The village of the application a row belongs to, for rows with a `permohonan_id`
    (register entries): filtered on the row's own column, so Flask-Admin adds no second
    join of `permohonan` to a query that already joins it."""

    def condition(self, desa_id: int):
        return self.column.in_(select(Permohonan.id).where(Permohonan.desa_id == desa_id))


class ChoiceEqualFilter(BaseSQLAFilter):
    def __init__(self, column, name, choices):
        """`choices`: (value, declared Indonesian label), shown in the user's language."""
        super().__init__(column, name, options=[(k, _l(label)) for k, label in choices])
        self._values = {str(k) for k, _ in choices}

    def apply(self, query, value, alias=None):
        if value not in self._values:
            return query.filter(false())
        return query.filter(self.column == value)

    def operation(self):
        return EQUALS


class YearFilter(BaseSQLAFilter):
    def apply(self, query, value, alias=None):
        if not (str(value).isdigit() and len(str(value)) == 4):
            return query.filter(false())
        return query.filter(self.column == int(value))

    def operation(self):
        return EQUALS


BULAN = [N_("Januari"), N_("Februari"), N_("Maret"), N_("April"), N_("Mei"), N_("Juni"),
         N_("Juli"), N_("Agustus"), N_("September"), N_("Oktober"), N_("November"),
         N_("Desember")]


class MonthFilter(BaseSQLAFilter):
    def __init__(self, column, name=_l("Bulan")):
        super().__init__(column, name,
                         options=[(str(i), _l(b)) for i, b in enumerate(BULAN, 1)])

    def apply(self, query, value, alias=None):
        if not (str(value).isdigit() and 1 <= int(value) <= 12):
            return query.filter(false())
        return query.filter(extract("month", self.column) == int(value))

    def operation(self):
        return EQUALS


class TanggalAntaraFilter(BaseSQLAFilter):
    """Files of the office's days from … to …, typed 01/11/2026 s.d. 30/11/2026 (the date
    picker's words and format, static/js/app.js); ISO dates and " to " still read."""

    SEPARATORS = (" s.d. ", " to ")

    def __init__(self, column, name):
        super().__init__(column, name, data_type="daterangepicker")

    def operation(self):
        return _l("antara")

    def clean(self, value):
        for separator in self.SEPARATORS:
            if separator in value:
                parts = [p.strip() for p in value.split(separator)]
                break
        else:
            raise ValueError(value)
        days = [_parse_day(p) for p in parts]
        if len(days) != 2 or days[0] > days[1]:
            raise ValueError(value)
        return days

    def validate(self, value):
        try:
            self.clean(value)
        except ValueError:
            return False
        return True

    def apply(self, query, value, alias=None):
        from app.services.statistik import wib_day_start_utc

        dari, sampai = value
        return query.filter(self.column >= wib_day_start_utc(dari),
                            self.column < wib_day_start_utc(sampai + timedelta(days=1)))


def _parse_day(text: str) -> date:
    for fmt in (DATE_TYPED, "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(text)
