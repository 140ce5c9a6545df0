"""Opening the cache: pragmas on SQLite, and migrations that build exactly the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import cache_location
from app.cache import database
from app.cache.database import create_cache_engine, open_cache_engine
from app.cache.schema import metadata

pytest_plugins = ("tests.cache_db",)


# SQLite cannot reflect expression indexes (the search indexes on lower(...)), so Alembic skips
# them here; tests/unit/test_trace_search_sql.py compares those on SQLite itself.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_build_the_schema_of_the_metadata(empty_cache_url: str) -> None:
    engine = open_cache_engine(empty_cache_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            assert context.get_current_revision() == database.HEAD_REVISION
            assert database.HEAD_REVISION == "0012_lead_time"
        open_cache_engine(empty_cache_url).dispose()  # opening again changes nothing
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    engine = open_cache_engine(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    try:
        with engine.connect() as conn:
            pragma = conn.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar_one() == "wal"
            assert pragma("PRAGMA foreign_keys").scalar_one() == 1
            assert pragma("PRAGMA busy_timeout").scalar_one() == database.SQLITE_BUSY_TIMEOUT_MS
    finally:
        engine.dispose()


def test_default_cache_is_sqlite_in_the_user_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_location, "user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    url = database.default_cache_url()
    assert url == f"sqlite:///{tmp_path / 'data' / 'cache.sqlite3'}"
    create_cache_engine().dispose()
    assert (tmp_path / "data").is_dir()  # made on first open


def test_a_cache_of_the_first_schema_is_upgraded_keeping_its_data(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    from app.cache.database import create_cache_engine, upgrade_schema
    from app.cache.store import CacheStore

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = create_cache_engine(url)
    upgrade_schema(old, "0001_initial")
    CacheStore(old).set_sync_token("demo-mes", "mes.machine_events", "t-41")
    old.dispose()

    store = CacheStore.open(url)
    try:
        assert store.sync_token("demo-mes", "mes.machine_events") == "t-41"
        names = {i["name"] for i in inspect(store.engine).get_indexes("machine_events")}
        assert "ix_machine_events_source_machine_id_end" in names
    finally:
        store.close()


def test_head_revision_constant_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    from app.cache.database import HEAD_REVISION, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION
