"""A machine's free-stretch search against the plain definition: the size-class skip it keeps
between searches must never change an answer."""

from __future__ import annotations

import random

from app.analytics.schedule.dispatch import MachineBook
from app.analytics.schedule.working_time import WorkingTime


def plain_earliest(book: MachineBook, ready_w: float, need: float) -> float:
    """Try ready_w, then the end of every booking after it, in order."""
    bookings = list(zip(book.starts, book.ends, strict=True))
    for at in [ready_w, *(end for end in book.ends if end > ready_w)]:
        if all(at + need <= start or at >= end for start, end in bookings):
            return at
    raise AssertionError("after the last booking is always free")


def test_earliest_agrees_with_the_plain_search_while_bookings_fill_up() -> None:
    rng = random.Random(7)
    book = MachineBook(WorkingTime([(0.0, 1e9)]))
    for _ in range(3000):
        ready_w = rng.uniform(0, 2e6)
        need = rng.choice((0.0, rng.uniform(0, 3), rng.uniform(60, 40000)))
        at = book.earliest(ready_w, need)
        assert at == plain_earliest(book, ready_w, need)
        book.book(at, at + need)
