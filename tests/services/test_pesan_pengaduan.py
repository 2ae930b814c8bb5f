"""A complaint's answer reaches the complainant (issue 24): staff answering it queues one
message, through the same outbox and the stand-in gateway and mail server, to the number
(WhatsApp) or address the complainant gave, with the complaint's number and the link to
its status page, and nothing of the complaint, the answer or the full name. A channel the
office does not use sends nothing; a corrected answer sends nothing more."""
import pytest

from app.extensions import db
from app.notifikasi import templat
from app.notifikasi.peristiwa import PENGADUAN_DIJAWAB
from app.services import pengaduan
from models import Pesan
from models.notifikasi import TERKIRIM
from tests.services.test_pesan_outbox import gateway, office, send_all, smtp  # noqa: F401

ISI = "Petugas loket meminta uang tambahan untuk mempercepat KTP-el saya."
JAWABAN = "Petugas yang bersangkutan sudah ditegur dan uang dikembalikan kepada Bapak."
STATUS = "https://ktpel.takeran.example/pengaduan/status"


@pytest.fixture
def complaint(app, ctx):
    def make(email=None):
        row, _kode = pengaduan.ajukan(pengaduan.Isian(
            nama="Sri Wahyuni Lestari", telepon="0812-3456-7890", email=email,
            kategori="biaya", isi=ISI))
        return row
    return make


def assert_private(text: str, row) -> None:
    assert row.nomor in text and STATUS in text and "Sri" in text
    assert "Wahyuni" not in text and "Lestari" not in text
    assert ISI not in text and JAWABAN not in text and "uang" not in text


def test_answering_a_complaint_sends_one_whatsapp_message_with_its_number_and_link(
        office, complaint, users, gateway):
    row = complaint()
    pengaduan.jawab(row, JAWABAN, users["sekcam"])
    send_all()
    assert [m["target"] for m in gateway.received] == ["6281234567890"]
    assert_private(gateway.received[0]["message"], row)
    pesan = db.session.execute(db.select(Pesan)).scalar_one()
    assert (pesan.pengaduan_id, pesan.permohonan_id) == (row.id, None)
    assert pesan.peristiwa == PENGADUAN_DIJAWAB and pesan.status == TERKIRIM
    pengaduan.jawab(row, JAWABAN + " Mohon maaf.", users["sekcam"])  # corrected
    send_all()
    assert len(gateway.received) == 1


def test_without_whatsapp_the_answer_goes_to_the_address_the_complainant_gave(
        office, complaint, users, gateway, smtp):
    office.notifikasi_wa = False
    db.session.commit()
    row = complaint(email="sri@contoh.id")
    pengaduan.jawab(row, JAWABAN, users["sekcam"])
    send_all()
    assert gateway.received == [] and [r for r, _ in smtp.received] == [["sri@contoh.id"]]
    assert smtp.received[0][1]["Subject"] == "Pengaduan Anda telah dijawab"
    assert_private(smtp.received[0][1].get_content(), row)


def test_a_channel_the_office_does_not_use_sends_nothing(office, complaint, users, gateway,
                                                         smtp):
    office.notifikasi_wa = office.notifikasi_email = False
    db.session.commit()
    row = complaint(email="sri@contoh.id")
    pengaduan.jawab(row, JAWABAN, users["sekcam"])
    send_all()
    assert gateway.received == [] and smtp.received == []
    assert db.session.execute(db.select(db.func.count(Pesan.id))).scalar() == 0
    office.notifikasi_email = True  # e-mail on, but this complainant gave none
    db.session.commit()
    other = complaint()
    pengaduan.jawab(other, JAWABAN, users["sekcam"])
    assert db.session.execute(db.select(db.func.count(Pesan.id))).scalar() == 0


def test_the_office_words_the_message_its_own_way(office, complaint, users, gateway):
    wording = "Halo {nama_depan}, pengaduan {nomor_pengaduan} sudah dijawab: {tautan}"
    assert templat.cek_templat(PENGADUAN_DIJAWAB, wording) is None
    assert "tidak dikenal" in templat.cek_templat(
        PENGADUAN_DIJAWAB, "Halo {nama_lengkap}, {isi} {tautan}")
    templat.simpan(PENGADUAN_DIJAWAB, wording, users["admin"])
    row = complaint()
    pengaduan.jawab(row, JAWABAN, users["sekcam"])
    send_all()
    assert gateway.received[0]["message"] == (
        f"Halo Sri, pengaduan {row.nomor} sudah dijawab: {STATUS}")


def test_retention_clears_the_complainants_number_and_the_messages_text(
        office, complaint, users, gateway):
    from datetime import datetime

    from app.pdp import retensi
    from models import Pengaduan

    lama, baru = complaint(), complaint()
    for row in (lama, baru):
        pengaduan.jawab(row, JAWABAN, users["sekcam"])
    send_all()
    lama.created_at, lama.dijawab_at = datetime(2019, 3, 1), datetime(2019, 3, 5)
    db.session.commit()
    retensi.jalankan(now=datetime(2026, 6, 1))
    db.session.expire_all()
    assert db.session.get(Pengaduan, lama.id).dianonimkan_at is not None
    rows = {m.pengaduan_id: m for m in db.session.execute(db.select(Pesan)).scalars()}
    assert rows[lama.id].tujuan == "-" and "Sri" not in rows[lama.id].isi
    assert rows[baru.id].tujuan == "6281234567890" and "Sri" in rows[baru.id].isi
