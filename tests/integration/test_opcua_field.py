"""OPC UA servers as found in the field, not written the way the console's own demo is:
upper-case state words, node names of their own, codes declared by the server; and a profile
whose mapping changes. A real asyncua server on loopback (app.sim.opcua_plant)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from app.cache.store import CacheStore
from app.connectors.opcua import OpcUaConnector, from_profile, propose_mapping
from app.domain.machines import MachineState
from app.sim.opcua_plant import OpcUaPlant
from app.sync.cache_worker import CacheWorker
from app.sync.poller import Poller
from app.sync.profiles import MemorySecrets, SourceProfile

pytestmark = pytest.mark.integration

WAIT_SECONDS = 15.0  # each wait ends as soon as its condition holds
# Node names as a vendor's simulator has them: a part counter is not called "GoodCount".
FIELD_NAMES = {"State": "MachineStatus", "GoodCount": "PartCounter",
               "ScrapCount": "RejectCounter", "Temperature": "SpindleTemp",
               "WorkOrder": "JobNumber", "Reason": "StopReason"}


@pytest.fixture(scope="module")
def upper() -> Iterator[OpcUaPlant]:
    """States in capitals: "IDLE", "DOWN"; the Machinery machine says "NOTEXECUTING"."""
    with OpcUaPlant(("U-1", "U-2", "U-3"), upper_case_states=True) as started:
        yield started


@pytest.fixture
def field() -> Iterator[OpcUaPlant]:
    """Its own node names and state words; the coded machine declares its codes."""
    plant = OpcUaPlant(("F-1", "F-2", "F-3", "F-4"), coded=["F-2"], machinery=["F-3"],
                       upper_case_states=True, names=FIELD_NAMES, declare_codes=True,
                       state_words={MachineState.IDLE: "Stopped", MachineState.DOWN: "Fault"})
    plant.set_state("F-4", MachineState.DOWN)
    with plant:
        yield plant


def profile_for(plant: OpcUaPlant, mapping: str | None = None) -> SourceProfile:
    options = {"mapping": mapping} if mapping else {}
    return SourceProfile(name="line-ua", role="mes", backend="opcua", url=plant.url,
                         options=options)


def run(body: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(body())


async def until(connector: OpcUaConnector, condition: Callable[[], Awaitable[bool]],
                what: str) -> None:
    """Until `condition` holds, woken by the connector's change notices."""
    loop = asyncio.get_running_loop()
    changed = asyncio.Event()
    connector.add_listener(lambda: loop.call_soon_threadsafe(changed.set))
    deadline = loop.time() + WAIT_SECONDS
    while True:
        changed.clear()
        if await condition():
            return
        remaining = deadline - loop.time()
        assert remaining > 0, f"timed out waiting for {what}"
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), remaining)


async def statuses(connector: OpcUaConnector) -> dict:
    found = {}
    async for page in connector.read_changes("mes.machine_status", None):
        found.update({s.id: s for s in page.records})
    return found


def test_upper_case_state_words_read_as_the_console_states(upper: OpcUaPlant) -> None:
    async def body() -> None:
        connector = from_profile(profile_for(upper, upper.mapping()), MemorySecrets())
        try:
            first = await statuses(connector)
            upper.set_state("U-1", MachineState.DOWN)  # "DOWN"
            upper.set_state("U-2", MachineState.SETUP)  # a code, as before
            upper.set_state("U-3", MachineState.RUNNING)  # "EXECUTING"
            wanted = {"U-1": MachineState.DOWN, "U-2": MachineState.SETUP,
                      "U-3": MachineState.RUNNING}
            latest: dict = {}

            async def arrived() -> bool:
                latest.update(await statuses(connector))
                return all(latest[m].state == s for m, s in wanted.items())

            await until(connector, arrived, "the new states")
        finally:
            await connector.aclose()
        # "IDLE" and "NOTEXECUTING" were idle, not "offline · not in the state table".
        assert {m: (s.state, s.reason) for m, s in first.items()} == {
            m: (MachineState.IDLE, "") for m in ("U-1", "U-2", "U-3")}
        assert all(latest[m].reason == "" for m in wanted)

    run(body)


def test_discovery_files_part_counters_as_counters_and_proposes_a_state_table(
        field: OpcUaPlant) -> None:
    async def body() -> None:
        proposed = await propose_mapping(profile_for(field), MemorySecrets())
        assert proposed is not None
        found = {m.machine_id: m for m in proposed.machines}
        assert set(found) == {"F-1", "F-2", "F-3", "F-4"}
        press = found["F-1"]
        assert press.state.endswith("F-1.State") and press.reason.endswith("F-1.Reason")
        assert press.good.endswith("F-1.GoodCount")  # "PartCounter"
        assert press.scrap.endswith("F-1.ScrapCount")  # "RejectCounter"
        assert press.work_order.endswith("F-1.WorkOrder")  # "JobNumber"
        assert set(press.signals) == {"spindle_temp"}  # not the counters
        # The words seen now and the codes the server declares; the console's own words
        # ("IDLE", "NOTEXECUTING") need no entry.
        assert {word: state.value for word, state in proposed.states.items()} == {
            "STOPPED": "idle", "FAULT": "down",
            "0": "offline", "1": "running", "2": "idle", "3": "setup", "4": "down",
            "5": "maintenance"}

        # The proposal works as it is, and its words are compared ignoring case.
        edited = json.loads(proposed.to_json())
        edited["states"] = {k.lower(): v for k, v in edited["states"].items()}
        connector = from_profile(profile_for(field, json.dumps(edited)), MemorySecrets())
        try:
            first = await statuses(connector)
            field.set_state("F-1", MachineState.DOWN)  # "FAULT"
            field.add_good("F-1", 3)
            latest: dict = {}

            async def arrived() -> bool:
                latest.update(await statuses(connector))
                return latest["F-1"].state == MachineState.DOWN and latest["F-1"].good_count == 3

            await until(connector, arrived, "F-1 down with three parts")
        finally:
            await connector.aclose()
        assert {m: s.state for m, s in first.items()} == {
            "F-1": MachineState.IDLE, "F-2": MachineState.IDLE, "F-3": MachineState.IDLE,
            "F-4": MachineState.DOWN}
        assert all(s.reason == "" for s in first.values())
        assert latest["F-1"].signals["spindle_temp"] == 20.0

    run(body)


def test_machines_a_changed_mapping_no_longer_lists_leave_the_cache(upper: OpcUaPlant,
                                                                     tmp_path: Path) -> None:
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.db'}")
    worker = CacheWorker(store)
    everything = upper.mapping()
    only_u1 = json.loads(everything)
    only_u1["machines"] = [m for m in only_u1["machines"] if m["machine_id"] == "U-1"]

    async def sync_with(mapping: str) -> None:
        connector = from_profile(profile_for(upper, mapping), MemorySecrets())
        poller = Poller([connector], worker)
        try:
            await poller.sync_source_once("line-ua")
        finally:
            await connector.aclose()

    async def body() -> None:
        await sync_with(everything)
        assert store.ids("line-ua", "mes.machine_status") == {"U-1", "U-2", "U-3"}
        events_before = store.ids("line-ua", "mes.machine_events")
        await sync_with(json.dumps(only_u1))  # the profile edited: a new connector
        assert store.ids("line-ua", "mes.machine_status") == {"U-1"}
        # Their history stays: it happened.
        assert events_before <= store.ids("line-ua", "mes.machine_events")

    try:
        run(body)
    finally:
        worker.shutdown()
        store.close()
