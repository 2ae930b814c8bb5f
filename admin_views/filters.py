"""List filters that Flask-Admin cannot derive: the village (an index range on the
listed rows' own column), a choice among known values (the screens pass every declared
service's states, types and transitions), year and month of the register, a date range."""
from datetime import timedelta

from flask import abort, g
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, false, select

from app.extensions import db
from app.i18n import N_
from app.services.statistik import wib_day_start_utc
from app.services.validation import parse_id
from app.timefmt import rentang_diketik
from app.access.scope import kantor_aktif
from models import Desa, OfficeSettings, Permohonan
from models._kantor import kantor_tunggal


# Flask-Admin's own word, from its catalogue ("sama dengan" in Indonesian).
EQUALS = admin_lazy_gettext("equals")


class _DesaOptions:
    """Flask-Admin caches filter options at start-up; this reads the villages per request."""

    def __bool__(self):
        return True

    def __iter__(self):
        # Two columns, not the rows as objects: drawn on every list page.
        return iter([(str(id_), nama) for id_, nama in db.session.execute(
            db.select(Desa.id, Desa.nama).order_by(Desa.nama))])


class DesaFilter(BaseSQLAFilter):
    """The village column of the listed rows themselves (`Permohonan.desa_id`): one
    index range instead of collecting every applicant of the village first."""

    def __init__(self, column, name=_l("Desa/Kelurahan")):
        super().__init__(column, name, options=_DesaOptions())

    def apply(self, query, value, alias=None):
        if (desa_id := parse_id(value)) is None:
            abort(404)  # not an id at all (a village that does not exist lists nothing)
        return query.filter(self.condition(desa_id))

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


class _ChoiceOptions:
    """Read per request: a service declared after start-up has its values listed too."""

    def __init__(self, choices):
        self.choices = choices

    def pairs(self):
        return self.choices() if callable(self.choices) else self.choices

    def __bool__(self):
        return True

    def __iter__(self):
        return iter([(k, _l(label)) for k, label in self.pairs()])


class ChoiceEqualFilter(BaseSQLAFilter):
    def __init__(self, column, name, choices):
        """`choices`: (value, declared Indonesian label) pairs, or a function returning
        them (e.g. every declared service's states); shown in the user's language."""
        self._choices = _ChoiceOptions(choices)
        super().__init__(column, name, options=self._choices)

    def apply(self, query, value, alias=None):
        if value not in {str(k) for k, _ in self._choices.pairs()}:
            return query.filter(false())
        return query.filter(self.column == value)

    def operation(self):
        return EQUALS


class YearFilter(BaseSQLAFilter):
    def apply(self, query, value, alias=None):
        if (year := parse_id(value)) is None or len(str(value)) != 4:
            abort(404)
        return query.filter(self.column == year)

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
        if (month := parse_id(value)) is None or month > 12:
            abort(404)
        return query.filter(extract("month", self.column) == month)

    def operation(self):
        return EQUALS


class TanggalAntaraFilter(BaseSQLAFilter):
    """Files of the office's days from … to …, typed 01/11/2026 s.d. 30/11/2026 (the date
    picker's words and format, static/js/app.js); ISO dates and " to " still read."""

    def __init__(self, column, name):
        super().__init__(column, name, data_type="daterangepicker")

    def operation(self):
        return _l("antara")

    def clean(self, value):
        dari, sampai = rentang_diketik(value)
        if dari > sampai:
            raise ValueError(value)
        return [dari, sampai]

    def validate(self, value):
        try:
            self.clean(value)
        except ValueError:
            return False
        return True

    def apply(self, query, value, alias=None):
        dari, sampai = value
        return query.filter(self.column >= wib_day_start_utc(dari),
                            self.column < wib_day_start_utc(sampai + timedelta(days=1)))



class _KantorOptions:
    """The offices, read per request (an office added while the server runs is listed)."""

    def __bool__(self):
        return True

    def __iter__(self):
        if not daftar_kabupaten():  # the filter is not shown: nothing to read
            return iter([])
        return iter([(str(id_), f"{kode} {nama}") for id_, kode, nama in db.session.execute(
            db.select(OfficeSettings.id, OfficeSettings.kode_wilayah, OfficeSettings.kecamatan)
            .order_by(OfficeSettings.kode_wilayah))])


class KantorFilter(BaseSQLAFilter):
    """The office of the listed files, for the regency's roles (the Dinas's operator works
    on every office's files); an office's own staff see their office alone anyway."""

    def __init__(self, column, name=_l("Kantor")):
        super().__init__(column, name, options=_KantorOptions())

    def apply(self, query, value, alias=None):
        if (kantor_id := parse_id(value)) is None:
            abort(404)
        return query.filter(self.column == kantor_id)

    def operation(self):
        return EQUALS


def daftar_kabupaten() -> bool:
    """Whether this request lists files of several offices: a regency role on a server of
    more than one office (its lists then show each file's office, and filter by it)."""
    return kantor_aktif() is None and kantor_tunggal(db.session) is None


def nama_kantor(kantor_id: int) -> str:
    """An office's short name for a list's cell ("Takeran": the column says it is the
    kecamatan, and the list must fit 1024 px), the offices read once a request."""
    if "nama_kantor" not in g:
        g.nama_kantor = {id_: nama.removeprefix("Kecamatan ") for id_, nama in db.session.execute(
            db.select(OfficeSettings.id, OfficeSettings.kecamatan)).all()}
    return g.nama_kantor.get(kantor_id, "")
