"""The Sparkplug B source against a real mosquitto on loopback, fed by SparkplugPlant."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.connectors.base import SourceRefused, SourceUnavailable
from app.connectors.sparkplug import SparkplugConnector, from_profile
from app.connectors.sparkplug.payload import DataType, encode
from app.domain.machines import MachineState, MachineStatus
from app.sim.mosquitto import MosquittoBroker, free_port
from app.sim.sparkplug_plant import SparkplugPlant
from app.sync.profiles import MemorySecrets, SourceProfile
from tests.integration.mqtt_broker import mqtt_broker, mqtt_broker_with_users

FIXTURES = (mqtt_broker, mqtt_broker_with_users)  # imported for pytest to find

GROUP = "plant1"
IDLE_SINCE = datetime(2026, 11, 25, 6, 18, 30, 125000, tzinfo=UTC)
WAIT = 10.0  # seconds at most for anything to arrive; normally milliseconds


def status(machine: str, state: MachineState = MachineState.RUNNING, good: int = 10,
           since: datetime | None = None, **signals: float) -> MachineStatus:
    return MachineStatus(id=machine, state=state, since=since or datetime.now(UTC),
                         work_order_id="WO-1", good_count=Decimal(good), signals=signals)


def connector_for(broker: MosquittoBroker, **options: str) -> SparkplugConnector:
    profile = SourceProfile(name="floor-mqtt", role="mes", backend="sparkplug", url=broker.url,
                            instance=GROUP, options=options)
    return from_profile(profile, MemorySecrets())


@dataclass
class Seen:
    """Everything read so far: the latest status per machine, events and problems."""

    machines: dict[str, MachineStatus] = field(default_factory=dict)
    events: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    versions: dict[str, list[int]] = field(default_factory=dict)


async def read_until(connector: SparkplugConnector, seen: Seen,
                     done: Callable[[Seen], bool]) -> Seen:
    """Drain both feeds as a poller would, waiting for messages in between, until `done`."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while True:
        arrived = connector.messages_received
        for feed in connector.feeds():
            async for page in connector.read_changes(feed, "1"):
                for record in page.records:
                    if feed == "mes.machine_status":
                        seen.machines[record.id] = record
                        seen.versions.setdefault(record.id, []).append(record.version)
                    else:
                        seen.events.append(record)
                seen.problems += [r.reason for r in page.rejected]
        if done(seen):
            return seen
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, f"gave up waiting; seen {seen}"
        await connector.wait_for_messages(arrived + 1, left)


async def connect(connector: SparkplugConnector) -> None:
    """Connected and subscribed: the first read connects."""
    await read_until(connector, Seen(), lambda s: True)


def run(scenario) -> None:
    asyncio.run(scenario())


def test_births_and_alias_only_data_become_machine_status_and_events(mqtt_broker) -> None:
    async def scenario() -> None:
        connector = connector_for(mqtt_broker)
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1")
        try:
            await connect(connector)  # subscribed before the plant is born
            plant.start()
            plant.publish_status([status("press-1", temperature_c=60.0),
                                  status("press-2", MachineState.IDLE, good=0, since=IDLE_SINCE)])
            seen = await read_until(connector, Seen(), lambda s: len(s.machines) == 2)
            # The birth says since when press-2 has been idle, not when it was published.
            assert seen.machines["press-2"].since == IDLE_SINCE
            plant.set_state("press-1", MachineState.DOWN, "jam at station 3")
            plant.set_signal("press-1", "temperature_c", 71.5)
            seen = await read_until(connector, seen, lambda s: (
                s.machines["press-1"].state == MachineState.DOWN
                and s.machines["press-1"].signals["temperature_c"] == 71.5))
        finally:
            plant.stop()
            await connector.aclose()
        press = seen.machines["press-1"]
        assert press.reason == "jam at station 3" and press.work_order_id == "WO-1"
        assert press.good_count == Decimal(10)
        assert seen.machines["press-2"].state == MachineState.IDLE
        versions = seen.versions["press-1"]
        assert versions == sorted(versions) and len(set(versions)) == len(versions)
        down = [e for e in seen.events if e.machine_id == "press-1"
                and e.state == MachineState.DOWN]
        assert down and down[-1].end is None and down[-1].reason == "jam at station 3"
        assert any(e.machine_id == "press-1" and e.state == MachineState.RUNNING
                   and e.end is not None for e in seen.events)
        assert not seen.problems

    run(scenario)


