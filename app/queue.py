"""The task queue (Huey): SqliteHuey in instance/ for one desk, RedisHuey when REDIS_URL
is set. The queue carries only job ids; the state is in the database (app/jobs.py).

One Huey per application, its tasks bound to that application, so tests and commands can
build several. `flask --app app worker` runs the consumer."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey import Huey, RedisHuey, SqliteHuey, crontab

from app import logs

NAME = "ktpel"


def make_huey(config) -> Huey:
    if config.get("REDIS_URL"):
        return RedisHuey(NAME, url=config["REDIS_URL"], results=False)
    path = Path(config["HUEY_SQLITE_PATH"])
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(NAME, filename=str(path), results=False)


def _in_app(app: Flask, func):
    def task(*args):
        with app.app_context(), logs.bound(f"job:{args[0]}" if args else func.__name__):
            return func(*args)
    task.__name__ = func.__name__
    return task


def init_app(app: Flask) -> None:
    from app import jobs

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
    app.cli.add_command(worker)


def consumer(app: Flask, workers: int = 2, periodic: bool = True):
    """A Huey consumer of this application's queue (threads: the extract itself renders
    in its own process pool)."""
    return app.extensions["huey"].create_consumer(
        workers=workers, worker_type="thread", periodic=periodic, initial_delay=0.1,
        max_delay=1.0, check_worker_health=True)


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jumlah utas pekerja.")
@with_appcontext
def worker(workers: int) -> None:
    """Jalankan pekerja latar: petikan register dan pembersihan berkas lama."""
    from app import jobs

    app = current_app._get_current_object()
    recovered = jobs.recover_stale()
    if recovered:
        click.echo(f"{recovered} pekerjaan yang terhenti ditangani.")
    storage = "Redis" if app.config.get("REDIS_URL") else app.config["HUEY_SQLITE_PATH"]
    click.echo(f"Pekerja latar berjalan ({workers} utas, antrean: {storage}). Ctrl-C untuk berhenti.")
    consumer(app, workers).run()
