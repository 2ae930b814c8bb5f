"""Settings, read from the environment in one place."""
import os
import secrets
from pathlib import Path

from app.private_files import private_file


def _sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "ktpel.sqlite")


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        private_file(path).write_text(secrets.token_hex(32))
    return path.read_text().strip()


def normalise_database_url(url: str) -> str:
    # Plain postgresql:// URLs are given to psycopg 3, the driver we pin.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def public_url() -> str | None:
    """The address residents reach this application at (scheme, host, any path prefix),
    printed under the QR codes. Unset: `fallback_public_url`, never a request's Host."""
    url = os.environ.get("PUBLIC_URL", "").strip().rstrip("/")
    if url and not url.startswith(("https://", "http://")):
        # A wrong address would be printed on every document handed out: refuse to start.
        raise ValueError(f"PUBLIC_URL must start with https:// or http://, not {url!r}")
    return url or None


def signer() -> str:
    """SIGNER: none (wet signature, the default), local (PKCS#12) or bsre."""
    name = os.environ.get("SIGNER", "none").strip().lower() or "none"
    if name not in ("none", "local", "bsre"):
        # Ratification would fail on every file: refuse to start instead.
        raise ValueError(f"SIGNER must be none, local or bsre, not {name!r}")
    return name


def fallback_public_url() -> str:
    """Printed while PUBLIC_URL is unset: the host named in SERVER_HOST, else this PC
    (127.0.0.1). The request's Host header is the client's to choose, so it is never used:
    a QR code must not send a resident to whatever address the printing request named."""
    host = os.environ.get("SERVER_HOST", "").strip() or "127.0.0.1"
    return f"http://{host}:{os.environ.get('PORT', '5000')}"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit():
        raise ValueError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


def _kertas_antrian() -> int:
    width = _int("ANTRIAN_KERTAS_MM", 80)
    if width not in (58, 80):
        raise ValueError(f"ANTRIAN_KERTAS_MM must be 58 or 80, not {width}")
    return width


def log_levels() -> dict[str, str]:
    """LOG_LEVELS: per-logger levels, e.g. `sqlalchemy.engine=INFO,huey=WARNING`."""
    levels = {}
    for item in filter(None, (i.strip() for i in os.environ.get("LOG_LEVELS", "").split(","))):
        name, _, level = item.partition("=")
        levels[name.strip()] = _level(level, f"LOG_LEVELS ({name.strip()})")
    return levels


def _level(raw: str, name: str) -> str:
    level = raw.strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError(f"{name} must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {raw!r}")
    return level


