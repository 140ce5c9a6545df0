"""An OPC UA source against a real asyncua server on loopback (app.sim.opcua_plant)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.cache.store import CacheStore
from app.connectors.base import SourceRefused, SourceUnavailable
from app.connectors.opcua import OpcUaConnector, from_profile, propose_mapping
from app.domain.machines import MachineState, MachineStatus
from app.sim.opcua_plant import OpcUaPlant
from app.sync.cache_worker import CacheWorker
from app.sync.poller import Poller
from app.sync.profiles import SourceProfile
from app.sync.registry import test_connection

pytestmark = pytest.mark.integration

USER, PASSWORD = "operator", "s3cret"
WAIT_SECONDS = 15.0  # generous for a loaded machine; each wait ends as soon as its condition holds


class Secrets:
    def __init__(self, password: str) -> None:
        self.password = password

    def get(self, profile: str, key: str) -> str | None:
        return self.password if key == "password" else None


@pytest.fixture(scope="module")
def plant() -> Iterator[OpcUaPlant]:
    # UInt16 counters wrap after 65535 parts, as on many small PLCs.
    with OpcUaPlant(("P-1", "P-2", "P-3"), counter_type="UInt16",
                    users={USER: PASSWORD}) as started:
        yield started


def profile_for(plant: OpcUaPlant, mapping: str | None = None, **options: str) -> SourceProfile:
    return SourceProfile(name="line-ua", role="mes", backend="opcua", url=plant.url,
                         username=USER,
                         options={"mapping": mapping or plant.mapping(), **options})


def make(plant: OpcUaPlant, password: str = PASSWORD, **options: str) -> OpcUaConnector:
    return from_profile(profile_for(plant, **options), Secrets(password))


class Watch:
    """Waits until a condition holds, woken by the connector's change notices."""

    def __init__(self, connector: OpcUaConnector) -> None:
        loop = asyncio.get_running_loop()
        self.loop = loop
        self.changed = asyncio.Event()
        connector.add_listener(lambda: loop.call_soon_threadsafe(self.changed.set))

    async def until(self, condition: Callable[[], Awaitable[bool] | bool], what: str) -> None:
        deadline = self.loop.time() + WAIT_SECONDS
        while True:
            self.changed.clear()
            result = condition()
            if await result if asyncio.iscoroutine(result) else result:
                return
            remaining = deadline - self.loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)


class Reader:
    """Reads a feed the way the poller does: passing back the last page's token."""

    def __init__(self, connector: OpcUaConnector, feed: str) -> None:
        self.connector, self.feed = connector, feed
        self.token: str | None = None
        self.latest: dict[str, Any] = {}
        self.received: list[Any] = []

    async def read(self) -> list[Any]:
        records = []
        async for page in self.connector.read_changes(self.feed, self.token):
            # Page by page, as they land in the cache, even when the read then fails.
            for record in page.records:
                older = self.latest.get(record.id)
                assert older is None or record.version > older.version, "versions increase"
                self.latest[record.id] = record
            records += page.records
            self.received += page.records
            self.token = page.sync_token or self.token
        return records


