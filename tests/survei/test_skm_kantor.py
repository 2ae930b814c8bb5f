"""What the office does with the survey: periods, follow-ups, the report PDF, publication
on /ikm, the dashboard card; and who may do it."""
import io
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from app.extensions import db
from app.timefmt import wib_today
from models import CetakLog, OfficeSettings, SkmJawaban, SkmPeriode, SkmTindakLanjut
from tests.survei.test_skm_ikm import answers

Q3 = date(2026, 8, 20)  # a quarter that has ended (the suite runs after 2026-09-30)
KNOWN = ((4, 4, 3, 4, 3, 3, 4, 2, 3), (3, 4, 3, 4, 3, 4, 4, 3, 3),
         (4, 3, 2, 4, 3, 3, 4, 2, 4), (3, 3, 3, 4, 4, 3, 3, 3, 3))  # IKM 82.64, B


def new_period(browser, jenis="triwulan", tahun="2026", nomor="3"):
    return browser.post("/admin/skm-periode/new/", {"jenis": jenis, "tahun": tahun,
                                                    "nomor": nomor},
                        csrf_url="/admin/skm-periode/new/")


def period(jenis="triwulan", tahun=2026, nomor=3) -> SkmPeriode:
    return db.session.execute(db.select(SkmPeriode).filter_by(
        jenis=jenis, tahun=tahun, nomor=nomor)).scalar_one()


def test_camat_makes_a_period_and_sees_its_index(login_as, ctx):
    answers(*KNOWN, tanggal=Q3)
    camat = login_as("camat")
    response = new_period(camat)
    assert response.status_code == 302
    row = period()
    assert (row.dari, row.sampai) == (date(2026, 7, 1), date(2026, 9, 30))
    assert response.headers["Location"].endswith(f"/admin/skm-periode/{row.id}/")
    page = camat.get(f"/admin/skm-periode/{row.id}/").get_data(as_text=True)
    assert "82,64" in page and "Baik" in page and "Triwulan III 2026" in page


