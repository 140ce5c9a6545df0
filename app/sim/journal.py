"""Records the history generator writes, published in the order they happened.

The generator works entity by entity (an order, its work orders, their lots), not in time order.
Each record is written once, in its final state, at the time of its last change; `flush` then
puts them into the feeds sorted by that time, so every feed's change times run forwards, as they
would had the plant lived through the history minute by minute.
"""

from __future__ import annotations

from datetime import datetime

from app.domain import Record
from app.sim.core import SimCore


class Journal:
    def __init__(self) -> None:
        self._entries: list[tuple[datetime, int, str, Record]] = []

    def put(self, feed: str, record: Record, at: datetime) -> None:
        self._entries.append((at, len(self._entries), feed, record))

    def __len__(self) -> int:
        return len(self._entries)

    def flush(self, core: SimCore) -> None:
        self._entries.sort(key=lambda e: (e[0], e[1]))
        for at, _, feed, record in self._entries:
            core.now = at
            core.put(feed, record)
        self._entries.clear()
