"""PAdES signing with pyHanko and the office's PKCS#12 file (uploaded by the admin,
kept 0600 under instance/keys/, outside the static folder and the database backup).
The passphrase unlocks the key for one signature and is then dropped."""
from __future__ import annotations

import io
from pathlib import Path

from flask_babel import gettext
from pyhanko.pdf_utils import images, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from app.signing import (
    MalformedPdf, NotConfigured, ServiceUnavailable, Signer, SignerIdentity, WrongSecret,
    check_pdf, outside_event_loop,
)
from app.signing.font import TrueTypeEngineFactory
from app.signing.tampilan import FONT, block_lines, qr_image

FIELD_NAME = "TTE_Camat"


class LocalSigner(Signer):
    name = "local"

    def __init__(self, p12_path: Path, tsa_url: str | None = None, tsa_timeout: int = 20):
        self.p12_path = Path(p12_path)
        self.tsa_url = tsa_url or None
        self.tsa_timeout = tsa_timeout

    @classmethod
    def from_config(cls, config) -> "LocalSigner":
        return cls(Path(config["SIGNER_P12_PATH"]),
                   config.get("SIGNER_TSA_URL"), int(config.get("SIGNER_TSA_TIMEOUT", 20)))

    def _load(self, secret: str) -> signers.SimpleSigner:
        try:
            data = self.p12_path.read_bytes()
        except OSError:
            raise NotConfigured(gettext("Sertifikat elektronik (PKCS#12) belum diunggah "
                                        "oleh admin; surat tidak ditandatangani.")) from None
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data, passphrase=secret.encode(),
                                                           other_certs=())
        except (ValueError, TypeError):
            signer = None
        if signer is None:  # pyHanko logs and returns None on a wrong passphrase
            # Said of any letter (a file's or a collective one): nothing was changed.
            raise WrongSecret(gettext("Passphrase salah: surat tidak ditandatangani dan "
                                      "tidak ada yang berubah."))
        return signer

    def check_secret(self, secret: str) -> None:
        self._load(secret)

    def sign(self, pdf_bytes: bytes, identity: SignerIdentity, secret: str) -> bytes:
        check_pdf(pdf_bytes)
        signer = self._load(secret)
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        except Exception:
            raise MalformedPdf(gettext("Berkas surat bukan PDF yang utuh; surat tidak "
                                       "ditandatangani.")) from None
        spec = None
        style = None
        if identity.kotak:
            k = identity.kotak
            spec = fields.SigFieldSpec(FIELD_NAME, on_page=k.page,
                                       box=(k.x, k.y, k.x + k.width, k.y + k.height))
            style = _stamp_style(identity)
        fields.append_signature_field(writer, spec or fields.SigFieldSpec(FIELD_NAME))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, reason=identity.reason, location=identity.location,
            name=identity.nama, md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES)
        timestamper = (timestamps.HTTPTimeStamper(self.tsa_url, timeout=self.tsa_timeout)
                       if self.tsa_url else None)
        pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style,
                                       timestamper=timestamper)
        out = io.BytesIO()
        try:
            outside_event_loop(pdf_signer.sign_pdf, writer, output=out)
        except (HankoSigningError, OSError):
            # The time-stamping authority could not be reached or refused.
            raise ServiceUnavailable(gettext(
                "Stempel waktu (TSA) tidak dapat diperoleh; surat tidak ditandatangani. "
                "Coba lagi nanti.")) from None
        return out.getvalue()


def _stamp_style(identity: SignerIdentity) -> TextStampStyle:
    k = identity.kotak
    text = "\n".join(line.replace("%", "%%") for line in block_lines(identity))
    # The bundled DejaVu Sans, embedded: the same face as the letter around it.
    box_style = TextBoxStyle(font=TrueTypeEngineFactory(FONT), font_size=9)
    if not identity.verifikasi_url:
        # A document with no verification page (the period report): its PAdES signature,
        # checked by any PDF reader, is the proof; no QR that would lead nowhere.
        return TextStampStyle(stamp_text=text, text_box_style=box_style, border_width=1)
    qr = images.PdfImage(qr_image(identity.verifikasi_url, scale=6))
    return TextStampStyle(
        stamp_text=text,
        text_box_style=box_style,
        border_width=1,
        background=qr,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(3, 3, 3, 3)),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=k.height + 2, right=3, top=3, bottom=3)),
    )
