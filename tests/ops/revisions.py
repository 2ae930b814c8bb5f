"""The migration below a given one, whatever the merges chained it onto."""
from alembic.script import ScriptDirectory


def below(app, revision: str) -> str:
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    return script.get_revision(revision).down_revision


def module(app, revision: str):
    """A migration's module, for what it defines besides upgrade and downgrade."""
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    return script.get_revision(revision).module
