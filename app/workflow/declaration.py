"""The shape of a service's declaration. A service (KTP-el; the office's Kartu Keluarga
and Akta Kelahiran SOPs have the same table shape) is one `Workflow` value: its states,
transitions (roles, guards, effects, input form, preparation), who ticks the checklist when, which documents
exist when, its SOP steps and standards. Screens, the engine, documents, figures, the
check command and the demo data read it; nothing else names a state (docs/glossarium.md)."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from werkzeug.datastructures import MultiDict

# A guard gets the `Step` being taken and returns None when it may go ahead, else why not
# (translated). An effect gets the same `Step` and returns the columns to set on the
# application, written by the engine in a second UPDATE inside the transition's database
# transaction (after the conditional UPDATE that claims the file).
Guard = Callable[..., "str | None"]
Effect = Callable[..., "dict | None"]
Prepare = Callable[..., "dict | None"]


@dataclass
class Step:
    """One transition being taken: what guards and effects are given."""
    permohonan: object
    user: object
    note: str | None
    data: dict
    at: datetime
    # What the transition's `prepare` made before the transaction for the effects to
    # store in it (the electronically signed letter); not user input.
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class State:
    name: str
    label: str
    color: str  # Bootstrap 4 badge colour: primary, success, danger, ...
    terminal: bool = False
    description: str = ""  # plain words for the public status page
    next_step: str = ""    # what the resident does or waits for (public status page)
    notice: str = ""  # a highlighted line on the public status page, e.g. "ready to collect"
    staff_hint: str = ""   # what the office does next (the file's page, for staff)


@dataclass(frozen=True)
class SopStep:
    number: int
    kegiatan: str
    pelaksana: tuple[str, ...]  # the SOP's executor columns (`Workflow.sop.lanes`)
    kelengkapan: str
    waktu_menit: int | None
    biaya: str
    output: str
    keterangan: str = ""
    keputusan: str = ""  # the question of the step's decision diamond on the SOP sheet


@dataclass(frozen=True)
class SopKegiatan:
    """An activity the SOP's flow passes through between its numbered steps, with no time
    standard of its own (the Sekcam's paraf, the Camat's signature): a row of the printed
    SOP sheet, numbered after the step it follows (3a, 3b)."""
    transition: str
    kegiatan: str
    pelaksana: tuple[str, ...]
    kelengkapan: str
    output: str
    keterangan: str = ""
    keputusan: str = ""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str | None, ...]  # None: the application is being recorded
    target: str
    roles: tuple[str, ...]
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()
    # What the officer fills in to take it: a WTForms form class (its fields, choices,
    # lengths and rules across fields), checked before the file is claimed; its cleaned
    # values reach guards, prepare and effects as `Step.data`. Bound with `form_for`.
    form: type | None = None
    # Slow work done before the claim, once the checks and the form have passed (drawing
    # and signing a letter): (Step) -> what the effects read as `Step.extra`. A refusal
    # here changes nothing.
    prepare: Prepare | None = None
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

    @property
    def is_initial(self) -> bool:
        return None in self.sources

    def form_for(self, permohonan, formdata=None):
        """The declared form bound to `formdata` (None: as it starts; a plain dict is
        read as posted fields), knowing its file for rules that read it; None if the
        transition asks for nothing."""
        if self.form is None:
            return None
        if formdata is not None and not hasattr(formdata, "getlist"):
            formdata = MultiDict(formdata)
        form = self.form(formdata)
        form.permohonan = permohonan
        return form

    def input_labels(self, permohonan=None) -> list[str]:
        """The fields its declared form asks for, as it starts now (ratification asks for
        the passphrase only with a signer set); none: nothing to fill in."""
        form = self.form_for(permohonan)
        return [str(f.label.text) for f in form or () if f.type != "CSRFTokenField"]


@dataclass(frozen=True)
class Requirement:
    kode: str
    label: str
    wajib: bool = True


@dataclass(frozen=True)
class Checklist:
    """Who may tick the requirement checklist, and while the file is in which states."""
    states: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Loket:
    """What the front desk decides in the same go as recording a file (the intake screen,
    /admin/loket/): the transition taken when every required item is ticked, and the one
    taken when some are missing, with the missing items as its note."""
    lengkap: str
    kurang: str
    # The save button's words for each (translated); else "Simpan & <the label>".
    tombol_lengkap: str = ""
    tombol_kurang: str = ""


@dataclass(frozen=True)
class Pengesahan:
    """The ratification that signs a letter electronically when a signer is set
    (app/services/pengesahan.py): the transition, the letter (a `Document.kode`) signed
    before it is taken, and the transition whose officer initials (paraf) that letter."""
    transition: str
    dokumen: str
    paraf: str | None = None


@dataclass(frozen=True)
class Document:
    """A printed document of the service and the states in which it exists."""
    kode: str
    label: str       # on screens (translated)
    judul: str       # printed, always Indonesian
    template: str
    states: frozenset[str]
    nomor: Callable  # (permohonan) -> the document's number
    slug: str        # the file name in the URL
    # What else its template prints, read when it is drawn: (permohonan) -> values.
    konteks: Callable | None = None
    # Handed out at each return of the file: its copies are counted from the last return,
    # which its template prints (`kembali`).
    per_pengembalian: bool = False


@dataclass(frozen=True)
class SopHeader:
    """The signed SOP document's identity, which the printed SOP sheet and receipts cite."""
    nomor_awal: str  # the number up to the office's unit code, which is a setting
    tahun: int
    bagian: str
    tanggal_pembuatan: date
    tanggal_revisi: date | None
    tanggal_efektif: date
    lanes: tuple[str, ...]  # executor columns of the procedure table
    judul_prosedur: str
    # The identity page's boxes, each a numbered list as signed.
    dasar_hukum: tuple[str, ...] = ()
    kualifikasi: tuple[str, ...] = ()
    keterkaitan: tuple[str, ...] = ()
    peralatan: tuple[str, ...] = ()
    peringatan: tuple[str, ...] = ()
    pencatatan: tuple[str, ...] = ()

    def nomor(self, kode_unit: str) -> str:
        return f"{self.nomor_awal}/{kode_unit}/{self.tahun}"


