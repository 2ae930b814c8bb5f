"""The register-number format in the office settings: checked by the service the way the
counter will use it (every number 1..9999 of a year, each year), not by two samples."""
import pytest

from app.extensions import db
from app.services.numbering import cek_format_register
from models import OfficeSettings

UNIT = "403.404"


@pytest.mark.parametrize("fmt", [
    "471.13/{nomor:04d}/{kode_unit}/{tahun}", "{tahun}-{nomor}", "KTP/{nomor:05d}/{tahun}"])
def test_good_formats_pass(ctx, fmt):
    assert cek_format_register(fmt, UNIT) is None


@pytest.mark.parametrize("fmt,words", [
    ("471.13/{nomor:04d}/" + "x" * 60 + "/{tahun}", "terlalu panjang"),   # 78 characters
    ("471.13/{nomor:.0e}/{tahun}", "nomor yang sama"),                     # 2e+00 == 2e+00
    ("471.13/{nomor:.1}/{tahun}", "format angka"),
    ("471.13/{nomor:04d}/{kode_unit}", "{nomor} dan {tahun}"),            # restarts each year
    ("471.13/{kode_unit}/{tahun}", "{nomor} dan {tahun}"),
    ("471.13/{nomor:04d}/{tahun:.0e}", "nomor yang sama"),                 # 2026 == 2027
    ("471.13/{nomor}/{tahun}/{rahasia}", "hanya boleh"),
    ("471.13/{nomor.real}/{tahun}", "hanya boleh"),
    ("471.13/{nomor}/{tahun", "kurung kurawal"),
])
def test_bad_formats_are_refused_with_the_reason(ctx, fmt, words):
    assert words in (cek_format_register(fmt, UNIT) or "")


def test_settings_form_refuses_a_format_that_overflows_the_column(app, login_as):
    browser = login_as("admin")
    with app.app_context():
        s = OfficeSettings.get()
        form = {c.name: getattr(s, c.name) or "" for c in OfficeSettings.__table__.columns
                if c.name not in ("id", "logo_path")}
    form["format_nomor_register"] = "471.13/{nomor:04d}/" + "x" * 60 + "/{tahun}"
    response = browser.post("/admin/pengaturan/edit/?id=1", form,
                            csrf_url="/admin/pengaturan/edit/?id=1")
    assert response.status_code == 422
    assert "terlalu panjang" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(OfficeSettings, 1).format_nomor_register.startswith("471.13/{nomor")
        assert "x" * 60 not in db.session.get(OfficeSettings, 1).format_nomor_register
