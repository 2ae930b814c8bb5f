"""Complaints from the public form to the answer: what the complainant, the office and an
outsider see; bad input refused beside its field with nothing saved; the status page opens
only with the number and its code (or the phone's last digits)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from app.extensions import db
from models import LogBaca, Pengaduan
from tests.conftest import Browser

FORM = {"nama": "Sri Wahyuni", "telepon": "0812-3456-7890", "email": "",
        "kategori": "waktu", "isi": "Sudah tiga minggu KTP-el saya belum jadi, tanpa kabar.",
        "nomor_tanda_terima": "", "nik_akhir": ""}


@pytest.fixture
def warga(app):
    """A resident at the public pages: no login, the page's own CSRF token."""
    return Browser(app.test_client())


def kirim(warga: Browser, **changes):
    return warga.post("/pengaduan", {**FORM, **changes}, csrf_url="/pengaduan")


def kirim_dan_baca(warga: Browser, **changes) -> tuple[str, str]:
    response = kirim(warga, **changes)
    assert response.status_code == 303, response.get_data(as_text=True)
    html = warga.get(response.headers["Location"]).get_data(as_text=True)
    nomor = re.search(r'id="nomor-pengaduan">([^<]+)<', html).group(1)
    kode = re.search(r'id="kode-pengaduan">([^<]+)<', html).group(1)
    return nomor, kode


def status(warga: Browser, nomor: str, bukti: str):
    return warga.post("/pengaduan/status", {"nomor": nomor, "bukti": bukti},
                      csrf_url="/pengaduan/status")


def count() -> int:
    return db.session.execute(db.select(db.func.count(Pengaduan.id))).scalar()


def test_a_complaint_gets_a_number_and_a_code_shown_once(app, warga, ctx):
    nomor, kode = kirim_dan_baca(warga)
    year = datetime.now().year
    assert re.fullmatch(rf"PGD/{year}/00001", nomor) and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", kode)
    again = warga.get("/pengaduan/terkirim")  # a reload: the code is not shown again
    assert again.status_code == 302 and kode not in again.get_data(as_text=True)
    row = db.session.execute(db.select(Pengaduan)).scalar_one()
    assert row.telepon == "081234567890" and kode.replace("-", "") not in row.kode_hash
    html = status(warga, nomor, kode).get_data(as_text=True)
    assert "Diterima" in html and FORM["isi"] in html and "Belum ada jawaban" in html
    assert status(warga, nomor, "7890").status_code == 200  # the phone's last digits


