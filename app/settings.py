"""Settings, read from the environment in one place."""
import os
import secrets
from pathlib import Path


def _sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "ktpel.sqlite")


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
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
    printed under the QR codes; unset: the address of the request that prints."""
    url = os.environ.get("PUBLIC_URL", "").strip().rstrip("/")
    if url and not url.startswith(("https://", "http://")):
        # A wrong address would be printed on every document handed out: refuse to start.
        raise ValueError(f"PUBLIC_URL must start with https:// or http://, not {url!r}")
    return url or None


def load(instance_path: str) -> dict:
    url = normalise_database_url(os.environ.get("DATABASE_URL") or _sqlite_url(instance_path))
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60,
        "WTF_CSRF_TIME_LIMIT": None,
        "PASSWORD_HASH_METHOD": "scrypt",
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Off only for load tests, where every clerk comes from 127.0.0.1.
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") == "1",
        "FLASK_ADMIN_SWATCH": "default",
        "OFFICE_TIMEZONE": "Asia/Jakarta",
        "PUBLIC_URL": public_url(),
        # Days after the hand-over during which the file's one survey can be answered.
        "SKM_MASA_BERLAKU_HARI": int(os.environ.get("SKM_MASA_BERLAKU_HARI", "30")),
    }
