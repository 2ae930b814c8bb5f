"""Failure counters in the rate limiter's storage (Redis when configured), so every worker
counts the same: failed logins per username, failed current-password checks per account.

They slow down or stop one name or one account, never an address's right to log in: the
per-address limits stay on the login view (app/auth.py)."""
from __future__ import annotations

import time

from flask import current_app
from limits import parse

from app.extensions import limiter

WINDOW = parse("100000 per 15 minutes")  # a window to count in, not a limit


def _key(kind: str, name: str) -> list[str]:
    return [f"throttle:{kind}", name.strip().lower()[:100]]


def failures(kind: str, name: str) -> int:
    try:
        stats = limiter.limiter.get_window_stats(WINDOW, *_key(kind, name))
    except Exception:  # the shared storage is down: no slow-down rather than a 500
        current_app.logger.exception("throttle storage unavailable")
        return 0
    return WINDOW.amount - stats.remaining


def record_failure(kind: str, name: str) -> None:
    try:
        limiter.limiter.hit(WINDOW, *_key(kind, name))
    except Exception:
        current_app.logger.exception("throttle storage unavailable")


def clear(kind: str, name: str) -> None:
    try:
        limiter.limiter.clear(WINDOW, *_key(kind, name))
    except Exception:
        current_app.logger.exception("throttle storage unavailable")


def login_delay_ms(username: str) -> int:
    """After LOGIN_SLOWDOWN_AFTER failures for this name (from any address), each attempt
    waits 250 ms, doubling per further failure, up to LOGIN_DELAY_MAX_MS. The right
    password still gets in, only later."""
    config = current_app.config
    over = failures("login", username) - config["LOGIN_SLOWDOWN_AFTER"]
    if over < 0:
        return 0
    return min(config["LOGIN_DELAY_MAX_MS"], 250 * 2 ** min(over, 16))


def wait(ms: int) -> None:
    time.sleep(ms / 1000)
