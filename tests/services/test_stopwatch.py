"""Step 1's clock: the server's signed start, moved on by the page's idle time before the
first key of a file, never before the signed start nor past now."""
from datetime import datetime, timedelta, timezone

from app.services import stopwatch


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def test_the_idle_time_before_the_first_key_is_not_counted(app):
    with app.app_context():
        token = stopwatch.start_token("loket")
        issued = stopwatch.started_at(token, "loket")
        assert abs(issued - _now()) < timedelta(seconds=2)
        # The form lay open 65 s before the first key: the clock starts then, not at load.
        moved = stopwatch.started_at(token + "~65000", "loket")
        assert moved > issued and _now() - moved < timedelta(seconds=1)  # capped at now


def test_an_idle_figure_cannot_move_the_start_back_or_past_now(app):
    with app.app_context():
        token = stopwatch.start_token("loket")
        issued = stopwatch.started_at(token, "loket")
        for idle in ("-5000", "abc", "", "1e9", "99999999999999"):
            assert stopwatch.started_at(f"{token}~{idle}", "loket") == issued, idle
        assert stopwatch.started_at(token + "~3600000", "loket") <= _now()
        assert stopwatch.started_at("forged~1000", "loket") is None
        assert stopwatch.started_at(token + "~1000", "permohonan-baru") is None
