"""Alembic environment: migrates the connection the store hands over (or the configured URL)."""
from alembic import context
from sqlalchemy import create_engine

from civcas.store.tables import metadata

config = context.config
connection = config.attributes.get("connection")


def _run(conn):
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as conn:
        _run(conn)