def load(instance_path: str) -> dict:
    url = normalise_database_url(os.environ.get("DATABASE_URL") or _sqlite_url(instance_path))
    redis_url = os.environ.get("REDIS_URL", "").strip() or None
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60,
        # However busy, a session ends this long after its login (the idle timer alone
        # would let a session in constant use live for ever).
        "SESSION_ABSOLUTE_LIFETIME": int(os.environ.get("SESSION_MAX_HOURS", "12")) * 3600,
        # A session is bound to the browser that logged in; to its address too only when
        # set (off by default: an office's NAT or DHCP may change a clerk's address).
        "SESSION_BIND_ADDRESS": os.environ.get("SESSION_BIND_ADDRESS", "0") == "1",
        "WTF_CSRF_TIME_LIMIT": None,
        "PASSWORD_HASH_METHOD": "scrypt",
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        # Shared by every worker: Redis when there is one (memory:// counts per process).
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or redis_url
        or "memory://",
        # Off: they would put the per-minute window's reset as Retry-After on every answer
        # (app/errors.py says when to come back on a refusal; the login hold its own wait).
        "RATELIMIT_HEADERS_ENABLED": False,
        # Redis unreachable: count in this process meanwhile (logged) rather than a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # Off only for load tests, where every clerk comes from 127.0.0.1.
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") == "1",
        "FLASK_ADMIN_SWATCH": "default",
        "OFFICE_TIMEZONE": "Asia/Jakarta",
        "PUBLIC_URL": public_url(),
        "PUBLIC_URL_FALLBACK": fallback_public_url(),
        # Days after the hand-over during which the file's one survey can be answered.
        "SKM_MASA_BERLAKU_HARI": int(os.environ.get("SKM_MASA_BERLAKU_HARI", "30")),
        # Seconds the counter tablet shows its thank-you before going back to the start.
        "SKM_KIOSK_KEMBALI_DETIK": 8,
        # Survey openings that matched nothing, per address, before it is refused: the
        # kiosk's residents mistype a few times a day, a guesser hundreds of times.
        "SKM_TEBAKAN_MAKS": "10 per 15 minutes",
        # The same for a complaint's status page (number with a wrong code or digits).
        "PENGADUAN_TEBAKAN_MAKS": "10 per 15 minutes",
        # The queue (antrean): the thermal roll's width in mm (58 or 80), the printer device
        # on the server that prints each ticket as ESC/POS (unset: the kiosk prints the
        # PDF), the counters calling, the booked slots per day and their start times (WIB).
        "ANTRIAN_KERTAS_MM": _kertas_antrian(),
        "ANTRIAN_PRINTER": os.environ.get("ANTRIAN_PRINTER", "").strip() or None,
        "ANTRIAN_JUMLAH_LOKET": _int("ANTRIAN_JUMLAH_LOKET", 2),
        # Seconds the kiosk shows a ticket before going back to its start.
        "ANTRIAN_KIOSK_KEMBALI_DETIK": 20,
        "ANTRIAN_KUOTA_BOOKING": _int("ANTRIAN_KUOTA_BOOKING", 20),
        "ANTRIAN_JAM_BOOKING": tuple(j.strip() for j in os.environ.get(
            "ANTRIAN_JAM_BOOKING", "08:00,09:00,10:00,11:00,13:00,14:00").split(",") if j.strip()),
        # Electronic signature of the Surat Pengantar (app/signing/).
        "SIGNER": signer(),
        "SIGNER_P12_PATH": str(Path(instance_path) / "keys" / "penandatangan.p12"),
        "SIGNER_TSA_URL": os.environ.get("SIGNER_TSA_URL", "").strip() or None,
        "BSRE_URL": os.environ.get("BSRE_URL", "").strip() or None,
        "BSRE_USERNAME": os.environ.get("BSRE_USERNAME", ""),
        "BSRE_PASSWORD": os.environ.get("BSRE_PASSWORD", ""),
        "BSRE_TIMEOUT": float(os.environ.get("BSRE_TIMEOUT", "30")),
        "BSRE_TOTP": os.environ.get("BSRE_TOTP", "0") == "1",
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed.
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        # Background work (Huey): SqliteHuey in this file unless REDIS_URL is set.
        "HUEY_SQLITE_PATH": os.environ.get("HUEY_SQLITE_PATH")
        or str(Path(instance_path) / "huey.sqlite"),
        "EXPORT_DIR": os.environ.get("EXPORT_DIR") or str(Path(instance_path) / "exports"),
        # The restore's out-of-service flag (app/maintenance.py): one path for every
        # server process and the worker.
        "MAINTENANCE_FLAG": os.environ.get("MAINTENANCE_FLAG")
        or str(Path(instance_path) / "pemeliharaan"),
        # A restore lets requests already inside finish for GRACE seconds, waits up to
        # WAIT seconds for open transactions to end, then ends the others' sessions.
        "MAINTENANCE_GRACE_SECONDS": _int("MAINTENANCE_GRACE_SECONDS", 3),
        "MAINTENANCE_WAIT_SECONDS": _int("MAINTENANCE_WAIT_SECONDS", 20),
        "MAINTENANCE_RETRY_AFTER": _int("MAINTENANCE_RETRY_AFTER", 60),
        # The last backup's time and size, for the dashboard (app/ops/backup_log.py).
        "BACKUP_LOG": os.environ.get("BACKUP_LOG")
        or str(Path(instance_path) / "cadangan-terakhir.json"),
        "EXPORT_KEEP_HOURS": _int("EXPORT_KEEP_HOURS", 24),
        "EXTRACT_SYNC_LIMIT": _int("EXTRACT_SYNC_LIMIT", 300),
        "EXTRACT_MAX_RUNNING": _int("EXTRACT_MAX_RUNNING", 2),
        # A running job whose worker has not reported for this long is taken as dead.
        "JOB_STALE_SECONDS": _int("JOB_STALE_SECONDS", 300),
        "JOB_MAX_ATTEMPTS": _int("JOB_MAX_ATTEMPTS", 2),
        # Login: failures for one username (from any address) slow it down, up to this.
        "LOGIN_SLOWDOWN_AFTER": _int("LOGIN_SLOWDOWN_AFTER", 5),
        "LOGIN_DELAY_MAX_MS": _int("LOGIN_DELAY_MAX_MS", 2000),
        # Messages to residents (app/notifikasi/): the WhatsApp gateway (its adapter, its
        # address and token), the mail server, and how often and how far apart a message
        # is tried before it is marked failed.
        "NOTIFY_WA_PROVIDER": os.environ.get("NOTIFY_WA_PROVIDER", "json").strip() or "json",
        "NOTIFY_WA_URL": os.environ.get("NOTIFY_WA_URL", "").strip() or None,
        "NOTIFY_WA_TOKEN": os.environ.get("NOTIFY_WA_TOKEN", ""),
        "NOTIFY_SMTP_HOST": os.environ.get("NOTIFY_SMTP_HOST", "").strip() or None,
        "NOTIFY_SMTP_PORT": _int("NOTIFY_SMTP_PORT", 587),
        "NOTIFY_SMTP_USER": os.environ.get("NOTIFY_SMTP_USER", ""),
        "NOTIFY_SMTP_PASSWORD": os.environ.get("NOTIFY_SMTP_PASSWORD", ""),
        "NOTIFY_SMTP_FROM": os.environ.get("NOTIFY_SMTP_FROM", "").strip() or None,
        "NOTIFY_SMTP_STARTTLS": os.environ.get("NOTIFY_SMTP_STARTTLS", "1") == "1",
        "NOTIFY_TIMEOUT": _int("NOTIFY_TIMEOUT", 15),
        "NOTIFY_MAX_ATTEMPTS": _int("NOTIFY_MAX_ATTEMPTS", 8),
        "NOTIFY_BACKOFF_SECONDS": _int("NOTIFY_BACKOFF_SECONDS", 60),
        # Logging (app/logs.py): the root level, and levels of named loggers.
        "LOG_LEVEL": _level(os.environ.get("LOG_LEVEL") or "INFO", "LOG_LEVEL"),
        "LOG_LEVELS": log_levels(),
    }
