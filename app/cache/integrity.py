"""A damaged SQLite cache is found, moved aside and replaced by a fresh one.

Everything in the cache but the outbox can be read again from the backends. So a damaged cache
is renamed (kept for whoever wants to look at it), a new one is created, which the sync engine
fills, and the actions still waiting in the old outbox are queued again in the new one with
their idempotency keys: a backend that had already applied one recognises the key and does not
apply it twice. The person is told what happened and whether any action could not be read.

SQLite's full check reads the whole file (seconds at plant size), so it runs in the
background once the console is up, and again on a schedule (`check_and_mark`); damage it finds,
or that a read meets on the way (CacheStore.damage_found), is written to a marker beside the
cache and repaired at the next start, when no connection is open. At start only a cheap check
runs: a file that is not a database at all is repaired at once.

The waiting actions are also kept in a copy beside the cache (app.cache.outbox_copy). Actions
of the copy that the cache does not hold are queued again at start, with the same report: so a
cache emptied to 0 bytes, deleted or replaced by an older file loses none of them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.cache import outbox_copy
from app.cache.database import create_cache_engine
from app.cache.outbox import DuplicateAction, OutboxItem, OutboxState, each_item
from app.cache.store import CacheStore
from app.cache_location import sqlite_file

log = logging.getLogger(__name__)

MARKER_SUFFIX = ".damaged"  # beside the cache: what the last full check found
_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside the database


@dataclass(frozen=True, slots=True)
class CacheRepair:
    damaged: Path | None  # where the damaged cache now is (None: there was no file to keep)
    problem: str  # what SQLite said about it, or what became of the file
    actions_kept: int  # waiting actions queued again in the new cache
    actions_unread: bool  # the old outbox could not be read (whole or in part), nor the copy


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
        mark_damaged(url, problem)
    return problem


def mark_damaged(url: str | None, problem: str) -> None:
    """Have the SQLite cache at `url` repaired at the next start."""
    path = sqlite_file(url)
    if path is None:
        return
    log.error("the cache at %s is damaged: %s (repaired at the next start)", path, problem)
    _marker(path).write_text(problem, encoding="utf-8")


def open_checked(url: str | None, now: datetime,
                 open_store: Callable[[str | None], CacheStore] = CacheStore.open,
                 ) -> tuple[CacheStore, CacheRepair | None]:
    """The cache at `url`, repaired first (see the module's docstring) if the last full check
    marked it damaged or it does not open as a database, with the waiting actions of the copy
    beside it that it does not hold."""
    path = sqlite_file(url)
    if path is None:
        return open_store(url), None
    saved, copy_unread = _copy_beside(path)
    problem, damaged = _damage(path, saved, now)
    old, unread = _old_outbox(damaged) if damaged is not None else ([], False)
    store = open_store(url)
    known = {item.idempotency_key for item in store.outbox_items()}
    if problem is None:  # a sound file: only what the copy holds and the cache does not
        if all(item.idempotency_key in known for item in saved):
            return store, None
        problem = "the cache does not hold actions that were waiting to be sent"
    kept = 0
    for item in _union(old, saved):
        if item.idempotency_key in known:
            continue
        try:
            _queue_again(store, item)
            kept += 1
        except DuplicateAction:  # listed twice in a damaged table: once is enough
            continue
    if kept:
        log.error("%d waiting action(s) queued again in the cache at %s", kept, path)
    return store, CacheRepair(damaged, problem, kept, unread and (copy_unread or not saved))


def _copy_beside(path: Path) -> tuple[list[OutboxItem], bool]:
    try:
        return outbox_copy.read(outbox_copy.copy_path(path)), False
    except outbox_copy.CopyUnreadable as error:
        log.error("the copy of the waiting actions is unreadable: %s", error)
        return [], True


def _damage(path: Path, saved: list[OutboxItem], now: datetime
            ) -> tuple[str | None, Path | None]:
    """What is wrong with the cache file (None: nothing) and where it was set aside."""
    if not path.is_file():
        return ("the cache file was missing" if saved else None), None
    if path.stat().st_size == 0:
        if not saved:  # a new cache, or an empty one with nothing to lose
            return None, None
        return "the cache file was empty (0 bytes)", _set_aside(path, now)
    marker = _marker(path)
    problem = (marker.read_text(encoding="utf-8") if marker.is_file()
               else problem_of(path, full=False))
    if problem is None:
        return None, None
    damaged = _set_aside(path, now)
    marker.unlink(missing_ok=True)
    log.error("the cache at %s is damaged (%s); moved to %s, starting a new one", path,
              problem, damaged)
    return problem, damaged


def _union(old: list[OutboxItem], saved: list[OutboxItem]) -> list[OutboxItem]:
    """The damaged outbox's waiting actions, then the copy's that it did not list at all (an
    action the damaged file shows as delivered is not sent again)."""
    seen = {item.idempotency_key for item in old}
    return ([item for item in old if item.state in outbox_copy.WAITING]
            + [item for item in saved if item.idempotency_key not in seen])


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


def _old_outbox(damaged: Path) -> tuple[list[OutboxItem], bool]:
    """What the damaged cache's outbox still shows, delivered actions included, and whether
    some (or all) of it could not be read."""
    if damaged.stat().st_size == 0:
        return [], False
    engine = create_cache_engine(f"sqlite:///{damaged}")
    read: list[OutboxItem] = []
    try:
        with engine.connect() as connection:
            read.extend(each_item(connection))
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