def test_device_death_and_a_dropped_node_mark_machines_offline(mqtt_broker) -> None:
    async def scenario() -> None:
        connector = connector_for(mqtt_broker)
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1")
        try:
            await connect(connector)
            plant.start()
            plant.publish_status([status("press-1"), status("press-2")])
            seen = await read_until(connector, Seen(), lambda s: len(s.machines) == 2)
            plant.device_death("press-1")
            seen = await read_until(connector, seen, lambda s: (
                s.machines["press-1"].state == MachineState.OFFLINE))
            assert seen.machines["press-1"].reason == "device reported death"
            assert seen.machines["press-2"].state == MachineState.RUNNING
            plant.stop()  # the node leaves: its NDEATH takes its remaining machines down
            seen = await read_until(connector, seen, lambda s: (
                s.machines["press-2"].state == MachineState.OFFLINE))
            assert seen.machines["press-2"].reason == "node went offline"
        finally:
            await connector.aclose()

    run(scenario)


def test_a_sequence_gap_requests_a_rebirth_that_the_node_answers(mqtt_broker) -> None:
    async def scenario() -> None:
        connector = connector_for(mqtt_broker)
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1")
        try:
            await connect(connector)
            plant.start()
            plant.publish_status([status("press-1", temperature_c=60.0)])
            seen = await read_until(connector, Seen(), lambda s: "press-1" in s.machines)
            plant.skip_seq()
            plant.set_signal("press-1", "temperature_c", 65.0)
            assert await asyncio.to_thread(plant.wait_for_rebirths, 1, WAIT)
            plant.set_signal("press-1", "temperature_c", 66.0)
            seen = await read_until(connector, seen, lambda s: (
                s.machines["press-1"].signals["temperature_c"] == 66.0))
        finally:
            plant.stop()
            await connector.aclose()
        assert any("node edge1: sequence gap" in p and "rebirth requested" in p
                   for p in seen.problems)

    run(scenario)


def test_data_from_a_node_born_before_the_console_listened_gets_a_rebirth(mqtt_broker) -> None:
    async def scenario() -> None:
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1").start()
        plant.publish_status([status("press-1")])  # born while nobody listened
        connector = connector_for(mqtt_broker)
        try:
            await connect(connector)
            plant.set_state("press-1", MachineState.SETUP)
            seen = await read_until(connector, Seen(), lambda s: (
                s.machines.get("press-1") is not None
                and s.machines["press-1"].state == MachineState.SETUP))
        finally:
            plant.stop()
            await connector.aclose()
        assert plant.rebirths >= 1
        assert any("before the node's birth certificate; rebirth requested" in p
                   for p in seen.problems)

    run(scenario)


