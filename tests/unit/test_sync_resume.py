"""The poller against a scripted paged source: a read stopped by a failure goes on at the page
that failed, a long read gives way to the source's other feeds, a failing feed backs off on its
own while the others are read, and the health says how far each first read got."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app import domain as d
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.connectors.base import FeedPage, SourceUnavailable
from app.connectors.config import SourceConfig
from app.sync import poller as poller_module
from app.sync.cache_worker import CacheWorker
from app.sync.health import FirstRead, SourceHealth, SourceState
from app.sync.poller import Poller

COUNTS = "mes.production_counts"
SITES = "mes.sites"
PER_PAGE = 3
T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@dataclass(slots=True)
class CursorPage(FeedPage):
    """A page that says where the read goes on (FeedPage.next_cursor, where the connectors
    have it)."""

    next_cursor: str | None = None


def record(feed: str, page: int, n: int) -> Any:
    key = f"{page}-{n}"
    if feed == SITES:
        return d.Site(id=f"S{key}", name=f"Plant {key}", time_zone="UTC")
    start = T0 + timedelta(minutes=10 * (page * PER_PAGE + n))
    return d.ProductionCount(id=f"PC{key}", machine_id="M1", work_order_id=None,
                             product_id="P-1", start=start, end=start + timedelta(minutes=10),
                             good=Decimal(9), scrap=Decimal(1))


class PagedSource:
    """A connector serving each feed as numbered pages of PER_PAGE records, the cursor being
    the next page's number. Requests named in `fail_once` fail the first time; feeds in
    `failing` fail always. `requests` lists every page asked for."""

    def __init__(self, pages: dict[str, int]) -> None:
        self.source = SourceConfig(name="mes", kind="mes", base_url="http://mes.invalid")
        self.pages = pages
        self.fail_once: set[tuple[str, int]] = set()
        self.failing: set[str] = set()
        self.requests: list[tuple[str, int]] = []

    def feeds(self) -> tuple[str, ...]:
        return tuple(self.pages)

    async def read_changes(self, feed: str, sync_token: str | None, *,
                           cursor: str | None = None) -> AsyncIterator[FeedPage]:
        last = self.pages[feed]
        for n in range(int(cursor) if cursor else 1, last + 1):
            self.requests.append((feed, n))
            if feed in self.failing or (feed, n) in self.fail_once:
                self.fail_once.discard((feed, n))
                raise SourceUnavailable(f"{feed} page {n}: server error HTTP 500")
            yield CursorPage(feed=feed, records=[record(feed, n, i) for i in range(PER_PAGE)],
                             sync_token=f"{feed}-t" if n == last else None,
                             next_cursor=None if n == last else str(n + 1))

    async def write(self, *args: Any) -> Any:
        raise NotImplementedError

    async def aclose(self) -> None:
        pass


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    yield opened
    opened.close()


class Run:
    """The poller over one paged source, recording what it reports; `synced` is set each
    time a feed is read to its end."""

    def __init__(self, store: CacheStore, source: PagedSource,
                 intervals: dict[str, float] | None = None) -> None:
        self.source = source
        self.worker = CacheWorker(store)
        self.health: list[SourceHealth] = []
        self.announced: list[ChangeSet] = []
        self.synced: list[str] = []
        self.news: asyncio.Event | None = None
        self.poller = Poller([source], self.worker, on_health=self._health,
                             on_changes=self.announced.append, on_synced=self._synced,
                             intervals=intervals)

    def _health(self, health: SourceHealth) -> None:
        self.health.append(health)
        if self.news is not None:
            self.news.set()

    def _synced(self, source: str, feed: str, at: datetime) -> None:
        self.synced.append(feed)
        if self.news is not None:
            self.news.set()

    def sync(self) -> ChangeSet:
        return asyncio.run(self.poller.sync_source_once("mes"))

    async def until(self, condition, timeout: float = 10.0) -> None:
        """Run the poller's own task until `condition` holds, report by report."""
        self.news = asyncio.Event()
        deadline = time.monotonic() + timeout
        while not condition():
            self.news.clear()
            left = deadline - time.monotonic()
            assert left > 0, "timed out"
            try:
                await asyncio.wait_for(self.news.wait(), left)
            except TimeoutError:
                raise AssertionError("timed out") from None

    def announced_keys(self) -> int:
        return sum(len(c.ids(COUNTS)) for c in self.announced)

    def close(self) -> None:
        self.worker.shutdown()


@pytest.fixture
def make_run(store: CacheStore) -> Iterator:
    runs: list[Run] = []

    def make(source: PagedSource, intervals: dict[str, float] | None = None) -> Run:
        runs.append(Run(store, source, intervals))
        return runs[-1]

    yield make
    for run in runs:
        run.close()


