"""The Camat signs the period report electronically, as a ratified letter is signed: the
office's key in force (confirmed by the Camat, app/services/kunci_ttd.py) or BSrE, with the
passphrase typed for this signature only, a wrong one refused before the report is drawn
and counted against the account. The signed report is handed out, not stored: it has no
verification page, its PAdES signature is what any PDF reader checks."""
from __future__ import annotations

from flask_babel import gettext

from app.access.permissions import allowed
from app.documents import laporan_bulanan as laporan_dokumen
from app.services import pengesahan
from app.services.laporan_bulanan import Laporan
from app.services.penandatangan import penandatangan_kantor
from app.workflow.errors import NotAllowed, Refused

PERMISSION = "laporan.tandatangani"


def pdf_ttd(laporan: Laporan, user, secret: str | None) -> bytes:
    """The report signed by the office's Camat now; raises a WorkflowError whose message
    the Camat reads (nothing is recorded)."""
    if not allowed(PERMISSION, user.role):
        raise NotAllowed(gettext("Hanya Camat yang menandatangani laporan pelayanan."))
    signer = pengesahan.current_signer()
    if signer is None:
        raise Refused(gettext("Tanda tangan elektronik tidak diaktifkan."))
    pengesahan.cek_passphrase(user, secret)
    nilai = penandatangan_kantor()
    with pengesahan.menghitung_passphrase_salah(user):
        pengesahan.periksa_secret(signer, secret)  # before the report is drawn
        pdf = laporan_dokumen.pdf(laporan, nilai, tte={"bsre": signer.issuer_bsre})
        return pengesahan.tandatangani(
            pdf, "", secret, nilai, signer,
            reason="Laporan pelayanan " + laporan_dokumen.judul(laporan.dari, laporan.sampai))
