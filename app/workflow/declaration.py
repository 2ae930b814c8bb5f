"""The shape of a workflow declaration. A service (KTP-el, later Kartu Keluarga) is a
`Workflow` value; screens, guards, the audit log, SLA figures and the printed SOP read it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

# A guard returns None when the transition may go ahead, else the reason (translated).
Guard = Callable[..., "str | None"]
# An effect changes the application inside the transition's database transaction.
Effect = Callable[..., None]


@dataclass(frozen=True)
class State:
    name: str
    label: str
    color: str  # Bootstrap 4 badge colour: primary, success, danger, ...
    terminal: bool = False
    description: str = ""  # plain words for the public status page
    next_step: str = ""


@dataclass(frozen=True)
class SopStep:
    number: int
    kegiatan: str
    pelaksana: tuple[str, ...]  # SOP executor columns: Pemohon, Sekretariat, Sekcam, Camat
    kelengkapan: str
    waktu_menit: int | None
    biaya: str
    output: str
    keterangan: str = ""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str | None, ...]  # None: the application is being created
    target: str
    roles: tuple[str, ...]
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()
    note_required: bool = False
    sop_step: int | None = None
    button: str = "primary"
    confirm: str = ""
    # Where one transition is taken by different roles at different stages.
    roles_by_source: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Moves the file along the main path: the work its source state waits for. Side
    # paths (return, reject, resubmit, cancel) are not: a file the Sekretariat could
    # cancel is not waiting for the Sekretariat.
    forward: bool = False

    def roles_at(self, source: str | None) -> tuple[str, ...]:
        return self.roles_by_source.get(source, self.roles) if source else self.roles


@dataclass(frozen=True)
class Requirement:
    kode: str
    label: str
    wajib: bool = True


@dataclass(frozen=True)
class Workflow:
    layanan: str
    title: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    sop_steps: tuple[SopStep, ...] = ()
    # Requirements common to every type, then those of each application type.
    common_requirements: tuple[Requirement, ...] = ()
    requirements: dict[str, tuple[Requirement, ...]] = field(default_factory=dict)
    # Per-type conditional requirements: (jenis, predicate(pemohon, tanggal), requirement).
    conditional_requirements: tuple[tuple[str, Callable, Requirement], ...] = ()

    def state(self, name: str) -> State:
        for s in self.states:
            if s.name == name:
                return s
        raise KeyError(name)

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    @property
    def initial(self) -> Transition:
        return next(t for t in self.transitions if None in t.sources)

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def sop_step(self, number: int | None) -> SopStep | None:
        return next((s for s in self.sop_steps if s.number == number), None)

    def standard_minutes(self, transition_name: str) -> int | None:
        step = self.sop_step(self.transition(transition_name).sop_step)
        return step.waktu_menit if step else None

    @property
    def bulk_transitions(self) -> list[Transition]:
        """What a list may do to many files at once: not recording one, and not what
        needs a reason written for each file (return, reject, cancel)."""
        return [t for t in self.transitions if None not in t.sources and not t.note_required]

    def forward_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions_from(state) if t.forward]

    def checklist_for(self, jenis: str, pemohon=None, tanggal=None) -> list[Requirement]:
        items = list(self.common_requirements) + list(self.requirements.get(jenis, ()))
        for cond_jenis, predicate, req in self.conditional_requirements:
            if cond_jenis == jenis and pemohon is not None and predicate(pemohon, tanggal):
                items.append(req)
        return items


_REGISTRY: dict[str, Workflow] = {}


def register_workflow(workflow: Workflow) -> Workflow:
    _REGISTRY[workflow.layanan] = workflow
    return workflow


def get_workflow(layanan: str = "ktp-el") -> Workflow:
    if not _REGISTRY:
        import app.workflow.ktp_el  # noqa: F401  (registers itself)
    return _REGISTRY[layanan]
