"""Data subjects' requests and breaches (UU 27/2022), through the officer's screens: each
on its 3 × 24 hours clock, the access answer as a PDF of everything held about one NIK
(and of no one else), the breach notice as a letter of the office."""
import io
import re
from datetime import timedelta

from pypdf import PdfReader

from app.extensions import db
from app.timefmt import to_wib
from models import InsidenKebocoran, LogBaca, PermintaanSubjek
from models._time import utcnow


def pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)


def typed(moment) -> str:
    return to_wib(moment).strftime("%d/%m/%Y %H.%M")


def record_request(browser, **form):
    return browser.post("/admin/permintaan-subjek/new/", form,
                        csrf_url="/admin/permintaan-subjek/new/")


def test_an_access_request_answers_with_everything_about_that_nik_and_no_one_else(
        app, login_as, an_application):
    mine = an_application("diserahkan", nama="Sulastri Wulandari", jenis_kelamin="P")
    other = an_application("teregister", nama="Joko Purnomo")
    clerk = login_as("sekretariat")
    clerk.get(f"/admin/pemohon/details/?id={mine.pemohon_id}")
    clerk.get(f"/admin/permohonan/{mine.id}/cetak/bukti-serah-terima.pdf")
    clerk.get(f"/admin/pemohon/details/?id={other.pemohon_id}")

    officer = login_as("ppdp")
    saved = record_request(officer, jenis="akses", nik=mine.pemohon.nik,
                           nama="Sulastri Wulandari", diterima_at=typed(utcnow()),
                           isi="Minta salinan seluruh data saya.")
    assert saved.status_code == 302
    with app.app_context():
        r = db.session.execute(db.select(PermintaanSubjek)).scalar_one()
        rid = r.id
    details = officer.get(f"/admin/permintaan-subjek/details/?id={rid}").get_data(as_text=True)
    assert "Berjalan" in details and "Cetak data pribadi pemilik NIK (PDF)" in details

    text = pdf_text(officer.get(f"/admin/permintaan-subjek/{rid}/data-subjek.pdf"))
    flat = re.sub(r"\s+", " ", text)
    assert mine.pemohon.nik in flat and mine.pemohon.no_kk in flat
    assert "Sulastri Wulandari" in flat and mine.nomor_tanda_terima in flat
    assert mine.register.nomor in flat and "Diserahkan" in flat
    assert "Bukti Tanda Terima Penyerahan KTP-el" in flat  # the document issued
    assert "Survei kepuasan diisi Tidak" in flat
    assert "Data pemohon" in flat and "Sekretariat" in flat  # the clerk's reads
    for theirs in (other.pemohon.nik, other.pemohon.nama, other.nomor_tanda_terima):
        assert theirs not in flat
    with app.app_context():
        [printed] = db.session.execute(
            db.select(LogBaca).filter_by(jenis="subjek_akses")).scalars().all()
        assert (printed.pemohon_id, printed.peran) == (mine.pemohon_id, "ppdp")


def test_a_correction_is_answered_and_the_clock_stops_at_the_first_answer(app, login_as,
                                                                          a_pemohon):
    p = a_pemohon()
    officer = login_as("ppdp")
    received = utcnow() - timedelta(days=4)
    assert record_request(officer, jenis="koreksi", nik=p.nik, nama=p.nama,
                          diterima_at=typed(received), isi="Alamat salah.").status_code == 302
    with app.app_context():
        rid = db.session.execute(db.select(PermintaanSubjek.id)).scalar_one()
    listing = officer.get("/admin/permintaan-subjek/").get_data(as_text=True)
    assert "Terlambat" in listing and typed(received + timedelta(hours=72)) in listing
    assert p.nik not in listing  # masked in the list
    home = officer.get("/admin/").get_data(as_text=True)
    assert "Terlambat" in home and f"?id={rid}" in home

    form = {"jenis": "koreksi", "nik": p.nik, "nama": p.nama, "diterima_at": typed(received),
            "isi": "Alamat salah.", "jawaban": "Alamat dibetulkan oleh Sekretariat."}
    edit = f"/admin/permintaan-subjek/edit/?id={rid}"
    assert officer.post(edit, form, csrf_url=edit).status_code == 302
    with app.app_context():
        first = db.session.get(PermintaanSubjek, rid).dijawab_at
    form["jawaban"] += " Pemohon sudah diberi tahu."
    assert officer.post(edit, form, csrf_url=edit).status_code == 302
    with app.app_context():
        r = db.session.get(PermintaanSubjek, rid)
        assert r.dijawab_at == first and r.dijawab_oleh.role == "ppdp" and r.terlambat()
    assert "Selesai, terlambat" in officer.get("/admin/permintaan-subjek/").get_data(as_text=True)
    assert "Semua permintaan sudah dijawab." in officer.get("/admin/").get_data(as_text=True)


def test_a_bad_request_is_refused_by_its_fields_and_nothing_is_saved(app, login_as):
    officer = login_as("ppdp")
    bad = record_request(officer, jenis="akses", nik="35200412", nama="",
                         diterima_at="kemarin")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "NIK harus 16 digit angka." in html
    assert "Tulis waktu sebagai hh/bb/tttt jj.mm" in html
    future = record_request(officer, jenis="akses", nik="3520041705900001", nama="Budi",
                            diterima_at=typed(utcnow() + timedelta(days=2)))
    assert future.status_code == 422 and "masa depan" in future.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(PermintaanSubjek.id))).scalar() == 0
    assert login_as("sekretariat").get("/admin/permintaan-subjek/").status_code == 403


def test_a_breach_is_recorded_with_its_clock_and_its_notice_letter(app, login_as):
    officer = login_as("ppdp")
    found = utcnow() - timedelta(hours=30)
    new = "/admin/insiden-kebocoran/new/"
    saved = officer.post(new, {
        "ditemukan_at": typed(found), "uraian": "Map berkas pemohon tertinggal di angkutan umum.",
        "data_terdampak": "Nama, NIK, nomor KK, alamat", "subjek_terdampak": "Pemohon 3 Desember",
        "jumlah_subjek": "12", "penanganan": "Map dicari dan pemohon dihubungi."}, csrf_url=new)
    assert saved.status_code == 302
    with app.app_context():
        iid = db.session.execute(db.select(InsidenKebocoran.id)).scalar_one()
    assert "Berjalan" in officer.get("/admin/insiden-kebocoran/").get_data(as_text=True)
    for tujuan, kepada in (("subjek", "Para pemilik data pribadi yang terdampak"),
                           ("lembaga", "Lembaga Penyelenggara Pelindungan Data Pribadi")):
        text = re.sub(r"\s+", " ", pdf_text(officer.get(
            f"/admin/insiden-kebocoran/{iid}/pemberitahuan-{tujuan}.pdf")))
        assert "Pemberitahuan Kegagalan Pelindungan Data Pribadi" in text and kepada in text
        assert "Pasal 46" in text and "Map berkas pemohon tertinggal" in text
        assert "(12 orang)" in text and "JAKA PRASTAWA" in text
        assert re.search(r"Nomor : 470/001/403\.404/\d{4}", text), text[:400]
    with app.app_context():  # one outgoing-letter number, kept on reprint
        assert db.session.get(InsidenKebocoran, iid).nomor_surat.startswith("470/001/")
    assert officer.get(f"/admin/insiden-kebocoran/{iid}/pemberitahuan-x.pdf").status_code == 404
    assert login_as("camat").get(
        f"/admin/insiden-kebocoran/{iid}/pemberitahuan-subjek.pdf").status_code == 403
