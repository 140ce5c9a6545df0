"""Where the cache is, without opening it: the default URL and the file behind a SQLite URL.

Kept free of SQLAlchemy so that the console can find what it saved beside its cache (the
figures of its first frame) before it pays for opening the database.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "gemba-console"


def default_cache_url() -> str:
    folder = Path(user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / 'cache.sqlite3'}"


def sqlite_file(url: str | None) -> Path | None:
    """The file of a SQLite cache URL (None: the default cache); None for another database,
    an in-memory one or a URI filename."""
    url = url or default_cache_url()
    scheme, sep, rest = url.partition(":///")
    if not sep or scheme.split("+")[0] != "sqlite":
        return None
    database = rest.split("?")[0]
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)
