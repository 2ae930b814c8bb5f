"""Background jobs whose state lives in the database: any server process answers a poll,
any consumer runs the work, and the result file lies in EXPORT_DIR, which all of them read.

The queue (app/queue.py) only carries a job's id; this module claims the job, reports
progress, writes the file (mode 0600) and records the outcome. A job whose worker died
stops reporting: `recover_stale` queues it again or marks it failed, never leaves it
running. Finished files are removed after EXPORT_KEEP_HOURS by `purge_exports`."""
from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.documents import register_extract
from app.domain_errors import Conflict, LimitReached
from app.extensions import db
from app.i18n import N_
from models import Job, User
from models._time import utcnow
from models.job import ACTIVE

# Stored in job.error as Indonesian msgids; the page translates them.
FAILED = N_("Terjadi kesalahan saat menyusun PDF. Petugas TI dapat melihat rinciannya di log.")
WORKER_DIED = N_("Pekerja latar berhenti sebelum berkas selesai. Silakan cetak ulang.")
NO_WORKER = N_("Tidak ada pekerja latar yang menjalankan pekerjaan ini. Hubungi petugas TI, "
               "lalu cetak ulang.")
BUSY_USER = N_("Petikan Anda sebelumnya masih disiapkan. Tunggu sampai selesai, "
               "lalu cetak lagi.")
BUSY_OFFICE = N_("Sedang ada %(n)d petikan disiapkan untuk kantor. Coba lagi beberapa "
                 "menit lagi.")


# Set when this worker process is stopping (app/queue.py): an extract it interrupts is
# queued again, not failed.
stopping = threading.Event()


class JobRefused(LimitReached):
    """Starting a job is refused; the message is an Indonesian msgid with its values."""

    def __init__(self, message: str, job_id: str | None = None, **values):
        super().__init__(message)
        self.job_id, self.values = job_id, values


class JobLost(Conflict):
    """The job stopped being ours while running (marked dead by the sweeper)."""


def _register_extract(params: dict, progress, out) -> int:
    f = register_extract.Filter(**{
        k: (date.fromisoformat(v) if k in ("dari", "sampai") and v else v)
        for k, v in params.items()})
    return register_extract.extract(f, out, progress)


# kind -> work(params, progress(done, total), binary file) -> number of rows
KINDS: dict[str, Callable] = {"register": _register_extract}


def export_dir() -> Path:
    path = Path(current_app.config["EXPORT_DIR"])
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _enqueue(job_id: str) -> None:
    current_app.extensions["huey_tasks"]["run_job"](job_id)


def start(owner: User, kind: str, params: dict) -> Job:
    """Record a job and queue it. At most one active job per user and EXTRACT_MAX_RUNNING
    for the office; both are unique partial indexes, so two workers cannot both pass."""
    own = _active_of(owner.id)
    if own is not None:
        raise JobRefused(BUSY_USER, job_id=own)
    cap = current_app.config["EXTRACT_MAX_RUNNING"]
    encoded = json.dumps(params, default=str, sort_keys=True)
    for slot in range(1, cap + 1):
        job = Job(id=secrets.token_urlsafe(16), owner_id=owner.id, kind=kind, params=encoded,
                  status="queued", slot=slot, done=0, total=1, attempts=0, created_at=utcnow())
        db.session.add(job)
        try:
            db.session.commit()
        except IntegrityError:  # this slot is taken, or the owner raced us with another
            db.session.rollback()
            continue
        try:
            _enqueue(job.id)
        except Exception:
            current_app.logger.exception("job %s could not be queued", job.id)
            _finish(job.id, "failed", error=NO_WORKER)
            raise JobRefused(NO_WORKER, job_id=job.id) from None
        return job
    own = _active_of(owner.id)
    if own is not None:
        raise JobRefused(BUSY_USER, job_id=own)
    raise JobRefused(BUSY_OFFICE, n=cap)


def _active_of(owner_id: int) -> str | None:
    return db.session.execute(select(Job.id).where(
        Job.owner_id == owner_id, Job.status.in_(ACTIVE))).scalar()


# What `start` hands out (secrets.token_urlsafe(16)); anything else from a URL is no job,
# and never reaches the database (PostgreSQL refuses a NUL in a query with a 500).
JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


def get_for(job_id: str, user: User) -> Job | None:
    """The job if it is this user's; a dead one is dealt with before it is shown."""
    if not JOB_ID.fullmatch(job_id):
        return None
    job = db.session.get(Job, job_id)
    if job is None or job.owner_id != user.id:
        return None
    if job.status in ACTIVE:
        recover_stale(only=job.id)
        db.session.refresh(job)
    return job


