"""Alembic environment of the cache. Run from app.cache.database (a connection is passed in)
or from the alembic command line with `-x url=...` to write a new revision."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.cache.database import create_cache_engine
from app.cache.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: later revisions recreate tables in batch mode.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    engine = create_cache_engine(url)
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("the cache migrations run online only: pass a database with -x url=...")
run()