@pytest.mark.parametrize("form, message", [
    ({"nomor": "5"}, "Nomor periode harus 1 sampai 4"),
    ({"jenis": "bulan", "nomor": "13"}, "Nomor periode harus 1 sampai 12"),
    ({"tahun": "1999"}, "Tahun harus antara 2000 dan 2100."),
    ({"nomor": ""}, "Nomor periode wajib diisi."),
])
def test_a_wrong_period_is_refused_next_to_the_field(login_as, form, message):
    response = new_period(login_as("sekcam"), **form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.execute(db.select(SkmPeriode)).first() is None


def test_the_same_period_twice_is_refused(login_as, ctx):
    sekcam = login_as("sekcam")
    assert new_period(sekcam).status_code == 302
    again = new_period(sekcam)
    assert again.status_code == 422 and "Periode ini sudah ada." in again.get_data(as_text=True)


def test_publication_puts_the_period_on_the_public_page(app, login_as, ctx):
    public = app.test_client()
    assert "Belum ada hasil survei yang dipublikasikan." in public.get("/ikm").get_data(as_text=True)
    answers(*KNOWN, tanggal=Q3)
    camat = login_as("camat")
    new_period(camat)
    row = period()
    follow = camat.post("/admin/skm-tindak-lanjut/new/", {
        "periode": str(row.id), "unsur": "U8", "tindakan": "Kotak pengaduan dan nomor WhatsApp "
        "pengaduan dipasang di ruang tunggu", "penanggung_jawab": "Kasubag Umum",
        "tenggat": "2026-11-30"}, csrf_url=f"/admin/skm-tindak-lanjut/new/?periode_id={row.id}")
    assert follow.status_code == 302
    assert camat.post(f"/admin/skm-periode/{row.id}/publikasi", {"aksi": "publikasikan"},
                      csrf_url=f"/admin/skm-periode/{row.id}/").status_code == 302
    page = public.get("/ikm").get_data(as_text=True)
    assert "82,64" in page and "Baik" in page and "Triwulan III 2026" in page
    assert "Kotak pengaduan" in page and "Kasubag Umum" in page
    db.session.expire_all()
    assert period().penandatangan_nama == OfficeSettings.get().camat_nama
    # Withdrawn: the public page says so again.
    camat.post(f"/admin/skm-periode/{row.id}/publikasi", {"aksi": "tarik"},
               csrf_url=f"/admin/skm-periode/{row.id}/")
    assert "Belum ada hasil" in public.get("/ikm").get_data(as_text=True)


def test_a_running_or_incomplete_period_cannot_be_published(login_as, ctx):
    camat = login_as("camat")
    today = wib_today()
    new_period(camat, "tahun", str(today.year), "1")
    running = period("tahun", today.year, 1)
    response = camat.post(f"/admin/skm-periode/{running.id}/publikasi", {"aksi": "publikasikan"},
                          csrf_url=f"/admin/skm-periode/{running.id}/")
    assert response.status_code == 303
    assert "Periode belum berakhir" in camat.get(response.headers["Location"]).get_data(as_text=True)
    answers((4, 4, 4, 4, 4, 4, 4, None, 4), tanggal=Q3)
    new_period(camat)
    incomplete = period()
    response = camat.post(f"/admin/skm-periode/{incomplete.id}/publikasi",
                          {"aksi": "publikasikan"}, csrf_url=f"/admin/skm-periode/{incomplete.id}/")
    assert "IKM belum dapat dihitung" in camat.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert period().dipublikasikan_at is None


@pytest.mark.parametrize("role", ["sekretariat", "operator"])
def test_other_roles_see_no_survey_screen(login_as, role):
    browser = login_as(role)
    assert browser.get("/admin/skm-periode/").status_code == 403
    assert browser.get("/admin/skm-tindak-lanjut/").status_code == 403
    assert "kartu-skm" not in browser.get("/admin/").get_data(as_text=True)


def test_admin_reads_but_does_not_manage(login_as, ctx):
    new_period(login_as("camat"))
    row = period()
    admin = login_as("admin")
    assert admin.get(f"/admin/skm-periode/{row.id}/").status_code == 200
    assert new_period(admin, nomor="2").status_code == 403
    assert admin.post(f"/admin/skm-periode/{row.id}/publikasi", {"aksi": "publikasikan"},
                      csrf_url=f"/admin/skm-periode/{row.id}/").status_code == 403
    assert "Publikasikan" not in admin.get(f"/admin/skm-periode/{row.id}/").get_data(as_text=True)


def test_dashboard_card_for_camat_and_sekcam(login_as, ctx):
    today = wib_today()
    answers((4, 4, 4, 4, 4, 4, 4, 4, 1), (4, 4, 4, 4, 4, 4, 4, 4, 2), tanggal=today)
    db.session.add(SkmJawaban(layanan="ktp-el", tanggal=today, u1=3, saran="Antrean tertib"))
    db.session.commit()
    for role in ("camat", "sekcam"):
        page = login_as(role).get("/admin/").get_data(as_text=True)
        assert 'id="kartu-skm"' in page
        # U1 = (4+4+3)/3; the others 4, U9 1.5: IKM = (11/3 + 7*4 + 3/2)/9*25 = 92.13.
        assert "92,13" in page and "Sangat Baik" in page
        assert "Antrean tertib" in page
        assert "terlemah" in page


def test_report_pdf_has_the_figures_the_follow_ups_and_the_signature(app, login_as, ctx,
                                                                     tmp_path):
    answers(*KNOWN[:2], tanggal=Q3, jenis_kelamin="P", umur="u21", pendidikan="sma",
            pekerjaan="swasta")
    answers(*KNOWN[2:], tanggal=Q3, jenis_kelamin="L", umur="u41")
    db.session.add(SkmJawaban(layanan="ktp-el", tanggal=Q3, u1=4, u2=4, u3=4, u4=4, u5=4, u6=4,
                              u7=4, u8=4, u9=4, saran="Pelayanan cepat"))
    db.session.add(SkmJawaban(layanan="ktp-el", tanggal=Q3, u3=2, saran="pelayanan cepat"))
    db.session.commit()
    camat = login_as("camat")
    new_period(camat)
    row = period()
    db.session.add(SkmTindakLanjut(periode_id=row.id, unsur="U3", tindakan="Tambah satu loket",
                                   penanggung_jawab="Sekcam", tenggat=date(2026, 12, 15)))
    db.session.commit()
    response = camat.get(f"/admin/skm-periode/{row.id}/laporan.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "LAPORAN SURVEI KEPUASAN MASYARAKAT" in text and "PEMERINTAH KABUPATEN MAGETAN" in text
    assert "Triwulan III 2026" in text and "1 Juli 2026 s.d. 30 September 2026" in text
    assert "KONSEP" in text  # not published yet
    assert "U8 Penanganan pengaduan, saran dan masukan" in text
    # 6 respondents: U1 (14+4)/5 = 3.60; U3 (11+4+2)/6 = 2.83; the index is defined.
    assert "3,60" in text and "2,83" in text
    assert "Jumlah responden : 6 orang" in text
    assert "Perempuan: 2" in text and "Tidak diisi: 2" in text
    assert "Pelayanan cepat 2" in text  # the same comment counted once, twice given
    assert "Tambah satu loket" in text and "15 Desember 2026" in text
    assert "JAKA PRASTAWA" in text and "19660913 198603 1 007" in text
    assert "Rencana tindak lanjut" in text
    assert db.session.execute(db.select(CetakLog)).scalar().jenis == "laporan_skm"
    if shutil.which("pdftoppm"):  # the pages as images (looked at when the layout changes)
        pdf = tmp_path / "laporan.pdf"
        pdf.write_bytes(response.data)
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "hal")],
                       check=True)
        assert sorted(p.name for p in tmp_path.glob("hal*.png"))


def test_card_shows_the_response_rate_against_files_handed_over(login_as, an_application):
    an_application("diserahkan")
    an_application("diserahkan")
    answers((3,) * 9, tanggal=wib_today())
    page = login_as("camat").get("/admin/").get_data(as_text=True)
    assert "1 responden dari 2 KTP-el yang diserahkan (50,0\u00a0%)" in page
    assert "Sampel minimal: 2 · belum tercapai" in page


def test_the_dashboard_card_is_kept_per_period_and_follows_each_answer(login_as, ctx,
                                                                        statements):
    """Computed once and kept in the database (every server process reads it); a new
    answer or hand-over makes it stale, so the card never shows an old figure."""
    from models import RingkasanSkm

    today = wib_today()
    answers((4, 4, 4, 4, 4, 4, 4, 4, 4), tanggal=today)
    camat = login_as("camat")
    assert "100,00" in camat.get("/admin/").get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(RingkasanSkm.layanan))).scalar() == 1
    with statements:
        camat.get("/admin/")
    assert [s for s in statements if "skm_jawaban" in s and "ringkasan_skm" in s] \
        and not [s for s in statements if "FROM skm_jawaban WHERE" in s
                 and "ringkasan_skm" not in s], str(statements)
    answers((1, 1, 1, 1, 1, 1, 1, 1, 1), tanggal=today)
    page = camat.get("/admin/").get_data(as_text=True)
    assert "62,50" in page and "2 responden" in page
