"""Error classes are plumbing: named in English after their kind, a service's Indonesian
noun in front where one is needed (docs/glossarium.md, "domain error"). The kind is the
name's last word, so a refusal named in Indonesian (`...Ditolak`, `TerlaluBanyak`) fails."""
import importlib
import pkgutil
import re

import app
import admin_views
import models
from app.domain_errors import DomainError

# The English words a kind may end with: the roots' own names and the plain words our
# refusals use for their kind.
KIND_WORDS = {
    "Error", "Found", "Forbidden", "Conflict", "Expired", "Invalid", "Input", "Reached",
    "Unavailable", "Refused", "Failed", "Down", "Lost", "Answered", "Available", "Allowed",
    "State", "Secret", "Registered", "Pdf", "Configured", "Maintenance", "Closed",
}


def our_exception_classes() -> list[type]:
    for package in (app, models, admin_views):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
    found, todo = set(), [Exception]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in ("app", "models", "admin_views"):
                found.add(sub)
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def last_word(name: str) -> str:
    return re.findall(r"[A-Z][a-z0-9]*", name)[-1]


def test_every_error_class_ends_with_an_english_kind():
    wrong = [f"{c.__module__}.{c.__name__}" for c in our_exception_classes()
             if last_word(c.__name__) not in KIND_WORDS]
    assert not wrong, f"name these after their kind, in English: {wrong}"


def test_the_renamed_refusals_keep_their_kind():
    from app.domain_errors import InvalidInput, LimitReached
    from app.services import impor, kunci_ttd, nomor_awal

    assert issubclass(impor.ImporInvalid, InvalidInput)
    assert issubclass(nomor_awal.NomorAwalInvalid, InvalidInput)
    assert issubclass(kunci_ttd.PassphraseLimitReached, LimitReached)
    assert all(issubclass(c, DomainError) for c in (impor.ImporInvalid,
                                                      nomor_awal.NomorAwalInvalid))
