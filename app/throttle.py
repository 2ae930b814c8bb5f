"""Failure counters in the rate limiter's storage (Redis when configured), so every worker
counts the same: failed logins per username, failed current-password checks per account.

They slow down or stop one name or one account, never an address's right to log in: the
per-address limits stay on the login view (app/auth.py). A name slowed down is answered
at once with how long to wait, never by holding a server worker asleep."""
from __future__ import annotations

import math
import time

from flask import current_app
from limits import RateLimitItemPerSecond, parse

from app.extensions import limiter

WINDOW = parse("100000 per 15 minutes")  # a window to count in, not a limit


def strategy():
    """The limiter's counting strategy over its shared storage; None when the limits are
    turned off (RATELIMIT_ENABLED=False): then nothing is counted or held back."""
    return limiter.limiter if limiter.enabled else None


def _key(kind: str, name: str) -> list[str]:
    return [f"throttle:{kind}", name.strip().lower()[:100]]


def failures(kind: str, name: str) -> int:
    if (counting := strategy()) is None:
        return 0
    try:
        stats = counting.get_window_stats(WINDOW, *_key(kind, name))
    except Exception:  # the shared storage is down: no slow-down rather than a 500
        current_app.logger.exception("throttle storage unavailable")
        return 0
    return WINDOW.amount - stats.remaining


def record_failure(kind: str, name: str) -> None:
    if (counting := strategy()) is None:
        return
    try:
        counting.hit(WINDOW, *_key(kind, name))
    except Exception:
        current_app.logger.exception("throttle storage unavailable")


def clear(kind: str, name: str) -> None:
    if (counting := strategy()) is None:
        return
    try:
        counting.clear(WINDOW, *_key(kind, name))
    except Exception:
        current_app.logger.exception("throttle storage unavailable")


def _hold(failed: int) -> RateLimitItemPerSecond | None:
    """After LOGIN_SLOWDOWN_AFTER failures for a name (from any address), the name's
    password is not checked again for 250 ms, doubling per further failure, up to
    LOGIN_DELAY_MAX_MS, in whole seconds (the storage's and Retry-After's unit)."""
    config = current_app.config
    over = failed - config["LOGIN_SLOWDOWN_AFTER"]
    if over < 0:
        return None
    ms = min(config["LOGIN_DELAY_MAX_MS"], 250 * 2 ** min(over, 16))
    return RateLimitItemPerSecond(1, max(1, math.ceil(ms / 1000)))


def record_login_failure(username: str) -> None:
    record_failure("login", username)
    if (hold := _hold(failures("login", username))) is not None:
        try:
            strategy().hit(hold, *_key("login_hold", username))
        except Exception:
            current_app.logger.exception("throttle storage unavailable")


def login_wait_seconds(username: str) -> int:
    """Seconds before this name's password may be tried again (0: now). The right
    password still gets in, only later."""
    if (hold := _hold(failures("login", username))) is None:
        return 0
    try:
        reset, remaining = strategy().get_window_stats(hold, *_key("login_hold", username))
    except Exception:
        current_app.logger.exception("throttle storage unavailable")
        return 0
    return 0 if remaining > 0 else max(1, math.ceil(reset - time.time()))
