"""The regency's dashboard (issue 21): one row per office (kantor) and the regency's total,
figures only. Files per state now, late files at each desk now (each office's own
working-day limits), the SOP steps' share within their standard and the IKM in a period,
and the cards on their way (at the Dinas, ready at the kecamatan). One grouped statement per
figure (per workflow or questionnaire), never one per office: a regency has 18. States,
desks, steps and the card's way come from the registered declarations; none is named here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import and_, case, func, or_, select

from app.access.scope import lingkup_kabupaten
from app.domain_errors import InvalidInput
from app.extensions import db
from app.i18n import N_
from app.services import statistik
from app.survei.ikm import HasilIkm, NilaiUnsur, bulat
from app.survei.kuesioner import Kuesioner, kuesioner
from app.workflow.declaration import SopStep, Workflow, all_workflows
from models import JumlahStatus, OfficeSettings, Permohonan, SkmJawaban, TransitionLog
from models._time import utcnow

TARGET_PERSEN = statistik.TARGET_PERSEN


@dataclass(frozen=True)
class Kolom:
    """A column of the table: `key` names it in the URL (?urut=), `label` is the declared
    (untranslated) words, `grup` the header it stands under."""
    key: str
    label: str
    grup: str
    persen: bool = False  # a share against TARGET_PERSEN
    desimal: bool = False  # an index with two decimals (IKM)
    keterangan: str = ""  # what a short label stands for (an SOP step's activity)
    nomor: int | None = None  # the label's %(n)d (an SOP step's number)

    @property
    def judul(self) -> str:
        """The label as printed (Indonesian)."""
        return self.label % {"n": self.nomor} if self.nomor is not None else self.label


@dataclass
class Baris:
    """One office's figures (or the regency's total: `kantor_id` None), by column key;
    None where there is nothing to measure (no step timed, no answer)."""
    kantor_id: int | None
    kode: str
    nama: str
    nilai: dict[str, int | float | Decimal | None] = field(default_factory=dict)


@dataclass
class Dasbor:
    dari: date
    sampai: date
    kolom: list[Kolom]
    baris: list[Baris]
    total: Baris

    def grup(self) -> list[tuple[str, int]]:
        """(group, how many columns) in order, for the header's first row."""
        out: list[list] = []
        for k in self.kolom:
            if out and out[-1][0] == k.grup:
                out[-1][1] += 1
            else:
                out.append([k.grup, 1])
        return [(g, n) for g, n in out]


# Header groups (untranslated words; screens translate them, paper prints them).
GRUP_STATUS = N_("Berkas per status (sekarang)")
GRUP_TERLAMBAT = N_("Berkas terlambat di meja (sekarang)")
GRUP_SOP = N_("Dalam standar SOP (periode)")
GRUP_IKM = N_("IKM (periode)")
GRUP_KARTU = N_("KTP-el menunggu (sekarang)")


# ----- the card's way, read from the declarations ---------------------------------------

def siap_diserahkan(wf: Workflow) -> set[str]:
    """States whose forward move hands the card over (into a served final state): the card
    waits at the kecamatan for its owner."""
    served = wf.served_states()
    return {s.name for s in wf.states
            if any(t.target in served for t in wf.forward_from(s.name))}


def di_dinas(wf: Workflow) -> set[str]:
    """States after the Camat's ratification in which the card is in the Dinas's hands: a
    regency role (the Dinas's Operator Dispenduk) takes the forward move out of it or made
    the one into it. None in the SOP's own workflow, where the kecamatan prints."""
    if wf.pengesahan is None:
        return set()
    after = wf.reachable({wf.transition(wf.pengesahan.transition).target})
    ready, served = siap_diserahkan(wf), wf.served_states()
    out = set()
    for state in after - ready - served:
        roles = [r for t in wf.forward_from(state) for r in t.roles_at(state)]
        roles += [r for t in wf.transitions if t.forward and t.target == state
                  for src in t.sources if src for r in t.roles_at(src)]
        if any(lingkup_kabupaten(r) for r in roles):
            out.add(state)
    return out


# ----- the columns ----------------------------------------------------------------------

def _states() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for wf in all_workflows():
        for s in wf.states:
            seen.setdefault(s.name, s.label)
    return list(seen.items())


def _desks() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for wf in all_workflows():
        for state, _roles, _minutes in statistik.desks(wf):
            seen.setdefault(state, wf.state(state).label)
    return list(seen.items())


def _timed_steps() -> list[SopStep]:
    """Every timed SOP step once (a variant shares its service's steps)."""
    return list(dict.fromkeys(step for wf in all_workflows() for step in wf.sop_steps
                              if step.waktu_menit))


