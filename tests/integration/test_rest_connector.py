"""The generic REST connector against the demo plant over loopback."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from app import domain as d
from app.connectors.base import BadPayload, FeedPage, SourceRefused, SourceUnavailable
from app.connectors.rest import RestConnector
from app.sync.sources import demo_sources


def _connector(url: str, kind: str = "mes", **kwargs) -> RestConnector:
    source = next(s for s in demo_sources(url) if s.kind == kind)
    return RestConnector(source, **kwargs)


async def _read(connector: RestConnector, feed: str, token: str | None = None) -> list[FeedPage]:
    return [page async for page in connector.read_changes(feed, token)]


def _run(coro_factory):
    return asyncio.run(coro_factory())


def test_reads_every_feed_of_its_kind_into_domain_objects(shared_plant) -> None:
    async def scenario() -> None:
        for kind in ("crm", "mes"):
            connector = _connector(shared_plant.url, kind, page_size=400)
            try:
                for feed in connector.feeds():
                    pages = await _read(connector, feed)
                    records = [r for p in pages for r in p.records]
                    assert records, feed
                    assert not any(p.rejected for p in pages), feed
                    assert pages[-1].sync_token
                    again = await _read(connector, feed, pages[-1].sync_token)
                    assert all(not p.records for p in again), f"{feed} repeated items"
            finally:
                await connector.aclose()

    _run(scenario)


def test_work_orders_arrive_typed(shared_plant) -> None:
    async def scenario() -> list:
        connector = _connector(shared_plant.url)
        try:
            return [r for p in await _read(connector, "mes.work_orders") for r in p.records]
        finally:
            await connector.aclose()

    orders = _run(scenario)
    assert all(isinstance(w, d.WorkOrder) for w in orders)
    assert all(w.operations and isinstance(w.operations[0], d.Operation) for w in orders)


def test_invalid_items_are_rejected_and_the_rest_lands(client, shared_plant) -> None:
    client.post("/sim/v1/faults", json={"path": "/mes/v1/lots", "kind": "invalid_items",
                                        "count": 1}).raise_for_status()

    async def scenario() -> FeedPage:
        connector = _connector(shared_plant.url, page_size=20)
        try:
            return (await _read(connector, "mes.lots"))[0]
        finally:
            await connector.aclose()

    page = _run(scenario)
    assert len(page.rejected) == 10 and len(page.records) == 10
    assert all(r.item_id and r.reason for r in page.rejected)


@pytest.mark.parametrize(
    ("kind", "error", "says"),
    [
        ("http_500", SourceUnavailable, "server error HTTP 500"),
        ("malformed_json", BadPayload, "malformed JSON"),
        ("truncated_json", BadPayload, "malformed JSON"),
        ("drop_connection", SourceUnavailable, "connection dropped"),
        ("timeout", SourceUnavailable, "timeout"),
    ],
)
def test_faults_become_clear_source_errors(client, shared_plant, kind, error, says) -> None:
    client.post("/sim/v1/faults", json={"path": "/mes/v1/sites", "kind": kind,
                                        "delay_seconds": 2}).raise_for_status()

    async def scenario() -> None:
        connector = _connector(shared_plant.url, timeout=httpx.Timeout(0.5))
        try:
            await _read(connector, "mes.sites")
        finally:
            await connector.aclose()

    with pytest.raises(error) as raised:
        _run(scenario)
    assert says in str(raised.value)


def test_equipment_not_modified_with_its_etag(shared_plant) -> None:
    async def scenario() -> tuple[list[FeedPage], list[FeedPage]]:
        connector = _connector(shared_plant.url)
        try:
            first = await _read(connector, "mes.equipment")
            return first, await _read(connector, "mes.equipment", first[-1].sync_token)
        finally:
            await connector.aclose()

    first, second = _run(scenario)
    assert first[0].records and second[0].not_modified


def test_unreachable_source_says_it_cannot_connect() -> None:
    async def scenario() -> None:
        connector = _connector("http://127.0.0.1:9")
        try:
            await _read(connector, "mes.sites")
        finally:
            await connector.aclose()

    with pytest.raises(SourceUnavailable, match="cannot connect"):
        _run(scenario)


def test_write_replays_and_refusals(plant) -> None:
    with httpx.Client(base_url=plant.url) as client:
        work_order = client.get("/mes/v1/work-orders", params={"limit": "1"}).json()["items"][0]

    async def scenario() -> None:
        connector = _connector(plant.url)
        key = str(uuid.uuid4())
        path = f"/mes/v1/work-orders/{work_order['id']}/priority"
        try:
            first = await connector.write("POST", path, {"priority": 1}, key,
                                          work_order["version"])
            again = await connector.write("POST", path, {"priority": 1}, key,
                                          work_order["version"])
            assert not first.replayed and again.replayed
            assert again.record == first.record
            with pytest.raises(SourceRefused) as refused:
                await connector.write("POST", path, {"priority": 2}, str(uuid.uuid4()),
                                      work_order["version"])
            assert refused.value.status == 412 and "record has changed" in str(refused.value)
        finally:
            await connector.aclose()

    _run(scenario)
