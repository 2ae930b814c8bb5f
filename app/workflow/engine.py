"""The one engine that moves an application through its declared workflow.

Every change is a conditional UPDATE on (id, old state, version): two clerks on one
file, or a double click, make exactly one change and one log row."""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.workflow.declaration import Transition, Workflow, get_workflow
from models import Permohonan, TransitionLog
from models._time import utcnow


class TransitionError(Exception):
    status_code = 422

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(TransitionError):
    status_code = 403


class UnknownTransition(TransitionError):
    status_code = 404


class StaleState(TransitionError):
    status_code = 409


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
    return [
        Option(t, _first_guard_failure(t, permohonan, user, note=None, check_note=False))
        for t in wf.transitions_from(permohonan.status)
        if role_may(t, user.role, permohonan.status)
    ]


def _first_guard_failure(t: Transition, permohonan, user, note, check_note=True) -> str | None:
    if check_note and t.note_required and not (note or "").strip():
        return gettext("Catatan/alasan wajib diisi untuk tindakan ini.")
    for guard in t.guards:
        message = guard(permohonan, user, note)
        if message:
            return message
    return None


def check(permohonan: Permohonan, name: str, user, note: str | None = None,
          expected_version: int | None = None) -> Transition:
    """Raise the error a user would see, or return the transition that may be taken."""
    wf = workflow_of(permohonan)
    try:
        t = wf.transition(name)
    except KeyError:
        raise UnknownTransition(gettext("Tindakan '%(nama)s' tidak dikenal.", nama=name)) from None
    tindakan = gettext(t.label)
    if None in t.sources or user.role not in t.roles:
        raise NotAllowed(gettext("Peran Anda tidak berwenang untuk tindakan '%(tindakan)s'.",
                                 tindakan=tindakan))
    status = gettext(wf.state(permohonan.status).label)
    if permohonan.status not in t.sources or (
        expected_version is not None and expected_version != permohonan.version
    ):
        raise StaleState(gettext(
            "Berkas %(nomor)s sudah berubah (status sekarang: %(status)s); tindakan "
            "'%(tindakan)s' tidak dijalankan. Muat ulang halaman.",
            nomor=permohonan.nomor_tanda_terima, status=status, tindakan=tindakan))
    if user.role not in t.roles_at(permohonan.status):
        raise NotAllowed(gettext("Peran Anda tidak berwenang untuk '%(tindakan)s' pada status "
                                 "%(status)s.", tindakan=tindakan, status=status))
    message = _first_guard_failure(t, permohonan, user, note)
    if message:
        raise TransitionError(message)
    return t


def log_transition(permohonan_id: int, dari: str | None, t: Transition, user, note,
                   durasi_detik: int | None, at=None) -> TransitionLog:
    row = TransitionLog(
        permohonan_id=permohonan_id, dari=dari, ke=t.target, aksi=t.name,
        actor_id=user.id, actor_role=user.role, at=at or utcnow(),
        durasi_detik=durasi_detik, catatan=(note or "").strip() or None,
    )
    db.session.add(row)
    return row


def apply(permohonan_id: int, name: str, user, note: str | None = None,
          data: dict | None = None, expected_version: int | None = None) -> Permohonan:
    """Take one transition and commit it with its log row; raise TransitionError otherwise."""
    for attempt in range(8):
        try:
            return _apply_once(permohonan_id, name, user, note, data, expected_version)
        except OperationalError as exc:
            db.session.rollback()
            # SQLite allows one writer: wait for the lock rather than fail the clerk.
            if "locked" not in str(exc).lower() or attempt == 7:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _apply_once(permohonan_id, name, user, note, data, expected_version) -> Permohonan:
    try:
        permohonan = take(permohonan_id, name, user, note, data, expected_version)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    db.session.refresh(permohonan)
    return permohonan


def take(permohonan_id: int, name: str, user, note: str | None = None,
         data: dict | None = None, expected_version: int | None = None) -> Permohonan:
    """One transition and its log row inside the caller's transaction (the caller commits
    or rolls back): for a service that records more than the transition in one go."""
    permohonan = db.session.get(Permohonan, permohonan_id, populate_existing=True)
    if permohonan is None:
        raise UnknownTransition(gettext("Permohonan tidak ditemukan."))
    t = check(permohonan, name, user, note, expected_version)
    old_state, old_version = permohonan.status, permohonan.version
    now = utcnow()
    # Claim the file first: the conditional UPDATE takes the row (or, on SQLite, the
    # database) lock, so a second clerk's identical request fails here, before any
    # effect such as taking a register number runs.
    result = db.session.execute(
        update(Permohonan)
        .where(Permohonan.id == permohonan.id, Permohonan.status == old_state,
               Permohonan.version == old_version)
        .values(status=t.target, version=old_version + 1, status_changed_at=now,
                updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleState(gettext("Berkas %(nomor)s baru saja diubah oleh petugas lain; "
                                 "tindakan tidak dijalankan. Muat ulang halaman.",
                                 nomor=permohonan.nomor_tanda_terima))
    values = {}
    for effect in t.effects:
        values.update(effect(permohonan, user, note, data) or {})
    if values:
        db.session.execute(update(Permohonan).where(Permohonan.id == permohonan.id)
                           .values(**values).execution_options(synchronize_session=False))
    durasi = int((now - permohonan.status_changed_at).total_seconds())
    log_transition(permohonan.id, old_state, t, user, note, max(durasi, 0), at=now)
    return permohonan


@dataclass
class BulkResult:
    permohonan_id: int
    label: str
    ok: bool
    message: str


def apply_many(ids: list[int], name: str, user, note: str | None = None) -> list[BulkResult]:
    """Each file is checked and committed on its own; one failure stops no other."""
    results = []
    for pid in ids:
        try:
            p = apply(int(pid), name, user, note)
            results.append(BulkResult(p.id, p.nomor_tanda_terima, True, "berhasil"))
        except TransitionError as exc:
            p = db.session.get(Permohonan, int(pid))
            label = p.nomor_tanda_terima if p else f"#{pid}"
            results.append(BulkResult(int(pid), label, False, exc.message))
    return results
