"""Starting numbers: an office continues its paper book's register, receipt and letter
numbers mid-year; a counter only moves forward, and every move is recorded."""
from __future__ import annotations

import re
import threading

import pytest

from app.extensions import db
from app.services import nomor_awal
from app.services.numbering import RECEIPT_COUNTER, REGISTER_COUNTER, next_value
from app.timefmt import wib_today
from models import PerubahanNomor, RegisterEntry

URL = "/admin/nomor-awal/"


def test_the_register_continues_from_the_paper_book(login_as, an_application):
    admin = login_as("admin")
    response = admin.post(URL, {"counter": REGISTER_COUNTER, "terakhir": "137"}, csrf_url=URL)
    assert response.status_code == 302
    page = admin.get(URL).get_data(as_text=True)
    assert "nomor berikutnya 138" in page and "Petugas Admin" in page
    p = an_application("teregister")
    entry = db.session.execute(db.select(RegisterEntry).where(
        RegisterEntry.permohonan_id == p.id)).scalar_one()
    assert entry.nomor_urut == 138 and entry.tahun == wib_today().year
    row = db.session.execute(db.select(PerubahanNomor)).scalar_one()
    assert (row.counter, row.dari, row.ke, row.alamat) == (REGISTER_COUNTER, 0, 137, "127.0.0.1")


def test_a_counter_never_moves_back_and_the_reason_stands_by_the_field(login_as, an_application):
    an_application("teregister")  # register number 1 and receipt number 1 handed out
    admin = login_as("admin")
    for value, message in (("1", "Nomor hanya dapat dimajukan: nomor 1 sudah terpakai"),
                           ("0", "Nomor harus antara 1 dan 999999."),
                           ("12a", "Nomor harus antara 1 dan 999999."),
                           ("", "Isi nomor terakhir yang sudah dipakai di buku.")):
        refused = admin.post(URL, {"counter": RECEIPT_COUNTER, "terakhir": value}, csrf_url=URL)
        row = re.search(r'<tr id="nomor-tanda_terima">.*?</tr>', refused.get_data(as_text=True),
                        re.S).group(0)
        assert refused.status_code == 422 and message in row, (value, row)
    refused = admin.post(URL, {"counter": "kas", "terakhir": "5"}, csrf_url=URL)
    assert refused.status_code == 422
    assert db.session.execute(db.select(PerubahanNomor)).first() is None


def test_only_the_administrator_sets_starting_numbers(login_as):
    for role in ("sekretariat", "operator", "sekcam", "camat"):
        browser = login_as(role)
        assert browser.get(URL).status_code == 403
        assert browser.post(URL, {"counter": REGISTER_COUNTER, "terakhir": "50"}).status_code == 403
    assert db.session.execute(db.select(PerubahanNomor)).first() is None


def test_a_move_racing_clerks_never_hands_a_number_out_twice(app, users):
    """Clerks take register numbers while the admin moves the counter: every number is
    distinct, and those taken after the move come after it."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    tahun = wib_today().year
    taken: list[int] = []
    lock = threading.Lock()

    def clerk():
        for _ in range(20):
            with app.app_context():
                n = next_value(REGISTER_COUNTER, tahun)
                db.session.commit()
            with lock:
                taken.append(n)

    threads = [threading.Thread(target=clerk) for _ in range(3)]
    for t in threads:
        t.start()
    with app.app_context():
        nomor_awal.lanjutkan(REGISTER_COUNTER, tahun, 500, oleh=None, alamat=None)
        db.session.commit()
    for t in threads:
        t.join()
    assert len(taken) == len(set(taken)) == 60
    with app.app_context():
        assert nomor_awal.posisi(tahun)[0].terakhir == max(taken + [500])
