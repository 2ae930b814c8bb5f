"""The documents an application produces, and the states in which each exists."""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class JenisDokumen:
    kode: str
    judul: str
    template: str
    states: frozenset[str]
    nomor: Callable  # (permohonan) -> the document's number
    slug: str        # the file name in the URL


BEFORE_RATIFICATION = {"diajukan", "dikembalikan", "teregister", "diproses", "diverifikasi"}

DOKUMEN = {
    d.kode: d for d in (
        # SOP step 1's output: from the moment the file is recorded.
        JenisDokumen("tanda_terima", "Tanda Terima Berkas Permohonan KTP-el",
                     "pdf/tanda_terima.html",
                     frozenset(BEFORE_RATIFICATION | {"disahkan", "diserahkan", "dibatalkan"}),
                     lambda p: p.nomor_tanda_terima, "tanda-terima"),
        # SOP step 2, incomplete: what the applicant must bring back, while returned.
        JenisDokumen("tanda_pengembalian", "Tanda Pengembalian Berkas",
                     "pdf/tanda_pengembalian.html", frozenset({"dikembalikan"}),
                     lambda p: "KB/" + p.nomor_tanda_terima.removeprefix("TT/"),
                     "tanda-pengembalian"),
        # The cover letter the SOP is named after: once the Camat has ratified.
        JenisDokumen("surat_pengantar", "Surat Pengantar Pembuatan KTP-el",
                     "pdf/surat_pengantar.html", frozenset({"disahkan", "diserahkan"}),
                     lambda p: p.register.nomor, "surat-pengantar"),
        # SOP step 4's output: proof that the applicant received the card.
        JenisDokumen("bukti_serah_terima", "Bukti Tanda Terima Penyerahan KTP-el",
                     "pdf/bukti_serah_terima.html", frozenset({"diserahkan"}),
                     lambda p: "BST/" + p.register.nomor, "bukti-serah-terima"),
    )
}
BY_SLUG = {d.slug: d for d in DOKUMEN.values()}


def available(permohonan) -> list[JenisDokumen]:
    return [d for d in DOKUMEN.values() if permohonan.status in d.states]
