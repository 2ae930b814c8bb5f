"""The last backup, for the administrator's dashboard: a small JSON file in the instance
folder (not the database, which a restore replaces), written by `flask backup`."""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from flask import current_app

from models._time import utcnow


def _path() -> Path:
    return Path(current_app.config.get("BACKUP_LOG")
                or Path(current_app.instance_path) / "cadangan-terakhir.json")


def read() -> dict:
    """{"berhasil": {"waktu", "ukuran", "berkas"} | None, "gagal": {"waktu", "pesan"} | None},
    times as datetimes (UTC)."""
    try:
        data = json.loads(_path().read_text())
    except (OSError, ValueError):
        data = {}
    out = {}
    for key in ("berhasil", "gagal"):
        entry = data.get(key) if isinstance(data.get(key), dict) else None
        if entry is not None:
            try:
                entry = {**entry, "waktu": datetime.fromisoformat(entry["waktu"])}
            except (KeyError, TypeError, ValueError):
                entry = None
        out[key] = entry
    return out


def _write(key: str, entry: dict) -> None:
    path = _path()
    data = {k: ({**v, "waktu": v["waktu"].isoformat()} if v else None)
            for k, v in read().items()}
    data[key] = {**entry, "waktu": utcnow().isoformat()}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".cadangan-terakhir.", dir=path.parent)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f)
    os.replace(name, path)


def succeeded(target: Path) -> None:
    _write("berhasil", {"ukuran": target.stat().st_size, "berkas": target.name})


def failed(message: str) -> None:
    _write("gagal", {"pesan": message})
