"""A source whose reads never list deletions (Tryton, Odoo) is read in full at the first read
of a run and then every few hours: records deleted there leave the cache, while the reads in
between stay incremental."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cache.store import CacheStore
from app.sync.poller import DELETION_RECHECK_SECONDS
from tests.unit.test_sync_full_reread import Run, held, order, page


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    yield opened
    opened.close()


class Seconds:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def without_deletions(run: Run, seconds: Seconds) -> Run:
    run.source.reports_deletions = False
    run.poller.monotonic = seconds
    return run


def test_records_deleted_at_the_source_leave_on_the_next_full_read(store: CacheStore) -> None:
    seconds = Seconds()
    first = without_deletions(Run(store), seconds)
    try:
        first.source.answers[None] = [page(order("A", 1), order("B", 1), token="t1")]
        first.source.answers["t1"] = [page(order("A", 2), token="t2")]
        first.sync()
        first.sync()  # in the same run: incremental
        assert first.source.reads == [None, "t1"]
        assert held(store) == {"A": 2, "B": 1}
    finally:
        first.close()

    # B was deleted in the backend while the console was closed: its next run reads in full
    # although a token is stored, and B leaves the cache.
    again = without_deletions(Run(store), seconds)
    try:
        again.source.answers[None] = [page(order("A", 2), token="t3")]
        again.source.answers["t3"] = [page(token="t3")]
        again.sync()
        assert again.source.reads == [None]
        assert held(store) == {"A": 2}
        again.sync()
        assert again.source.reads == [None, "t3"]
        seconds.now += DELETION_RECHECK_SECONDS  # hours later: in full again
        again.source.answers[None] = [page(token="t4")]  # A deleted too
        again.sync()
        assert again.source.reads == [None, "t3", None]
        assert held(store) == {}
    finally:
        again.close()


def test_a_source_that_lists_deletions_stays_incremental(store: CacheStore) -> None:
    first = Run(store)
    try:
        first.source.answers[None] = [page(order("A", 1), token="t1")]
        first.sync()
    finally:
        first.close()
    again = Run(store)
    try:
        again.source.answers["t1"] = [page(token="t1")]
        again.sync()
        assert again.source.reads == ["t1"]
    finally:
        again.close()
