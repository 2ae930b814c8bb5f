"""The administrator's screens of messages to residents: the templates, checked on save
with the message beside the field; what was sent and what failed, with each attempt;
the applicant's consent and channel on the applicant's form; the office's channels."""
import html
import re

from app.extensions import db
from app.notifikasi import outbox
from models import OfficeSettings, Pemohon, PercobaanPesan, Pesan, TemplatPesan
from models.notifikasi import GAGAL, MENUNGGU


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_template_with_an_unknown_variable_is_refused_beside_the_field(login_as):
    admin = login_as("admin")
    page = admin.get("/admin/templat-pesan/")
    assert page.status_code == 200 and "Berkas disahkan Camat" in text(page)
    for isi, reason in (
            ("Yth. {nama_lengkap}, cek {tautan}", "Variabel {nama_lengkap} tidak dikenal"),
            ("Yth. {nama_depan.__class__} {tautan}", "tidak dikenal"),
            ("Yth. {nama_depan}, berkas Anda disahkan.", "harus memuat {tautan}"),
            ("Yth. {nama_depan, cek {tautan}", "tidak berpasangan"),
            ("Yth. {nama_depan} {tautan} }", "tidak berpasangan"),
            ("", "wajib diisi")):
        refused = admin.post("/admin/templat-pesan/sah", {"isi": isi})
        assert refused.status_code == 422, isi
        feedback = re.search(r'<div class="invalid-feedback d-block">([^<]*)</div>',
                             refused.get_data(as_text=True))
        assert feedback and reason in html.unescape(feedback.group(1)), (isi, feedback)
    assert db.session.execute(db.select(TemplatPesan)).first() is None  # nothing saved
    example = text(admin.get("/admin/templat-pesan/sah"))
    assert "Contoh pesan yang diterima pemohon" in example
    assert "Yth. Budi, berkas permohonan TT/00051/403.404/2026 telah disahkan" in example


def test_the_office_wording_is_what_the_next_message_says(app, login_as, users, a_pemohon,
                                                          monkeypatch):
    admin = login_as("admin")
    saved = admin.post("/admin/templat-pesan/terdaftar", {
        "isi": "Halo {nama_depan}, berkas {nomor_tanda_terima} teregister. {tautan}"})
    assert saved.status_code == 302
    assert "Halo {nama_depan}" in text(admin.get("/admin/templat-pesan/"))
    settings = OfficeSettings.get()
    settings.notifikasi_wa = True
    budi = a_pemohon()
    budi.notifikasi_setuju, budi.notifikasi_kanal, budi.telepon = True, "wa", "081234567890"
    db.session.commit()
    from app.services import permohonan as permohonan_service
    from app.workflow import engine
    p = permohonan_service.record(budi, "baru", users["sekretariat"])
    p = permohonan_service.tick(p, {s.kode for s in p.syarat}, users["sekretariat"])
    engine.perform(p.id, "register", users["sekretariat"])
    isi = db.session.execute(db.select(Pesan.isi)).scalar_one()
    assert isi.startswith(f"Halo Budi, berkas {p.nomor_tanda_terima} teregister. http")
    back = admin.post("/admin/templat-pesan/terdaftar/bawaan")
    assert back.status_code == 302
    assert db.session.execute(db.select(TemplatPesan)).first() is None


def test_the_screen_of_messages_shows_sent_and_failed_with_each_attempt(login_as,
                                                                         an_application):
    p = an_application("teregister")
    sent = Pesan(permohonan_id=p.id, peristiwa="terdaftar", kanal="wa",
                 tujuan="6281234567890", isi="Yth. Budi, …", status="terkirim", percobaan=1)
    failed = Pesan(permohonan_id=p.id, peristiwa="sah", kanal="email",
                   tujuan="budi@contoh.id", isi="Yth. Budi, …", status=GAGAL, percobaan=8)
    db.session.add_all([sent, failed])
    db.session.flush()
    db.session.add(PercobaanPesan(pesan_id=failed.id, berhasil=False,
                                  jawaban="HTTP 503: gateway sibuk"))
    db.session.commit()
    admin = login_as("admin")
    page = text(admin.get("/admin/pesan/"))
    assert "Terkirim" in page and "Gagal" in page and "HTTP 503: gateway sibuk" in page
    assert "6281234567890" not in page and "budi@contoh.id" not in page  # masked
    assert "62812••••7890" in page and "b•••@contoh.id" in page
    only_failed = text(admin.get("/admin/pesan/?flt0_0=gagal"))
    assert "b•••@contoh.id" in only_failed and "62812••••7890" not in only_failed
    exported = admin.get("/admin/pesan/export/csv/").get_data(as_text=True)
    assert "62812••••7890" in exported and "6281234567890" not in exported
    detail = text(admin.get(f"/admin/pesan/details/?id={failed.id}"))
    assert "Percobaan pengiriman" in detail and "HTTP 503: gateway sibuk" in detail
    again = admin.post("/admin/pesan/action/", {"action": "kirim_ulang",
                                                "rowid": [str(failed.id), str(sent.id)]},
                       csrf_url="/admin/pesan/")
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Pesan, failed.id).status == MENUNGGU
    assert db.session.get(Pesan, sent.id).status == "terkirim"  # a sent one stays sent
    assert login_as("sekretariat").get("/admin/pesan/").status_code == 403


