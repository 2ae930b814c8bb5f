"""How this process is deployed: the proxies in front of it and the workers beside it."""
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.i18n import N_

PER_PROCESS_LIMITS = N_(
    "Server berjalan dengan %(n)d proses pekerja, tetapi batas percobaan (masuk, cek "
    "status) dihitung di memori tiap proses: batas yang sebenarnya %(n)d kali lebih "
    "longgar. Atur REDIS_URL agar semua proses berbagi hitungan.")


def worker_count() -> int:
    """Processes serving this application: gunicorn.conf.py exports its `workers` to them
    (read per request, so also right for an app preloaded before the hook ran)."""
    raw = os.environ.get("KTPEL_WORKERS", "1")
    return int(raw) if raw.isascii() and raw.isdigit() else 1


def warnings(app: Flask) -> list[tuple[str, dict]]:
    """(Indonesian msgid, values) for the admin's dashboard and the start-up log."""
    found = []
    n = worker_count()
    if n > 1 and app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        found.append((PER_PROCESS_LIMITS, {"n": n}))
    return found


def init_app(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only the address and the scheme: a Host header set by the client would pass
        # through a proxy that does not overwrite it (printed addresses use PUBLIC_URL).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=0, x_port=0, x_prefix=0)
    for message, values in warnings(app):
        app.logger.warning("PERINGATAN: " + message % values)
