"""Database fixtures for the cache tests: every test runs on SQLite and on PostgreSQL.

Use from a test module with `pytest_plugins = ("tests.cache_db",)`, then ask for `cache_url`
(a fresh, empty database) or `store` (a CacheStore opened on it).

PostgreSQL is a throwaway cluster for the test session: initdb into a temporary folder, started on
a free loopback port with its unix socket in that folder, run as the `postgres` user when the tests
run as root, removed at the end. Without the server binaries the PostgreSQL cases fail, unless
GEMBA_SKIP_POSTGRES=1 says to skip them.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from app.cache.database import create_cache_engine, upgrade_schema
from app.cache.schema import metadata
from app.cache.store import CacheStore

BACKENDS = ("sqlite", "postgresql")
_SKIP_VARIABLE = "GEMBA_SKIP_POSTGRES"
_SHARED = "gemba_cache"  # migrated once, emptied before each test


def postgres_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: PATH first, then Debian's /usr/lib/postgresql/<n>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit()
                        else 0)
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresCluster:
    bin_dir: Path
    folder: Path
    port: int
    run_as: str | None  # the user the server runs as, when we are root
    names: Iterator[int] = itertools.count(1)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True,
                                timeout=120, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def start(self) -> None:
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        # Durability is pointless for a throwaway cluster: fsync off keeps the tests fast.
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                  "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, *statements: str, database: str = "postgres") -> None:
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname=database, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def clear(self, database: str) -> None:
        """Empty every cache table: far faster than a new database per test."""
        self.execute("BEGIN", *(f'DELETE FROM "{table.name}"'
                                for table in reversed(metadata.sorted_tables)), "COMMIT",
                     database=database)

    def new_database(self) -> str:
        name = f"gemba_test_{next(self.names)}"
        self.execute(f"CREATE DATABASE {name}")
        return name


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        message = ("PostgreSQL server binaries (initdb, pg_ctl) not found: install the "
                   "`postgresql` package (make system-deps does) or set "
                   f"{_SKIP_VARIABLE}=1 to skip the PostgreSQL cases")
        if os.environ.get(_SKIP_VARIABLE) == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    run_as = None
    folder = Path(tempfile.mkdtemp(prefix="gemba-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        run_as = "postgres"
        account = pwd.getpwnam(run_as)
        os.chown(folder, account.pw_uid, account.pw_gid)
    folder.chmod(0o700)
    cluster = PostgresCluster(bin_dir, folder, _free_port(), run_as)
    try:
        cluster.start()
        cluster.execute(f"CREATE DATABASE {_SHARED}")
        engine = create_cache_engine(cluster.url(_SHARED))
        upgrade_schema(engine)
        engine.dispose()
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_cache_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with nothing in it, not even the schema."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    return cluster.url(cluster.new_database())


@pytest.fixture
def cache_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with the schema at head and no data (on PostgreSQL, the same database
    emptied, so tests must not leave connections open: `store` closes its engine)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    cluster.clear(_SHARED)
    return cluster.url(_SHARED)


@pytest.fixture
def store(cache_url: str) -> Iterator[CacheStore]:
    opened = CacheStore.open(cache_url)
    try:
        yield opened
    finally:
        opened.close()
