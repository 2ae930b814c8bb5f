"""A personal-data breach (UU 27/2022 Pasal 46): recorded when found, with what and whose
data; notified in writing to the data subjects and the authority within 3 × 24 hours.
The notice letter is drawn here; sending it is the office's act, recorded by its date."""
from __future__ import annotations

from flask_babel import gettext

from app.documents.render import page_size, render_pdf
from app.extensions import db
from app.services.cetak_massal import format_surat_keluar
from app.services.numbering import next_value
from app.services.validation import cek_karakter
from models import InsidenKebocoran, OfficeSettings
from app.timefmt import wib_today
from models._time import utcnow

# The letter's addressee: the data subjects, or the authority (the minister's unit for
# personal data protection until the agency of Pasal 58 exists).
TUJUAN = {"subjek": "Para pemilik data pribadi yang terdampak",
          "lembaga": "Lembaga Penyelenggara Pelindungan Data Pribadi"}


def cek(data: dict) -> dict[str, str]:
    errors = {}
    for name, message in (("uraian", gettext("Uraikan apa yang terjadi.")),
                          ("data_terdampak", gettext("Sebutkan data pribadi yang terdampak.")),
                          ("subjek_terdampak", gettext("Sebutkan pemilik data yang terdampak."))):
        if not (data.get(name) or "").strip():
            errors[name] = message
    for name in ("uraian", "data_terdampak", "subjek_terdampak", "penanganan"):
        if name not in errors and (msg := cek_karakter(data.get(name), multiline=True)):
            errors[name] = msg
    jumlah = data.get("jumlah_subjek")
    if jumlah is not None and jumlah < 0:
        errors["jumlah_subjek"] = gettext("Jumlah tidak boleh negatif.")
    return errors


def surat_pemberitahuan(insiden: InsidenKebocoran, tujuan: str, by) -> bytes:
    """The notice letter, under the office's outgoing-letter number (taken once, in this
    transaction: a letter not drawn gives its number back)."""
    settings = OfficeSettings.get()
    if insiden.nomor_surat is None:
        tahun = wib_today().year
        insiden.nomor_surat = format_surat_keluar(
            settings, next_value("surat_keluar", tahun), tahun)
    pdf = render_pdf("pdf/pemberitahuan_kebocoran.html", i=insiden, tujuan=TUJUAN[tujuan],
                      s=settings, page_size=page_size(settings), petugas=by,
                      dicetak=utcnow(), nomor=insiden.nomor_surat)
    db.session.commit()
    return pdf


def terbuka() -> list[InsidenKebocoran]:
    """Breaches whose notice is not sent yet, the oldest first."""
    return db.session.execute(
        db.select(InsidenKebocoran).where(InsidenKebocoran.diberitahu_at.is_(None))
        .order_by(InsidenKebocoran.ditemukan_at)).scalars().all()
