"""The heart of the demo plant: a simulated clock with an event queue, seeded randomness, ids.

Every state change happens inside an event at a definite simulated time, so the feeds depend
only on the seed, the start and the API calls — never on how often the clock was advanced.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.domain import Record
from app.sim.feeds import FeedStore

Q0 = Decimal(1)
Q3 = Decimal("0.001")


def qty(value: Any, places: Decimal = Q3) -> Decimal:
    """A quantity as a Decimal without float artefacts; whole numbers stay whole."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return d.quantize(Q0)
    return d.quantize(places)


def micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class SimCore:
    """Clock, event queue, publishing and id counters shared by every part of the plant."""

    def __init__(self, seed: int, t0: datetime, feeds: FeedStore) -> None:
        self.seed = seed
        self.now = t0
        self.feeds = feeds
        # (time, insertion counter, callback, args): the counter makes equal times FIFO.
        self._queue: list[tuple[datetime, int, Callable[..., None], tuple[Any, ...]]] = []
        self._counter = itertools.count()
        self._numbers: dict[str, int] = {}
        self.deleted: set[tuple[str, str]] = set()

    # --- randomness -------------------------------------------------------------------------
    def rng(self, stream: str) -> random.Random:
        """An independent stream per concern: a string seed is hashed with SHA-512, so it is
        the same in every process (no hash randomisation) and one concern drawing more numbers
        never shifts another's."""
        return random.Random(f"{self.seed}/{stream}")

    # --- events -----------------------------------------------------------------------------
    def at(self, when: datetime, fn: Callable[..., None], *args: Any) -> None:
        heapq.heappush(self._queue, (max(when, self.now), next(self._counter), fn, args))

    def after(self, seconds: float, fn: Callable[..., None], *args: Any) -> None:
        self.at(self.now + timedelta(seconds=seconds), fn, *args)

    def run_until(self, t: datetime) -> None:
        q = self._queue
        while q and q[0][0] <= t:
            when, _, fn, args = heapq.heappop(q)
            self.now = when
            fn(*args)
        self.now = t

    # --- publishing -------------------------------------------------------------------------
    def put(self, feed: str, record: Record) -> None:
        # A record someone deleted stays deleted even if the simulation still holds it.
        if self.deleted and (feed, record.id) in self.deleted:
            return
        self.feeds.put(feed, record, self.now)

    def delete(self, feed: str, record_id: str, merged_into: str | None = None) -> None:
        self.feeds[feed].delete(record_id, self.now, merged_into=merged_into)
        self.deleted.add((feed, record_id))

    def next_number(self, kind: str, first: int = 1) -> int:
        n = self._numbers.get(kind, first - 1) + 1
        self._numbers[kind] = n
        return n