@pytest.mark.parametrize("changes, field, message", [
    ({"nama": ""}, "nama", "Nama wajib diisi."),
    ({"telepon": "12345"}, "telepon", "Nomor HP/WhatsApp tidak valid"),
    ({"email": "bukan-surel"}, "email", "Alamat surel tidak valid"),
    ({"kategori": "sembarang"}, "kategori", "Pilihan tidak sah."),
    ({"kategori": ""}, "kategori", "Pilih kategori pengaduan."),
    ({"isi": "pendek"}, "isi", "Isi pengaduan 20 sampai 2.000 huruf."),
    ({"isi": "Tidak ada kabar\x00 sama sekali dari kantor."}, "isi", "karakter"),
    ({"nomor_tanda_terima": "51"}, "nik_akhir", "ketik juga 6 angka terakhir NIK"),
    ({"nomor_tanda_terima": "51", "nik_akhir": "12ab56"}, "nik_akhir",
     "Ketik tepat 6 angka terakhir NIK."),
    ({"nik_akhir": "123456"}, "nik_akhir", "hanya dipakai bersama nomor tanda terima"),
])
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(
        warga, ctx, changes, field, message):
    response = kirim(warga, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    feedback = re.search(rf'id="galat-{field}">([^<]+)<', html)
    assert feedback and message.lower() in feedback.group(1).lower(), html[-3000:]
    assert count() == 0


def test_without_csrf_nothing_is_saved(client, ctx):
    assert client.post("/pengaduan", data=FORM).status_code in (400, 422)
    assert count() == 0


def test_the_choice_list_is_indonesian(warga):
    html = warga.get("/pengaduan").get_data(as_text=True)
    assert "Waktu penyelesaian" in html and "Kirim pengaduan" in html


def test_an_outsider_cannot_read_another_complaint(app, warga, ctx):
    nomor_a, kode_a = kirim_dan_baca(warga)
    nomor_b, _ = kirim_dan_baca(warga, nama="Budi", telepon="085799990000",
                                isi="Petugas loket meminta uang tambahan untuk map.")
    orang_lain = Browser(app.test_client())
    for nomor, bukti in ((nomor_b, kode_a), (nomor_b, "7890"), (nomor_a, "AAAA-AAAA"),
                         (nomor_a, "0000"), ("PGD/2026/09999", kode_a)):
        response = status(orang_lain, nomor, bukti)
        html = response.get_data(as_text=True)
        assert response.status_code == 404, (nomor, bukti)
        assert "tidak cocok dengan data kami" in html
        assert "uang tambahan" not in html and "tiga minggu" not in html


def test_guessing_codes_is_stopped_per_address(app, warga, ctx):
    nomor, kode = kirim_dan_baca(warga)
    penebak = Browser(app.test_client())
    codes = [status(penebak, nomor, f"{n:04d}").status_code for n in range(11)]
    assert codes[:10] == [404] * 10 and codes[10] == 429
    assert status(penebak, nomor, kode).status_code == 429  # even the right one, for now


def test_a_receipt_number_ties_the_file_only_with_the_nik_end_and_says_nothing_else(
        app, warga, an_application):
    p = an_application("teregister")
    nomor_pendek = str(int(p.nomor_tanda_terima.split("/")[1]))
    pages = []
    for nomor, nik_akhir in ((nomor_pendek, p.pemohon.nik[-6:]), (nomor_pendek, "000000"),
                             ("9999", "000000")):
        response = kirim(warga, nomor_tanda_terima=nomor, nik_akhir=nik_akhir)
        assert response.status_code == 303
        pages.append(warga.get(response.headers["Location"]).get_data(as_text=True))
    # Alike but for the number, the code and the signed CSRF token's timestamp.
    strip = [re.sub(r'id="(nomor|kode)-pengaduan">[^<]+<|name="csrf_token" value="[^"]+"', "",
                    html) for html in pages]
    assert strip[0] == strip[1] == strip[2]  # a guess learns nothing
    db.session.expire_all()
    rows = db.session.execute(db.select(Pengaduan).order_by(Pengaduan.id)).scalars().all()
    assert [r.permohonan_id for r in rows] == [p.id, None, None]
    assert [r.nomor_tanda_terima for r in rows] == [nomor_pendek, nomor_pendek, "9999"]


def test_staff_assign_answer_close_and_the_complainant_reads_the_answer(
        app, warga, login_as, users, ctx):
    nomor, kode = kirim_dan_baca(warga)
    row = db.session.execute(db.select(Pengaduan)).scalar_one()
    sekcam = login_as("sekcam")
    page = f"/admin/pengaduan/details/?id={row.id}"
    html = sekcam.get(page).get_data(as_text=True)
    assert "Sri Wahyuni" in html and FORM["isi"] in html
    assert sekcam.post(f"/admin/pengaduan/{row.id}/tugaskan",
                       {"petugas": str(users["sekretariat"].id)},
                       csrf_url=page).status_code == 303
    assert sekcam.post(f"/admin/pengaduan/{row.id}/jawab", {"jawaban": "pendek"},
                       csrf_url=page).status_code == 422
    jawaban = "KTP-el Anda sudah dicetak di Dinas dan dapat diambil di kecamatan besok."
    assert sekcam.post(f"/admin/pengaduan/{row.id}/jawab", {"jawaban": jawaban},
                       csrf_url=page).status_code == 303
    assert sekcam.post(f"/admin/pengaduan/{row.id}/tutup", {},
                       csrf_url=page).status_code == 303
    db.session.expire_all()
    row = db.session.get(Pengaduan, row.id)
    assert row.status == "selesai" and row.petugas_id == users["sekretariat"].id
    html = status(warga, nomor, kode).get_data(as_text=True)
    assert jawaban in html and "Selesai" in html
    # Reading the complainant's data is in the read log.
    assert db.session.execute(db.select(LogBaca).where(LogBaca.jenis == "pengaduan")).scalar()


def test_a_desk_that_only_reads_cannot_answer(app, warga, login_as, ctx):
    kirim_dan_baca(warga)
    row = db.session.execute(db.select(Pengaduan)).scalar_one()
    operator = login_as("operator")
    page = f"/admin/pengaduan/details/?id={row.id}"
    assert operator.get(page).status_code == 200
    assert operator.post(f"/admin/pengaduan/{row.id}/jawab", {"jawaban": "x" * 20},
                         csrf_url=page).status_code == 403
    assert login_as("admin").get(page).status_code == 403


def test_staff_record_a_complaint_from_lapor_with_its_tracking_number(login_as, ctx):
    sekretariat = login_as("sekretariat")
    form = {"sumber": "lapor", "nomor_lapor": "", "nama": "Anonim LAPOR", "telepon":
            "081111222233", "email": "", "kategori": "biaya",
            "isi": "Dilaporkan lewat lapor.go.id: ada pungutan di loket."}
    refused = sekretariat.post("/admin/pengaduan/new/", form, csrf_url="/admin/pengaduan/new/")
    assert refused.status_code == 422 and "nomor pelacakannya" in refused.get_data(as_text=True)
    assert count() == 0
    form["nomor_lapor"] = "TLPR-7KX3P"
    saved = sekretariat.post("/admin/pengaduan/new/", form, csrf_url="/admin/pengaduan/new/")
    assert saved.status_code == 302
    row = db.session.execute(db.select(Pengaduan)).scalar_one()
    assert (row.sumber, row.nomor_lapor) == ("lapor", "TLPR-7KX3P")
    html = sekretariat.get(saved.headers["Location"]).get_data(as_text=True)
    assert "TLPR-7KX3P" in html and "Kode rahasia untuk pengadu" in html


def test_late_complaints_on_the_dashboard(login_as, ctx):
    from app.services import pengaduan
    row, _ = pengaduan.ajukan(pengaduan.Isian(nama="Sri", telepon="081234567890",
                                              kategori="waktu", isi="Sudah lama menunggu."))
    fresh, _ = pengaduan.ajukan(pengaduan.Isian(nama="Adi", telepon="081234567891",
                                                kategori="waktu", isi="Baru saja ke kantor."))
    html = login_as("camat").get("/admin/").get_data(as_text=True)
    assert 'id="pengaduan-terlambat"' not in html and "Tidak ada pengaduan yang terlambat" in html
    row.created_at = datetime.utcnow() - timedelta(days=40)  # past 14 working days
    db.session.commit()
    html = login_as("camat").get("/admin/").get_data(as_text=True)
    card = html.split('id="pengaduan-terlambat"')[1].split("</ul>")[0]
    assert row.nomor in card and fresh.nomor not in card and "belum ditugaskan" in card
    assert 'id="kartu-pengaduan"' not in login_as("admin").get("/admin/").get_data(as_text=True)
    operator = login_as("operator").get("/admin/").get_data(as_text=True)
    assert row.nomor in operator.split('id="kartu-pengaduan"')[1]  # every desk reads them


def test_the_service_standard_page_shows_the_settings_and_the_channel(login_as, client, ctx):
    from models import OfficeSettings
    s = OfficeSettings.get()
    s.maklumat_pelayanan = "Kami sanggup melayani sesuai standar pelayanan."
    s.standar_pelayanan = "Waktu penyelesaian KTP-el: 14 hari kerja. Biaya: gratis."
    s.pengaduan_hari = 10
    db.session.commit()
    html = client.get("/standar-pelayanan").get_data(as_text=True)
    assert s.maklumat_pelayanan in html and s.standar_pelayanan in html
    assert "paling lambat 10 hari kerja" in html and 'href="/pengaduan"' in html
    assert "SP4N-LAPOR!" in html and "Belum ada hasil survei" in html


def test_the_admin_edits_the_standard_and_refuses_more_than_sixty_days(app, login_as, ctx):
    from models import OfficeSettings
    admin = login_as("admin")
    page = admin.get("/admin/pengaturan/edit/?id=1").get_data(as_text=True)
    assert "Maklumat pelayanan" in page and "Batas jawaban pengaduan" in page
    fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page))
    fields.update({"pengaduan_hari": "61", "maklumat_pelayanan": "Janji kami."})
    fields.pop("csrf_token", None)
    refused = admin.post("/admin/pengaturan/edit/?id=1", fields,
                         csrf_url="/admin/pengaturan/edit/?id=1")
    assert refused.status_code == 422 and "Antara 1 dan 60 hari kerja" in refused.get_data(
        as_text=True)
    db.session.expire_all()
    assert OfficeSettings.get().pengaduan_hari == 14
