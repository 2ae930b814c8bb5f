"""Error pages in the user's language, in the public layout (no Flask-Admin context needed)."""
import math
import time

from flask import Flask, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import limiter
from app import domain_errors as kinds
from app.i18n import N_
from app.kantor_publik import wilayah

# The domain's refusals as HTTP answers: the one place that maps a kind to its code.
STATUS = {kinds.Forbidden: 403, kinds.NotFound: 404, kinds.Conflict: 409, kinds.Expired: 410,
          kinds.InvalidInput: 422, kinds.LimitReached: 429, kinds.Unavailable: 503}


def http_status(exc: kinds.DomainError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 422)


MESSAGES = {
    400: (N_("Permintaan tidak valid"),
          N_("Permintaan tidak dapat diproses. Muat ulang halaman lalu coba lagi.")),
    403: (N_("Akses ditolak"),
          N_("Peran Anda tidak berwenang membuka halaman atau menjalankan tindakan ini.")),
    404: (N_("Tidak ditemukan"),
          N_("Halaman atau data yang Anda cari tidak ada.")),
    405: (N_("Metode tidak diizinkan"),
          N_("Alamat ini tidak menerima permintaan semacam itu.")),
    409: (N_("Data sudah berubah"),
          N_("Data telah diubah oleh petugas lain. Muat ulang halaman.")),
    413: (N_("Berkas terlalu besar"),
          N_("Berkas yang dikirim melebihi batas ukuran.")),
    429: (N_("Terlalu banyak permintaan"),
          N_("Terlalu banyak permintaan dari alamat Anda. Tunggu sebentar lalu coba lagi.")),
    500: (N_("Terjadi kesalahan"),
          N_("Terjadi kesalahan pada sistem. Petugas TI telah dapat melihatnya di log.")),
}


def _handler(code: int):
    def handle(error):
        title, text = (gettext(s) for s in MESSAGES[code])
        if isinstance(error, CSRFError):
            text = gettext("Token keamanan formulir (CSRF) tidak ada atau kedaluwarsa. "
                           "Muat ulang halaman lalu kirim kembali.")
        elif code in (400, 429) and _own_description(error):
            text = error.description  # our refusals and limits carry their own message
        headers = _retry_after() if code == 429 else {}
        if request.accept_mimetypes.best == "application/json":
            return {"error": title, "message": text}, code, headers
        return render_template("errors.html", code=code, title=title, text=text,
                               nama_wilayah=_nama_wilayah()), code, headers
    return handle


def _nama_wilayah() -> dict:
    """The header's names, or none when the database is what failed: the page must still
    say the error, not raise a second one."""
    try:
        return wilayah()
    except SQLAlchemyError:
        return {"kecamatan": None, "kabupaten": None}


def _retry_after() -> dict:
    """When a refused limit lets the client in again. (The limiter's own headers are off:
    they put a minute window's reset on every answer, even over a shorter wait of ours.)"""
    limit = limiter.current_limit
    if limit is None or not limit.breached:
        return {}
    try:
        reset = limit.window.reset_time
    except Exception:  # the shared storage went away since: the refusal still stands
        return {}
    return {"Retry-After": str(max(1, math.ceil(reset - time.time())))}


def _own_description(error) -> bool:
    """A description given at `abort(code, description=...)`, not Werkzeug's English one."""
    description = getattr(error, "description", None)
    return isinstance(description, str) and description != type(error).description


def init_app(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _handler(code))
