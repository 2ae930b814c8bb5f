"""The demo data set: one account per role and ~50 applications in every state, their
histories spread over the last 60 days up to today, every moment within office hours.

The routes are computed from the workflow graph (the shortest path to each state, and a
detour through each transition no shortest path takes); every step is taken through the
engine at its planned time, in time order across files, so receipt and register numbers
follow the dates as they would in the office."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func

from app.access.roles import ADMIN, CAMAT, OPERATOR, PPDP, SEKCAM, SEKRETARIAT
from app.extensions import db
from app.services.nik import buat_nik, buat_no_kk
from app.services import permohonan as permohonan_service
from app.timefmt import WIB
from app.workflow import engine
from app.workflow.declaration import Workflow, get_workflow
from app.layanan.ktp_el.workflow import BATALKAN, KEMBALIKAN, TOLAK
from app.access.scope import lingkup_kabupaten
from models import Desa, Pemohon, Permohonan, User
from models._time import utcnow

DEMO_PASSWORD = "takeran2026"
# Each demo account is named after its role (the README lists them).
DEMO_USERS = tuple((role, nama, role, nip) for role, nama, nip in (
    (ADMIN, "Administrator Sistem", None),
    (SEKRETARIAT, "Sri Wahyuni", "198504122010012003"),
    (OPERATOR, "Bambang Setiawan", "199001202015031002"),
    (SEKCAM, "Drs. Heru Santoso", "197203151998031004"),
    (CAMAT, "Jaka Prastawa, S.Sos., M.Si.", "196609131986031007"),
    (PPDP, "Dewi Lestari, S.H.", "198807242011012004"),
))
# Javanese given and family names by sex (a woman is never "Santoso", a man never "Rahayu").
NAMA = {
    "L": (("Agus", "Budi", "Joko", "Slamet", "Eko", "Hadi", "Wahyu", "Andi", "Dwi", "Rizky"),
          ("Santoso", "Wibowo", "Purnomo", "Hidayat", "Kurniawan", "Saputra", "Prasetyo",
           "Nugroho")),
    "P": (("Siti", "Sri", "Dewi", "Rina", "Wulan", "Ayu", "Lestari", "Nur", "Indah", "Fitri"),
          ("Rahayu", "Susanti", "Lestari", "Setyawati", "Wulandari", "Handayani", "Puspitasari",
           "Anggraini")),
}
NOTES = {KEMBALIKAN: "Fotokopi KK belum dilampirkan.",
         TOLAK: "Foto tidak sesuai ketentuan latar.",
         BATALKAN: "Pemohon membatalkan permohonan."}
DAYS = 60
FILES_PER_STATE = 5
FILES_PER_DETOUR = 3
OPEN, CLOSE = time(7, 30), time(15, 30)  # office hours, WIB, Monday to Friday


# --- office hours ----------------------------------------------------------------------------

def _utc(local: datetime) -> datetime:
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _open_at_or_after(local: datetime) -> datetime:
    while True:
        if local.weekday() < 5 and local.time() < OPEN:
            return local.replace(hour=OPEN.hour, minute=OPEN.minute, second=0)
        if local.weekday() < 5 and local.time() <= CLOSE:
            return local
        local = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0)


def add_office_minutes(moment: datetime, minutes: float) -> datetime:
    """`moment` (naive UTC, within office hours) plus this much office time."""
    local = _open_at_or_after(moment.replace(tzinfo=timezone.utc).astimezone(WIB))
    left = timedelta(minutes=minutes)
    while True:
        close = local.replace(hour=CLOSE.hour, minute=CLOSE.minute, second=0)
        if local + left <= close:
            return _utc(local + left)
        left -= close - local
        local = _open_at_or_after(close + timedelta(days=1) - timedelta(hours=close.hour,
                                                                         minutes=close.minute))


def latest_office_moment(now: datetime) -> datetime:
    """The last moment within office hours not after `now` (naive UTC)."""
    local = now.replace(tzinfo=timezone.utc).astimezone(WIB).replace(microsecond=0)
    while not (local.weekday() < 5 and OPEN <= local.time() <= CLOSE):
        if local.weekday() < 5 and local.time() > CLOSE:
            local = local.replace(hour=CLOSE.hour, minute=CLOSE.minute, second=0)
        else:
            local = (local - timedelta(days=1)).replace(hour=23, minute=59, second=0)
    return _utc(local)


# --- routes from the graph -------------------------------------------------------------------

def _path_between(wf: Workflow, start: str, goal: str) -> tuple[str, ...] | None:
    paths, todo = {start: ()}, [start]
    while todo:
        state = todo.pop(0)
        if state == goal:
            return paths[state]
        for t in wf.transitions_from(state):
            if t.target not in paths:
                paths[t.target] = paths[state] + (t.name,)
                todo.append(t.target)
    return None


def routes(wf: Workflow, rng: random.Random) -> list[tuple[str, ...]]:
    """One route per file: FILES_PER_STATE along the shortest path to each state, and
    FILES_PER_DETOUR through each transition that no shortest path takes, continued to
    a state reached after it."""
    shortest = wf.paths()
    taken = {name for path in shortest.values() for name in path}
    out = [path for path in shortest.values() for _ in range(FILES_PER_STATE)]
    for t in wf.transitions:
        if t.is_initial or t.name in taken:
            continue
        source = next(s for s in t.sources if s in shortest)
        ends = sorted(s for s in shortest if _path_between(wf, t.target, s) is not None)
        for _ in range(FILES_PER_DETOUR):
            goal = rng.choice(ends)
            out.append(shortest[source] + (t.name,) + _path_between(wf, t.target, goal))
    return out


def _minutes(wf: Workflow, name: str, rng: random.Random) -> float:
    """Office minutes a step takes: around its SOP standard (sometimes over), else the
    time a file typically waits for the Sekcam, the Camat or the applicant."""
    standard = wf.standard_minutes(name)
    if standard:
        return rng.uniform(standard * 0.3, standard * 2)
    return rng.uniform(20, 900)


# --- the data set ------------------------------------------------------------------------------

def create_demo_users(akhiran: str = "") -> dict[str, User]:
    """The demo accounts; for a second office (`akhiran` added to each name) its office's
    roles only, the regency's accounts (the Dinas's operator) being shared."""
    users = {}
    for username, nama, role, nip in DEMO_USERS:
        if akhiran and lingkup_kabupaten(role):
            users[role] = db.session.execute(db.select(User).where(
                User.role == role, User.kantor_id.is_(None))).scalars().first()
            if users[role] is not None:
                continue
        user = User(username=username + akhiran, nama=nama, role=role, nip=nip)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        users[role] = user
    db.session.commit()
    return users


def database_is_empty() -> bool:
    """No account yet (no office's file either: the office at work, or any)."""
    return not db.session.execute(db.select(func.count(User.id))).scalar()


def office_is_empty() -> bool:
    """The office at work has no file yet (its queries are narrowed to it)."""
    return not db.session.execute(db.select(func.count(Permohonan.id))).scalar()


def demo_usernames(akhiran: str = "") -> list[str]:
    return [username + akhiran for username, _nama, role, _nip in DEMO_USERS
            if not (akhiran and lingkup_kabupaten(role))]


@dataclass
class _Plan:
    route: tuple[str, ...]
    start: datetime
    steps: list[tuple[datetime, str]] = field(default_factory=list)


def _plan(wf: Workflow, route, rng, window_start: datetime, end: datetime) -> _Plan:
    """Times for one file's steps, all within office hours, the last by `end`."""
    latest = end
    for _ in range(30):
        start = add_office_minutes(window_start + (latest - window_start) * rng.random(), 0)
        plan, at = _Plan(route, start), start
        for name in route:
            at = add_office_minutes(at, _minutes(wf, name, rng))
            plan.steps.append((at, name))
        if at <= end:
            return plan
        latest = start  # too late: start earlier
    raise AssertionError(f"route {route} does not fit in {DAYS} days")


def seed_demo(seed: int = 2026, now: datetime | None = None, akhiran: str = "") -> dict[str, User]:
    rng = random.Random(seed)
    wf = get_workflow()
    users = create_demo_users(akhiran)
    desa = list(db.session.execute(db.select(Desa).order_by(Desa.kode)).scalars())
    end = latest_office_moment(now or utcnow())
    window_start = add_office_minutes(end - timedelta(days=DAYS), 0)
    plans = [_plan(wf, route, rng, window_start, end) for route in routes(wf, rng)]
    # One file recorded at the end of the period, so the data reach up to today.
    plans.append(_Plan((), end))
    plans.sort(key=lambda pl: pl.start)

    # Record every file, then take every step, all in time order across files.
    events = []
    for urut, plan in enumerate(plans, start=1):
        events.append((plan.start, 0, urut, None))
        events += [(at, 1, urut, name) for at, name in plan.steps]
    files: dict[int, int] = {}
    for at, _order, urut, name in sorted(events, key=lambda e: (e[0], e[1], e[2])):
        if name is None:
            p = permohonan_service.record(_pemohon(rng, desa, urut), rng.choice(sorted(wf.jenis)),
                       users[wf.initial.roles[0]], dibuka_at=at - timedelta(minutes=rng.randint(2, 6)),
                       menunggu_menit=rng.randint(0, 20), at=at)
            files[urut] = p.id
        else:
            _take(wf, files[urut], name, users, at)
    return users


def _take(wf: Workflow, permohonan_id: int, name: str, users: dict[str, User], at) -> None:
    """Take one step with a role allowed to, ticking the checklist first as a clerk would:
    everything when the step needs it complete, all but one item when it needs a gap."""
    p = db.session.get(Permohonan, permohonan_id)
    t = wf.transition(name)
    user = users[t.roles_at(p.status)[0]]
    blocked = _blocked(p, t, user)
    if blocked and wf.may_tick(wf.checklist.roles[0], p.status):
        ticker = users[wf.checklist.roles[0]]
        semua = [s.kode for s in p.syarat]
        for ticked in (set(semua), set(semua[1:])):
            p = permohonan_service.tick(p, ticked, ticker, at=at)
            if not _blocked(p, t, user):
                break
    engine.perform(p.id, name, user, NOTES.get(name, "Catatan demo."), at=at)


def _blocked(p, t, user) -> bool:
    return any(o.transition.name == t.name and o.blocked for o in engine.options_for(p, user))


def _pemohon(rng: random.Random, desa: list[Desa], urut: int) -> Pemohon:
    jk = rng.choice("LP")
    lahir = date(rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28))
    depan, belakang = NAMA[jk]
    pemohon = Pemohon(
        nik=buat_nik(lahir, jk, urut), no_kk=buat_no_kk(urut),
        nama=f"{rng.choice(depan)} {rng.choice(belakang)}",
        tempat_lahir="Magetan", tanggal_lahir=lahir, jenis_kelamin=jk,
        status_perkawinan="belum_kawin" if lahir.year > 2000 else "kawin",
        alamat=f"Jl. Desa No. {rng.randint(1, 120)}", rt=f"{rng.randint(1, 9):03d}",
        rw=f"{rng.randint(1, 5):03d}", desa=rng.choice(desa), telepon=None,
    )
    db.session.add(pemohon)
    db.session.flush()
    return pemohon