def run(body: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(body())


def test_state_changes_arrive_as_status_and_state_events(plant: OpcUaPlant) -> None:
    async def body() -> None:
        connector = make(plant)
        watch = Watch(connector)
        status, events = (Reader(connector, "mes.machine_status"),
                          Reader(connector, "mes.machine_events"))
        try:
            await status.read()
            assert set(status.latest) == {"P-1", "P-2", "P-3"}
            await events.read()
            before = {m: s.state for m, s in status.latest.items()}
            # P-1 publishes text, P-2 an integer code, P-3 OPC UA for Machinery states.
            wanted = {"P-1": MachineState.DOWN, "P-2": MachineState.SETUP,
                      "P-3": MachineState.RUNNING}
            for machine, state in wanted.items():
                plant.set_state(machine, state)

            async def arrived() -> bool:
                await status.read()
                return all(status.latest[m].state == s for m, s in wanted.items())

            await watch.until(arrived, "the new states")
            await events.read()
            for machine, state in wanted.items():
                mine = sorted((e for e in events.latest.values() if e.machine_id == machine),
                              key=lambda e: e.start)
                current, previous = mine[-1], mine[-2]
                assert current.state == state and current.end is None
                assert current.start == status.latest[machine].since
                # The state before is closed where the new one starts.
                assert previous.state == before[machine] and previous.end == current.start
                assert current.id == f"{machine}:{current.start.isoformat()}"
            # Nothing changed since: the next read brings nothing new.
            assert await status.read() == []
        finally:
            await connector.aclose()

    run(body)


def test_counter_wrap_keeps_good_count_increasing(plant: OpcUaPlant) -> None:
    async def body() -> None:
        connector = make(plant)
        watch = Watch(connector)
        status = Reader(connector, "mes.machine_status")
        try:
            await status.read()
            start = status.latest["P-1"].good_count

            async def good_is(expected: Decimal) -> bool:
                await status.read()
                return status.latest["P-1"].good_count == expected

            plant.add_good("P-1", 65_000)
            await watch.until(lambda: good_is(start + 65_000), "65000 parts")
            plant.add_good("P-1", 1_000)  # the UInt16 node goes past 65535 and back near 0
            await watch.until(lambda: good_is(start + 66_000), "the count past the wrap")
            goods = [r.good_count for r in status.received if r.id == "P-1"]
            assert goods == sorted(goods)
        finally:
            await connector.aclose()

    run(body)


def test_server_restart_is_reported_then_resubscribed(plant: OpcUaPlant) -> None:
    plant.mirror([MachineStatus(id="R-1", state=MachineState.IDLE, since=_now(),
                                good_count=Decimal(10), signals={"Temperature": 41.5})])

    async def body() -> None:
        connector = make(plant)
        watch = Watch(connector)
        status = Reader(connector, "mes.machine_status")
        try:
            await status.read()
            assert status.latest["R-1"].good_count == 10
            assert status.latest["R-1"].signals["temperature"] == 41.5
            plant.add_good("R-1", 5)

            async def counted(n: int) -> bool:
                # Wait until it is buffered; the reader does not read it yet.
                found, _ = connector.live.statuses_after(status.token)
                return any(s.id == "R-1" and s.good_count == n for s in found)

            await watch.until(lambda: counted(15), "the 5 parts in the buffer")
            await asyncio.to_thread(plant.stop)
            await watch.until(lambda: not connector.connected, "the connection to drop")
            # What arrived before the drop still lands, then the source says it is down.
            with pytest.raises(SourceUnavailable, match="OPC UA server") as down:
                await status.read()
            assert status.latest["R-1"].good_count == 15
            assert "lost" in str(down.value) or "not reachable" in str(down.value)
            await asyncio.to_thread(plant.start)
            await watch.until(lambda: connector.connected, "the reconnection")
            assert connector.connections == 2
            plant.set_state("R-1", MachineState.RUNNING)
            plant.add_good("R-1", 3)

            async def delivered() -> bool:
                await status.read()
                r1 = status.latest["R-1"]
                return r1.state == MachineState.RUNNING and r1.good_count == 18

            await watch.until(delivered, "changes made after the restart")
        finally:
            await connector.aclose()

    run(body)


def test_the_poller_lands_live_status_and_events_in_the_cache(plant: OpcUaPlant,
                                                              tmp_path: Path) -> None:
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.db'}")
    worker = CacheWorker(store)

    async def body() -> None:
        connector = make(plant)
        watch = Watch(connector)
        poller = Poller([connector], worker)
        try:
            await poller.sync_source_once("line-ua")
            held = store.get("line-ua", "mes.machine_status", "P-2")
            assert held is not None
            plant.set_state("P-2", MachineState.MAINTENANCE)
            plant.add_scrap("P-2", 2)

            async def landed() -> bool:
                await poller.sync_source_once("line-ua")
                now = store.get("line-ua", "mes.machine_status", "P-2")
                return (now.state == MachineState.MAINTENANCE
                        and now.scrap_count == held.scrap_count + 2)

            await watch.until(landed, "the cache to show the new state")
            events = [store.get("line-ua", "mes.machine_events", i)
                      for i in store.ids("line-ua", "mes.machine_events")]
            assert any(e.machine_id == "P-2" and e.state == MachineState.MAINTENANCE
                       and e.end is None for e in events)
            assert poller.health()[0].consecutive_failures == 0
        finally:
            await connector.aclose()

    try:
        run(body)
    finally:
        worker.shutdown()
        store.close()


def test_check_says_what_it_found_and_why_it_failed(plant: OpcUaPlant) -> None:
    async def body() -> None:
        ok = await test_connection(profile_for(plant), Secrets(PASSWORD))
        mapped = plant.mapping().count('"nsu=')
        assert ok.ok and ok.message == (f"OPC UA server Gemba demo plant: {mapped} of {mapped} "
                                        "mapped nodes found")

        typo = plant.mapping().replace("P-2.Rate", "P-2.Rat")
        partly = await test_connection(profile_for(plant, mapping=typo), Secrets(PASSWORD))
        assert partly.ok and f"{mapped - 1} of {mapped} mapped nodes found" in partly.message
        assert "P-2.Rat" in partly.message

        wrong = await test_connection(profile_for(plant), Secrets("guess"))
        assert not wrong.ok
        assert wrong.message == (f"the OPC UA server at {plant.url} refused the user name or "
                                 "password")
        with pytest.raises(SourceRefused):
            await make(plant, password="guess").check()

    run(body)


def test_check_of_something_that_is_not_an_opc_ua_server(plant: OpcUaPlant) -> None:
    async def body() -> None:
        async def answer_like_http(reader: asyncio.StreamReader,
                                   writer: asyncio.StreamWriter) -> None:
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(answer_like_http, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            profile = SourceProfile(name="web", role="mes", backend="opcua",
                                    url=f"opc.tcp://127.0.0.1:{port}",
                                    options={"mapping": plant.mapping()})
            result = await test_connection(profile, Secrets(""))
        assert not result.ok
        assert result.message == (f"opc.tcp://127.0.0.1:{port} answered, but not as an OPC UA "
                                  "server ('HTTP/1.1 400 Bad Request')")

        closed = SourceProfile(name="gone", role="mes", backend="opcua",
                               url=f"opc.tcp://127.0.0.1:{port}",
                               options={"mapping": plant.mapping()})
        result = await test_connection(closed, Secrets(""))
        assert not result.ok and "not reachable" in result.message

    run(body)


def test_discovery_proposes_the_plant_machines(plant: OpcUaPlant) -> None:
    async def body() -> None:
        profile = SourceProfile(name="line-ua", role="mes", backend="opcua", url=plant.url,
                                username=USER)
        proposed = await propose_mapping(profile, Secrets(PASSWORD))
        assert proposed is not None
        found = {m.machine_id: m for m in proposed.machines}
        assert {"P-1", "P-2", "P-3"} <= set(found)
        assert found["P-1"].state.endswith("P-1.State")
        assert found["P-1"].good and found["P-1"].good.endswith("P-1.GoodCount")
        assert found["P-1"].scrap and found["P-1"].scrap.endswith("P-1.ScrapCount")
        assert "temperature" in found["P-1"].signals
        # The Machinery machine is found by its MachineryItemState.
        assert found["P-3"].state.endswith("P-3.CurrentState")

        # The proposal works as it is: P-3's Machinery state reads as the console's state.
        connector = from_profile(profile_for(plant, mapping=proposed.to_json()),
                                 Secrets(PASSWORD))
        try:
            status = Reader(connector, "mes.machine_status")
            await status.read()
            assert {"P-1", "P-2", "P-3"} <= set(status.latest)
            assert status.latest["P-3"].state in (MachineState.RUNNING, MachineState.IDLE)
        finally:
            await connector.aclose()

    run(body)


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)
