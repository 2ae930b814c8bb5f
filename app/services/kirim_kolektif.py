"""Sending the files of a collective cover letter (Surat Pengantar kolektif) to the Dinas
with it, where the card is printed there: each file takes its service's declared
`kirim_kolektif` transition through the engine, on its own (one refused stops no other)."""
from __future__ import annotations

from flask_babel import gettext

from app.domain_errors import Conflict
from app.services.cetak_massal import surat_ttd
from app.services.pengesahan import signer_active
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Permohonan, SuratKolektif

# Who sends them: the permissions table's entry for the letter page's button.
PERMISSION = "surat_kolektif.kirim"


class KirimConflict(Conflict):
    """Nothing of the letter can be sent now."""


def _kirim(p: Permohonan) -> str | None:
    """The transition that sends this file with a collective letter, if it may take it now."""
    wf = get_workflow(p.layanan)
    if wf.kirim_kolektif and p.status in wf.transition(wf.kirim_kolektif).sources:
        return wf.kirim_kolektif
    return None


def menunggu_dikirim(surat: SuratKolektif) -> list[Permohonan]:
    """The letter's files that wait to be sent with it."""
    return [b.permohonan for b in surat.berkas if _kirim(b.permohonan)]


def kirim(surat: SuratKolektif, by) -> list[engine.BulkResult]:
    """Send the letter's waiting files, each noted (in the office's words, as the history
    keeps them) with the letter's number; not before the letter exists to go with them."""
    files = menunggu_dikirim(surat)
    if not files:
        raise KirimConflict(gettext("Tidak ada berkas surat ini yang menunggu dikirim ke Dinas."))
    if signer_active() and surat_ttd(surat) is None:
        raise KirimConflict(gettext("Surat pengantar kolektif %(nomor)s belum ditandatangani "
                                   "Camat secara elektronik; berkas dikirim bersama surat "
                                   "yang sudah ditandatangani.", nomor=surat.nomor))
    catatan = f"Dikirim bersama surat pengantar kolektif {surat.nomor}."
    per_aksi: dict[str, list[int]] = {}
    for p in files:
        per_aksi.setdefault(_kirim(p), []).append(p.id)
    return [r for aksi, ids in per_aksi.items()
            for r in engine.perform_each(ids, aksi, by, catatan)]