@dataclass(frozen=True)
class Workflow:
    layanan: str
    title: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    jenis: dict[str, str]  # application type -> its label
    checklist: Checklist
    sop: SopHeader
    sop_steps: tuple[SopStep, ...] = ()
    sop_kegiatan: tuple[SopKegiatan, ...] = ()
    # Requirements common to every type, then those of each application type.
    common_requirements: tuple[Requirement, ...] = ()
    requirements: dict[str, tuple[Requirement, ...]] = field(default_factory=dict)
    # Per-type conditional requirements: (jenis, predicate(pemohon, tanggal), requirement).
    conditional_requirements: tuple[tuple[str, Callable, Requirement], ...] = ()
    documents: tuple[Document, ...] = ()
    # The transition that enters a file in the register (numbered), if the service has one.
    register_transition: str | None = None
    # The desk's decision after recording; None: the intake screen records the file only.
    loket: Loket | None = None
    # The electronically signed ratification, if the service has one.
    pengesahan: Pengesahan | None = None
    # The receipt (a `Document.kode`), which the desk may print for many files at once.
    tanda_terima: str | None = None
    # The register's narrow Jenis column: shorter words for some types (else `jenis`).
    jenis_singkat: dict[str, str] = field(default_factory=dict)
    # A declared variant of another service (its `layanan`): the office chooses which of
    # them records its new files (`OfficeSettings.alur_ktp`); a file keeps its own.
    varian_dari: str | None = None
    # How the office's settings name this workflow among its variants (translated).
    alur: str = ""
    # The transition the files of a collective cover letter take when it is sent with
    # them (the card printed at the Dinas: sent to the Dinas), if the service has one.
    kirim_kolektif: str | None = None

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
        return next(t for t in self.transitions if t.is_initial)

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

    def may_tick(self, role: str | None, state: str) -> bool:
        return role in self.checklist.roles and state in self.checklist.states

    def documents_in(self, state: str) -> list[Document]:
        return [d for d in self.documents if state in d.states]

    def paths(self) -> dict[str, tuple[str, ...]]:
        """The shortest transition path from the initial state to each reachable state."""
        start = self.initial.target
        found, todo = {start: ()}, deque([start])
        while todo:
            state = todo.popleft()
            for t in self.transitions_from(state):
                if t.target not in found:
                    found[t.target] = found[state] + (t.name,)
                    todo.append(t.target)
        return found

    def reachable(self, starts, avoiding: str | None = None) -> set[str]:
        """States reachable from `starts` (included), not taking transition `avoiding`."""
        seen, todo = set(starts), list(starts)
        while todo:
            for t in self.transitions_from(todo.pop()):
                if t.name != avoiding and t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        return seen

    def served_states(self) -> set[str]:
        """Final states the main path ends in: the service was given (KTP-el: handed
        over), not cancelled."""
        return {t.target for t in self.transitions
                if t.forward and self.state(t.target).terminal}

    def registered_states(self) -> set[str]:
        """States in which a file has certainly been registered: reachable after the
        register transition, not reachable without it."""
        if not self.register_transition:
            return set()
        t = self.transition(self.register_transition)
        before = self.reachable({self.initial.target}, avoiding=t.name)
        return self.reachable({t.target}) - before


_REGISTRY: dict[str, Workflow] = {}


def register_workflow(workflow: Workflow) -> Workflow:
    """Called by `create_app` for each service (app/layanan/__init__.py)."""
    _REGISTRY[workflow.layanan] = workflow
    return workflow


def unregister_workflow(layanan: str) -> None:
    """For tests that declare a service of their own: leave the registry as it was."""
    _REGISTRY.pop(layanan, None)


def get_workflow(layanan: str | None = None) -> Workflow:
    """The service's workflow; without a service, the office's default: the one
    registered first (app/layanan/__init__.py)."""
    if layanan is None:
        return next(iter(_REGISTRY.values()))
    return _REGISTRY[layanan]


def variants_of(layanan: str) -> list[Workflow]:
    """The service and its declared variants, the service first: what an office may
    choose between for its new files."""
    return [wf for wf in all_workflows()
            if layanan in (wf.layanan, wf.varian_dari)]


def all_workflows() -> list[Workflow]:
    """Every registered service, in the order registered."""
    return list(_REGISTRY.values())


def _unique(pairs) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for key, label in pairs:
        seen.setdefault(key, label)
    return list(seen.items())


def all_states() -> list[tuple[str, str]]:
    """(name, label) of every service's states, for filters over every file."""
    return _unique((s.name, s.label) for wf in all_workflows() for s in wf.states)


def all_transitions() -> list[tuple[str, str]]:
    return _unique((t.name, t.label) for wf in all_workflows() for t in wf.transitions)


def all_jenis() -> list[tuple[str, str]]:
    return _unique(pair for wf in all_workflows() for pair in wf.jenis.items())


def all_documents() -> list[Document]:
    return [d for wf in all_workflows() for d in wf.documents]
