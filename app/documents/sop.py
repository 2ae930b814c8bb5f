"""The procedure of a service's SOP as the printed sheet draws it: its rows in the order a
file goes through them and where each decision's "Tidak" leads. The steps, executors,
standards and the flow between them come from the workflow declaration (the signed SOP's
identity is `Workflow.sop`)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Baris:
    """One row of the procedure: an activity, its executors and its quality standard, and
    how the flowchart draws it."""
    nomor: str
    kegiatan: str
    pelaksana: tuple[str, ...]  # the lanes ticked; the symbol sits in the first
    kelengkapan: str
    waktu: str
    biaya: str
    output: str
    keterangan: str
    bentuk: str                  # "mulai", "kegiatan", "keputusan", "selesai"
    keputusan: str = ""          # the diamond's question
    kembali_ke: int | None = None  # row index the "Tidak" arrow goes back to
    sumber: tuple[str, ...] = ()   # states the row's activity starts from
    tujuan: tuple[str, ...] = ()   # states it leads to


def prosedur(wf) -> list[Baris]:
    """The SOP's rows in the order a file goes through them: its numbered steps and the
    activities declared between them, each placed by the state it starts from."""
    order = {s.name: i for i, s in enumerate(wf.states)}

    def position(transitions) -> int:
        return min((order[src] if src else -1) for t in transitions for src in t.sources)

    entries = []
    for step in wf.sop_steps:
        ts = [t for t in wf.transitions if t.sop_step == step.number]
        entries.append((position(ts), ts, step))
    for k in wf.sop_kegiatan:
        ts = [wf.transition(k.transition)]
        entries.append((position(ts), ts, k))
    entries.sort(key=lambda e: e[0])

    rows, last_number, suffix = [], 0, 0
    for i, (_, ts, item) in enumerate(entries):
        if hasattr(item, "number"):
            nomor, last_number, suffix = str(item.number), item.number, 0
            waktu = f"{item.waktu_menit} menit" if item.waktu_menit else ""
            biaya = item.biaya
        else:
            suffix += 1
            nomor, waktu, biaya = f"{last_number}{'abcdefgh'[suffix - 1]}", "–", ""
        bentuk = ("mulai" if i == 0 else "selesai" if i == len(entries) - 1
                  else "keputusan" if item.keputusan else "kegiatan")
        # Only the forward transitions of the row (not the return: kembalikan is in step 2
        # beside register) give its own sources and targets.
        sumber = tuple(dict.fromkeys(src for t in ts for src in t.sources if src))
        rows.append(Baris(nomor, item.kegiatan, item.pelaksana, item.kelengkapan, waktu, biaya,
                          item.output, item.keterangan, bentuk, item.keputusan,
                          sumber=sumber, tujuan=tuple(t.target for t in ts)))
    return [_with_return(wf, rows, i) for i in range(len(rows))]


def _with_return(wf, rows: list[Baris], i: int) -> Baris:
    """Where a decision's "Tidak" leads: the row that takes the file up again after the
    transition that sends it back (a return to the applicant, a rejection to the operator)."""
    row = rows[i]
    if row.bentuk != "keputusan":
        return row
    forward = {r_target for r in rows[i + 1:i + 2] for r_target in r.sumber}
    back = [t for src in row.sumber for t in wf.transitions_from(src)
            if not wf.state(t.target).terminal and t.target not in forward
            and t.target not in row.sumber]
    for t in back:
        target = _row_taking_up(wf, rows, t.target, i)
        if target is not None:
            return Baris(**{**row.__dict__, "kembali_ke": target})
    return row


def _row_taking_up(wf, rows: list[Baris], state: str, current: int) -> int | None:
    for _ in range(len(wf.states)):
        taking = next((j for j, r in enumerate(rows) if state in r.sumber), None)
        if taking is not None and taking != current:
            return taking
        if taking == current:  # back at this desk: the row that brought the file here
            return next((j for j, r in enumerate(rows) if state in r.tujuan and j != current),
                        None)
        onward = [t for t in wf.transitions_from(state) if not wf.state(t.target).terminal]
        if not onward:
            return None
        state = onward[0].target
    return None


def pelaksana(wf) -> tuple[str, ...]:
    """The lanes: as declared, then any executor a step names that the lanes lack."""
    names = [n for s in (*wf.sop_steps, *wf.sop_kegiatan) for n in s.pelaksana]
    return tuple(dict.fromkeys([*wf.sop.lanes, *names]))
