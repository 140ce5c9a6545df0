"""A copy of the waiting actions beside a SQLite cache, in a file of its own.

The outbox is the one part of the cache that cannot be read again from a backend. A cache file
that is emptied (0 bytes), deleted or replaced by an older one would take the waiting actions
with it, so every change to the outbox also rewrites `<cache>.outbox.json`: the actions not yet
delivered, whole, written to a temporary file and renamed over the old copy (a crash leaves the
old copy or the new one, never half of one). At start, actions in the copy that the cache does
not know are queued again (app.cache.integrity), with their idempotency keys.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from app.cache.outbox import OutboxItem, OutboxState

SUFFIX = ".outbox.json"
WAITING = frozenset({OutboxState.QUEUED, OutboxState.SENDING, OutboxState.PARKED})
_ITEMS = TypeAdapter(list[OutboxItem])


class CopyUnreadable(ValueError):
    """The copy exists but cannot be read as a list of actions."""


def copy_path(cache_file: Path) -> Path:
    return cache_file.with_name(cache_file.name + SUFFIX)


def write(path: Path, items: list[OutboxItem]) -> None:
    waiting = [item for item in items if item.state in WAITING]
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as file:
        file.write(_ITEMS.dump_json(waiting, indent=1))
        file.flush()
        os.fsync(file.fileno())
    temporary.replace(path)


def read(path: Path) -> list[OutboxItem]:
    """The actions in the copy at `path`; none when there is no copy."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise CopyUnreadable(f"{path}: {error}") from error
    try:
        return _ITEMS.validate_json(data)
    except ValidationError as error:
        raise CopyUnreadable(f"{path}: not a list of actions ({error.error_count()} "
                             "errors)") from error
