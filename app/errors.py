"""Error pages in Indonesian, in the public layout (no Flask-Admin context needed)."""
from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: ("Permintaan tidak valid", "Permintaan tidak dapat diproses. Muat ulang halaman lalu coba lagi."),
    403: ("Akses ditolak", "Peran Anda tidak berwenang membuka halaman atau menjalankan tindakan ini."),
    404: ("Tidak ditemukan", "Halaman atau data yang Anda cari tidak ada."),
    405: ("Metode tidak diizinkan", "Alamat ini tidak menerima permintaan semacam itu."),
    409: ("Data sudah berubah", "Data telah diubah oleh petugas lain. Muat ulang halaman."),
    413: ("Berkas terlalu besar", "Berkas yang dikirim melebihi batas ukuran."),
    429: ("Terlalu banyak permintaan", "Terlalu banyak permintaan dari alamat Anda. Tunggu sebentar lalu coba lagi."),
    500: ("Terjadi kesalahan", "Terjadi kesalahan pada sistem. Petugas TI telah dapat melihatnya di log."),
}


def _handler(code: int):
    def handle(error):
        title, text = MESSAGES[code]
        if isinstance(error, CSRFError):
            text = ("Token keamanan formulir (CSRF) tidak ada atau kedaluwarsa. "
                    "Muat ulang halaman lalu kirim kembali.")
        elif code == 429 and isinstance(getattr(error, "description", None), str):
            text = error.description  # our limits carry an Indonesian message
        if request.accept_mimetypes.best == "application/json":
            return {"error": title, "message": text}, code
        return render_template("errors.html", code=code, title=title, text=text), code
    return handle


def init_app(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _handler(code))
