"""Layanan KTP-el, Kecamatan Takeran: the application factory."""
import gc
import os

from flask import Flask

from app.paths import ROOT


def instance_path() -> str:
    """The folder of this installation's own files (database, keys, uploads): INSTANCE_PATH,
    else instance/ in the checkout. Tests point it at a temporary folder."""
    return os.environ.get("INSTANCE_PATH", "").strip() or str(ROOT / "instance")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=instance_path(),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from app import settings

    app.config.from_mapping(settings.load(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)

    from app import logs

    logs.init_app(app)
    # Before any route exists: every `<int:...>` in a URL is an id in range (else 404).
    from app.routing import IdConverter

    app.url_map.converters["int"] = IdConverter
    register_services()
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    if not app.testing:
        # What start-up built lives as long as the process (mappers, views, catalogues,
        # PDF libraries): out of the collector's sight, a full collection no longer
        # stops a request for ~50 ms to walk it (seen at p95 of the list benchmark).
        gc.freeze()
    return app


def register_services() -> None:
    """Each service's declaration (app/layanan/), before anything reads the registry."""
    from app import layanan

    layanan.register()


def register_extensions(app: Flask) -> None:
    from app import (assets, auth, database, deployment, errors, i18n, queue, security,
                     templating)
    from app.extensions import csrf, db, limiter, migrate
    from app import maintenance

    deployment.init_app(app)
    db.init_app(app)
    from models import _kantor

    _kantor.install()
    maintenance.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    queue.init_app(app)

    from app.pdp import log_baca

    log_baca.init_app(app)

    from admin_views import init_admin

    init_admin(app)


def register_blueprints(app: Flask) -> None:
    from app.blueprints import (akun, antrian, cetak, cetak_register, health, pengaduan, public,
                                survei, verifikasi)

    app.register_blueprint(health.bp)
    app.register_blueprint(akun.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(verifikasi.bp)
    app.register_blueprint(cetak.bp)
    app.register_blueprint(cetak_register.bp)
    app.register_blueprint(survei.bp)
    app.register_blueprint(pengaduan.bp)
    app.register_blueprint(antrian.bp)


def register_commands(app: Flask) -> None:
    from app import cli

    cli.init_app(app)
