"""Which declared workflow the office runs for a service: the SOP's own, or the variant its
settings chose (the card printed at the Dinas, OfficeSettings.alur_ktp). New files take the
office's choice; a file keeps the workflow it was recorded in (Permohonan.layanan)."""
from __future__ import annotations

from app.services import statistik
from app.workflow.declaration import Workflow, all_workflows, get_workflow, variants_of
from models import OfficeSettings


def alur_kantor(wf: Workflow) -> Workflow:
    """The workflow the office records new files of `wf`'s service in (`wf` the service or
    one of its variants)."""
    service = get_workflow(wf.varian_dari) if wf.varian_dari else wf
    chosen = OfficeSettings.get().alur_ktp
    return next((v for v in variants_of(service.layanan) if v.layanan == chosen), service)


def dipakai(counts: dict[str, dict[str, int]] | None = None) -> list[Workflow]:
    """The workflows the office's figures and reports show: the one it records each
    service's new files in, and any other it still has files in (`counts`: per_layanan)."""
    counts = statistik.per_layanan() if counts is None else counts
    return [wf for wf in all_workflows()
            if alur_kantor(wf).layanan == wf.layanan
            or any(counts.get(wf.layanan, {}).values())]
