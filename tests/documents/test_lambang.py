"""The office uploads its own emblem; the letterhead prints it, and only a real image."""
import io
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from app.extensions import db
from models import OfficeSettings

SETTINGS_URL = "/admin/pengaturan/edit/?id=1"


def _png(color=(200, 30, 30), size=(120, 140)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def _form(app, **extra):
    with app.app_context():
        s = OfficeSettings.get()
        form = {c: getattr(s, c) or "" for c in (
            "kabupaten", "kecamatan", "alamat", "kode_pos", "telepon", "email", "kode_wilayah",
            "kode_unit", "format_nomor_register", "camat_nama", "camat_pangkat", "camat_nip",
            "sekcam_nama", "sekcam_pangkat", "sekcam_nip", "ukuran_kertas")}
    form.update(extra)
    return form


def test_uploaded_emblem_is_shown_and_printed(app, login_as, an_application):
    admin = login_as("admin")
    response = admin.post(SETTINGS_URL, _form(app, lambang=(io.BytesIO(_png()), "lambang.png")),
                          csrf_url=SETTINGS_URL, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        name = OfficeSettings.get().logo_path
    assert name and (Path(app.instance_path) / "uploads" / name).is_file()
    preview = admin.get(f"/admin/pengaturan/lambang.png?v={name}")
    assert preview.status_code == 200 and preview.data.startswith(b"\x89PNG")
    assert login_as("camat").get("/admin/pengaturan/lambang.png").status_code == 403

    p = an_application("diajukan")
    pdf = login_as("sekretariat").get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf")
    page = PdfReader(io.BytesIO(pdf.data)).pages[0]
    sizes = {tuple(img.image.size) for img in page.images}
    assert (120, 140) in sizes  # the uploaded emblem, not the placeholder


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(app, login_as):
    admin = login_as("admin")
    forged = b"\x89PNG\r\n\x1a\n<script>alert(1)</script>"
    response = admin.post(SETTINGS_URL, _form(app, camat_nama="CAMAT BARU",
                                              lambang=(io.BytesIO(forged), "lambang.png")),
                          csrf_url=SETTINGS_URL, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Berkas bukan gambar PNG atau JPEG yang utuh." in response.get_data(as_text=True)
    with app.app_context():
        s = db.session.get(OfficeSettings, 1)
        assert s.logo_path is None and s.camat_nama != "CAMAT BARU"
    wrong_type = admin.post(SETTINGS_URL, _form(app, lambang=(io.BytesIO(b"GIF89a"), "x.gif")),
                            csrf_url=SETTINGS_URL, content_type="multipart/form-data")
    assert wrong_type.status_code == 422
    assert "Lambang harus berupa gambar PNG atau JPEG." in wrong_type.get_data(as_text=True)


def _png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of `width` x `height` white pixels, a few kilobytes on disk: its
    rows are compressed as they are made, never held in memory whole."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


def test_an_image_bomb_is_refused_before_it_is_decoded(app, login_as):
    bomb = _png_bomb(6000, 6000)  # 36 million pixels in a few KB; Pillow's own limit is 89
    assert len(bomb) < 40_000
    admin = login_as("admin")
    response = admin.post(SETTINGS_URL, _form(app, camat_nama="CAMAT BARU",
                                              lambang=(io.BytesIO(bomb), "lambang.png")),
                          csrf_url=SETTINGS_URL, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Gambar lambang terlalu besar (6000 × 6000 piksel)" in html
    with app.app_context():
        s = db.session.get(OfficeSettings, 1)
        assert s.logo_path is None and s.camat_nama != "CAMAT BARU"


def test_a_good_emblem_with_a_bad_field_is_not_stored(app, login_as):
    """The upload's validator only checks it; the save stores it, once every field passed."""
    uploads = Path(app.instance_path) / "uploads"
    before = set(uploads.glob("lambang-*")) if uploads.exists() else set()
    response = login_as("admin").post(
        SETTINGS_URL, _form(app, camat_nip="123", lambang=(io.BytesIO(_png((1, 2, 3))), "l.png")),
        csrf_url=SETTINGS_URL, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "NIP harus 18 digit angka." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(OfficeSettings, 1).logo_path is None
    assert (set(uploads.glob("lambang-*")) if uploads.exists() else set()) == before
