"""`flask check` finds a message to a resident left "being sent" by a worker that stopped
between sending and recording the answer, once the worker's own sweep has not dealt
with it either (no worker running)."""
from datetime import timedelta

from app.extensions import db
from models import Pesan
from models._time import utcnow
from models.notifikasi import MENGIRIM
from tests.services.test_pesan_outbox import (a_file, gateway, office, resident,  # noqa: F401
                                              smtp)

RULE = "Tidak ada pesan ke pemohon yang macet sedang dikirim"


def test_flask_check_reports_a_message_stuck_being_sent(app, office, resident, users):
    a_file(resident("wa"), users, path=("register", "proses", "verifikasi", "sahkan"))
    fresh, stuck = db.session.execute(db.select(Pesan).order_by(Pesan.id)).scalars().all()
    fresh.status, fresh.diklaim_at = MENGIRIM, utcnow() - timedelta(minutes=2)  # sending now
    stuck.status, stuck.diklaim_at = MENGIRIM, utcnow() - timedelta(hours=2)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if RULE in l)
    assert line.startswith("GAGAL") and f"{RULE}: 1 " in line, result.output
    assert f"({stuck.id}," in result.output and f"({fresh.id}," not in result.output
