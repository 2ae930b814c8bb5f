"""Messages to residents through the outbox, against a stand-in WhatsApp gateway and a
local mail server started here: each event of a file sends one message with the status
page's link and no NIK or full name; a gateway down, then up, delivers each message once
(two workers draining the outbox at once); consent off, or a channel the office does not
use, sends nothing; a transition rolled back queues nothing."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from app.extensions import db
from app.layanan.ktp_el.dinas import KTP_EL_DINAS
from app.layanan.ktp_el.workflow import KTP_EL
from app.notifikasi import outbox
from app.notifikasi.penerima import PersetujuanInvalid, catat_persetujuan
from app.notifikasi.peristiwa import KARTU_TIBA, KEMBALI, SAH, SELESAI, TERDAFTAR
from app.services import permohonan as permohonan_service
from app.workflow import engine
from models import OfficeSettings, PercobaanPesan, Pesan
from models._time import utcnow
from models.notifikasi import GAGAL, MENGIRIM, MENUNGGU, TERKIRIM
from tests.conftest import walk
from tests.services.pesan_support import Gateway, SmtpServer

TELEPON = "0812-3456-7890"
WA = "6281234567890"
PATH = ("kembalikan", "ajukan_ulang", "register", "proses", "verifikasi", "sahkan",
        "serahkan")


@pytest.fixture
def gateway():
    g = Gateway().start()
    yield g
    g.stop()


@pytest.fixture
def smtp():
    s = SmtpServer()
    yield s
    s.stop()


@pytest.fixture
def office(app, ctx, monkeypatch, gateway, smtp):
    """An office that uses both channels, the gateway and mail server above."""
    for key, value in {"NOTIFY_WA_URL": gateway.url, "NOTIFY_WA_TOKEN": gateway.token,
                       "NOTIFY_SMTP_HOST": "127.0.0.1", "NOTIFY_SMTP_PORT": smtp.port,
                       "NOTIFY_SMTP_FROM": "kecamatan@takeran.example",
                       "NOTIFY_SMTP_STARTTLS": False, "NOTIFY_TIMEOUT": 5,
                       "PUBLIC_URL": "https://ktpel.takeran.example"}.items():
        monkeypatch.setitem(app.config, key, value)
    settings = OfficeSettings.get()
    settings.notifikasi_wa = settings.notifikasi_email = True
    db.session.commit()
    return settings


@pytest.fixture
def resident(a_pemohon):
    def make(kanal="wa", setuju=True):
        p = a_pemohon(nama="Budi Santoso")
        catat_persetujuan(p, setuju, kanal if setuju else None, telepon=TELEPON,
                          email="budi@contoh.id")
        db.session.commit()
        return p
    return make


def a_file(pemohon, users, path=PATH, layanan=None):
    p = permohonan_service.record(pemohon, "baru", users["sekretariat"],
                                  layanan=layanan or KTP_EL.layanan)
    return walk(p, path, users)


def send_all():
    """What the worker does each minute, until nothing is due."""
    while outbox.kirim():
        pass


def assert_private(text: str, pemohon) -> None:
    assert "https://ktpel.takeran.example/cek-status" in text
    assert "Budi" in text
    assert pemohon.nik not in text and "Santoso" not in text
    assert pemohon.nik[-6:] not in text and pemohon.no_kk not in text


def test_each_event_sends_one_whatsapp_message_with_the_link_and_no_nik_or_full_name(
        office, resident, users, gateway):
    budi = resident("wa")
    p = a_file(budi, users)
    send_all()
    assert [m["target"] for m in gateway.received] == [WA] * 4
    assert {h["Authorization"] for h in gateway.headers} == {"token-uji"}
    returned, registered, ratified, handed = (m["message"] for m in gateway.received)
    for text in (returned, registered, ratified, handed):
        assert_private(text, budi)
        assert p.nomor_tanda_terima in text
    assert "Pas foto" in returned  # what was missing (walk leaves the last item unticked)
    assert "Perkiraan selesai" in registered
    assert "disahkan" in ratified
    survei = db.session.execute(db.select(Pesan.isi).where(Pesan.peristiwa == SELESAI)).scalar()
    assert "https://ktpel.takeran.example/survei/" in handed and survei == handed
    rows = db.session.execute(db.select(Pesan).order_by(Pesan.id)).scalars().all()
    assert [r.peristiwa for r in rows] == [KEMBALI, TERDAFTAR, SAH, SELESAI]
    assert {r.status for r in rows} == {TERKIRIM}
    attempts = db.session.execute(db.select(PercobaanPesan)).scalars().all()
    assert len(attempts) == 4 and all(a.berhasil and "HTTP 200" in a.jawaban for a in attempts)


def test_each_event_reaches_the_mail_server_once(office, resident, users, smtp):
    budi = resident("email")
    a_file(budi, users)
    send_all()
    assert [rcpt for rcpt, _ in smtp.received] == [["budi@contoh.id"]] * 4
    for _, mail in smtp.received:
        assert mail["From"] == "kecamatan@takeran.example"
        assert_private(mail.get_content(), budi)


def test_the_card_arriving_from_the_dinas_is_one_message(office, resident, users, gateway):
    """The office's variant where the card is printed at the Dinas: ratified, the resident
    is told the card is not there yet; sent and printed, nothing; arrived, one message."""
    budi = resident("wa")
    p = a_file(budi, users, path=("register", "proses", "verifikasi", "sahkan"),
               layanan=KTP_EL_DINAS.layanan)
    for name in ("kirim_dinas", "catat_tercetak"):
        p = walk(p, (name,), users)
    send_all()
    assert len(gateway.received) == 2
    assert "KTP-el belum dapat diambil" in gateway.received[-1]["message"]
    walk(p, ("terima_ktp",), users)
    assert db.session.execute(db.select(Pesan.peristiwa).order_by(Pesan.id.desc())).scalar() \
        == KARTU_TIBA  # queued in the transition's own transaction
    send_all()
    tiba = [m["message"] for m in gateway.received][-1]
    assert len(gateway.received) == 3 and "sudah tiba" in tiba
    assert_private(tiba, budi)


def test_the_gateway_down_then_up_delivers_each_message_once(app, office, resident, users,
                                                             monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_BACKOFF_SECONDS", 0)
    down = Gateway()  # its port, nobody listening yet
    monkeypatch.setitem(app.config, "NOTIFY_WA_URL", down.url)
    for _ in range(3):
        a_file(resident("wa"), users, path=("register", "proses", "verifikasi", "sahkan"))
    assert outbox.kirim() == 0 and outbox.kirim() == 0  # two rounds while it is down
    rows = db.session.execute(db.select(Pesan)).scalars().all()
    assert len(rows) == 6 and {r.status for r in rows} == {MENUNGGU}
    assert {r.percobaan for r in rows} == {2}
    failed = db.session.execute(db.select(PercobaanPesan)).scalars().all()
    assert len(failed) == 12 and not any(a.berhasil for a in failed)
    assert all("tidak terjangkau" in a.jawaban for a in failed)

    down.start()  # up again: two workers drain the outbox at the same time
    try:
        def worker():
            with app.app_context():
                for _ in range(5):
                    outbox.kirim()
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        down.stop()
    texts = [m["message"] for m in down.received]
    assert len(texts) == 6 and len(set(texts)) == 6  # each once, none lost
    db.session.expire_all()
    assert {r.status for r in db.session.execute(db.select(Pesan)).scalars()} == {TERKIRIM}
    ok = db.session.execute(db.select(PercobaanPesan).where(PercobaanPesan.berhasil)).scalars()
    assert len(list(ok)) == 6


def test_a_message_is_tried_with_growing_waits_then_marked_failed(app, office, resident,
                                                                   users, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_MAX_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "NOTIFY_BACKOFF_SECONDS", 60)
    monkeypatch.setitem(app.config, "NOTIFY_WA_URL", Gateway().url)  # nobody listens
    a_file(resident("wa"), users, path=("register",))
    pesan = db.session.execute(db.select(Pesan)).scalar_one()
    waits = []
    for _ in range(3):
        before = utcnow()
        outbox.kirim()
        db.session.refresh(pesan)
        waits.append(round((pesan.berikutnya_at - before).total_seconds() / 60))
        assert outbox.kirim() == 0  # not due again before its wait
        pesan.berikutnya_at = utcnow() - timedelta(seconds=1)  # the wait has passed
        db.session.commit()
    assert waits[:2] == [1, 2] and pesan.status == GAGAL and pesan.percobaan == 3
    assert outbox.kirim_ulang([pesan.id]) == 1  # the administrator's choice
    db.session.refresh(pesan)
    assert pesan.status == MENUNGGU and pesan.percobaan == 0


def test_a_claim_whose_worker_stopped_is_failed_not_sent_again(office, resident, users,
                                                                gateway):
    a_file(resident("wa"), users, path=("register",))
    pesan = db.session.execute(db.select(Pesan)).scalar_one()
    pesan.status, pesan.diklaim_at = MENGIRIM, utcnow() - timedelta(hours=1)
    db.session.commit()
    assert outbox.pulihkan() == 1
    send_all()
    db.session.refresh(pesan)
    assert pesan.status == GAGAL and gateway.received == []
    assert "tidak diketahui" in pesan.percobaan_list[-1].jawaban


def test_consent_off_sends_nothing(office, resident, users, gateway, smtp):
    a_file(resident(setuju=False), users)
    send_all()
    assert gateway.received == [] and smtp.received == []
    assert db.session.execute(db.select(db.func.count(Pesan.id))).scalar() == 0


def test_a_channel_the_office_does_not_use_sends_nothing(office, resident, users, gateway):
    budi = resident("wa")
    office.notifikasi_wa = False
    db.session.commit()
    a_file(budi, users)
    send_all()
    assert gateway.received == []
    assert db.session.execute(db.select(db.func.count(Pesan.id))).scalar() == 0


def test_a_transition_rolled_back_queues_nothing(office, resident, users, gateway):
    p = permohonan_service.record(resident("wa"), "baru", users["sekretariat"])
    p = permohonan_service.tick(p, {s.kode for s in p.syarat}, users["sekretariat"])

    def register_then_fail():
        engine.perform(p.id, "register", users["sekretariat"])
        raise RuntimeError("the desk's next write failed")
    with pytest.raises(RuntimeError):
        engine.atomic(register_then_fail)
    send_all()
    assert gateway.received == []
    assert db.session.execute(db.select(db.func.count(Pesan.id))).scalar() == 0


def test_consent_is_refused_beside_the_field_when_it_cannot_be_used(office, a_pemohon):
    budi = a_pemohon()
    with pytest.raises(PersetujuanInvalid) as no_phone:
        catat_persetujuan(budi, True, "wa", telepon="")
    assert "nomor WhatsApp" in no_phone.value.errors["telepon"]
    with pytest.raises(PersetujuanInvalid) as no_mail:
        catat_persetujuan(budi, True, "email", email="bukan-surel")
    assert "tidak sah" in no_mail.value.errors["email"]
    office.notifikasi_email = False
    db.session.commit()
    with pytest.raises(PersetujuanInvalid) as off:
        catat_persetujuan(budi, True, "email", email="budi@contoh.id")
    assert "belum memakai" in off.value.errors["notifikasi_kanal"]
    db.session.rollback()
    assert not budi.notifikasi_setuju
    catat_persetujuan(budi, True, "wa", telepon="+62 812 3456 7890")
    assert budi.notifikasi_setuju and budi.notifikasi_setuju_at and budi.notifikasi_kanal == "wa"


def test_the_workers_minute_task_sends_what_is_due(app, office, resident, users, gateway):
    a_file(resident("wa"), users, path=("register",))
    huey = app.extensions["huey"]
    due = [t for t in huey.read_periodic(utcnow()) if t.name == "kirim_pesan"]
    assert len(due) == 1  # every minute
    huey.execute(due[0])  # as the consumer runs it: in its own application context
    assert len(gateway.received) == 1 and "teregister" in gateway.received[0]["message"]
    assert {t.name for t in huey.read_periodic(utcnow().replace(minute=10))} >= {
        "kirim_pesan", "pulihkan_pesan"}


def test_retention_clears_the_residents_address_and_the_messages_text(office, resident,
                                                                       users, gateway):
    from app.pdp import retensi
    from models import Pemohon
    from tests.services.test_pdp_retensi import age

    budi = resident("wa")
    p = a_file(budi, users)
    send_all()
    age(p)
    retensi.jalankan()
    db.session.expire_all()
    budi = db.session.get(Pemohon, budi.id)
    assert budi.email is None and budi.telepon is None and not budi.notifikasi_setuju
    texts = db.session.execute(db.select(Pesan.tujuan, Pesan.isi)).all()
    assert len(texts) == 4 and all(t == "-" and "Budi" not in i for t, i in texts)
