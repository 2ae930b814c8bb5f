"""The one engine that moves an application through its declared workflow, from the
initial transition (recording it) to the last.

Every change is a conditional UPDATE on (id, old state, version): two officers on one
file, or a double click, make exactly one change and one log row. Checklist changes
claim the file the same way, so a transition and a checklist change never interleave."""
from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from flask_babel import gettext
from sqlalchemy import inspect as sa_inspect, update
from sqlalchemy.orm import MANYTOONE
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.exc import OperationalError

from app.database import commit_keeping
from app.extensions import db
from app.timefmt import to_wib
from app.workflow.declaration import Step, Transition, Workflow, get_workflow
from app.workflow.errors import NotAllowed, NotFound, Refused, StaleState, WorkflowError
from models import Permohonan, SyaratPermohonan, TransitionLog
from models._time import utcnow

__all__ = ["NotAllowed", "NotFound", "Refused", "StaleState", "WorkflowError", "atomic",
           "may_tick", "options_for", "perform", "perform_each", "record", "tick"]


@dataclass
class Option:
    """A transition as the detail page offers it: allowed now, or why not."""
    transition: Transition
    blocked: str | None


def workflow_of(permohonan: Permohonan) -> Workflow:
    return get_workflow(permohonan.layanan)


def role_may(transition: Transition, role: str, state: str | None) -> bool:
    return state in transition.sources and role in transition.roles_at(state)


def options_for(permohonan: Permohonan, user) -> list[Option]:
    """The transitions this user's role may take from the current state, with guard results."""
    wf = workflow_of(permohonan)
    step = Step(permohonan, user, None, {}, utcnow())
    return [Option(t, _first_guard_failure(t, step))
            for t in wf.transitions_from(permohonan.status)
            if role_may(t, user.role, permohonan.status)]


def may_tick(permohonan: Permohonan, user) -> bool:
    return workflow_of(permohonan).may_tick(user.role, permohonan.status)


def _first_guard_failure(t: Transition, step: Step) -> str | None:
    for guard in t.guards:
        message = guard(step)
        if message:
            return message
    return None


def _validated(t: Transition, permohonan, data) -> dict:
    """The values of the transition's declared form from `data` (anything else is
    dropped), cleaned; raises Refused with each bad field's message, before anything is
    written."""
    form = t.form_for(permohonan, data)
    if form is None:
        return {}
    if not form.validate():
        errors = {field.name: str(field.errors[0]) for field in form if field.errors}
        raise Refused(" ".join(errors.values()), errors)
    return dict(form.data)


def _check(wf: Workflow, t: Transition, permohonan, user, note, expected_version) -> None:
    """Raise the error a user would see if `t` may not be taken from the file's state."""
    tindakan = gettext(t.label)
    state = permohonan.status  # None while the file is being recorded
    if user.role not in t.roles:
        raise NotAllowed(gettext("Peran Anda tidak berwenang untuk tindakan '%(tindakan)s'.",
                                 tindakan=tindakan))
    if state not in t.sources or (
            expected_version is not None and expected_version != permohonan.version):
        raise StaleState(gettext(
            "Berkas %(nomor)s sudah berubah (status sekarang: %(status)s); tindakan "
            "'%(tindakan)s' tidak dijalankan. Muat ulang halaman.",
            nomor=permohonan.nomor_tanda_terima, status=gettext(wf.state(state).label),
            tindakan=tindakan))
    if user.role not in t.roles_at(state):
        raise NotAllowed(gettext("Peran Anda tidak berwenang untuk '%(tindakan)s' pada status "
                                 "%(status)s.", tindakan=tindakan,
                                 status=gettext(wf.state(state).label)))
    if t.note_required and not (note or "").strip():
        raise Refused(gettext("Catatan/alasan wajib diisi untuk tindakan ini."))


def _log(permohonan_id: int, dari: str | None, t: Transition, user, note,
         durasi_detik: int | None, at: datetime) -> TransitionLog:
    row = TransitionLog(
        permohonan_id=permohonan_id, dari=dari, ke=t.target, aksi=t.name,
        actor_id=user.id, actor_role=user.role, at=at,
        durasi_detik=durasi_detik, catatan=(note or "").strip() or None,
    )
    db.session.add(row)
    return row


