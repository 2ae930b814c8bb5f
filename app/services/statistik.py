"""Dashboard figures, each an SQL aggregate (the page must stay fast with a million files).
SOP steps, standards and who waits for what come from the workflow declaration."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, func, literal_column, select

from app.extensions import db
from app.services import hari_kerja, hitung
from app.timefmt import WIB
from app.workflow.declaration import Workflow, all_workflows, get_workflow
from models import Desa, OfficeSettings, Pemohon, Permohonan, TransitionLog
from models._time import utcnow


def wib_day_start_utc(day: date) -> datetime:
    """00.00 WIB of `day`, as the naive UTC the database stores."""
    return datetime.combine(day, time(0), WIB).astimezone(timezone.utc).replace(tzinfo=None)


@dataclass
class StepFigure:
    number: int
    kegiatan: str
    standar_menit: int
    jumlah: int
    median_detik: float | None
    p90_detik: float | None
    dalam_standar: int

    @property
    def persen_dalam_standar(self) -> float | None:
        return None if not self.jumlah else round(100 * self.dalam_standar / self.jumlah, 1)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def percentile(condition, q: float, count: int) -> float | None:
    """The q-quantile of durasi_detik over rows matching `condition` (linear
    interpolation, as PostgreSQL's percentile_cont), computed in the database."""
    if not count:
        return None
    if _dialect() == "postgresql":
        return db.session.execute(
            select(func.percentile_cont(q).within_group(TransitionLog.durasi_detik))
            .where(condition)).scalar()
    # SQLite has no percentile function: read the one or two rows around the rank.
    rank = q * (count - 1)
    lo = math.floor(rank)
    values = db.session.execute(
        select(TransitionLog.durasi_detik).where(condition)
        .order_by(TransitionLog.durasi_detik).offset(lo).limit(2)).scalars().all()
    if len(values) == 1 or rank == lo:
        return float(values[0])
    return values[0] + (values[1] - values[0]) * (rank - lo)


def _of_service(wf: Workflow, names: list[str]):
    """Log rows of `wf`'s files only. Left out when no other declared service shares a
    transition name: the figures are then read from the (aksi, at, durasi) index alone."""
    shared = {t.name for other in all_workflows() if other.layanan != wf.layanan
              for t in other.transitions}
    if not shared.intersection(names):
        return True
    return TransitionLog.permohonan_id.in_(
        select(Permohonan.id).where(Permohonan.layanan == wf.layanan))


def sop_steps(start: datetime, end: datetime, wf: Workflow | None = None) -> list[StepFigure]:
    wf = wf or get_workflow()
    figures = []
    for step in wf.sop_steps:
        if not step.waktu_menit:
            continue
        names = [t.name for t in wf.transitions if t.sop_step == step.number]
        cond = and_(TransitionLog.aksi.in_(names), TransitionLog.at >= start,
                    TransitionLog.at < end, TransitionLog.durasi_detik.is_not(None),
                    _of_service(wf, names))
        jumlah, dalam = db.session.execute(
            select(func.count(),
                   func.count().filter(TransitionLog.durasi_detik <= step.waktu_menit * 60))
            .where(cond)).one()
        figures.append(StepFigure(step.number, step.kegiatan, step.waktu_menit, jumlah,
                                  percentile(cond, 0.5, jumlah), percentile(cond, 0.9, jumlah),
                                  dalam))
    return figures


# Share of a step's files within its SOP standard the office aims for: the dashboard
# shows each percentage against it, green at or above, red below.
TARGET_PERSEN = 90


@dataclass(frozen=True)
class DeskLimit:
    """How long a file may wait in `state` for `roles`: an SOP standard in minutes, or
    (no standard in the SOP) the office's working days."""
    state: str
    roles: tuple[str, ...]
    menit: int | None = None
    hari_kerja: int | None = None

    def deadline(self, since: datetime) -> datetime:
        if self.menit is not None:
            return since + timedelta(minutes=self.menit)
        return hari_kerja.tambah(since, self.hari_kerja)

    def latest_on_time(self, now: datetime) -> datetime:
        """Files that reached the state before this are late at `now`."""
        if self.menit is not None:
            return now - timedelta(minutes=self.menit)
        return hari_kerja.kurangi(now, self.hari_kerja)


def desks(wf: Workflow | None = None) -> list[tuple[str, tuple[str, ...], int | None]]:
    """(state, roles, SOP minutes or None) for every state where a file waits for the
    office's move (a forward transition out of it), not for the applicant (an SOP step
    the Pemohon takes part in: collecting the card)."""
    wf = wf or get_workflow()
    out = []
    for state in wf.states:
        forward = wf.forward_from(state.name)
        steps = [wf.sop_step(t.sop_step) for t in forward]
        if not forward or any(step and "Pemohon" in step.pelaksana for step in steps):
            continue
        roles = tuple(dict.fromkeys(r for t in forward for r in t.roles_at(state.name)))
        minutes = [step.waktu_menit for step in steps if step and step.waktu_menit]
        out.append((state.name, roles, min(minutes) if minutes else None))
    return out


def desk_limits(settings: OfficeSettings | None = None,
                wf: Workflow | None = None) -> list[DeskLimit]:
    """Each desk's limit: the SOP standard, else the office's working days (settings)."""
    settings = settings or OfficeSettings.get()
    return [DeskLimit(state, roles, menit=minutes) if minutes is not None else
            DeskLimit(state, roles, hari_kerja=settings.tenggat(state))
            for state, roles, minutes in desks(wf)]


@dataclass
class Overdue:
    permohonan: Permohonan
    limit: DeskLimit
    terlambat_detik: int


@dataclass
class OverdueReport:
    rows: list[Overdue]  # oldest first, at most `limit`
    per_state: dict[str, int]  # late files per state, counted up to the cap


def overdue(now: datetime | None = None, limit: int = 20,
            wf: Workflow | None = None) -> OverdueReport:
    """Late files at every desk of one service, with the applicant (joined, no query
    per row)."""
    wf = wf or get_workflow()
    now = now or utcnow()
    found: list[Overdue] = []
    per_state: dict[str, int] = {}
    # One indexed query per state (status, status_changed_at) and one capped count: an
    # OR across states would make the database scan.
    for desk in desk_limits(wf=wf):
        late = (select(Permohonan).where(Permohonan.status == desk.state,
                                         Permohonan.layanan == wf.layanan,
                                         Permohonan.status_changed_at < desk.latest_on_time(now))
                .order_by(Permohonan.status_changed_at, Permohonan.id))
        per_state[desk.state] = hitung.capped(late.with_only_columns(Permohonan.id),
                                              hitung.COUNT_CAP)
        if not per_state[desk.state]:
            continue
        for p in db.session.execute(late.limit(limit)).unique().scalars():
            late_by = int((now - desk.deadline(p.status_changed_at)).total_seconds())
            found.append(Overdue(p, desk, max(late_by, 0)))
    found.sort(key=lambda o: o.permohonan.status_changed_at)
    return OverdueReport(found[:limit], per_state)


def per_state(wf: Workflow | None = None) -> dict[str, int]:
    """Files per state of one service."""
    wf = wf or get_workflow()
    if len(all_workflows()) == 1:
        return dict(hitung.per_value(Permohonan.status))
    counts = hitung.per_value(Permohonan.layanan, Permohonan.status)
    return {state: n for (layanan, state), n in counts.items() if layanan == wf.layanan}


def new_between(start: datetime, end: datetime) -> int:
    return db.session.execute(select(func.count()).select_from(Permohonan).where(
        Permohonan.created_at >= start, Permohonan.created_at < end)).scalar()


def waiting_for(role: str, counts: dict[str, int], wf: Workflow | None = None):
    """(state, count, transition labels) for states where this role has the next move
    forward (a file this role could only cancel or reject is not waiting for it)."""
    wf = wf or get_workflow()
    out = []
    for state in wf.states:
        labels = [t.label for t in wf.forward_from(state.name)
                  if role in t.roles_at(state.name)]
        if labels and counts.get(state.name):
            out.append((state, counts[state.name], labels))
    return out


def _wib_date(column):
    if _dialect() == "postgresql":
        return func.date(column + literal_column("interval '7 hours'"))
    return func.date(column, "+7 hours")


def per_day(days: int = 30, today: date | None = None) -> list[tuple[date, int]]:
    today = today or datetime.now(WIB).date()
    first = today - timedelta(days=days - 1)
    day = _wib_date(Permohonan.created_at).label("hari")
    counts = {str(d): n for d, n in db.session.execute(
        select(day, func.count()).where(Permohonan.created_at >= wib_day_start_utc(first))
        .group_by(day)).all()}
    return [(first + timedelta(days=i), counts.get(str(first + timedelta(days=i)), 0))
            for i in range(days)]


def in_period(start: datetime, end: datetime, wf: Workflow | None):
    """Files recorded in [start, end), of one service when `wf` is given."""
    where = [Permohonan.created_at >= start, Permohonan.created_at < end]
    return where + ([Permohonan.layanan == wf.layanan] if wf is not None else [])


def per_desa(start: datetime, end: datetime, wf: Workflow | None = None
             ) -> list[tuple[str, int]]:
    """Every village with its count in the period (0 included), starting from the
    period's files (indexed by date) rather than from every applicant."""
    counts = dict(db.session.execute(
        select(Pemohon.desa_id, func.count())
        .select_from(Permohonan).join(Pemohon, Permohonan.pemohon_id == Pemohon.id)
        .where(*in_period(start, end, wf))
        .group_by(Pemohon.desa_id)).all())
    desa = db.session.execute(select(Desa.id, Desa.nama).order_by(Desa.nama)).all()
    return [(nama, counts.get(desa_id, 0)) for desa_id, nama in desa]


def per_jenis(start: datetime, end: datetime, wf: Workflow | None = None
              ) -> list[tuple[str, int]]:
    return db.session.execute(
        select(Permohonan.jenis, func.count()).where(*in_period(start, end, wf))
        .group_by(Permohonan.jenis).order_by(Permohonan.jenis)).all()
