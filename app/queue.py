"""The task queue (Huey): SqliteHuey in instance/ for one desk, RedisHuey when REDIS_URL
is set. The queue carries only job ids; the state is in the database (app/jobs.py).

One Huey per application, its tasks bound to that application, so tests and commands can
build several. `flask --app app worker` runs the consumer."""
from __future__ import annotations

import signal
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from huey.exceptions import RetryTask

from app.extensions import db
from app import maintenance

from app.private_files import private_folder

from app import logs

NAME = "ktpel"


def make_huey(config) -> Huey:
    if config.get("REDIS_URL"):
        return RedisHuey(NAME, url=config["REDIS_URL"], results=False)
    path = Path(config["HUEY_SQLITE_PATH"])
    private_folder(path.parent)
    return SqliteHuey(NAME, filename=str(path), results=False)


def _in_app(app: Flask, func):
    """The task in its own application context: its database session is removed when it
    ends (Flask-SQLAlchemy's teardown), so no transaction outlives a task. While a restore
    has the application out of service the task waits: a job is tried again later, a
    periodic task is skipped."""
    def task(*args):
        with app.app_context(), logs.bound(f"job:{args[0]}" if args else func.__name__):
            if maintenance.active():
                if args:
                    raise RetryTask(delay=app.config["MAINTENANCE_RETRY_AFTER"])
                return None
            return func(*args)
    task.__name__ = func.__name__
    return task


def init_app(app: Flask) -> None:
    from app import jobs
    from app.notifikasi import outbox
    from app.pdp import retensi

    huey = make_huey(app.config)
    app.extensions["huey"] = huey
    app.extensions["huey_tasks"] = {
        "run_job": huey.task(name="run_job")(_in_app(app, jobs.run)),
    }
    # A dead worker's job is found within a minute; old files go within ten.
    huey.periodic_task(crontab(minute="*"), name="recover_stale_jobs")(
        _in_app(app, jobs.recover_stale))
    huey.periodic_task(crontab(minute="*/10"), name="purge_exports")(
        _in_app(app, jobs.purge_exports))
    # Messages to residents: what is due is sent every minute (a failure waits its
    # back-off); a claim whose worker stopped is marked failed, never sent twice.
    huey.periodic_task(crontab(minute="*"), name="kirim_pesan")(_in_app(app, outbox.kirim))
    huey.periodic_task(crontab(minute="*/10"), name="pulihkan_pesan")(
        _in_app(app, outbox.pulihkan))
    # The archive schedule, weekly on Sunday 02.00 WIB (Huey's crontab reads UTC).
    huey.periodic_task(crontab(day_of_week="6", hour="19", minute="0"), name="retensi_pdp")(
        _in_app(app, retensi.mingguan))
    app.cli.add_command(worker)


class _Consumer(Consumer):
    """Huey's consumer, stopping within seconds on SIGTERM as on SIGINT: no thread takes
    another task, the extract being rendered is interrupted (its pool killed) and queued
    again for the next worker, and the threads get SHUTDOWN_SECONDS to record that."""

    def __init__(self, huey: Huey, **options):
        super().__init__(huey, **options)
        self._signal_actions[signal.SIGTERM] = (False, True)  # gentle, like SIGINT

    def start(self):
        from app import jobs

        jobs.stopping.clear()
        super().start()

    def stop(self, graceful=False):
        from app import jobs
        from app.documents import pool_guard

        self.stop_flag.set()  # first: the threads take no new task
        jobs.stopping.set()
        pool_guard.stop_pools()
        try:
            super().stop(graceful=True)
        finally:
            jobs.stopping.clear()  # this process may start another consumer (the tests do)


SHUTDOWN_SECONDS = 5


def consumer(app: Flask, workers: int = 2, periodic: bool = True):
    """A Huey consumer of this application's queue (threads: the extract itself renders
    in its own process pool)."""
    return _Consumer(app.extensions["huey"], workers=workers, worker_type="thread",
                     periodic=periodic, initial_delay=0.1, max_delay=1.0,
                     check_worker_health=True, shutdown_timeout=SHUTDOWN_SECONDS)


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jumlah utas pekerja.")
@with_appcontext
def worker(workers: int) -> None:
    """Jalankan pekerja latar: petikan register dan pembersihan berkas lama."""
    from app import jobs

    app = current_app._get_current_object()
    recovered = jobs.recover_stale()
    db.session.remove()  # this thread waits below for the worker's life: no open transaction
    if recovered:
        click.echo(f"{recovered} pekerjaan yang terhenti ditangani.")
    storage = "Redis" if app.config.get("REDIS_URL") else app.config["HUEY_SQLITE_PATH"]
    click.echo(f"Pekerja latar berjalan ({workers} utas, antrean: {storage}). Ctrl-C untuk berhenti.")
    consumer(app, workers).run()
