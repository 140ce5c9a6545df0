"""What people call a record: an order's number (SO-1012), not its key (O-000012)."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from app.cache.store import CacheStore

log = logging.getLogger(__name__)


class RecordNames:
    """Looks numbers up in the cache once each; falls back to the id when the record is not
    held (or there is no cache), so an action is always described."""

    def __init__(self, store: CacheStore | None) -> None:
        self._store = store
        self._known: dict[tuple[str, str, str], str] = {}

    def __call__(self, source: str, feed: str, record_id: str) -> str:
        key = (source, feed, record_id)
        if key not in self._known:
            self._known[key] = self._look_up(source, feed, record_id)
        return self._known[key]

    def _look_up(self, source: str, feed: str, record_id: str) -> str:
        if self._store is None:
            return record_id
        try:
            record = self._store.get(source, feed, record_id)
        except (SQLAlchemyError, KeyError, ValueError):
            log.exception("could not look up %s %s %s", source, feed, record_id)
            return record_id
        number = getattr(record, "number", None)
        return str(number) if number else record_id
