"""For the electronic-signature tests: a throwaway CA and a Camat's certificate made with
cryptography, and a stand-in for BSrE's signing service (a real HTTP server on
127.0.0.1 with the v2 shape and its error answers), which signs with pyHanko."""
from __future__ import annotations

import base64
import io
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class TestCert:
    p12: bytes
    passphrase: str
    ca_pem: bytes
    ca_asn1: asn1_x509.Certificate


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pemerintah Kabupaten Magetan"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_cert(cn: str = "JAKA PRASTAWA", passphrase: str = "Sandi-Camat#2026",
              days: int = 365, self_signed: bool = False,
              start: datetime | None = None) -> TestCert:
    """A certificate for the Camat from a test CA (or signed by itself), valid `days` from
    `start` (five minutes ago by default)."""
    now = start or datetime.now(timezone.utc) - timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("CA Uji Takeran"))
          .issuer_name(_name("CA Uji Takeran")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now)
          .not_valid_after(now + timedelta(days=days + 1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                       False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(cn))
            .issuer_name(_name(cn) if self_signed else ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=days))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .sign(key if self_signed else ca_key, hashes.SHA256()))
    p12 = pkcs12.serialize_key_and_certificates(
        b"camat", key, cert, [ca], serialization.BestAvailableEncryption(passphrase.encode()))
    der = ca.public_bytes(serialization.Encoding.DER)
    return TestCert(p12, passphrase, ca.public_bytes(serialization.Encoding.PEM),
                    asn1_x509.Certificate.load(der))


class _StandIn:
    """A real HTTP server on a free port of 127.0.0.1 (`self.server`, set by `start`)."""
    server: ThreadingHTTPServer | None

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def _serve(self, handler):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # shutdown() waits for the loop's next look at its flag: every 50 ms, not 0.5 s
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class BsreStandIn(_StandIn):
    """BSrE v2 as the technical guide describes it, for one registered signer."""
    cert: TestCert
    nik: str
    username: str = "aplikasi-takeran"
    password: str = "kunci-aplikasi"
    delay: float = 0.0            # seconds before answering: a slow service
    reject_pdf: bool = False      # answer as for a PDF BSrE cannot read
    status: str = "ISSUE"         # the registered signer's certificate status
    error_with_200: bool = False  # answer a wrong passphrase with HTTP 200 and an error body
    requests: list = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return self.address

    def start(self) -> "BsreStandIn":
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, body: dict):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                standin.requests.append((self.path, raw))
                if standin.delay:
                    time.sleep(standin.delay)
                expected = "Basic " + base64.b64encode(
                    f"{standin.username}:{standin.password}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._answer(401, {"error": "Unauthorized"})
                # The answers' shape as public code shows it (app/signing/bsre.py and
                # docs/tte-bsre.md name the sources): errors as {error, status_code}.
                try:
                    body = json.loads(raw)
                except ValueError:
                    return self._answer(400, {"error": "Request tidak valid"})
                if self.path == "/api/v2/user/check/status":
                    if body.get("nik") != standin.nik:
                        return self._answer(200, {"status": "NOT_REGISTERED"})
                    return self._answer(200, {"status": standin.status})
                if self.path != "/api/v2/sign/pdf":
                    return self._answer(404, {"error": "Not found"})
                if body.get("nik") != standin.nik:
                    # (no public source shows this answer's words or code)
                    return self._answer(400, {"error": "User tidak terdaftar"})
                if body.get("passphrase") != standin.cert.passphrase:
                    return self._answer(200 if standin.error_with_200 else 400,
                                        {"error": "Passphrase anda salah", "status_code": 2031})
                try:
                    pdf = base64.b64decode(body["file"][0], validate=True)
                    if standin.reject_pdf or not pdf.startswith(b"%PDF"):
                        raise ValueError
                    signed = standin.sign(pdf, body["signatureProperties"][0])
                except Exception:
                    return self._answer(400, {
                        "error": "Proses signing gagal : com.itextpdf.text.exceptions."
                                 "InvalidPdfException: Rebuild failed"})
                return self._answer(200, {"file": [base64.b64encode(signed).decode()]})

        return self._serve(Handler)

    def sign(self, pdf: bytes, prop: dict) -> bytes:
        from PIL import Image
        from pyhanko.pdf_utils import images
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko.stamp import StaticStampStyle

        signer = signers.SimpleSigner.load_pkcs12_data(
            self.cert.p12, other_certs=(), passphrase=self.cert.passphrase.encode())
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        style = None
        if prop.get("tampilan") == "VISIBLE":
            x, y = float(prop["originX"]), float(prop["originY"])
            box = (x, y, x + float(prop["width"]), y + float(prop["height"]))
            fields.append_signature_field(writer, fields.SigFieldSpec(
                "BSrE", on_page=int(prop["page"]) - 1, box=box))
            image = Image.open(io.BytesIO(base64.b64decode(prop["imageBase64"])))
            style = StaticStampStyle(background=images.PdfImage(image), border_width=0)
        out = io.BytesIO()
        signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="BSrE", reason=prop.get("reason"),
                                         location=prop.get("location"),
                                         subfilter=fields.SigSeedSubFilter.PADES),
            signer=signer, stamp_style=style).sign_pdf(writer, output=out)
        return out.getvalue()


@dataclass
class TsaStandIn(_StandIn):
    """An RFC 3161 time-stamping authority on 127.0.0.1: pyHanko's test TSA behind a
    real HTTP server, with its own self-signed certificate."""
    root: asn1_x509.Certificate | None = None
    server: ThreadingHTTPServer | None = None
    requests: int = 0

    @property
    def url(self) -> str:
        return self.address + "/tsa"

    def start(self) -> "TsaStandIn":
        from asn1crypto import keys, tsp
        from pyhanko.sign.timestamps import DummyTimeStamper

        from cryptography.hazmat.primitives.asymmetric import rsa

        now = datetime.now(timezone.utc) - timedelta(minutes=5)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA is RSA-only
        cert = (x509.CertificateBuilder().subject_name(_name("TSA Uji Takeran"))
                .issuer_name(_name("TSA Uji Takeran")).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(now)
                .not_valid_after(now + timedelta(days=30))
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                               critical=True)
                .sign(key, hashes.SHA256()))
        self.root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        stamper = DummyTimeStamper(
            tsa_cert=self.root,
            tsa_key=keys.PrivateKeyInfo.load(key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())))
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                standin.requests += 1
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                answer = stamper.request_tsa_response(tsp.TimeStampReq.load(raw)).dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        return self._serve(Handler)
