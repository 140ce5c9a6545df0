"""The console's sources built from connection profiles, including live machine values that
come from the shop floor instead of the MES."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from app.cache.store import CacheStore
from app.connectors.base import FeedPage, SourceError
from app.domain import MachineState, MachineStatus
from app.sync import registry
from app.sync.engine import SyncEngine
from app.sync.profiles import MemorySecrets, SourceProfile
from app.sync.sources import SourceConfig

FLOOR_MACHINE = "M-FLOOR-1"


class FloorConnector:
    """Stands in for an OPC UA or Sparkplug source: one machine, running."""

    def __init__(self, profile: SourceProfile) -> None:
        self.source = SourceConfig(profile.name, "mes", profile.url)
        self.closed = False

    def feeds(self) -> tuple[str, ...]:
        return ("mes.machine_status",)

    async def read_changes(self, feed: str, sync_token: str | None):
        yield FeedPage(feed=feed, sync_token="1", records=[MachineStatus(
            id=FLOOR_MACHINE, state=MachineState.RUNNING, since=datetime(2026, 3, 2, tzinfo=UTC),
            reason="from the floor")])

    async def aclose(self) -> None:
        self.closed = True


def from_profile(profile: SourceProfile, secrets) -> FloorConnector:
    return FloorConnector(profile)


def demo_profiles(url: str) -> list[SourceProfile]:
    return [SourceProfile(name="demo-crm", role="crm", url=url),
            SourceProfile(name="demo-mes", role="mes", url=url)]


def sync_all(engine: SyncEngine) -> None:
    async def run() -> None:
        for connector in engine._connectors:
            await engine.poller.sync_source_once(connector.source.name)
        await engine.stop()

    asyncio.run(run())


def test_reference_profiles_sync_the_demo_plant(shared_plant, tmp_path) -> None:
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.db'}")
    engine = SyncEngine.for_profiles(demo_profiles(shared_plant.url), MemorySecrets(), store)
    sync_all(engine)
    assert store.all("demo-crm", "crm.customers")
    assert store.all("demo-mes", "mes.machine_status")
    store.close()


def test_live_values_land_on_the_mes_sources_machines(shared_plant, tmp_path,
                                                       monkeypatch) -> None:
    monkeypatch.setitem(registry.MODULES, "opcua", __name__)
    floor = SourceProfile(name="floor", role="mes", backend="opcua", url="opc.tcp://plc:4840",
                          options={"machines_of": "demo-mes"})
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.db'}")
    engine = SyncEngine.for_profiles([*demo_profiles(shared_plant.url), floor],
                                     MemorySecrets(), store)
    assert [c.source.name for c in engine._connectors] == ["demo-crm", "demo-mes"]
    sync_all(engine)
    # Status comes from the floor, keyed by the MES source; the MES's own status is not read.
    statuses = store.all("demo-mes", "mes.machine_status")
    assert [(s.id, s.reason) for s in statuses] == [(FLOOR_MACHINE, "from the floor")]
    assert store.all("demo-mes", "mes.equipment")  # the rest still comes from the MES
    assert store.all("floor", "mes.machine_status") == []
    store.close()


def test_a_live_source_must_name_an_mes_source(monkeypatch) -> None:
    monkeypatch.setitem(registry.MODULES, "opcua", __name__)
    floor = SourceProfile(name="floor", role="mes", backend="opcua", url="opc.tcp://plc:4840",
                          options={"machines_of": "demo-crm"})
    with pytest.raises(SourceError, match="not an MES source"):
        registry.connectors_for([*demo_profiles("http://127.0.0.1:1"), floor], MemorySecrets())


def test_a_backend_missing_from_the_build_is_named(monkeypatch) -> None:
    monkeypatch.setitem(registry.MODULES, "odoo", "app.connectors.no_such_module")
    odoo = SourceProfile(name="erp", role="crm", backend="odoo", url="http://erp",
                         instance="prod")
    with pytest.raises(SourceError, match="odoo sources are not available"):
        registry.make_connector(odoo, MemorySecrets())


