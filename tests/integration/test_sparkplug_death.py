"""Sparkplug B deaths and resyncs as the cache and the source's status keep them: a real
mosquitto on loopback, the sync engine and an SQLite cache, fed by SparkplugPlant."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.cache.store import CacheStore
from app.connectors.http_errors import ErrorKind
from app.connectors.sparkplug import SparkplugConnector
from app.connectors.sparkplug.payload import DataType, encode
from app.domain.machines import MachineState, MachineStatus
from app.sim.mosquitto import MosquittoBroker
from app.sim.sparkplug_plant import SparkplugPlant
from app.sync.engine import SyncEngine
from app.sync.health import SourceState
from app.sync.profiles import MemorySecrets, SourceProfile
from tests.integration.mqtt_broker import mqtt_broker
from tests.integration.sync_helpers import RecordingEvents

FIXTURES = (mqtt_broker,)  # imported for pytest to find

GROUP, SOURCE = "plant1", "floor-mqtt"
# The plant's clock, pinned: running since 06:00, the node (re)connected at 06:05 (its will
# carries that time), down since 06:18:30. The death itself comes when the broker says so.
RUN_SINCE = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
CONNECTED_AT = datetime(2026, 11, 25, 6, 5, tzinfo=UTC)
DOWN_SINCE = datetime(2026, 11, 25, 6, 18, 30, tzinfo=UTC)
WAIT = 10.0  # seconds at most for a message to arrive; normally milliseconds


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def status(machine: str, state: MachineState, since: datetime, reason: str = ""
           ) -> MachineStatus:
    return MachineStatus(id=machine, state=state, since=since, work_order_id="WO-1",
                         good_count=Decimal(10), reason=reason)


class Floor:
    """The sync engine on one Sparkplug source and an SQLite cache."""

    def __init__(self, broker: MosquittoBroker, tmp_path) -> None:
        profile = SourceProfile(name=SOURCE, role="mes", backend="sparkplug", url=broker.url,
                                instance=GROUP)
        self.store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.db'}")
        self.events = RecordingEvents()
        self.engine = SyncEngine.for_profiles([profile], MemorySecrets(), self.store,
                                              self.events)
        self.connector: SparkplugConnector = self.engine._connectors[0]

    async def sync(self) -> None:
        await self.engine.poller.sync_source_once(SOURCE)

    async def sync_after(self, messages: int) -> None:
        """Once `messages` more messages have arrived than before the call's caller acted."""
        assert await self.connector.wait_for_messages(messages, WAIT), (
            f"{self.connector.messages_received} of {messages} messages arrived")
        await self.sync()

    def events_of(self, machine: str) -> list[tuple]:
        return [(e.state, e.start, e.end, e.reason)
                for e in sorted(self.store.all(SOURCE, "mes.machine_events"),
                                key=lambda e: e.start) if e.machine_id == machine]

    def health(self):
        return self.events.latest(SOURCE)

    async def close(self) -> None:
        await self.engine.stop()
        self.store.close()


def test_a_last_will_after_a_down_period_ends_it_at_the_death_and_keeps_it_down(
        mqtt_broker, tmp_path) -> None:
    async def scenario() -> None:
        floor = Floor(mqtt_broker, tmp_path)
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1", will_stamp_ms=ms(CONNECTED_AT))
        try:
            await floor.sync()  # connected and subscribed before the node is born
            plant.start()  # NBIRTH
            plant.publish_status([status("press-1", MachineState.RUNNING, RUN_SINCE),
                                  status("press-2", MachineState.RUNNING, RUN_SINCE)])
            await floor.sync_after(3)
            plant.publish_status([status("press-1", MachineState.DOWN, DOWN_SINCE,
                                         "hydraulic leak")])
            await floor.sync_after(4)
            before_death = datetime.now(UTC)
            plant.die()  # no DISCONNECT: the broker publishes the will
            await floor.sync_after(5)
            after_death = datetime.now(UTC)
        finally:
            await floor.close()
        press = floor.events_of("press-1")
        assert [(state, start, reason) for state, start, _, reason in press] == [
            (MachineState.RUNNING, RUN_SINCE, ""),
            (MachineState.DOWN, DOWN_SINCE, "hydraulic leak"),
            (MachineState.OFFLINE, press[2][1], "node went offline")]
        # The down period ends at the death, which is when the broker announced it, not when
        # the will was registered (06:05, before the down period even began).
        died = press[2][1]
        assert before_death - timedelta(seconds=1) <= died <= after_death
        assert press[0][2] == DOWN_SINCE and press[1][2] == died and press[2][2] is None
        assert [e[0] for e in floor.events_of("press-2")] == [MachineState.RUNNING,
                                                               MachineState.OFFLINE]
        now = {s.id: s for s in floor.store.all(SOURCE, "mes.machine_status")}
        assert (now["press-1"].state, now["press-1"].since) == (MachineState.OFFLINE, died)
        # The raw status history: down while it was down, offline once dead.
        samples = floor.store.status_samples(SOURCE, "press-1", RUN_SINCE, after_death
                                             + timedelta(seconds=1))
        assert [s.state for s in samples][-2:] == [MachineState.DOWN, MachineState.OFFLINE]

    asyncio.run(scenario())


