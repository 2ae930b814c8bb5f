"""The extract's rendering processes die with the process that started them: run in each
pool process (its initializer), so a kill -9 of the worker leaves no renderer behind
(Linux; elsewhere a no-op). The pool's own processes, being this process's children, are
stopped by `stop_pools` when the worker stops gently."""
from __future__ import annotations

import ctypes
import os
import signal
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1

# This process's live pools (its own children, so its own memory is the right place).
_live: set[ProcessPoolExecutor] = set()


def die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the line above: nobody to work for
        os._exit(1)


def track(pool: ProcessPoolExecutor) -> ProcessPoolExecutor:
    _live.add(pool)
    return pool


def forget(pool: ProcessPoolExecutor) -> None:
    _live.discard(pool)


def stop_pools() -> int:
    """Kill the renderers of every live pool; the extract waiting on them fails at once
    (BrokenProcessPool) instead of holding the worker's exit until its last page."""
    stopped = 0
    for pool in list(_live):
        # No public way to stop a pool's running processes before Python 3.14.
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.kill()
            stopped += 1
        pool.shutdown(wait=False, cancel_futures=True)
    return stopped
