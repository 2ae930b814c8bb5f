"""Four gunicorn workers, PostgreSQL, Redis and a Huey consumer: every worker answers for
every job, the limits count across workers, a logged-out cookie opens nothing."""
import re
import time

from app.extensions import db
from models import AuthLog
from tests.conftest import PASSWORD

FORM = "/admin/register/cetak/"


def test_an_extract_is_polled_and_downloaded_through_every_worker(
        app, deployment, an_application):
    for _ in range(8):  # more than EXTRACT_SYNC_LIMIT (5): goes to the queue
        an_application("teregister")
    camat = deployment.client()
    assert camat.login("camat", PASSWORD).status_code == 302
    started = camat.post(FORM, {}, token_from=FORM)
    assert started.status_code == 302, started.text[:500]
    progress = started.headers["Location"].replace(deployment.base, "")
    job_id = progress.rstrip("/").rsplit("/", 1)[-1]
    polls = [camat.get(progress) for _ in range(60)]
    assert [r.status_code for r in polls] == [200] * 60
    deadline = time.monotonic() + 120
    while "Berkas siap: 8 baris." not in camat.get(progress).text:
        assert time.monotonic() < deadline, "the extract did not finish in 120 s"
        time.sleep(0.5)
    assert len(deployment.pids_serving(rf"^{FORM}{job_id}/$")) >= 2
    # The kernel chooses which idle worker accepts: download until two different workers
    # have answered (every answer must be the file), at most 200 times.
    for done in range(1, 201):
        download = camat.get(f"{FORM}{job_id}.pdf")
        assert download.status_code == 200 and download.content.startswith(b"%PDF")
        if done >= 40 and len(deployment.pids_serving(rf"^{FORM}{job_id}\.pdf$")) >= 2:
            break
    assert len(deployment.pids_serving(rf"^{FORM}{job_id}\.pdf$")) >= 2
    # Not the sekretariat's job, whichever worker is asked.
    other = deployment.client("198.51.100.2")
    assert other.login("sekretariat", PASSWORD).status_code == 302
    assert {other.get(f"{FORM}{job_id}.pdf").status_code for _ in range(8)} == {404}


def test_limits_count_across_workers(app, deployment, users):
    guesser = deployment.client("203.0.113.50")
    statuses = [guesser.login("sekcam", "salah-lagi").status_code for _ in range(12)]
    assert statuses.count(401) == 5 and statuses.count(429) == 7  # 5 per address+name
    pairs = deployment.client("203.0.113.51")
    checks = [pairs.post("/cek-status", {"nomor": f"TT-{i}", "nik": "3520041705900001"})
              .status_code for i in range(26)]
    assert checks.count(404) == 20 and checks.count(429) == 6  # 20 per address
    # One name from many addresses: held back at once with a wait (counted across
    # workers, no worker kept asleep), never locked out.
    after = app.config["LOGIN_SLOWDOWN_AFTER"]
    bots = [deployment.client(f"192.0.2.{i + 10}") for i in range(8)]
    tokens = [re.search(r'name="csrf_token"[^>]*value="([^"]+)"', bot.get("/login").text)
              .group(1) for bot in bots]  # fetched first: the guesses come within a second
    statuses = [bot.session.post(deployment.base + "/login", timeout=60, allow_redirects=False,
                                 data={"username": "operator", "password": "tebakan",
                                       "csrf_token": token}).status_code
                for bot, token in zip(bots, tokens)]
    assert statuses[:after] == [401] * after and set(statuses[after:]) == {429}
    held = deployment.client("192.0.2.200").login("operator", PASSWORD)
    assert held.status_code == 429
    time.sleep(int(held.headers["Retry-After"]))
    assert deployment.client("192.0.2.200").login("operator", PASSWORD).status_code == 302
    with app.app_context():
        events = [e for (e,) in db.session.execute(
            db.select(AuthLog.event).where(AuthLog.username == "operator").order_by(AuthLog.id))]
    assert events.count("login_diperlambat") == 8 - app.config["LOGIN_SLOWDOWN_AFTER"] + 1
    assert events[-1] == "login"


def test_a_cookie_replayed_after_logout_lands_on_the_login_page(app, deployment, users):
    camat = deployment.client("198.51.100.9")
    assert camat.login("camat", PASSWORD).status_code == 302
    assert camat.get("/admin/").status_code == 200
    saved = camat.session.cookies.get_dict()
    assert camat.post("/logout", {}, token_from="/admin/").status_code == 302
    thief = deployment.client("198.51.100.66")
    thief.session.cookies.update(saved)
    for _ in range(4):  # whichever worker answers
        replay = thief.get("/admin/")
        assert replay.status_code == 302 and "/login" in replay.headers["Location"]
