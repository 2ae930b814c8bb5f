"""The intake service records consent and the queue ticket in its one transaction (issue
24), for any caller, not only through the Loket's form: the consent before the desk's
decision (so its message is queued), the ticket after the file; a refusal of either rolls
everything back."""
import pytest

from app.extensions import db
from app.services import antrian, loket
from models import AntrianTiket, Counter, OfficeSettings, Pesan
from tests.services.test_loket import COMMON, counts, isian

KOSONG = (0, 0, 0, 0)


@pytest.fixture
def wa_only(ctx):
    settings = OfficeSettings.get()
    settings.notifikasi_wa, settings.notifikasi_email = True, False
    db.session.commit()


def test_consent_is_recorded_before_the_decision_so_its_message_is_queued(users, wa_only):
    tiket = antrian.ambil("pengajuan")
    db.session.commit()
    hasil = loket.catat_berkas(isian(telepon="081234567890"), "baru", COMMON, "register",
                               users["sekretariat"], tiket=antrian.nomor_tiket(tiket),
                               persetujuan={"setuju": True, "kanal": "wa", "email": ""})
    p = hasil.permohonan
    assert [(m.permohonan_id, m.peristiwa) for m in db.session.execute(
        db.select(Pesan)).scalars()] == [(p.id, "terdaftar")]
    assert db.session.get(AntrianTiket, tiket.id).permohonan_id == p.id


@pytest.mark.parametrize("kwargs, field", [
    ({"persetujuan": {"setuju": True, "kanal": "email", "email": "siti@contoh.id"}},
     "notifikasi_kanal"),
    ({"persetujuan": {"setuju": True, "kanal": "wa", "email": ""}}, "telepon"),  # no number
    ({"tiket": "A-404"}, "tiket"),
])
def test_a_refused_consent_or_ticket_leaves_nothing(users, wa_only, kwargs, field):
    with pytest.raises(loket.PemohonInvalid) as refused:
        loket.catat_berkas(isian(), "baru", COMMON, "register", users["sekretariat"], **kwargs)
    assert list(refused.value.errors) == [field]
    assert counts() == KOSONG
    assert db.session.execute(db.select(Counter)).first() is None  # no receipt number taken
