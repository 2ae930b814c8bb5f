"""Named only in the extract's fork-server preload list (never imported by the app): the
fork server dies with the process that started it, as its renderers do (pool_guard)."""
from app.documents.pool_guard import die_with_parent

die_with_parent()
