"""Read by gunicorn when started in this folder (or with -c): tells the application how
many worker processes serve it, so per-process state is not trusted silently."""
import os


def on_starting(server):
    # Set in the master before any worker is forked; every worker inherits it.
    os.environ["KTPEL_WORKERS"] = str(server.cfg.workers)