def _questionnaires() -> list[Kuesioner]:
    """One per service: a variant's files answer their service's questionnaire."""
    found: dict[str, Kuesioner] = {}
    for wf in all_workflows():
        try:
            k = kuesioner(wf.layanan)
        except KeyError:  # no questionnaire declared for this service
            continue
        found.setdefault(k.layanan, k)
    return list(found.values())


def kolom() -> list[Kolom]:
    cols = [Kolom(f"status-{name}", label, GRUP_STATUS) for name, label in _states()]
    cols.append(Kolom("jumlah", N_("Jumlah"), GRUP_STATUS))
    cols += [Kolom(f"terlambat-{name}", label, GRUP_TERLAMBAT) for name, label in _desks()]
    cols.append(Kolom("terlambat", N_("Jumlah"), GRUP_TERLAMBAT))
    cols += [Kolom(f"sop-{i}", N_("Langkah %(n)d"), GRUP_SOP, persen=True,
                   keterangan=step.kegiatan, nomor=step.number)
             for i, step in enumerate(_timed_steps(), start=1)]
    for k in _questionnaires():
        cols.append(Kolom(f"ikm-{k.layanan}", N_("IKM"), GRUP_IKM, desimal=True))
        cols.append(Kolom(f"responden-{k.layanan}", N_("Responden"), GRUP_IKM))
    if any(di_dinas(wf) for wf in all_workflows()):
        cols.append(Kolom("kartu-dinas", N_("Di Dinas"), GRUP_KARTU))
    cols.append(Kolom("kartu-kecamatan", N_("Siap diserahkan di kecamatan"),
                      GRUP_KARTU))
    return cols


# ----- the figures: one grouped statement each ------------------------------------------

def _per_state() -> dict[tuple[int, str, str], int]:
    """(office, service, state) -> files now, from the counts the database keeps."""
    return {(k, layanan, status): n for k, layanan, status, n in db.session.execute(
        select(JumlahStatus.kantor_id, JumlahStatus.layanan, JumlahStatus.status,
               func.sum(JumlahStatus.jumlah))
        .group_by(JumlahStatus.kantor_id, JumlahStatus.layanan, JumlahStatus.status))}


def _late(wf: Workflow, offices: list[OfficeSettings], now: datetime) -> dict[tuple, int]:
    """(office, state) -> files of `wf` late at that desk now, each office by its own
    limits (its working days per desk): one statement, a range of the (kantor_id,
    layanan, status, status_changed_at) index per office and desk."""
    branches = [and_(Permohonan.kantor_id == office.id, Permohonan.status == desk.state,
                     Permohonan.status_changed_at < desk.latest_on_time(now))
                for office in offices for desk in statistik.desk_limits(office, wf)]
    states = [state for state, _roles, _minutes in statistik.desks(wf)]
    if not branches:
        return {}
    return {(k, s): n for k, s, n in db.session.execute(
        select(Permohonan.kantor_id, Permohonan.status, func.count())
        .where(Permohonan.layanan == wf.layanan, Permohonan.status.in_(states), or_(*branches))
        .group_by(Permohonan.kantor_id, Permohonan.status))}


def _sop(wf: Workflow, start: datetime, end: datetime) -> dict[tuple, tuple[int, int]]:
    """(office, timed step) -> (steps taken in [start, end), within the standard), as
    statistik.sop_steps counts them, grouped by office."""
    steps = {step.number: step for step in wf.sop_steps if step.waktu_menit}
    names = {t.name: t.sop_step for t in wf.transitions if t.sop_step in steps}
    if not names:
        return {}
    nomor = case(names, value=TransitionLog.aksi)
    standar = case({n: step.waktu_menit * 60 for n, step in steps.items()}, value=nomor)
    durasi = TransitionLog.durasi_detik
    return {(k, steps[n]): (jumlah, dalam) for k, n, jumlah, dalam in db.session.execute(
        select(TransitionLog.kantor_id, nomor, func.count(),
               func.count(case((durasi <= standar, 1))))
        .where(TransitionLog.aksi.in_(list(names)), TransitionLog.at >= start,
               TransitionLog.at < end, durasi.is_not(None),
               statistik._of_service(wf, list(names)))
        .group_by(TransitionLog.kantor_id, nomor))}


def _ikm(k: Kuesioner, dari: date, sampai: date) -> dict[int, HasilIkm]:
    """office -> its survey result in the period, as rekap.hasil computes it, grouped."""
    cols = [getattr(SkmJawaban, u.kolom) for u in k.unsur]
    n = len(cols)
    out = {}
    for row in db.session.execute(
            select(SkmJawaban.kantor_id, func.count(),
                   *[func.coalesce(func.sum(c), 0) for c in cols], *[func.count(c) for c in cols])
            .where(SkmJawaban.layanan == k.layanan, SkmJawaban.tanggal >= dari,
                   SkmJawaban.tanggal <= sampai)
            .group_by(SkmJawaban.kantor_id)):
        out[row[0]] = HasilIkm(int(row[1]), tuple(
            NilaiUnsur(u.kode, int(row[2 + i]), int(row[2 + n + i])) for i, u in enumerate(k.unsur)))
    return out


