"""`gemba --demo --machines opcua|sparkplug`: the demo plant's machines on a shop-floor protocol.

The demo plant keeps serving its MES over HTTP; its machines are mirrored to an OPC UA server or
a Sparkplug B edge node on a local mosquitto, and the console reads their status from there, as
a plant with machines on OPC UA or MQTT and an MES beside them would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.sim.live_mirror import LiveMirror
from app.sync.profiles import SourceProfile

KINDS = ("http", "opcua", "sparkplug")
SPARKPLUG_GROUP = "gemba-demo"
SPARKPLUG_NODE = "demo-plant"
FIRST_PASS_SECONDS = 30.0


class LiveDemoError(RuntimeError):
    pass


@dataclass
class LiveMachines:
    profiles: list[SourceProfile]  # the demo's sources, machines from the floor
    stops: list[Callable[[], None]] = field(default_factory=list)

    def stop(self) -> None:
        for stop in reversed(self.stops):
            stop()


def demo_profiles(url: str) -> list[SourceProfile]:
    return [SourceProfile(name="demo-crm", role="crm", url=url),
            SourceProfile(name="demo-mes", role="mes", url=url)]


def start_live_machines(kind: str, plant_url: str, broker_url: str | None = None
                        ) -> LiveMachines:
    """The sources of a demo whose machines come over `kind`; stop() ends what it started."""
    if kind == "opcua":
        return _opcua(plant_url)
    if kind == "sparkplug":
        return _sparkplug(plant_url, broker_url)
    raise LiveDemoError(f"unknown machine protocol {kind!r}; choose from {', '.join(KINDS)}")


def _mirrored(live: LiveMachines, plant_url: str, publish) -> None:
    mirror = LiveMirror(plant_url, publish).start()
    live.stops.append(mirror.stop)
    if not mirror.first_pass.wait(FIRST_PASS_SECONDS):
        live.stop()
        raise LiveDemoError("the demo plant's machines could not be mirrored in time")


def _opcua(plant_url: str) -> LiveMachines:
    from app.sim.opcua_plant import OpcUaPlant

    server = OpcUaPlant(machines=()).start()
    live = LiveMachines([], [server.close])
    _mirrored(live, plant_url, server.mirror)
    floor = SourceProfile(name="demo-opcua", role="mes", backend="opcua", url=server.url,
                          options={"mapping": server.mapping(), "machines_of": "demo-mes"})
    live.profiles = [*demo_profiles(plant_url), floor]
    return live


def _sparkplug(plant_url: str, broker_url: str | None) -> LiveMachines:
    from app.sim.mosquitto import MOSQUITTO, MosquittoBroker
    from app.sim.sparkplug_plant import SparkplugPlant

    live = LiveMachines([])
    if broker_url is None:
        try:
            broker = MosquittoBroker().start()
        except (OSError, RuntimeError) as exc:
            raise LiveDemoError(f"no MQTT broker: {MOSQUITTO} did not start ({exc}); install "
                                "mosquitto or give --broker URL") from exc
        live.stops.append(broker.close)
        broker_url = broker.url
    try:
        edge = SparkplugPlant(broker_url, SPARKPLUG_GROUP, SPARKPLUG_NODE).start()
    except (OSError, ConnectionError) as exc:
        live.stop()
        raise LiveDemoError(f"MQTT broker {broker_url}: {exc}") from exc
    live.stops.append(edge.stop)
    _mirrored(live, plant_url, edge.publish_status)
    floor = SourceProfile(name="demo-sparkplug", role="mes", backend="sparkplug",
                          url=broker_url, instance=SPARKPLUG_GROUP,
                          options={"machines_of": "demo-mes"})
    live.profiles = [*demo_profiles(plant_url), floor]
    return live


__all__ = ["KINDS", "LiveDemoError", "LiveMachines", "start_live_machines"]
