"""Files that hold every NIK are readable by the application's user only: the SQLite
database and the instance folder the app creates, the secret key and every backup."""
import os
from pathlib import Path
import stat

from flask_migrate import upgrade

from app import create_app, settings
from app.extensions import db


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_database_and_its_folder_are_private(tmp_path):
    old = os.umask(0o022)  # a usual server umask: 0644 files, 0755 folders
    try:
        folder = tmp_path / "instance"
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/ktpel.sqlite",
                          "SECRET_KEY": "x", "HUEY_SQLITE_PATH": str(folder / "huey.sqlite")})
        with app.app_context():
            upgrade(revision="heads")
            db.session.execute(db.text("SELECT 1"))
            db.engine.dispose()
    finally:
        os.umask(old)
    assert mode(folder) == 0o700
    assert mode(folder / "ktpel.sqlite") == 0o600
    for extra in ("ktpel.sqlite-wal", "ktpel.sqlite-shm"):
        if (folder / extra).exists():
            assert mode(folder / extra) == 0o600


def test_a_new_instance_folder_and_secret_key_are_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    old = os.umask(0o022)
    try:
        settings.load(str(tmp_path / "instance"))
    finally:
        os.umask(old)
    assert mode(tmp_path / "instance") == 0o700
    assert mode(tmp_path / "instance" / "secret_key") == 0o600


def test_a_backup_that_fails_leaves_no_readable_file(app, tmp_path, monkeypatch):
    from app.ops import backup

    def broken(source, target):
        target.write_bytes(b"half a copy")  # what a copy cut short leaves
        raise OSError("disk full")

    monkeypatch.setattr(backup, "_sqlite_copy", broken)
    monkeypatch.setattr(backup, "_run", lambda args, **kw: broken(None, Path(args[args.index("-f") + 1])))
    target = tmp_path / "cadangan.dump"
    old = os.umask(0o022)
    try:
        with app.app_context():
            try:
                backup.backup(str(target))
            except Exception:
                pass
    finally:
        os.umask(old)
    # Nothing that looks like a backup, and nothing anyone else may read.
    assert not target.exists()
    assert all(mode(f) == 0o600 for f in tmp_path.iterdir() if f.is_file())