def test_malformed_payload_and_unknown_alias_are_named_and_last_values_stay(mqtt_broker
                                                                            ) -> None:
    async def scenario() -> None:
        connector = connector_for(mqtt_broker)
        # The unknown alias asks for a rebirth; answered, it would bring back the node's own
        # count (50) before the test reads the 51 sent next to the unknown alias.
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1", answer_rebirths=False)
        try:
            await connect(connector)
            plant.start()
            plant.publish_status([status("press-1", good=50), status("press-2", good=7)])
            seen = await read_until(connector, Seen(), lambda s: len(s.machines) == 2)
            topic = plant.device_topic("DDATA", "press-1")
            plant.send_raw(topic, b"\xff\xfe garbage, not protobuf")
            good_alias = plant.alias("press-1", "Counts/Good")
            plant.send_raw(topic, encode([(None, 4242, DataType.DOUBLE, 1.0),
                                          (None, good_alias, DataType.INT64, 51)],
                                         seq=plant.next_seq()))
            seen = await read_until(connector, seen, lambda s: len(s.problems) >= 2)
            plant.publish_status([status("press-2", good=8)])
            seen = await read_until(connector, seen, lambda s: (
                s.machines["press-2"].good_count == Decimal(8)))
        finally:
            plant.stop()
            await connector.aclose()
        assert any(p.startswith(f"{topic}: not a Sparkplug B protobuf payload")
                   and "last values kept" in p for p in seen.problems)
        assert any(p.startswith("machine press-1: metric alias 4242 is not in the device's "
                                "birth certificate") for p in seen.problems)
        # The garbage changed nothing; the good metric next to the unknown alias landed.
        assert seen.machines["press-1"].good_count == Decimal(51)
        assert seen.machines["press-1"].state == MachineState.RUNNING

    run(scenario)


def test_broker_restart_reads_as_unavailable_then_data_flows_again(mqtt_broker) -> None:
    async def scenario() -> None:
        connector = connector_for(mqtt_broker)
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1")
        try:
            await connect(connector)
            plant.start()
            plant.publish_status([status("press-1")])
            seen = await read_until(connector, Seen(), lambda s: "press-1" in s.machines)
            await asyncio.to_thread(mqtt_broker.stop)
            assert await connector.wait_disconnected(WAIT)
            with pytest.raises(SourceUnavailable,
                               match=f"MQTT broker {mqtt_broker.url}: connection lost"):
                async for _ in connector.read_changes("mes.machine_status", "1"):
                    pass
            await asyncio.to_thread(mqtt_broker.start)  # same port, as a restarted broker
            assert await connector.wait_connected(WAIT)
            plant.set_state("press-1", MachineState.MAINTENANCE)
            seen = await read_until(connector, seen, lambda s: (
                s.machines["press-1"].state == MachineState.MAINTENANCE))
        finally:
            plant.stop()
            await connector.aclose()
        assert seen.machines["press-1"].work_order_id == "WO-1"

    run(scenario)


def test_a_wrong_password_is_refused_in_words_and_the_right_one_is_checked(
        mqtt_broker_with_users) -> None:
    broker = mqtt_broker_with_users

    def profile() -> SourceProfile:
        return SourceProfile(name="floor-mqtt", role="mes", backend="sparkplug", url=broker.url,
                             instance=GROUP, username="gemba")

    async def scenario() -> None:
        wrong = from_profile(profile(), MemorySecrets({("floor-mqtt", "password"): "guess"}))
        try:
            with pytest.raises(SourceRefused) as refused:
                await wrong.check()
        finally:
            await wrong.aclose()
        assert str(refused.value).startswith(f"MQTT broker {broker.url} refused user 'gemba'")
        assert "password" in str(refused.value)
        right = from_profile(profile(), MemorySecrets({("floor-mqtt", "password"):
                                                       "right-password"}))
        plant = SparkplugPlant(broker.url, GROUP, "edge1", username="gemba",
                               password="right-password")
        try:
            checking = asyncio.create_task(right.check())
            assert await right.wait_connected(WAIT)
            plant.start()
            plant.publish_status([status("press-1"), status("press-2")])
            found = await checking
        finally:
            plant.stop()
            await right.aclose()
        assert found == f"broker {broker.url}: group {GROUP}, 1 node, 2 devices seen"

    run(scenario)


def test_no_broker_at_the_address_is_said_in_words() -> None:
    async def scenario() -> None:
        profile = SourceProfile(name="floor-mqtt", role="mes", backend="sparkplug",
                                url=f"mqtt://127.0.0.1:{free_port()}", instance=GROUP)
        connector = from_profile(profile, MemorySecrets())
        try:
            with pytest.raises(SourceUnavailable, match="cannot connect to MQTT broker .*: "
                                                        "connection refused"):
                await connect(connector)
        finally:
            await connector.aclose()

    run(scenario)
