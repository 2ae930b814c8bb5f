"""Background extract jobs of this server process: progress for the page, a file when done."""
from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask


@dataclass
class Job:
    id: str
    user_id: int
    done: int = 0
    total: int = 1
    rows: int = 0
    path: Path | None = None
    error: str | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def percent(self) -> int:
        return 100 if self.path else int(95 * self.done / max(self.total, 1))


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def start(app: Flask, user_id: int, work) -> Job:
    """Run `work(progress, out) -> rows`, writing the PDF to the binary file `out`, in a
    thread with an app context."""
    job = Job(id=secrets.token_urlsafe(12), user_id=user_id)
    with _lock:
        _jobs[job.id] = job
    out_dir = Path(app.instance_path) / "exports"
    out_dir.mkdir(parents=True, exist_ok=True)

    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    def run() -> None:
        with app.app_context():
            try:
                path = out_dir / f"register-{job.id}.pdf"
                with open(path, "wb") as out:
                    job.rows = work(progress, out)
                job.path = path
            except Exception as exc:  # shown to the user; the server keeps running
                app.logger.exception("register extract failed")
                job.error = str(exc)[:300]
            finally:
                job.finished.set()

    threading.Thread(target=run, name=f"extract-{job.id}", daemon=True).start()
    return job


def get(job_id: str, user_id: int) -> Job | None:
    job = _jobs.get(job_id)
    return job if job is not None and job.user_id == user_id else None