def _retrying(action, keep=None):
    """Run `action` in its own transaction; SQLite allows one writer, so wait for the lock
    rather than fail the officer. Any refusal rolls everything back. `keep(result)`: the
    objects whose loaded values the transaction kept true (see `_commit`)."""
    for attempt in range(8):
        try:
            result = action()
            _commit(keep(result) if keep else ())
            return result
        except OperationalError as exc:
            db.session.rollback()
            if "locked" not in str(exc).lower() or attempt == 7:
                raise
            time.sleep(0.05 * (attempt + 1))
        except Exception:
            db.session.rollback()
            raise
    raise AssertionError("unreachable")


def _commit(kept=()) -> None:
    """Commit. Every object of the session is expired, as a commit does, except `kept`:
    objects whose loaded values are what the database now holds (the file whose new values
    the transaction wrote itself, the officer who took it), so that the page that follows
    does not read them again."""
    if kept:
        commit_keeping(kept)
    else:
        db.session.commit()


# --- the initial transition: recording an application ------------------------------------

def record(layanan: str, pemohon, jenis: str, user, note: str | None = None,
           data: dict | None = None, durasi_detik: int | None = None,
           at: datetime | None = None, *, receipt_number: Callable[[date], str]) -> Permohonan:
    """Record an application: the workflow's initial transition, with its role check,
    guards, inputs, effects and log row like every other, inside the caller's transaction
    (see `atomic`). Issues the receipt number (`receipt_number(day)`: the caller's
    numbering) and generates the checklist. `durasi_detik` is SOP step 1's measured time."""
    wf = get_workflow(layanan)
    t = wf.initial
    if jenis not in wf.jenis:
        raise Refused(gettext("Jenis permohonan tidak dikenal."))
    now = at or utcnow()
    hari = to_wib(now).date()
    p = Permohonan(layanan=layanan, pemohon=pemohon, jenis=jenis, status=None,
                   catatan=(note or "").strip() or None, created_by_id=user.id,
                   created_at=now, updated_at=now, status_changed_at=now)
    _check(wf, t, p, user, note, None)
    step = Step(p, user, note, _validated(t, p, data), now)
    # The number first: taking it holds the counter row's lock (SQLite: the database's)
    # until commit, so the guards read what no concurrent recording can change (one open
    # file per person); a refusal rolls the number back.
    p.nomor_tanda_terima = receipt_number(hari)
    if (message := _first_guard_failure(t, step)):
        raise Refused(message)
    p.status = t.target
    for i, req in enumerate(wf.checklist_for(jenis, pemohon, hari)):
        p.syarat.append(SyaratPermohonan(kode=req.kode, label=req.label, wajib=req.wajib,
                                         urutan=i))
    for effect in t.effects:
        for column, value in (effect(step) or {}).items():
            setattr(p, column, value)
    db.session.add(p)
    db.session.flush()
    _log(p.id, None, t, user, note, durasi_detik, now)
    return p


def atomic(action):
    """Run `action` (calls of `record`, `perform`, `tick`...) as one transaction,
    with the engine's wait for SQLite's lock: for a service that records several things
    at once (the front desk's intake). Commits, or rolls everything back and re-raises;
    `perform` inside it writes in this transaction and commits nothing itself."""
    def inside():
        token = _in_atomic.set(True)
        try:
            return action()
        finally:
            _in_atomic.reset(token)
    return _retrying(inside)


# Set while `atomic` runs its action, for this call only (a context variable: nothing
# shared between requests or threads).
_in_atomic: ContextVar[bool] = ContextVar("in_atomic", default=False)


# --- every later transition: the one door -----------------------------------------------

