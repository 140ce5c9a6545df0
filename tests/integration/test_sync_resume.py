"""First reads of the demo plant's paged feeds under injected faults: a read stopped by a failure
goes on at the page that failed, and with 10 % of requests failing every feed is read."""

from __future__ import annotations

import asyncio
import contextlib
import time

import httpx
import pytest

from app.connectors.base import FeedPage, SourceUnavailable
from app.contract import FEEDS_BY_NAME
from tests.integration.sync_helpers import RecordingEvents, make_engine, server_versions

COUNTS = "mes.production_counts"


def test_a_first_read_stopped_by_a_failure_goes_on_at_the_failed_page(
        shared_plant, client: httpx.Client, tmp_path) -> None:
    path = FEEDS_BY_NAME[COUNTS].path
    read = {"pages": 0, "items": 0}

    def fail_the_fourth_page(page: FeedPage) -> None:
        if page.feed != COUNTS:
            return
        read["pages"] += 1
        read["items"] += len(page.records) + len(page.deleted)
        if read["pages"] == 3:  # the next request fails once
            client.post("/sim/v1/faults", json={"path": path, "kind": "http_500",
                                                "count": 1}).raise_for_status()

    events = RecordingEvents()
    engine = make_engine(shared_plant.url, tmp_path / "cache.sqlite3", events, page_size=100,
                         after_page=fail_the_fourth_page)
    mes = next(c for c in engine._connectors if c.source.kind == "mes")

    async def scenario() -> None:
        with pytest.raises(SourceUnavailable):
            await engine.poller.sync_source_once("demo-mes")
        assert engine.store.count("demo-mes", COUNTS) == 300
        await engine.poller.sync_source_once("demo-mes")

    try:
        asyncio.run(scenario())
        starts = [cursor for feed, cursor in mes.cursors if feed == COUNTS]
        assert len(starts) == 2 and starts[0] is None and starts[1] is not None
        on_server = server_versions(shared_plant.url, path)
        assert read["items"] == len(on_server) > 1000  # no page read twice
        assert engine.store.count("demo-mes", COUNTS) == len(on_server)
        assert events.latest("demo-mes").first_reads == ()
    finally:
        engine.store.close()


def test_every_feed_is_read_with_ten_percent_of_requests_failing(
        shared_plant, client: httpx.Client, tmp_path) -> None:
    client.post("/sim/v1/faults", json={"path": "/", "kind": "http_500", "rate": 0.1,
                                        "seed": 3}).raise_for_status()
    events = RecordingEvents()
    engine = make_engine(shared_plant.url, tmp_path / "cache.sqlite3", events, page_size=100)
    feeds = {feed for connector in engine._connectors for feed in connector.feeds()}

    async def scenario() -> None:
        await engine.start()
        deadline = time.monotonic() + 90
        while {feed for _, feed, _ in events.synced} != feeds:
            assert time.monotonic() < deadline, "not every feed was read"
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(events.news(), deadline - time.monotonic())
        await engine.stop()

    try:
        asyncio.run(scenario())
        assert any(h.last_error for h in events.health), "no request failed"
        mes = next(c for c in engine._connectors if c.source.kind == "mes")
        from_page_1 = [feed for (feed, token), (_, cursor) in zip(mes.reads, mes.cursors,
                                                                   strict=True)
                       if feed == COUNTS and token is None and cursor is None]
        assert len(from_page_1) == 1  # gone on after each failure, never started again
    finally:
        engine.store.close()