def test_a_device_death_stamped_before_the_state_began_does_not_rewrite_it(
        mqtt_broker, tmp_path) -> None:
    async def scenario() -> None:
        floor = Floor(mqtt_broker, tmp_path)
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1")
        try:
            await floor.sync()
            plant.start()
            plant.publish_status([status("press-1", MachineState.DOWN, DOWN_SINCE, "no air")])
            await floor.sync_after(2)
            # A DDEATH from an edge node whose clock is behind the one that stamped the state.
            plant.send_raw(plant.device_topic("DDEATH", "press-1"),
                           encode([], seq=plant.next_seq(), timestamp=ms(RUN_SINCE)))
            received = datetime.now(UTC)
            await floor.sync_after(3)
        finally:
            plant.stop()
            await floor.close()
        press = floor.events_of("press-1")
        assert [(state, reason) for state, _, _, reason in press] == [
            (MachineState.DOWN, "no air"), (MachineState.OFFLINE, "device reported death")]
        assert press[0][1] == DOWN_SINCE and press[0][2] == press[1][1] >= received - timedelta(
            seconds=1)

    asyncio.run(scenario())


def lose_a_message(plant: SparkplugPlant) -> None:
    plant.skip_seq()
    plant.set_signal("press-1", "temperature_c", 65.0)


def send_an_unknown_alias(plant: SparkplugPlant) -> None:
    plant.send_raw(plant.device_topic("DDATA", "press-1"),
                   encode([(None, 4242, DataType.DOUBLE, 1.0)], seq=plant.next_seq()))


@pytest.mark.parametrize(("fault", "why"), [
    (lose_a_message, "node edge1: sequence gap (expected 2, got 3)"),
    (send_an_unknown_alias, "machine press-1: metric alias 4242 is not in the device's birth "
                            "certificate"),
])
def test_a_resync_shows_on_the_sources_status_until_the_rebirth_arrives(
        mqtt_broker, tmp_path, fault, why: str) -> None:
    async def scenario() -> None:
        floor = Floor(mqtt_broker, tmp_path)
        # A node slow to answer: the test says when its rebirth comes.
        plant = SparkplugPlant(mqtt_broker.url, GROUP, "edge1", answer_rebirths=False)
        try:
            await floor.sync()
            plant.start()
            plant.publish_status([status("press-1", MachineState.RUNNING, RUN_SINCE)])
            await floor.sync_after(2)
            assert (floor.health().state, floor.health().error) == (SourceState.CONNECTED, None)
            fault(plant)
            await floor.sync_after(3)
            await floor.sync()  # nothing new arrived: still waiting
            waiting = floor.health()
            plant.rebirth()
            await floor.sync_after(5)  # NBIRTH, DBIRTH
            reborn = floor.health()
        finally:
            plant.stop()
            await floor.close()
        # Not "connected · No errors" while the machines' values may be stale.
        assert waiting.state == SourceState.DEGRADED
        assert waiting.error.kind is ErrorKind.REBIRTH_AWAITED
        assert waiting.error.params["nodes"] == "edge1"
        assert why in waiting.error.params["why"]
        assert (reborn.state, reborn.error) == (SourceState.CONNECTED, None)

    asyncio.run(scenario())
