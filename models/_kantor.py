"""What makes a row one office's (kantor's): its `kantor_id`. Every query of a model that
inherits `OfficeScoped` is narrowed to the office of the request (app/kantor.py), and on
PostgreSQL row-level security does the same below the application."""
from sqlalchemy import ForeignKey, column, event, inspect, select, table
from sqlalchemy.orm import Mapped, Session, mapped_column, with_loader_criteria

from app.access.scope import kantor_aktif, lingkup_kabupaten

# The office an existing single-office database becomes (migration 0026_kantor), and the
# one `make run` serves.
KANTOR_AWAL = 1


# The offices' table, named here without its model (which stands on this module).
_OFFICES = table("office_settings", column("id"))


class OfficeScoped:
    # No index on it alone (in one office every row matches, and such an index would tempt
    # SQLite's planner away from the lists' own); the lists' indexes lead with it instead
    # (migration 0028_indeks_kantor), so an office reads its own rows only.
    kantor_id: Mapped[int] = mapped_column(ForeignKey("office_settings.id"), sort_order=-1)


def _narrow(state) -> None:
    """Every ORM SELECT, UPDATE and DELETE of an office's rows, narrowed to the request's
    office: Flask-Admin's queries, counts, pickers and filters included, since they are
    ORM statements too."""
    kantor_id = kantor_aktif()
    if kantor_id is None or state.is_column_load or state.is_relationship_load:
        return
    # Not to loaders: a joined eager load follows a row already narrowed to the office, so
    # narrowing it again changes no row, yet made SQLite (with statistics) build a Bloom
    # filter over the whole joined table for each one: 70 ms for the history's first page
    # at 200,000 files, 0.3 ms without.
    state.statement = state.statement.options(with_loader_criteria(
        OfficeScoped, lambda cls: cls.kantor_id == kantor_id, include_aliases=True,
        propagate_to_loaders=False))


def _fill(session, _context, _instances) -> None:
    """A new row takes the office of the file or applicant it belongs to, else the
    request's office; a row with neither is refused rather than put in some office."""
    from models.user import User

    for obj in session.new:
        if isinstance(obj, User) and obj.kantor_id is None and not lingkup_kabupaten(obj.role):
            obj.kantor_id = kantor_kerja(session)  # an office account of the office at work
        if not isinstance(obj, OfficeScoped) or obj.kantor_id is not None:
            continue
        obj.kantor_id = _kantor_induk(session, obj) or kantor_kerja(session)


def _kantor_induk(session, obj) -> int | None:
    """The office of the file or applicant a new row belongs to, by its relationship or
    its id (a history row made with `permohonan_id` only: the file is in the session)."""
    relationships = inspect(type(obj)).relationships
    for name in ("permohonan", "pemohon"):
        parent = getattr(obj, name, None)
        if parent is None and name in relationships \
                and getattr(obj, f"{name}_id", None) is not None:
            with session.no_autoflush:
                parent = session.get(relationships[name].mapper.class_,
                                     getattr(obj, f"{name}_id"))
        if parent is not None and parent.kantor_id is not None:
            return parent.kantor_id
    return None


def kantor_kerja(session) -> int:
    """The office new rows go to when nothing else says: the request's, else the only one."""
    kantor_id = kantor_aktif() or kantor_tunggal(session)
    if kantor_id is None:
        raise KantorNotFound("no office named, and the database holds several")
    return kantor_id


def kantor_tunggal(session) -> int | None:
    """The office when the database holds exactly one (a single office's install: the
    command line and the worker need not name it); None when there are several."""
    if "kantor_tunggal" not in session.info:
        ids = session.execute(select(_OFFICES.c.id).limit(2)).scalars().all()
        if not ids:
            return KANTOR_AWAL  # a new install: its row is made on first use
        session.info["kantor_tunggal"] = ids[0] if len(ids) == 1 else None
    return session.info["kantor_tunggal"]


class KantorNotFound(RuntimeError):
    """A row of an office's data with no office to put it in (several offices, none named):
    a bug in the code that made it, never a person's mistake."""


def install() -> None:
    if not event.contains(Session, "do_orm_execute", _narrow):
        event.listen(Session, "do_orm_execute", _narrow)
        event.listen(Session, "before_flush", _fill)
