"""The office's report for a period (a month, usually, for the Dinas): files recorded per
village, per type and per state they stand in now, the SOP's step figures, the files late
at each desk when the report is made, and the survey's IKM for the period. Figures only:
no name, no NIK, so every role may take it."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.services import alur, statistik
from app.survei import rekap
from app.survei.kuesioner import kuesioner
from app.workflow.declaration import Workflow
from models import Permohonan


@dataclass
class LaporanLayanan:
    wf: Workflow
    jumlah: int
    per_desa: list[tuple[str, int]]
    per_jenis: list[tuple[str, int]]
    per_status: list[tuple[str, int]]       # (state label, files recorded in the period)
    langkah: list[statistik.StepFigure]
    terlambat: list[tuple[str, int]]        # (state label, late files now)
    ikm: rekap.Rekap | None                 # None: the service has no survey


@dataclass
class Laporan:
    dari: date
    sampai: date
    layanan: list[LaporanLayanan] = field(default_factory=list)


def bulan(tahun: int, nomor: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(tahun, nomor, 1), date(tahun, nomor, calendar.monthrange(tahun, nomor)[1])


def _per_status(wf: Workflow, start, end) -> list[tuple[str, int]]:
    rows = dict(db.session.execute(
        select(Permohonan.status, func.count()).where(*statistik.in_period(start, end, wf))
        .group_by(Permohonan.status)).tuples().all())
    return [(s.label, rows.get(s.name, 0)) for s in wf.states]


def _per_jenis(wf: Workflow, volume: statistik.Volume) -> list[tuple[str, int]]:
    """Every type of the service (none left out for having no file), as declared."""
    counts = dict(volume.per_jenis)
    return [(label, counts.get(kode, 0)) for kode, label in wf.jenis.items()]


def _ikm(wf: Workflow, dari: date, sampai: date) -> rekap.Rekap | None:
    # One IKM per service (a variant's files answer its questionnaire): in the block of the
    # workflow the office runs for it.
    if alur.alur_kantor(wf) is not wf:
        return None
    try:
        return rekap.rekap(kuesioner(wf.layanan).layanan, dari, sampai)
    except KeyError:  # no questionnaire declared for this service
        return None


def susun(dari: date, sampai: date) -> Laporan:
    start = statistik.wib_day_start_utc(dari)
    end = statistik.wib_day_start_utc(sampai + timedelta(days=1))
    laporan = Laporan(dari, sampai)
    per_layanan = statistik.per_layanan()
    for wf in alur.dipakai(per_layanan):
        per_status = _per_status(wf, start, end)
        overdue = statistik.overdue(wf=wf, limit=0)
        volume = statistik.volume(start, end, wf)
        laporan.layanan.append(LaporanLayanan(
            wf=wf, jumlah=sum(n for _, n in per_status),
            per_desa=volume.per_desa,
            per_jenis=_per_jenis(wf, volume),
            per_status=per_status,
            langkah=statistik.sop_steps(start, end, wf, statistik.dengan_berkas(per_layanan)),
            terlambat=[(wf.state(s).label, n) for s, n in overdue.per_state.items()],
            ikm=_ikm(wf, dari, sampai)))
    return laporan
