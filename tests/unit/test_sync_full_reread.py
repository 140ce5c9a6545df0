"""The poller against a scripted source: a refused sync token (HTTP 410: the source restored from
a backup or restarted with older data) makes a full re-read that replaces what the cache holds,
while ordinary incremental pages still never put an older version over a newer one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app import domain as d
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.connectors.base import FeedPage, Rejection, SourceRefused
from app.connectors.config import SourceConfig
from app.sync.cache_worker import CacheWorker
from app.sync.health import HealthNotice, SourceHealth, SourceState, SyncNoticeKind
from app.sync.poller import Poller

FEED = "crm.orders"
SOURCE = "crm"
T0 = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)


def order(order_id: str, version: int, lines: int = 1, status: str = "confirmed"
          ) -> d.SalesOrder:
    return d.SalesOrder(
        id=order_id, version=version, number=f"N-{order_id}", customer_id="C1",
        status=d.OrderStatus(status), priority=2, customer_po="", created_at=T0,
        lines=[d.OrderLine(line_no=n, product_id=f"P-{n}", quantity=Decimal(n), unit="pcs",
                           requested_date=date(2026, 3, 14))
               for n in range(1, lines + 1)])


class Refused:
    """A scripted answer: the source refuses the request with this HTTP status."""

    def __init__(self, status: int) -> None:
        self.status = status


Script = list[FeedPage | Refused]


class ScriptedSource:
    """A connector whose answers are scripted per sync token sent: a list of pages (the last
    one carries the new token) or a refusal, possibly after some pages (a cursor refused)."""

    def __init__(self) -> None:
        self.source = SourceConfig(name=SOURCE, kind="crm", base_url="http://crm.invalid")
        self.answers: dict[str | None, Script] = {}
        self.reads: list[str | None] = []

    def feeds(self) -> tuple[str, ...]:
        return (FEED,)

    async def read_changes(self, feed: str, sync_token: str | None
                           ) -> AsyncIterator[FeedPage]:
        self.reads.append(sync_token)
        for answer in self.answers[sync_token]:
            if isinstance(answer, Refused):
                raise SourceRefused(f"refused with HTTP {answer.status}", answer.status)
            yield answer

    async def write(self, *args: Any) -> Any:
        raise NotImplementedError

    async def aclose(self) -> None:
        pass


def page(*items: Any, token: str | None = None, rejected: list[Rejection] | None = None
         ) -> FeedPage:
    return FeedPage(
        feed=FEED, records=[i for i in items if not isinstance(i, d.Tombstone)],
        deleted=[i for i in items if isinstance(i, d.Tombstone)], rejected=rejected or [],
        sync_token=token)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    yield opened
    opened.close()


class Run:
    """The poller over one scripted source, recording what it announces."""

    def __init__(self, store: CacheStore) -> None:
        self.source = ScriptedSource()
        self.worker = CacheWorker(store)
        self.health: list[SourceHealth] = []
        self.announced: list[ChangeSet] = []
        self.poller = Poller([self.source], self.worker, on_health=self.health.append,
                             on_changes=self.announced.append)

    def sync(self) -> ChangeSet:
        return asyncio.run(self.poller.sync_source_once(SOURCE))

    def close(self) -> None:
        self.worker.shutdown()


@pytest.fixture
def run(store: CacheStore) -> Iterator[Run]:
    made = Run(store)
    yield made
    made.close()


def held(store: CacheStore) -> dict[str, int]:
    return {r.id: r.version for r in store.all(SOURCE, FEED)}


def keys(*ids: str) -> set[tuple[str, str]]:
    return {(SOURCE, i) for i in ids}


def newer_data(run: Run) -> None:
    """The cache holds A v5 (3 lines), B v7 and C v2, with the token "t-new"."""
    run.source.answers[None] = [page(order("A", 5, lines=3), order("B", 7), order("C", 2),
                                     token="t-new")]
    run.sync()


def test_refused_token_410_full_reread_replaces_newer_versions_and_removes_vanished(
        run: Run, store: CacheStore) -> None:
    newer_data(run)
    assert held(store) == {"A": 5, "B": 7, "C": 2}
    # The source was restored from a backup: it no longer knows "t-new", and it holds older
    # versions of A and B (A with one line, B not cancelled yet), no C, and D that we never saw.
    run.source.answers["t-new"] = [Refused(410)]
    run.source.answers[None] = [page(order("A", 3, lines=1), order("B", 6, status="draft")),
                                page(order("D", 1), token="t-old")]
    changes = run.sync()

    assert run.source.reads[-2:] == ["t-new", None]
    assert held(store) == {"A": 3, "B": 6, "D": 1}
    assert store.get(SOURCE, FEED, "A") == order("A", 3, lines=1)
    assert store.get(SOURCE, FEED, "B") == order("B", 6, status="draft")
    assert store.sync_token(SOURCE, FEED) == "t-old"
    # What changed is announced, so views recompute.
    assert changes.upserted[FEED] == keys("A", "B", "D")
    assert changes.replaced[FEED] == keys("A", "B")
    assert changes.deleted[FEED] == keys("C")
    assert not changes.stale
    assert run.announced[-1].ids(FEED) == keys("A", "B", "C", "D")
    # The person can see that a full re-read replaced the data; it is not an error.
    health = run.health[-1]
    assert health.state is SourceState.CONNECTED and health.error is None
    (notice,) = health.notices
    assert notice.kind is SyncNoticeKind.DATA_REPLACED
    assert dict(notice.params) == {"feed": FEED, "replaced": "2", "removed": "1"}
    assert notice.at is not None
    assert "2 record(s) back to an older version, 1 removed" in notice.text

    # A second pass reads after the new token: nothing more changes, the notice stays.
    run.source.answers["t-old"] = [page(token="t-old")]
    assert not run.sync()
    assert held(store) == {"A": 3, "B": 6, "D": 1}
    assert run.health[-1].notices == (notice,)


def test_incremental_page_with_an_older_version_still_does_not_overwrite(
        run: Run, store: CacheStore) -> None:
    newer_data(run)
    # An out-of-order page: A v4 arrives after v5 was stored.
    run.source.answers["t-new"] = [page(order("A", 4, lines=1), order("C", 3), token="t-2")]
    changes = run.sync()
    assert held(store) == {"A": 5, "B": 7, "C": 3}
    assert store.get(SOURCE, FEED, "A") == order("A", 5, lines=3)
    assert changes.stale[FEED] == keys("A")
    assert changes.upserted[FEED] == keys("C")
    assert not changes.replaced and not changes.deleted
    assert run.health[-1].notices == ()


def test_refused_token_400_reads_again_without_replacing(run: Run, store: CacheStore) -> None:
    """A 400 says the request is wrong, not that the source went back: versions still rule."""
    newer_data(run)
    run.source.answers["t-new"] = [Refused(400)]
    run.source.answers[None] = [page(order("A", 3), order("B", 7), token="t-3")]
    changes = run.sync()
    assert held(store) == {"A": 5, "B": 7}  # C is gone: a full read lists every live record
    assert changes.stale[FEED] == keys("A")
    assert changes.deleted[FEED] == keys("C")
    assert not changes.replaced
    assert run.health[-1].notices == ()


def test_record_listed_again_later_in_the_reread_keeps_version_order(
        run: Run, store: CacheStore) -> None:
    newer_data(run)
    run.source.answers["t-new"] = [Refused(410)]
    # A changed while the re-read went on: v4 on the first page, then (out of order) v3.
    run.source.answers[None] = [page(order("A", 4, lines=2)),
                                page(order("A", 3, lines=1), order("B", 6), token="t-old")]
    changes = run.sync()
    assert held(store) == {"A": 4, "B": 6}
    assert store.get(SOURCE, FEED, "A") == order("A", 4, lines=2)
    assert changes.stale[FEED] == keys("A")
    assert changes.replaced[FEED] == keys("A", "B")


def test_cursor_refused_mid_read_then_reread_replaces(run: Run, store: CacheStore) -> None:
    """The source restarts between two pages of an incremental read: the cursor of its next
    page is refused with 410; the pages already stored are announced with the re-read's."""
    newer_data(run)
    run.source.answers["t-new"] = [page(order("C", 9)), Refused(410)]
    run.source.answers[None] = [page(order("A", 1), token="t-old")]
    changes = run.sync()
    assert held(store) == {"A": 1}
    assert changes.upserted[FEED] == keys("A", "C")
    assert changes.deleted[FEED] == keys("B", "C")
    assert changes.replaced[FEED] == keys("A")
    assert dict(run.health[-1].notices[0].params) == {"feed": FEED, "replaced": "1",
                                                      "removed": "2"}


