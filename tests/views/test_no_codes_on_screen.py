"""Codes the office never wrote stay off the screens (issue 23): the survey report in the
print log, the signing mode in the settings."""
from datetime import date

from app.extensions import db
from models import SkmPeriode
from tests.views.test_log_screens import cells


def test_the_survey_report_is_named_in_the_print_log(app, login_as, ctx):
    row = SkmPeriode(layanan="ktp-el", jenis="triwulan", tahun=2026, nomor=3,
                     dari=date(2026, 7, 1), sampai=date(2026, 9, 30))
    db.session.add(row)
    db.session.commit()
    camat = login_as("camat")
    assert camat.get(f"/admin/skm-periode/{row.id}/laporan.pdf").status_code == 200
    html = camat.get("/admin/log-cetak/").get_data(as_text=True)
    shown = cells(html)
    assert "Laporan SKM" in shown and "laporan_skm" not in " ".join(shown)


def test_the_signing_mode_is_said_in_words(app, login_as):
    html = login_as("admin").get("/admin/pengaturan/edit/?id=1").get_data(as_text=True)
    assert "(SIGNER)" not in html and ": none" not in html
    assert "Tanda tangan elektronik: tidak dipakai: dokumen ditandatangani basah." in html