def run(job_id: str) -> None:
    """The task body: claim the job, do the work into a private file, record the result."""
    if stopping.is_set():  # taken from the queue as the worker stops: left for the next one
        _enqueue(job_id)
        return
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == "queued")
        .values(status="running", started_at=utcnow(), heartbeat_at=utcnow(),
                attempts=Job.attempts + 1))
    db.session.commit()
    if claimed.rowcount != 1:
        return  # finished, failed or taken by another consumer: nothing to do
    job = db.session.get(Job, job_id)
    final = export_dir() / f"{job.kind}-{job.id}.pdf"
    partial = final.with_suffix(".part")

    def progress(done: int, total: int) -> None:
        alive = db.session.execute(
            update(Job).where(Job.id == job_id, Job.status == "running")
            .values(done=done, total=total, heartbeat_at=utcnow()))
        db.session.commit()
        if alive.rowcount != 1:
            raise JobLost(job_id)

    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # whatever the umask: full NIKs are inside
        with os.fdopen(fd, "wb") as out:
            rows = KINDS[job.kind](json.loads(job.params), progress, out)
        os.replace(partial, final)
    except JobLost:
        partial.unlink(missing_ok=True)
        return
    except Exception:
        if stopping.is_set():  # the worker is stopping: the job waits for the next one
            db.session.rollback()
            partial.unlink(missing_ok=True)
            _queue_again(job_id)
            return
        current_app.logger.exception("background job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        partial.unlink(missing_ok=True)
        _finish(job_id, "failed", error=FAILED)
        return
    if not _finish(job_id, "done", rows=rows, result_path=str(final)):
        final.unlink(missing_ok=True)  # declared dead meanwhile; the user was told so


def _queue_again(job_id: str) -> None:
    again = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == "running")
        .values(status="queued", done=0, total=1, heartbeat_at=None))
    db.session.commit()
    if again.rowcount == 1:
        current_app.logger.warning("job %s: worker stopping, queued again", job_id)
        _enqueue(job_id)


def _finish(job_id: str, status: str, **values) -> bool:
    done = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE))
        .values(status=status, finished_at=utcnow(), **values))
    db.session.commit()
    return done.rowcount == 1


def recover_stale(only: str | None = None) -> int:
    """Running jobs silent for JOB_STALE_SECONDS: queued again while attempts remain,
    otherwise failed with a clear message. Jobs that no consumer took within that time
    fail too. Returns how many were dealt with."""
    config = current_app.config
    cutoff = utcnow() - timedelta(seconds=config["JOB_STALE_SECONDS"])
    q = select(Job).where(Job.status.in_(ACTIVE))
    if only:
        q = q.where(Job.id == only)
    handled = 0
    for job in db.session.execute(q).scalars().all():
        if job.status == "queued" and job.created_at < cutoff and job.started_at is None:
            handled += _finish(job.id, "failed", error=NO_WORKER)
        elif job.status == "running" and (job.heartbeat_at or job.created_at) < cutoff:
            if job.attempts < config["JOB_MAX_ATTEMPTS"]:
                again = db.session.execute(
                    update(Job).where(Job.id == job.id, Job.status == "running",
                                      Job.heartbeat_at == job.heartbeat_at)
                    .values(status="queued", done=0, total=1, heartbeat_at=None))
                db.session.commit()
                if again.rowcount == 1:
                    current_app.logger.warning("job %s: worker died, queued again", job.id)
                    _enqueue(job.id)
                    handled += 1
            else:
                current_app.logger.warning("job %s: worker died, marked failed", job.id)
                handled += _finish(job.id, "failed", error=WORKER_DIED)
    return handled


def purge_exports() -> int:
    """Delete result files older than EXPORT_KEEP_HOURS (and stray files in EXPORT_DIR
    as old); their jobs become `expired`. Returns the number of files removed."""
    keep = timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])
    cutoff = utcnow() - keep
    removed = 0
    old = db.session.execute(select(Job).where(
        Job.status == "done", Job.finished_at < cutoff)).scalars().all()
    for job in old:
        if job.result_path:
            try:
                Path(job.result_path).unlink()
                removed += 1
            except FileNotFoundError:
                pass
        job.status, job.result_path = "expired", None
    db.session.commit()
    live = set(db.session.execute(select(Job.result_path).where(
        Job.result_path.is_not(None))).scalars())
    oldest = time.time() - keep.total_seconds()
    for path in export_dir().iterdir():
        if path.is_file() and str(path) not in live and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
            removed += 1
    return removed

