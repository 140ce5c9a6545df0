"""A damaged SQLite cache is found, moved aside and replaced by a fresh one.

Everything in the cache but the outbox can be read again from the backends. So a damaged cache
is renamed (kept for whoever wants to look at it), a new one is created, which the sync engine
fills, and the actions still waiting in the old outbox are queued again in the new one with
their idempotency keys: a backend that had already applied one recognises the key and does not
apply it twice. The person is told what happened and whether any action could not be read.

SQLite's full check reads the whole file (seconds at plant size), so it runs in the
background once the console is up (`check_and_mark`); damage it finds is written to a marker
beside the cache and repaired at the next start, when no connection is open. At start only a
cheap check runs: a file that is not a database at all is repaired at once.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.cache.database import create_cache_engine
from app.cache.outbox import DuplicateAction, OutboxItem, OutboxState, each_item
from app.cache.store import CacheStore
from app.cache_location import sqlite_file

log = logging.getLogger(__name__)

PENDING = {OutboxState.QUEUED, OutboxState.SENDING, OutboxState.PARKED}
MARKER_SUFFIX = ".damaged"  # beside the cache: what the last full check found
_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside the database


@dataclass(frozen=True, slots=True)
class CacheRepair:
    damaged: Path  # where the damaged cache now is
    problem: str  # what SQLite said about it
    actions_kept: int  # waiting actions queued again in the new cache
    actions_unread: bool  # the old outbox could not be read (whole or in part)


def problem_of(path: Path, *, full: bool = True) -> str | None:
    """What SQLite finds wrong with the database at `path` (None: nothing). `full`: its quick
    check, which reads every page; else only whether it opens as a database."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return str(error)
    try:
        if not full:
            connection.execute("PRAGMA schema_version").fetchone()
            return None
        rows = connection.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.Error as error:
        return str(error)
    finally:
        connection.close()
    found = [line for row in rows for line in str(row[0]).splitlines()
             if not line.startswith("***")]  # "*** in database main ***": which file
    return None if found == ["ok"] else "; ".join(found)


def check_and_mark(url: str | None) -> str | None:
    """The full check of the SQLite cache at `url` (None: not a SQLite file, or sound); damage
    found is marked for repair at the next start. Blocks for as long as reading the file."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    problem = problem_of(path)
    if problem is not None:
        log.error("the cache at %s is damaged: %s (repaired at the next start)", path, problem)
        _marker(path).write_text(problem, encoding="utf-8")
    return problem


def open_checked(url: str | None, now: datetime,
                 open_store: Callable[[str | None], CacheStore] = CacheStore.open,
                 ) -> tuple[CacheStore, CacheRepair | None]:
    """The cache at `url`, repaired first (see the module's docstring) if the last full check
    marked it damaged or it does not open as a database."""
    path = sqlite_file(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return open_store(url), None
    marker = _marker(path)
    problem = (marker.read_text(encoding="utf-8") if marker.is_file()
               else problem_of(path, full=False))
    if problem is None:
        return open_store(url), None
    damaged = _set_aside(path, now)
    marker.unlink(missing_ok=True)
    log.error("the cache at %s is damaged (%s); moved to %s, starting a new one", path,
              problem, damaged)
    waiting, unread = _waiting_actions(damaged)
    store = open_store(url)
    kept = 0
    for item in waiting:
        try:
            _queue_again(store, item)
            kept += 1
        except DuplicateAction:  # listed twice in a damaged table: once is enough
            continue
    return store, CacheRepair(damaged, problem, kept, unread)


def _marker(path: Path) -> Path:
    return path.with_name(path.name + MARKER_SUFFIX)


def _set_aside(path: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%S")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", *_COMPANIONS):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(damaged.with_name(damaged.name + suffix))
    return damaged


def _waiting_actions(damaged: Path) -> tuple[list[OutboxItem], bool]:
    """The actions not yet delivered in the damaged cache's outbox, and whether some (or all)
    of it could not be read."""
    engine = create_cache_engine(f"sqlite:///{damaged}")
    read: list[OutboxItem] = []
    try:
        with engine.connect() as connection:
            read.extend(each_item(connection, PENDING))
        return read, False
    except Exception as error:  # noqa: BLE001 - whatever a damaged file raises: stop there
        log.error("the damaged cache's outbox could be read only in part (%d actions): %s",
                  len(read), error)
        return read, True
    finally:
        engine.dispose()


def _queue_again(store: CacheStore, item: OutboxItem) -> None:
    new = store.outbox_add(source=item.source, action=item.action,
                           target_feed=item.target_feed, target_id=item.target_id,
                           payload=item.payload, record_version=item.record_version,
                           made_by=item.made_by, idempotency_key=item.idempotency_key)
    if item.state is OutboxState.PARKED:
        store.outbox_mark_parked(new.id, item.last_error)
