"""Where the console's cache lives: the user's cache, or a fresh one for each demo run."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from app.cache.integrity import MARKER_SUFFIX
from app.cache.outbox_copy import SUFFIX as OUTBOX_COPY_SUFFIX
from app.cache_location import APP_NAME
from app.runtime.figures_snapshot import SUFFIX as FIGURES_SUFFIX

DEMO_CACHE_FILE = "demo-cache.sqlite3"
# What lies beside the file: SQLite's companions in WAL mode (a stale -wal would replay old
# pages), the Overview's saved figures, a damage marker and the copy of the waiting actions:
# all of the earlier plant.
_BESIDE = ("", "-wal", "-shm", "-journal", FIGURES_SUFFIX, MARKER_SUFFIX, OUTBOX_COPY_SUFFIX)


def demo_cache_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / DEMO_CACHE_FILE


def fresh_demo_cache_url() -> str:
    """A new, empty demo cache: each --demo run starts a new plant, whose sync tokens and
    records must never meet an earlier plant's."""
    path = demo_cache_path()
    for suffix in _BESIDE:
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"