def _pooled(results: list[HasilIkm], k: Kuesioner) -> HasilIkm:
    """The regency's result: every answer of every office together (not an average of the
    offices' indexes, which would weigh a small office like a large one)."""
    return HasilIkm(sum(h.responden for h in results), tuple(
        NilaiUnsur(u.kode, sum(h.unsur[i].jumlah_nilai for h in results),
                   sum(h.unsur[i].responden for h in results)) for i, u in enumerate(k.unsur)))


def _persen(jumlah: int, dalam: int) -> float | None:
    return None if not jumlah else round(100 * dalam / jumlah, 1)


def _index(h: HasilIkm | None) -> Decimal | None:
    return None if h is None or h.ikm is None else bulat(h.ikm, 2)


def susun(dari: date, sampai: date, now: datetime | None = None) -> Dasbor:
    """The table for the period [dari, sampai] (WIB days); states, late files and cards
    as they stand `now`."""
    now = now or utcnow()
    start = statistik.wib_day_start_utc(dari)
    end = statistik.wib_day_start_utc(sampai + timedelta(days=1))
    workflows = all_workflows()
    cols = kolom()
    offices = list(db.session.execute(
        select(OfficeSettings).order_by(OfficeSettings.kecamatan, OfficeSettings.id)).scalars())
    rows = {o.id: Baris(o.id, o.kode_wilayah, o.kecamatan,
                        {c.key: 0 for c in cols if not (c.persen or c.desimal)})
            for o in offices}
    total = Baris(None, "", "Kabupaten", {c.key: 0 for c in cols if not (c.persen or c.desimal)})

    def add(kantor_id: int, key: str, n: int) -> None:
        if kantor_id in rows and key in rows[kantor_id].nilai:
            rows[kantor_id].nilai[key] += n
            total.nilai[key] += n

    card = {wf.layanan: (di_dinas(wf), siap_diserahkan(wf)) for wf in workflows}
    for (k, layanan, status), n in _per_state().items():
        add(k, f"status-{status}", n)
        add(k, "jumlah", n)
        dinas, ready = card.get(layanan, (set(), set()))
        if status in dinas:
            add(k, "kartu-dinas", n)
        if status in ready:
            add(k, "kartu-kecamatan", n)

    steps: dict[tuple, list[int]] = {}
    for wf in workflows:
        for (k, state), n in _late(wf, offices, now).items():
            add(k, f"terlambat-{state}", n)
            add(k, "terlambat", n)
        for (k, step), (jumlah, dalam) in _sop(wf, start, end).items():
            for key in ((k, step), (None, step)):
                steps.setdefault(key, [0, 0])
                steps[key][0] += jumlah
                steps[key][1] += dalam
    for i, step in enumerate(_timed_steps(), start=1):
        for row in (*rows.values(), total):
            row.nilai[f"sop-{i}"] = _persen(*steps.get((row.kantor_id, step), (0, 0)))

    for k in _questionnaires():
        results = _ikm(k, dari, sampai)
        for row in rows.values():
            h = results.get(row.kantor_id)
            row.nilai[f"ikm-{k.layanan}"] = _index(h)
            row.nilai[f"responden-{k.layanan}"] = h.responden if h else 0
        pooled = _pooled(list(results.values()), k)
        total.nilai[f"ikm-{k.layanan}"] = _index(pooled)
        total.nilai[f"responden-{k.layanan}"] = pooled.responden
    return Dasbor(dari, sampai, cols, list(rows.values()), total)


class KolomInvalid(InvalidInput):
    """A sort key that names no column of the table (a hand-edited URL)."""


def urutkan(dasbor: Dasbor, key: str = "kantor", turun: bool = False) -> Dasbor:
    """The offices sorted by one column (by name: 'kantor'); where nothing was measured
    (None) the office comes last either way, then by name."""
    if key == "kantor":
        dasbor.baris.sort(key=lambda b: (b.nama.casefold(), b.kantor_id), reverse=turun)
        return dasbor
    if key not in {c.key for c in dasbor.kolom}:
        raise KolomInvalid(gettext("Kolom urutan tidak dikenal."), errors={"urut": key})
    dasbor.baris.sort(key=lambda b: (b.nama.casefold(), b.kantor_id))
    measured = [b for b in dasbor.baris if b.nilai.get(key) is not None]
    missing = [b for b in dasbor.baris if b.nilai.get(key) is None]
    measured.sort(key=lambda b: b.nilai[key], reverse=turun)  # stable: ties stay by name
    dasbor.baris = measured + missing
    return dasbor
