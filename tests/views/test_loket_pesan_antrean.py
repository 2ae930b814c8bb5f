"""The Loket records the resident's consent to messages and the visitor's queue ticket
(issue 24): consent with WhatsApp and a phone queues the desk's decision's message for the
new file; a channel the office has not switched on, or an unknown ticket, is refused beside
its field (422) and nothing is saved; a ticket typed is joined to the new file, so its wait
before the desk is measured."""
import pytest

from app.extensions import db
from app.services import antrian
from app.timefmt import wib_today
from models import AntrianTiket, Counter, OfficeSettings, Pemohon, Permohonan, Pesan
from tests.views.test_loket_screen import JSON, form


@pytest.fixture
def wa_only(app, ctx):
    """An office that sends WhatsApp only (e-mail switched off)."""
    settings = OfficeSettings.get()
    settings.notifikasi_wa, settings.notifikasi_email = True, False
    db.session.commit()
    return settings


def _post(login_as, **kw):
    browser = login_as("sekretariat")
    return browser.post("/admin/loket/", form(**kw), csrf_url="/admin/loket/", headers=JSON)


def _nothing_saved():
    assert db.session.execute(db.select(db.func.count()).select_from(Pemohon)).scalar() == 0
    assert db.session.execute(db.select(db.func.count()).select_from(Permohonan)).scalar() == 0
    # No receipt number was taken: the year's counter is untouched.
    assert db.session.execute(db.select(db.func.count()).select_from(Counter)).scalar() == 0


def test_consent_with_whatsapp_queues_the_registered_message_for_the_new_file(login_as,
                                                                              wa_only):
    response = _post(login_as, telepon="081234567890", notifikasi_setuju="y",
                     notifikasi_kanal="wa")
    assert response.status_code == 200 and response.get_json()["ok"], response.get_json()
    p = db.session.execute(db.select(Permohonan)).scalar_one()
    assert p.status == "teregister"
    assert p.pemohon.notifikasi_setuju and p.pemohon.notifikasi_kanal == "wa"
    pesan = db.session.execute(db.select(Pesan)).scalars().all()
    assert [(m.permohonan_id, m.peristiwa, m.kanal, m.tujuan) for m in pesan] == [
        (p.id, "terdaftar", "wa", "6281234567890")]
    assert p.nomor_tanda_terima in pesan[0].isi and "Siti Aminah" not in pesan[0].isi


def test_consent_on_a_returned_file_queues_what_is_missing(login_as, wa_only):
    response = _post(login_as, telepon="081234567890", notifikasi_setuju="y",
                     notifikasi_kanal="wa", aksi="kembalikan", syarat=[])
    assert response.status_code == 200, response.get_json()
    pesan = db.session.execute(db.select(Pesan)).scalar_one()
    assert pesan.peristiwa == "kembali"


def test_no_consent_queues_nothing(login_as, wa_only):
    response = _post(login_as, telepon="081234567890", notifikasi_kanal="wa")
    assert response.status_code == 200, response.get_json()
    assert db.session.execute(db.select(Pesan)).first() is None
    assert not db.session.execute(db.select(Pemohon)).scalar_one().notifikasi_setuju


def test_a_channel_the_office_has_not_switched_on_is_refused_beside_it(login_as, wa_only):
    response = _post(login_as, email="siti@contoh.id", notifikasi_setuju="y",
                     notifikasi_kanal="email")
    body = response.get_json()
    assert response.status_code == 422 and not body["ok"]
    assert list(body["errors"]) == ["notifikasi_kanal"]
    assert "Kantor belum memakai saluran Surel" in body["errors"]["notifikasi_kanal"]
    _nothing_saved()


def test_the_screen_offers_only_the_channels_the_office_uses(login_as, wa_only):
    page = login_as("sekretariat").get("/admin/loket/").get_data(as_text=True)
    kanal = page.split('id="f-notifikasi_kanal"')[1].split("</select>")[0]
    assert 'value="wa"' in kanal and 'value="email"' not in kanal
    assert "Setuju menerima pesan" in page


def test_an_office_without_messages_shows_no_consent_and_keeps_the_record(login_as, app,
                                                                          a_pemohon):
    known = a_pemohon(nama="Siti Aminah")
    known.notifikasi_setuju, known.notifikasi_kanal = True, "wa"
    db.session.commit()
    page = login_as("sekretariat").get("/admin/loket/").get_data(as_text=True)
    assert "f-notifikasi_setuju" not in page
    data = form(nik=known.nik, tanggal_lahir=known.tanggal_lahir.strftime("%d/%m/%Y"),
                jenis_kelamin=known.jenis_kelamin)
    response = login_as("sekretariat").post("/admin/loket/", data, csrf_url="/admin/loket/",
                                            headers=JSON)
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    assert db.session.get(Pemohon, known.id).notifikasi_setuju  # not withdrawn unasked


def test_a_known_applicants_consent_comes_with_the_nik(login_as, wa_only, a_pemohon):
    known = a_pemohon(nama="Siti Aminah")
    known.notifikasi_setuju, known.notifikasi_kanal = True, "wa"
    known.email = "siti@contoh.id"
    db.session.commit()
    browser = login_as("sekretariat")
    found = browser.post("/admin/loket/pemohon", {"nik": known.nik},
                         csrf_url="/admin/loket/").get_json()
    assert found["dikenal"]
    assert (found["data"]["notifikasi_setuju"], found["data"]["notifikasi_kanal"],
            found["data"]["email"]) == (True, "wa", "siti@contoh.id")


def test_a_typed_ticket_is_joined_to_the_new_file(login_as, app):
    tiket = antrian.ambil("pengajuan")
    db.session.commit()
    response = _post(login_as, tiket=f"a-{tiket.nomor:03d}")
    assert response.status_code == 200, response.get_json()
    p = db.session.execute(db.select(Permohonan)).scalar_one()
    db.session.expire_all()
    tiket = db.session.get(AntrianTiket, tiket.id)
    assert tiket.permohonan_id == p.id and tiket.tunggu_detik is not None
    assert antrian.waktu_tunggu(wib_today(), wib_today()).jumlah == 1


@pytest.mark.parametrize("typed, message", [
    ("A-999", "Nomor antrean itu tidak ada hari ini."),
    ("Z12", "Nomor antrean tidak dikenal: tulis seperti A-001."),
])
def test_an_unknown_ticket_is_refused_beside_it_and_nothing_is_saved(login_as, typed,
                                                                     message):
    response = _post(login_as, tiket=typed)
    body = response.get_json()
    assert response.status_code == 422 and body["errors"] == {"tiket": message}
    _nothing_saved()


def test_a_ticket_already_joined_to_another_file_is_refused_and_nothing_is_saved(
        login_as, an_application):
    other = an_application("teregister")
    tiket = antrian.ambil("pengajuan")
    antrian.hubungkan(tiket, other)
    db.session.commit()
    before = db.session.execute(db.select(db.func.count()).select_from(Permohonan)).scalar()
    response = _post(login_as, tiket=f"A-{tiket.nomor:03d}")
    body = response.get_json()
    assert response.status_code == 422
    assert body["errors"] == {"tiket": "Nomor antrean ini sudah dipakai untuk berkas lain."}
    assert db.session.execute(
        db.select(db.func.count()).select_from(Permohonan)).scalar() == before
