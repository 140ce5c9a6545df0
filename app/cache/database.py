"""Opening the cache database: SQLite in the user's data folder by default, or any URL.

The schema is created and upgraded with Alembic at open, configured in code, so the installed
console needs no alembic.ini. The same code runs on PostgreSQL (postgresql+psycopg://...), where
a plant shares one cache between desks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from app.cache_location import default_cache_url

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration. Opening a cache already there skips Alembic (a third of a second of
# imports at every start); a test checks this against Alembic's own head.
HEAD_REVISION = "0012_lead_time"
MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 10_000  # a sync agent and a console may write the same file
# Taken while upgrading the schema, so that consoles starting together on one PostgreSQL
# database do not create the same tables twice.
_UPGRADE_LOCK_KEY = 0x6765_6D62_6100  # "gemba" in hex


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Every new SQLite connection: WAL (readers never block the writer), foreign keys on
    (SQLite's default is off), a busy timeout instead of an immediate "database is locked",
    and NORMAL sync, which WAL keeps crash-safe."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def create_cache_engine(url: str | None = None, **engine_options: Any) -> Engine:
    """An engine for the cache at `url` (default: the user's SQLite file), without migrating."""
    url = url or default_cache_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **engine_options)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(parsed, pool_pre_ping=True, **engine_options)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (creating it in an empty database)."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": _UPGRADE_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_cache_engine(url: str | None = None, **engine_options: Any) -> Engine:
    """An engine for the cache at `url` with its schema up to date."""
    engine = create_cache_engine(url, **engine_options)
    if current_revision(engine) != HEAD_REVISION:
        upgrade_schema(engine)
    return engine


def current_revision(engine: Engine) -> str | None:
    """The schema's revision as Alembic recorded it, read without Alembic."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