def perform(permohonan, name: str, by, note: str | None = None, data=None,
            expected_version: int | None = None, at: datetime | None = None) -> Permohonan:
    """Take transition `name` on a file (a Permohonan or its id) and commit it with its
    log row, or raise the WorkflowError the user reads; the file is then unchanged.

    In order: the role and the file's state, the note, the declared form (`data`: the
    posted fields, a plain dict or None for a form left as it starts), the guards; then
    the declared `prepare` (e.g. signing the letter); then the claim (a conditional
    UPDATE on the old state and version), the guards again, the effects and one log row,
    in one database transaction. `at` is for the demo data only (histories in the past)."""
    permohonan_id = getattr(permohonan, "id", permohonan)
    if _in_atomic.get():  # the caller's transaction (`atomic`): write in it, commit nothing
        t, step = _checked(permohonan_id, name, by, note, data, expected_version, at)
        step.extra.update(_prepared(t, step))
        return _take(t, step)
    try:
        t, step = _checked(permohonan_id, name, by, note, data, expected_version, at)
        extra = _prepared(t, step)
    except Exception:
        db.session.rollback()
        raise
    # Without a preparation the claim follows in the transaction of these reads: the claim
    # is conditional on what was read, and the guards run again after it.
    first = None if t.prepare is not None else (t, step)
    if t.prepare is not None:
        db.session.rollback()  # only reads so far; the claim re-reads in its own transaction

    def claim_and_write():
        nonlocal first
        if first is not None:
            (t, step), first = first, None
        else:  # a preparation ran, or SQLite's lock made us start again: read afresh
            t, step = _checked(permohonan_id, name, by, note, data, expected_version, at)
        step.extra.update(extra)
        return _take(t, step)

    return _retrying(claim_and_write, keep=lambda done: (done, by))


def _prepared(t: Transition, step: Step) -> dict:
    return (t.prepare(step) or {}) if t.prepare is not None else {}


@dataclass
class BulkResult:
    permohonan_id: int
    label: str
    ok: bool
    message: str


def perform_each(ids: list[int], name: str, by, note: str | None = None) -> list[BulkResult]:
    """`perform` for many files (a list's bulk action, no form shown): each checked and
    committed on its own; one failure stops no other. A transition whose declared form
    asks for something is refused for each file: its inputs are never left as they start."""
    results = []
    for pid in ids:
        try:
            _refuse_asked_inputs(int(pid), name)
            p = perform(int(pid), name, by, note)
            results.append(BulkResult(p.id, p.nomor_tanda_terima, True, "berhasil"))
        except WorkflowError as exc:
            p = db.session.get(Permohonan, int(pid))
            label = p.nomor_tanda_terima if p else f"#{pid}"
            results.append(BulkResult(int(pid), label, False, exc.message))
    return results


def _refuse_asked_inputs(permohonan_id: int, name: str) -> None:
    permohonan = _load(permohonan_id)
    try:
        t = workflow_of(permohonan).transition(name)
    except KeyError:
        return  # `perform` says so
    if (asked := t.input_labels(permohonan)):
        raise Refused(gettext(
            "%(tindakan)s tidak dapat dilakukan untuk banyak berkas sekaligus: %(isian)s "
            "diisi untuk setiap berkas. Lakukan satu per satu dari halaman rinciannya.",
            tindakan=gettext(t.label), isian=", ".join(asked)))


def _load(permohonan_id: int) -> Permohonan:
    permohonan = db.session.get(Permohonan, permohonan_id, populate_existing=True)
    if permohonan is None:
        raise NotFound(gettext("Permohonan tidak ditemukan."))
    return permohonan