def _pemohon_form(p: Pemohon, **changes) -> dict:
    data = {"nik": p.nik, "no_kk": p.no_kk, "nama": p.nama, "tempat_lahir": p.tempat_lahir,
            "tanggal_lahir": p.tanggal_lahir.strftime("%d/%m/%Y"),
            "jenis_kelamin": p.jenis_kelamin, "status_perkawinan": p.status_perkawinan,
            "alamat": p.alamat, "rt": p.rt, "rw": p.rw, "desa": str(p.desa_id),
            "telepon": p.telepon or "", "email": p.email or "", "notifikasi_kanal": ""}
    data.update(changes)
    return data


def test_consent_and_channel_on_the_applicants_form(login_as, a_pemohon):
    settings = OfficeSettings.get()
    settings.notifikasi_wa = True
    db.session.commit()
    budi = a_pemohon()
    clerk = login_as("sekretariat")
    url = f"/admin/pemohon/edit/?id={budi.id}"
    refused = clerk.post(url, _pemohon_form(budi, notifikasi_setuju="y",
                                            notifikasi_kanal="wa"), csrf_url=url)
    assert refused.status_code == 422
    assert "Isi nomor WhatsApp pemohon" in text(refused)
    off = clerk.post(url, _pemohon_form(budi, notifikasi_setuju="y", notifikasi_kanal="email",
                                        email="budi@contoh.id"), csrf_url=url)
    assert off.status_code == 422 and "Kantor belum memakai saluran Surel" in text(off)
    db.session.expire_all()
    assert not db.session.get(Pemohon, budi.id).notifikasi_setuju  # nothing half-saved
    saved = clerk.post(url, _pemohon_form(budi, notifikasi_setuju="y", notifikasi_kanal="wa",
                                          telepon="081234567890"), csrf_url=url)
    assert saved.status_code == 302
    db.session.expire_all()
    budi = db.session.get(Pemohon, budi.id)
    assert budi.notifikasi_setuju and budi.notifikasi_kanal == "wa" and budi.notifikasi_setuju_at


def test_the_office_chooses_its_channels_in_its_settings(app, login_as, monkeypatch):
    from tests.documents.test_lambang import SETTINGS_URL, _form

    admin = login_as("admin")
    page = text(admin.get(SETTINGS_URL))
    assert "Kirim pesan ke pemohon lewat WhatsApp" in page
    assert "Kirim pesan ke pemohon lewat surel" in page
    # A channel the server cannot use yet is refused beside its box; nothing is saved.
    refused = admin.post(SETTINGS_URL, _form(app, notifikasi_wa="y", notifikasi_email="y"),
                         csrf_url=SETTINGS_URL)
    assert refused.status_code == 422
    assert "Gateway WhatsApp belum diatur di server" in text(refused)
    assert "Server surel belum diatur di server" in text(refused)
    db.session.expire_all()
    assert not OfficeSettings.get().notifikasi_wa
    monkeypatch.setitem(app.config, "NOTIFY_WA_URL", "http://127.0.0.1:9/send")
    saved = admin.post(SETTINGS_URL, _form(app, notifikasi_wa="y"), csrf_url=SETTINGS_URL)
    assert saved.status_code == 302
    db.session.expire_all()
    assert OfficeSettings.get().notifikasi_wa and not OfficeSettings.get().notifikasi_email


def test_the_complaint_message_has_its_template_and_its_row_in_the_log(login_as, users):
    from app.services import pengaduan

    admin = login_as("admin")
    listing = text(admin.get("/admin/templat-pesan/"))
    assert "Pengaduan dijawab" in listing
    example = text(admin.get("/admin/templat-pesan/pengaduan_dijawab"))
    assert "{nomor_pengaduan}" in example
    assert "pengaduan PGD/2026/00012 Anda" in example and "/pengaduan/status" in example
    row, _ = pengaduan.ajukan(pengaduan.Isian(
        nama="Sri Wahyuni", telepon="081234567890", kategori="waktu", isi="Lama sekali."))
    db.session.add(Pesan(pengaduan_id=row.id, peristiwa="pengaduan_dijawab", kanal="wa",
                         tujuan="6281234567890", isi="Yth. Sri", status=GAGAL, percobaan=8))
    db.session.commit()
    log = admin.get("/admin/pesan/")
    assert log.status_code == 200
    assert row.nomor in text(log) and "Pengaduan dijawab" in text(log)
