"""Which office's rows a request, a command or a job may touch (docs/kantor.md).

An office role (Sekretariat, Sekcam, Camat, the office's administrator, its PPDP) sees its
own office only; a regency role (the Dinas's Operator Dispenduk, the regency viewer and
administrator) sees every office. `kantor_aktif()` is what the models' query filter reads:
an office's id, or None for every office."""
from contextlib import contextmanager

from flask import g, has_app_context

from app.access.roles import REGENCY_ROLES

_KEY = "kantor_id"


def kantor_aktif() -> int | None:
    """The office the current request is confined to; None: no office confines it."""
    return g.get(_KEY) if has_app_context() else None


def lingkup_kabupaten(role: str | None) -> bool:
    return role in REGENCY_ROLES


def tetapkan(user) -> None:
    """Confine this request to `user`'s office, unless their role spans the regency. An
    office account with no office sees nothing rather than everything (id 0 matches no
    row)."""
    g.setdefault(_KEY, None if lingkup_kabupaten(user.role) else (user.kantor_id or 0))


@contextmanager
def dalam_kantor(kantor_id: int | None):
    """Work as one office (a command's --kantor, a job of one office, a test)."""
    had, before = _KEY in g, g.get(_KEY)
    setattr(g, _KEY, kantor_id)
    try:
        yield
    finally:
        if had:
            setattr(g, _KEY, before)
        else:
            g.pop(_KEY, None)