def test_a_first_read_stopped_by_a_failure_goes_on_at_the_failed_page(store, make_run) -> None:
    source = PagedSource({COUNTS: 10})
    source.fail_once.add((COUNTS, 6))
    run = make_run(source)
    with pytest.raises(SourceUnavailable):
        run.sync()
    assert store.count("mes", COUNTS) == 5 * PER_PAGE
    assert store.sync_token("mes", COUNTS) is None
    stopped, announced = run.health[-1], run.announced_keys()

    run.sync()
    asked = [n for feed, n in source.requests if feed == COUNTS]
    assert asked == [1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10]  # page 1 once: no start from scratch
    # When it stopped, the five pages in the cache were said so, and the health said how far
    # the first read got.
    assert announced == 5 * PER_PAGE
    assert stopped.first_reads == (FirstRead(COUNTS, 5, 5 * PER_PAGE),)
    assert store.count("mes", COUNTS) == 10 * PER_PAGE
    assert store.sync_token("mes", COUNTS) == f"{COUNTS}-t"
    assert store.last_synced("mes", COUNTS) is not None
    assert run.announced_keys() == 10 * PER_PAGE
    assert run.health[-1].first_reads == ()
    assert run.health[-1].state is SourceState.CONNECTED


def test_first_reads_are_listed_until_read_to_their_end(store, make_run) -> None:
    source = PagedSource({SITES: 1, COUNTS: 4})
    source.fail_once.add((COUNTS, 3))
    run = make_run(source)
    with pytest.raises(SourceUnavailable):
        run.sync()
    assert run.health[-1].first_reads == (FirstRead(COUNTS, 2, 2 * PER_PAGE),)
    # Feeds the cache read to their end before are no first reads.
    again = make_run(PagedSource({SITES: 1, COUNTS: 4}))
    again.poller.remember_synced("mes", {SITES: T0})
    assert again.poller.health()[0].last_success == T0

    async def started() -> None:
        again.poller.start()
        await again.poller.stop()

    asyncio.run(started())
    assert again.health[0].first_reads == (FirstRead(COUNTS),)


def test_a_long_read_gives_way_to_the_other_feeds(store, make_run, monkeypatch) -> None:
    monkeypatch.setattr(poller_module, "TURN_SECONDS", 0.0)  # a turn is one page
    source = PagedSource({COUNTS: 5, SITES: 1})
    run = make_run(source)

    async def scenario() -> None:
        run.poller.start()
        await run.until(lambda: {COUNTS, SITES} <= set(run.synced))
        await run.poller.stop()

    asyncio.run(scenario())
    assert source.requests.index((SITES, 1)) < source.requests.index((COUNTS, 5))
    assert [n for feed, n in source.requests if feed == COUNTS] == [1, 2, 3, 4, 5]
    assert store.count("mes", COUNTS) == 5 * PER_PAGE


def test_a_failing_feed_backs_off_alone_while_the_others_are_read(
        store, make_run, monkeypatch) -> None:
    monkeypatch.setattr(poller_module, "backoff_seconds", lambda failures, rng: 3600.0)
    source = PagedSource({COUNTS: 2, SITES: 1})
    source.failing.add(COUNTS)
    run = make_run(source, {SITES: 0.01})

    async def scenario() -> None:
        run.poller.start()
        await run.until(lambda: run.synced.count(SITES) >= 3)
        await run.poller.stop()

    asyncio.run(scenario())
    assert source.requests[0] == (COUNTS, 1)  # failed first, then waits its own hour
    assert source.requests.count((COUNTS, 1)) == 1
    health = run.health[-1]
    assert health.state is SourceState.DEGRADED  # still failing: not "connected"
    assert "server error" in health.last_error
    assert health.first_reads == (FirstRead(COUNTS),)


def test_a_source_that_answers_nothing_holds_all_its_feeds(store, make_run,
                                                          monkeypatch) -> None:
    monkeypatch.setattr(poller_module, "backoff_seconds", lambda failures, rng: 3600.0)
    feeds = {COUNTS: 1, SITES: 1, "mes.products": 1, "mes.lots": 1}
    source = PagedSource(feeds)
    source.failing.update(feeds)
    run = make_run(source)

    async def scenario() -> None:
        run.poller.start()
        await run.until(lambda: run.health[-1].state is SourceState.DOWN)
        # Down after three feeds failed in a row: the fourth is not tried, all wait.
        assert len(source.requests) == 3
        assert min(run.poller._loops[0].due.values()) > time.monotonic() + 3000
        await run.poller.stop()

    asyncio.run(scenario())
