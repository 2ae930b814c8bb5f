"""BSrE's signing service (technical guide v2): the Camat's certificate stays at BSrE;
we send the PDF, the signer's NIK and passphrase (or TOTP) and get the signed PDF back.

The service cannot be reached from the office's test machine: tests/tte_support.py holds
a real HTTP server with the same shape and error answers. The shape of those answers is
taken from public code that talks to BSrE (docs/tte-bsre.md lists each source):
- the user-status check `POST /api/v2/user/check/status` with `{nik}` answers
  `{status}`, one of the statuses in `STATUS_*` below (kiiskominfokepri/esign-php,
  src/V2/UserStatusResponse.php; v1 was `GET /api/user/status/{nik}`:
  OpenSID/E-Sign-BSrE, src/ESignBsre.php);
- an error is JSON `{error, status_code}`, e.g. `{"error": "Passphrase anda salah",
  "status_code": 2031}` (OpenSID/OpenSID issue #10760), read as `error`, else `message`
  (OpenSID/E-Sign-BSrE, src/ESignBsreResponse.php), and may come with HTTP 200
  (kiiskominfokepri/esign-php, src/BaseResponse.php); a PDF the service cannot read
  answers HTTP 400 "Proses signing gagal : ...InvalidPdfException..." (OpenSID/OpenSID
  issue #7116).
No public source names a code for "user not registered" or "malformed PDF": those are
recognised by their words."""
from __future__ import annotations

import base64
import binascii

import requests
from flask_babel import gettext

from app.signing import (
    MalformedPdf, NotConfigured, NotRegistered, ServiceUnavailable, Signer, SignerIdentity,
    WrongSecret, check_pdf,
)
from app.signing.tampilan import block_png

SIGN_PATH = "/api/v2/sign/pdf"
STATUS_PATH = "/api/v2/user/check/status"
STATUS_READY = "ISSUE"  # the certificate is issued: the user can sign
# No certificate to sign with at all (the others, e.g. EXPIRED, SUSPEND, REVOKE, RENEW,
# NEW, WAITING_FOR_VERIFICATION, are a certificate not usable now).
STATUS_NO_CERTIFICATE = ("NOT_REGISTERED", "NO_CERTIFICATE")
WRONG_SECRET_CODE = "2031"


class BsreSigner(Signer):
    name = "bsre"
    issuer_bsre = True

    def __init__(self, base_url: str, username: str, password: str, timeout: float = 30,
                 use_totp: bool = False):
        if not base_url:
            raise NotConfigured(gettext("Alamat layanan BSrE belum diatur (BSRE_URL)."))
        self.base_url = base_url.rstrip("/")
        self.auth = (username or "", password or "")
        self.timeout = timeout
        self.use_totp = use_totp

    @classmethod
    def from_config(cls, config) -> "BsreSigner":
        return cls(config.get("BSRE_URL") or "", config.get("BSRE_USERNAME") or "",
                   config.get("BSRE_PASSWORD") or "", float(config.get("BSRE_TIMEOUT", 30)),
                   bool(config.get("BSRE_TOTP")))

    def _post(self, path: str, payload: dict) -> dict:
        try:
            response = requests.post(self.base_url + path, json=payload, auth=self.auth,
                                     timeout=self.timeout)
        except requests.Timeout:
            raise ServiceUnavailable(gettext(
                "Layanan BSrE tidak menjawab dalam %(detik)d detik; surat tidak "
                "ditandatangani. Coba lagi nanti.", detik=int(self.timeout))) from None
        except requests.RequestException:
            raise ServiceUnavailable(gettext(
                "Layanan BSrE tidak dapat dihubungi; surat tidak ditandatangani. "
                "Coba lagi nanti.")) from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        # An error may come with HTTP 200 too: a body naming an error is one.
        if response.status_code == 200 and body and not body.get("error"):
            return body
        raise _error_for(response.status_code, body)

    def user_status(self, nik: str) -> str:
        """The signer's certificate status at BSrE, e.g. ISSUE (ready to sign)."""
        body = self._post(STATUS_PATH, {"nik": nik})
        inner = body.get("data") if isinstance(body.get("data"), dict) else {}
        return str(body.get("status") or body.get("userStatus") or inner.get("status") or "")

    def sign(self, pdf_bytes: bytes, identity: SignerIdentity, secret: str) -> bytes:
        check_pdf(pdf_bytes)  # BSrE refuses malformed files: say so before sending
        if not identity.nik:
            raise NotConfigured(gettext("NIK Camat untuk BSrE belum diisi di Pengaturan "
                                        "kantor."))
        # The user-status check first: an expired or revoked certificate is named as such
        # instead of the passphrase being sent for nothing.
        status = self.user_status(identity.nik).upper()
        if status in STATUS_NO_CERTIFICATE:
            raise NotRegistered(gettext("NIK Camat tidak terdaftar sebagai pemilik sertifikat "
                                        "di BSrE; surat tidak ditandatangani."))
        if status != STATUS_READY:
            raise NotRegistered(gettext(
                "Sertifikat elektronik Camat di BSrE tidak aktif (status %(status)s); surat "
                "tidak ditandatangani.", status=status or "?"))
        prop = {"tampilan": "INVISIBLE", "reason": identity.reason,
                "location": identity.location}
        if identity.kotak:
            k = identity.kotak
            prop.update(tampilan="VISIBLE",
                        imageBase64=base64.b64encode(block_png(identity)).decode(),
                        page=k.page + 1, originX=round(k.x, 1), originY=round(k.y, 1),
                        width=round(k.width, 1), height=round(k.height, 1))
        payload = {"nik": identity.nik, "signatureProperties": [prop],
                   "file": [base64.b64encode(pdf_bytes).decode()]}
        payload["totp" if self.use_totp else "passphrase"] = secret
        body = self._post(SIGN_PATH, payload)
        try:
            signed = base64.b64decode((body.get("file") or [""])[0], validate=True)
        except (binascii.Error, TypeError, IndexError, AttributeError):
            signed = b""
        if not signed.startswith(b"%PDF"):
            raise ServiceUnavailable(gettext("Jawaban layanan BSrE tidak berisi PDF; surat "
                                             "tidak ditandatangani."))
        return signed


def _error_for(http_status: int, body: dict) -> Exception:
    """BSrE answers errors with a JSON `{error, status_code}` (see the module's sources);
    map them to what the Camat can act on."""
    code = str(body.get("status_code", ""))
    text = str(body.get("error", "") or body.get("message", "")).lower()
    if code == WRONG_SECRET_CODE or "passphrase" in text or "totp" in text:
        return WrongSecret(gettext("Passphrase salah menurut layanan BSrE: surat tidak "
                                   "ditandatangani dan tidak ada yang berubah."))
    if "tidak terdaftar" in text or "not registered" in text:
        return NotRegistered(gettext("NIK Camat tidak terdaftar sebagai pemilik sertifikat "
                                     "di BSrE; surat tidak ditandatangani."))
    if "pdf" in text or "dokumen" in text:
        return MalformedPdf(gettext("Layanan BSrE menolak berkas surat (PDF tidak sah); "
                                    "surat tidak ditandatangani."))
    if http_status == 401:
        return NotConfigured(gettext("Layanan BSrE menolak kredensial aplikasi "
                                     "(BSRE_USERNAME/BSRE_PASSWORD)."))
    return ServiceUnavailable(gettext("Layanan BSrE sedang bermasalah (HTTP %(kode)d); surat "
                                      "tidak ditandatangani. Coba lagi nanti.",
                                      kode=http_status))
