import logging

from flask import current_app

from alembic import context

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Logging is the application's (app/logs.py, set in create_app): an upgrade, from
# `flask db` or from a running app, leaves it as it is.
logger = logging.getLogger('alembic.env')


def get_engine():
    # Flask-SQLAlchemy 3 (pinned): `engine`; its old `get_engine()` is deprecated.
    return current_app.extensions['migrate'].db.engine


def get_engine_url():
    return get_engine().url.render_as_string(hide_password=False).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    # A restore migrates an older backup inside its own, still open transaction.
    given = config.attributes.get("connection")
    if given is not None:
        _run_on(given, conf_args)
    else:
        with get_engine().connect() as connection:
            _run_on(connection, conf_args)


def _run_on(connection, conf_args):
    from app.database import include_object

    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table by copy, drop and rename; while foreign keys
        # are enforced, dropping a table that others refer to fails. Off for the
        # migrations (a PRAGMA outside any transaction), checked and on again after.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()

    context.configure(
        connection=connection,
        target_metadata=get_metadata(),
        include_object=include_object,
        **conf_args
    )

    try:
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Row-level security (0027_rls) holds the tables' owner too: a migration
                # works on every office's rows.
                from app.access.row_security import lingkup_kabupaten
                lingkup_kabupaten(connection)
            context.run_migrations()
    finally:
        if sqlite:
            connection.rollback()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
    if sqlite and broken:
        raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
