"""The SKM report as PDF (xhtml2pdf, the office letterhead): the period, respondents by
profile, elements with NRR, NRR tertimbang, IKM and grade, a bar chart per element drawn as
table cells, the comments counted, the follow-ups and the Camat's signature."""
from __future__ import annotations

from app.documents.render import page_size, render_pdf
from app.survei import publikasi
from app.survei.ikm import MUTU
from app.survei.rekap import profil, ringkasan_saran
from app.survei.kuesioner import PROFIL, kuesioner
from models import OfficeSettings, SkmPeriode
from models._time import utcnow


def penandatangan(row: SkmPeriode, s: OfficeSettings) -> dict:
    """Published: the Camat as at publication; a draft: the Camat in the settings now."""
    if row.dipublikasikan_at:
        return {"nama": row.penandatangan_nama, "jabatan": row.penandatangan_jabatan,
                "pangkat": row.penandatangan_pangkat, "nip": row.penandatangan_nip,
                "tanggal": row.dipublikasikan_at}
    return {"nama": s.camat_nama, "pangkat": s.camat_pangkat, "nip": s.camat_nip,
            "jabatan": "Camat " + s.kecamatan.removeprefix("Kecamatan ").strip(),
            "tanggal": utcnow()}


def render(row: SkmPeriode) -> bytes:
    s = OfficeSettings.get()
    r = publikasi.rekap_dari(row, dengan_sebaran=True)
    return render_pdf(
        "pdf/laporan_skm.html", s=s, page_size=page_size(s), periode=row, r=r,
        k=kuesioner(row.layanan), profil=profil(row.layanan, row.dari, row.sampai),
        profil_def=PROFIL, saran=ringkasan_saran(row.layanan, row.dari, row.sampai),
        mutu=MUTU, ttd=penandatangan(row, s))