def _claim(permohonan: Permohonan, states, version: int, now: datetime, **values) -> None:
    """The conditional UPDATE: bump the version if the file is still in one of `states`
    at `version`. It takes the row lock (the database lock on SQLite), so what is read
    after it cannot change under us; raise StaleState if another officer came first."""
    result = db.session.execute(
        update(Permohonan)
        .where(Permohonan.id == permohonan.id, Permohonan.status.in_(states),
               Permohonan.version == version)
        .values(version=version + 1, updated_at=now, **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise StaleState(gettext("Berkas %(nomor)s baru saja diubah oleh petugas lain; "
                                 "tindakan tidak dijalankan. Muat ulang halaman.",
                                 nomor=permohonan.nomor_tanda_terima))


def _checked(permohonan_id: int, name: str, user, note, data, expected_version,
             at) -> tuple[Transition, Step]:
    """Everything checked before the file is claimed, without writing: raise the
    WorkflowError a user would see, else return the transition and its step."""
    permohonan = _load(permohonan_id)
    wf = workflow_of(permohonan)
    try:
        t = wf.transition(name)
    except KeyError:
        raise NotFound(gettext("Tindakan '%(nama)s' tidak dikenal.", nama=name)) from None
    if t.is_initial:
        raise NotAllowed(gettext("Peran Anda tidak berwenang untuk tindakan '%(tindakan)s'.",
                                 tindakan=gettext(t.label)))
    _check(wf, t, permohonan, user, note, expected_version)
    step = Step(permohonan, user, note, _validated(t, permohonan, data), at or utcnow())
    if (message := _first_guard_failure(t, step)):
        raise Refused(message)
    return t, step


def _take(t: Transition, step: Step) -> Permohonan:
    permohonan, now, user, note = step.permohonan, step.at, step.user, step.note
    old_state = permohonan.status
    # Claim the file first, so a second officer's identical request fails here, before
    # any effect such as taking a register number runs.
    _claim(permohonan, (old_state,), permohonan.version, now, status=t.target,
           status_changed_at=now)
    # The guards again on what is now locked: a checklist cleared between our first read
    # and the claim is seen here (issue 11).
    db.session.expire(permohonan, ["syarat"])
    if (message := _first_guard_failure(t, step)):
        raise Refused(message)
    values = {}
    for effect in t.effects:
        values.update(effect(step) or {})
    if values:
        db.session.execute(update(Permohonan).where(Permohonan.id == permohonan.id)
                           .values(**values).execution_options(synchronize_session=False))
    durasi = int((now - permohonan.status_changed_at).total_seconds())
    _log(permohonan.id, old_state, t, user, note, max(durasi, 0), now)
    _written(permohonan, {"status": t.target, "status_changed_at": now, "updated_at": now,
                          "version": permohonan.version + 1, **values})
    return permohonan


def _written(permohonan: Permohonan, values: dict) -> None:
    """The file as the transaction wrote it (its UPDATEs do not touch the loaded object):
    these columns set, and each relationship they may have changed left to load again."""
    for column, value in values.items():
        set_committed_value(permohonan, column, value)
    mapper = sa_inspect(Permohonan)
    db.session.expire(permohonan, [
        rel.key for rel in mapper.relationships
        if rel.direction is not MANYTOONE or {c.key for c in rel.local_columns} & set(values)])


# --- the checklist ------------------------------------------------------------------------

def tick(permohonan_id: int, terpenuhi_kode: set[str], user,
         catatan: dict[str, str] | None = None, expected_version: int | None = None,
         at: datetime | None = None) -> Permohonan:
    """Tick exactly the given items, if the workflow lets this role tick in the file's
    state; conditional on that state and the version, like a transition. Inside the
    caller's transaction (see `atomic`)."""
    permohonan = _load(permohonan_id)
    wf = workflow_of(permohonan)
    if user.role not in wf.checklist.roles:
        raise NotAllowed(gettext("Peran Anda tidak berwenang mengubah daftar persyaratan."))
    if permohonan.status not in wf.checklist.states or (
            expected_version is not None and expected_version != permohonan.version):
        raise StaleState(gettext(
            "Daftar persyaratan hanya dapat diubah saat berkas berstatus %(status)s; "
            "berkas %(nomor)s sekarang %(sekarang)s. Muat ulang halaman.",
            status=", ".join(gettext(wf.state(s).label) for s in wf.checklist.states),
            nomor=permohonan.nomor_tanda_terima,
            sekarang=gettext(wf.state(permohonan.status).label)))
    now = at or utcnow()
    _claim(permohonan, wf.checklist.states, permohonan.version, now)
    db.session.expire(permohonan, ["syarat"])
    for item in permohonan.syarat:
        baru = item.kode in terpenuhi_kode
        if baru != item.terpenuhi:
            item.terpenuhi = baru
            item.dicentang_oleh_id = user.id
            item.dicentang_at = now
        if catatan and item.kode in catatan:
            item.catatan = catatan[item.kode].strip()[:200] or None
    return permohonan
