"""A plant server restarted with older data (as after a restore from a backup) answers the
console's stored sync tokens with HTTP 410: the full re-read replaces what the cache held,
older versions and vanished records included, and says so on the source's health."""

from __future__ import annotations

import asyncio
import socket
from decimal import Decimal

import httpx

from app.cache.changes import ChangeSet
from app.contract import FEEDS
from app.sim.launcher import DemoPlant, start_demo_plant
from app.sync.health import SourceState, SyncNoticeKind
from tests.integration.conftest import PLANT_ARGS, read_all
from tests.integration.sync_helpers import (
    RecordingEvents,
    WatchedConnector,
    cache_versions,
    make_engine,
    server_versions,
)

SEED = 11
SOURCE = "demo-mes"
MES_FEEDS = {spec.name: spec.path for spec in FEEDS if spec.backend == "mes"}
# The feeds of the report: every machine state, work order and stock level stayed wrong.
REPORTED = ("mes.machine_status", "mes.work_orders", "mes.stock")
SAMPLED = {"mes.machine_status": "state", "mes.work_orders": "status", "mes.stock": "on_hand"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(port: int) -> DemoPlant:
    # Paused, from a fixed start: the same seed on the same port is the same plant, with the
    # data it started with (the plant's clock is pinned by PLANT_ARGS).
    return start_demo_plant(seed=SEED, extra_args=PLANT_ARGS, port=port)


def _plant_versions(url: str) -> dict[str, dict[str, int]]:
    return {feed: server_versions(url, path) for feed, path in MES_FEEDS.items()}


def _plant_values(url: str, feed: str, field: str) -> dict[str, str]:
    with httpx.Client(base_url=url, timeout=30) as client:
        items, _ = read_all(client, MES_FEEDS[feed], limit=1000)
    return {i["id"]: str(Decimal(str(i[field])) if field == "on_hand" else i[field])
            for i in items if not i.get("deleted")}


def _field_values(engine, feed: str, field: str) -> dict[str, str]:
    return {r.id: str(getattr(r, field)) for r in engine.store.all(SOURCE, feed)}


def test_plant_restarted_with_older_data_replaces_what_the_cache_held(tmp_path) -> None:
    port = _free_port()
    plants = [_start(port)]
    url = plants[0].url
    older = _plant_versions(url)  # what the plant holds again once restarted
    events = RecordingEvents()
    engine = make_engine(url, tmp_path / "cache.sqlite3", events)
    mes = next(c for c in engine._connectors if c.source.kind == "mes")
    assert isinstance(mes, WatchedConnector)

    def cached() -> dict[str, dict[str, int]]:
        return {feed: cache_versions(engine.store, SOURCE, feed) for feed in MES_FEEDS}

    async def scenario() -> None:
        await engine.poller.sync_source_once(SOURCE)
        with httpx.Client(base_url=url, timeout=30) as client:
            client.post("/sim/v1/clock/advance", json={"seconds": 2 * 3600}).raise_for_status()
        await engine.poller.sync_source_once(SOURCE)  # incremental: the newer data
        newer = cached()
        assert newer == _plant_versions(url)
        for feed in REPORTED:
            assert newer[feed] != older[feed], f"{feed} did not change: nothing to test"

        # The plant restarts with the data it had before: our tokens are from another run.
        plants[0].stop()
        plants[0] = _start(port)
        reads_before, announced_before = len(mes.reads), len(events.changes)
        changes = await engine.poller.sync_source_once(SOURCE)

        # The cache holds exactly what the plant holds now, whatever the versions were.
        assert cached() == older
        for feed, field in SAMPLED.items():
            assert _field_values(engine, feed, field) == _plant_values(url, feed, field), feed
        reread = {feed for feed, token in mes.reads[reads_before:] if token is None}
        assert set(REPORTED) <= reread
        for feed in MES_FEEDS:
            went_back = {i for i, v in newer[feed].items() if i in older[feed]
                         and v > older[feed][i]}
            vanished = set(newer[feed]) - set(older[feed])
            assert _ids(changes.replaced, feed) == went_back, feed
            assert _ids(changes.deleted, feed) == vanished, feed
            assert _ids(changes.upserted, feed) >= went_back, feed
            assert not _ids(changes.stale, feed), feed
        for feed in REPORTED:
            assert _ids(changes.replaced, feed), f"no {feed} record went back"
        # Announced, so the views recompute.
        announced = ChangeSet()
        for told in events.changes[announced_before:]:
            announced.merge(told)
        assert announced.upserted == changes.upserted and announced.deleted == changes.deleted
        assert set(REPORTED) <= announced.kinds

        # The person sees, per feed read again, that its data was replaced; not an error.
        health = events.latest(SOURCE)
        assert health.state is SourceState.CONNECTED and health.error is None
        notices = {n.params["feed"]: n for n in health.notices}
        assert set(notices) == reread
        for feed in reread:
            assert notices[feed].kind is SyncNoticeKind.DATA_REPLACED
            assert notices[feed].params["replaced"] == str(len(_ids(changes.replaced, feed)))
            assert notices[feed].params["removed"] == str(len(_ids(changes.deleted, feed)))

        # A second pass reads after the new tokens: nothing changes any more.
        again = await engine.poller.sync_source_once(SOURCE)
        assert not again and not again.replaced
        assert cached() == older
        await engine.stop()

    try:
        asyncio.run(scenario())
    finally:
        plants[0].stop()
        engine.store.close()


def _ids(keys: dict[str, set[tuple[str, str]]], feed: str) -> set[str]:
    return {record_id for source, record_id in keys.get(feed, set()) if source == SOURCE}