def test_rejected_item_of_the_reread_is_kept_and_vanished_ones_removed(
        run: Run, store: CacheStore) -> None:
    newer_data(run)
    run.source.answers["t-new"] = [Refused(410)]
    run.source.answers[None] = [page(order("A", 3), token="t-old",
                                     rejected=[Rejection(FEED, "B", "status: bad value")])]
    changes = run.sync()
    # B is still listed (invalid now): the cache keeps what it held; C is gone.
    assert held(store) == {"A": 3, "B": 7}
    assert changes.deleted[FEED] == keys("C")
    health = run.health[-1]
    assert health.state is SourceState.DEGRADED
    assert "1 invalid item(s) rejected in crm.orders" in health.last_error
    assert dict(health.notices[0].params)["removed"] == "1"


def test_item_rejected_without_an_id_keeps_every_record(run: Run, store: CacheStore) -> None:
    newer_data(run)
    run.source.answers["t-new"] = [Refused(410)]
    run.source.answers[None] = [page(order("A", 3), token="t-old",
                                     rejected=[Rejection(FEED, None, "item has no id")])]
    changes = run.sync()
    assert held(store) == {"A": 3, "B": 7, "C": 2}  # which record was it? none is removed
    assert not changes.deleted


def test_notices_keep_the_latest_per_feed() -> None:
    first = HealthNotice(SyncNoticeKind.DATA_REPLACED, {"feed": "crm.orders"}, "one", T0)
    other = HealthNotice(SyncNoticeKind.DATA_REPLACED, {"feed": "mes.stock"}, "two", T0)
    again = HealthNotice(SyncNoticeKind.DATA_REPLACED, {"feed": "crm.orders"}, "three", T0)
    health = SourceHealth(source=SOURCE, kind="crm", url="http://crm.invalid")
    health = health.noted(first).noted(other).noted(again)
    assert health.notices == (other, again)
    assert health.succeeded(T0).notices == (other, again)  # not an error: it stays


def test_change_sets_merge_their_replaced_records() -> None:
    first, second = ChangeSet(), ChangeSet()
    first.add_replaced("mes.stock", SOURCE, ["S1"])
    second.add_replaced("mes.stock", SOURCE, ["S2"])
    assert first.merge(second).replaced == {"mes.stock": {(SOURCE, "S1"), (SOURCE, "S2")}}
