"""The dashboard tells the office its messages to residents that did not arrive (issue 24,
"the office sees all of it on its dashboard"): failed ones and ones waiting to be tried
again in the period, with the way to the failed ones in the log; only for the roles that
may read that log."""
import pytest

from app.access.permissions import allowed
from app.access.roles import EVERYONE, PPDP
from app.extensions import db
from app.notifikasi import outbox
from models import Pesan
from models.notifikasi import GAGAL, MENUNGGU
from tests.expected_access import KABUPATEN_BERANDA
from tests.services.pesan_support import Gateway
from tests.services.test_pesan_outbox import (a_file, gateway, office, resident,  # noqa: F401
                                              smtp)


@pytest.fixture
def undelivered(app, office, resident, users, monkeypatch):
    """One message failed for good, one waiting to be tried again: the gateway is down."""
    monkeypatch.setitem(app.config, "NOTIFY_WA_URL", Gateway().url)  # nobody listens
    monkeypatch.setitem(app.config, "NOTIFY_MAX_ATTEMPTS", 1)
    a_file(resident("wa"), users, path=("register",))
    outbox.kirim()
    monkeypatch.setitem(app.config, "NOTIFY_MAX_ATTEMPTS", 3)
    a_file(resident("wa"), users, path=("register",))
    outbox.kirim()
    statuses = sorted(db.session.execute(db.select(Pesan.status)).scalars())
    assert statuses == [GAGAL, MENUNGGU]


def test_the_administrator_sees_the_failed_messages_and_their_way_to_the_log(
        undelivered, login_as):
    html = login_as("admin").get("/admin/").get_data(as_text=True)
    assert 'id="kartu-pesan"' in html
    assert '<strong id="pesan-gagal">1</strong>' in html
    assert '<strong id="pesan-coba-lagi">1</strong>' in html
    link = html.split('id="pesan-gagal-tautan"')[0].rsplit('href="', 1)[1].split('"')[0]
    log = login_as("admin").get(link.replace("&amp;", "&"))
    assert log.status_code == 200
    rows = log.get_data(as_text=True)  # the failed one only, not the one waiting
    assert rows.count('<td class="col-status">') == 1
    assert '<td class="col-status">Gagal</td>' in rows


@pytest.mark.parametrize("role", [r for r in EVERYONE
                                  if r != PPDP and not allowed("notifikasi.lihat", r)
                                  and r not in KABUPATEN_BERANDA])  # theirs: every office
def test_a_role_without_the_message_log_does_not_see_the_card(undelivered, login_as, role):
    page = login_as(role).get("/admin/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="kartu-pesan"' not in html and "pesan-gagal" not in html


def test_a_quiet_period_says_so(office, login_as):
    html = login_as("admin").get("/admin/").get_data(as_text=True)
    assert "Tidak ada pesan yang gagal pada periode ini." in html
