"""The sync engine against the demo plant: first and incremental syncs, faults, deletions."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from app.contract import FEEDS
from app.sync.health import SourceState
from tests.integration.sync_helpers import (
    RecordingEvents,
    cache_versions,
    make_engine,
    server_versions,
)


def test_first_sync_then_incremental_syncs_fetch_only_what_changed(plant, tmp_path) -> None:
    events = RecordingEvents()
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", events)

    async def scenario() -> tuple[int, int]:
        await engine.poller.sync_source_once("demo-mes")
        await engine.poller.sync_source_once("demo-crm")
        full = sum(c.items_read for c in engine._connectors)
        with httpx.Client(base_url=plant.url) as client:
            client.post("/sim/v1/clock/advance", json={"seconds": 3600}).raise_for_status()
        for connector in engine._connectors:
            connector.items_read = 0
        await engine.poller.sync_source_once("demo-mes")
        await engine.poller.sync_source_once("demo-crm")
        incremental = sum(c.items_read for c in engine._connectors)
        await engine.stop()
        return full, incremental

    full, incremental = asyncio.run(scenario())
    for spec in FEEDS:
        source = "demo-crm" if spec.backend == "crm" else "demo-mes"
        assert cache_versions(engine.store, source, spec.name) == server_versions(
            plant.url, spec.path), spec.name
    assert 0 < incremental < full / 5, (full, incremental)
    second_round = [t for c in engine._connectors for _, t in c.reads[len(c.feeds()):]]
    assert second_round and all(second_round), "an incremental read did not send its token"
    assert events.latest("demo-mes").state is SourceState.CONNECTED
    engine.store.close()


def test_deleted_record_disappears_from_the_cache(plant, tmp_path) -> None:
    events = RecordingEvents()
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", events)

    async def scenario() -> None:
        await engine.poller.sync_source_once("demo-crm")
        victim = sorted(cache_versions(engine.store, "demo-crm", "crm.contacts"))[0]
        with httpx.Client(base_url=plant.url) as client:
            client.delete(f"/sim/v1/records/crm.contacts/{victim}").raise_for_status()
        await engine.poller.sync_source_once("demo-crm")
        assert engine.store.get("demo-crm", "crm.contacts", victim) is None
        assert any(("demo-crm", victim) in c.deleted.get("crm.contacts", set())
                   for c in events.changes)
        await engine.stop()

    asyncio.run(scenario())
    engine.store.close()


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("http_500", "server error HTTP 500"),
        ("malformed_json", "malformed JSON"),
        ("truncated_json", "malformed JSON"),
        ("drop_connection", "connection dropped"),
        ("timeout", "timeout"),
    ],
)
def test_each_fault_ends_in_a_clear_error_and_intact_cache(shared_plant, tmp_path, client,
                                                           kind, says) -> None:
    events = RecordingEvents()
    engine = make_engine(shared_plant.url, tmp_path / "cache.sqlite3", events, timeout=1.0)

    async def scenario() -> None:
        await engine.poller.sync_source_once("demo-mes")
        before = cache_versions(engine.store, "demo-mes", "mes.work_orders")
        client.post("/sim/v1/faults", json={"path": "/mes/v1/work-orders", "kind": kind,
                                            "delay_seconds": 3}).raise_for_status()
        with pytest.raises(Exception):  # noqa: B017 - the poller re-raises the SourceError
            await engine.poller.sync_source_once("demo-mes")
        health = events.latest("demo-mes")
        assert health.state is SourceState.DEGRADED and says in health.last_error
        assert cache_versions(engine.store, "demo-mes", "mes.work_orders") == before
        client.delete("/sim/v1/faults").raise_for_status()
        await engine.poller.sync_source_once("demo-mes")
        assert events.latest("demo-mes").state is SourceState.CONNECTED
        await engine.stop()

    asyncio.run(scenario())
    engine.store.close()


def test_invalid_items_are_rejected_and_the_source_says_so(shared_plant, tmp_path,
                                                            client) -> None:
    events = RecordingEvents()
    engine = make_engine(shared_plant.url, tmp_path / "cache.sqlite3", events, page_size=40)
    client.post("/sim/v1/faults", json={"path": "/mes/v1/lots", "kind": "invalid_items",
                                        "count": 1}).raise_for_status()

    async def scenario() -> None:
        await engine.poller.sync_source_once("demo-mes")
        await engine.stop()

    asyncio.run(scenario())
    health = events.latest("demo-mes")
    assert health.state is SourceState.DEGRADED
    first_page = min(40, len(server_versions(shared_plant.url, "/mes/v1/lots")))
    rejected = (first_page + 1) // 2  # the fault spoils every other item of one page
    assert f"{rejected} invalid item(s) rejected in mes.lots" in health.last_error
    held = cache_versions(engine.store, "demo-mes", "mes.lots")
    assert len(server_versions(shared_plant.url, "/mes/v1/lots")) - len(held) == rejected
    engine.store.close()
