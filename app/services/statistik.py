"""Dashboard figures, each an SQL aggregate (the page must stay fast with a million files).
SOP steps, standards and who waits for what come from the workflow declaration."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Integer, and_, case, cast, func, literal_column, select, union_all

from app.access.scope import kantor_aktif
from app.extensions import db
from app.services import hari_kerja, hitung
from app.timefmt import WIB
from app.workflow.declaration import Workflow, all_workflows, get_workflow
from models import Desa, JumlahStatus, OfficeSettings, Permohonan, TransitionLog
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


def _of_service(wf: Workflow, names: list[str], berkas_di: set[str] | None = None):
    """Log rows of `wf`'s files only. Left out when no other declared service (of those
    with files, `berkas_di`, when known) shares a transition name: the figures are then
    read from the (aksi, at, durasi) index alone (an office that never used a declared
    variant pays nothing for it)."""
    shared = {t.name for other in all_workflows() if other.layanan != wf.layanan
              and (berkas_di is None or other.layanan in berkas_di)
              for t in other.transitions}
    if not shared.intersection(names):
        return True
    return TransitionLog.permohonan_id.in_(
        select(Permohonan.id).where(Permohonan.layanan == wf.layanan))


# From this many timed steps in a period its SOP figures are remembered half a minute (a
# kecamatan's month is a few thousand: about four steps a file).
SOP_REMEMBERED_FROM = 5_000


def _interpolated(lo: float | None, hi: float | None, rank: float) -> float | None:
    """The value at a fractional `rank` between the rows at floor(rank) and the next (linear
    interpolation, as PostgreSQL's percentile_cont)."""
    if lo is None:
        return None
    if hi is None or rank == int(rank):
        return float(lo)
    return lo + (hi - lo) * (rank - int(rank))


def sop_steps(start: datetime, end: datetime, wf: Workflow | None = None,
              berkas_di: set[str] | None = None) -> list[StepFigure]:
    """Each timed SOP step's count, share within its standard, median and 90th percentile
    in [start, end): one statement for every step (PostgreSQL's percentile_cont; on SQLite
    the rows at the two ranks around each quantile, numbered by a window)."""
    wf = wf or get_workflow()
    steps = [step for step in wf.sop_steps if step.waktu_menit]
    names = {t.name: t.sop_step for t in wf.transitions
             if t.sop_step in {step.number for step in steps}}
    if not names:
        return []
    # A period's figures move by a few files a minute, yet reading them means sorting
    # every timed step of the period (10,000 rows of a month at a million files, 7 ms on
    # PostgreSQL): a large office's are remembered half a minute, a small one's read anew.
    key = f"sop@{kantor_aktif()}:{wf.layanan}:{start.isoformat()}:{end.isoformat()}:" \
          f"{','.join(sorted(berkas_di)) if berkas_di is not None else '*'}"
    found = hitung.remembered(
        key, lambda: _step_rows(wf, names, steps, start, end, berkas_di),
        size=lambda found: sum(jumlah for jumlah, *_ in found.values()),
        from_rows=SOP_REMEMBERED_FROM)
    figures = []
    for step in steps:
        jumlah, dalam, p50, p90 = found.get(step.number, (0, 0, None, None))
        figures.append(StepFigure(step.number, step.kegiatan, step.waktu_menit, jumlah,
                                  p50, p90, dalam))
    return figures


def _step_rows(wf: Workflow, names: dict, steps: list, start: datetime, end: datetime,
               berkas_di: set[str] | None) -> dict[int, tuple]:
    """Step number -> (count, within the standard, median, 90th percentile)."""
    nomor = case(names, value=TransitionLog.aksi)
    standar = case({step.number: step.waktu_menit * 60 for step in steps}, value=nomor)
    durasi = TransitionLog.durasi_detik
    where = (TransitionLog.aksi.in_(list(names)), TransitionLog.at >= start,
             TransitionLog.at < end, durasi.is_not(None),
             _of_service(wf, list(names), berkas_di))
    found: dict[int, tuple] = {}
    if _dialect() == "postgresql":
        for number, jumlah, dalam, p50, p90 in db.session.execute(
                select(nomor, func.count(), func.count().filter(durasi <= standar),
                       func.percentile_cont(0.5).within_group(durasi),
                       func.percentile_cont(0.9).within_group(durasi))
                .where(*where).group_by(nomor)):
            found[number] = (jumlah, dalam, p50, p90)
    else:
        rows = select(nomor.label("nomor"), durasi.label("durasi"), standar.label("standar"),
                      (func.row_number().over(partition_by=nomor, order_by=durasi) - 1)
                      .label("k"),
                      func.count().over(partition_by=nomor).label("n")).where(*where).subquery()

        def at_rank(q: float, plus: int):
            rank = cast(q * (rows.c.n - 1), Integer) + plus
            return func.max(case((rows.c.k == rank, rows.c.durasi)))
        for number, jumlah, dalam, *ranks in db.session.execute(
                select(rows.c.nomor, func.count(), func.count(case(
                    (rows.c.durasi <= rows.c.standar, 1))),
                       at_rank(0.5, 0), at_rank(0.5, 1), at_rank(0.9, 0), at_rank(0.9, 1))
                .group_by(rows.c.nomor)):
            found[number] = (jumlah, dalam,
                             _interpolated(ranks[0], ranks[1], 0.5 * (jumlah - 1)),
                             _interpolated(ranks[2], ranks[3], 0.9 * (jumlah - 1)))
    return found


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
    """Late files at every desk of one service, oldest first with the applicant, and each
    desk's count up to the cap: one statement for the counts and one for the rows, each
    desk a range of the (kantor_id, layanan, status, status_changed_at, id) index (an OR
    across states would make the database scan)."""
    wf = wf or get_workflow()
    now = now or utcnow()
    limits = desk_limits(wf=wf)
    if not limits:
        return OverdueReport([], {})
    late = {desk.state: select(Permohonan.id).where(
        Permohonan.layanan == wf.layanan, Permohonan.status == desk.state,
        Permohonan.status_changed_at < desk.latest_on_time(now)) for desk in limits}
    # Each count walks its desk's range in the index's own order: without the order, on a
    # regency's server PostgreSQL chose the (status, created_at) index for the Dinas's
    # operator and fetched 20,000 files a desk (31 ms, against 4 ms in the range).
    counts = db.session.execute(select(*(
        select(func.count()).select_from(
            q.order_by(Permohonan.status_changed_at, Permohonan.id)
            .limit(hitung.COUNT_CAP_TERLAMBAT + 1).subquery())
        .scalar_subquery() for q in late.values()))).one()
    per_state = {state: hitung.AtLeast(n) if n > hitung.COUNT_CAP_TERLAMBAT else n
                 for state, n in zip(late, counts)}
    found: list[Overdue] = []
    if limit and any(counts):
        oldest = union_all(*(
            select(q.order_by(Permohonan.status_changed_at, Permohonan.id).limit(limit)
                   .subquery().c.id) for state, q in late.items() if per_state[state]))
        by_state = {desk.state: desk for desk in limits}
        for p in db.session.execute(
                select(Permohonan).where(Permohonan.id.in_(oldest))
                .order_by(Permohonan.status_changed_at, Permohonan.id).limit(limit)
        ).unique().scalars():
            desk = by_state[p.status]
            late_by = int((now - desk.deadline(p.status_changed_at)).total_seconds())
            found.append(Overdue(p, desk, max(late_by, 0)))
    return OverdueReport(found, per_state)


def per_state(wf: Workflow | None = None) -> dict[str, int]:
    """Files per state of one service, from the counts the database keeps beside the files
    (jumlah_status, migration 0024_dasbor): one primary-key range, exact at any size."""
    wf = wf or get_workflow()
    return dict(db.session.execute(
        select(JumlahStatus.status, func.sum(JumlahStatus.jumlah))
        .where(JumlahStatus.layanan == wf.layanan).group_by(JumlahStatus.status)).all())


def per_layanan() -> dict[str, dict[str, int]]:
    """Files per state of every workflow, from the kept counts: one statement (the office's
    rows, or summed over every office for the regency's roles)."""
    out: dict[str, dict[str, int]] = {}
    for layanan, status, jumlah in db.session.execute(
            select(JumlahStatus.layanan, JumlahStatus.status, func.sum(JumlahStatus.jumlah))
            .group_by(JumlahStatus.layanan, JumlahStatus.status)):
        out.setdefault(layanan, {})[status] = jumlah
    return out


def dengan_berkas(per_layanan_: dict[str, dict[str, int]]) -> set[str]:
    """The workflows that have files, from `per_layanan` (for `sop_steps`)."""
    return {layanan for layanan, counts in per_layanan_.items() if any(counts.values())}


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


@dataclass
class Volume:
    """A period's files per village (every village, 0 included, by name) and per type."""
    per_desa: list[tuple[str, int]]
    per_jenis: list[tuple[str, int]]


def volume(start: datetime, end: datetime, wf: Workflow | None = None) -> Volume:
    """Files recorded in [start, end) per village and type: one statement, from every
    village to its files of the period (the (desa_id, created_at) index, the village
    copy on the file), so a village without files still shows 0."""
    join_on = and_(Permohonan.desa_id == Desa.id, *in_period(start, end, wf))
    per_desa: dict[int, list] = {}
    per_jenis: dict[str, int] = {}
    for desa_id, nama, jenis, n in db.session.execute(
            select(Desa.id, Desa.nama, Permohonan.jenis, func.count(Permohonan.id))
            .select_from(Desa).outerjoin(Permohonan, join_on)
            .group_by(Desa.id, Desa.nama, Permohonan.jenis).order_by(Desa.nama, Desa.id)):
        per_desa.setdefault(desa_id, [nama, 0])[1] += n
        if jenis is not None:
            per_jenis[jenis] = per_jenis.get(jenis, 0) + n
    return Volume([(nama, n) for nama, n in per_desa.values()], sorted(per_jenis.items()))
