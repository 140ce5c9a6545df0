"""An edge node that speaks Sparkplug B: the demo's and the tests' MQTT publisher.

One SparkplugPlant is one edge node; each machine is one of its devices. It publishes NBIRTH
(seq 0, bdSeq, "Node Control/Rebirth"), a DBIRTH per machine declaring every metric with its
alias, then DDATA with aliases only and only what changed. Its NDEATH is the MQTT will, so the
broker announces the node's death when the connection drops. An NCMD "Node Control/Rebirth"
makes it publish its births again. Metric names follow docs/sparkplug.md.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt

from app.connectors.sparkplug.payload import (
    BDSEQ_METRIC,
    NAMESPACE,
    REBIRTH_METRIC,
    DataType,
    decode,
    encode,
)
from app.domain.machines import MachineState, MachineStatus

STATE, GOOD, SCRAP, WORK_ORDER, REASON = ("State", "Counts/Good", "Counts/Scrap", "WorkOrder",
                                          "Reason")
SIGNAL_PREFIX = "Signals/"


# A metric's datatype, value and, optionally, since when it holds (epoch ms; None: "now").
Metric = tuple[DataType, Any] | tuple[DataType, Any, int | None]


def _stamped(metric: Metric) -> tuple[DataType, Any, int | None]:
    return (metric[0], metric[1], metric[2] if len(metric) > 2 else None)


@dataclass
class _Device:
    values: dict[str, tuple[DataType, Any, int | None]]  # name -> (datatype, value, since ms)
    aliases: dict[str, int] = field(default_factory=dict)
    alive: bool = False


def status_metrics(status: MachineStatus) -> dict[str, Metric]:
    """The metrics one machine's status is published as; the state carries since when it holds
    as the metric's timestamp, so a console that starts later knows how long it has lasted."""
    metrics: dict[str, Metric] = {
        STATE: (DataType.STRING, status.state.value, int(status.since.timestamp() * 1000)),
        GOOD: (DataType.INT64, int(status.good_count)),
        SCRAP: (DataType.INT64, int(status.scrap_count)),
        WORK_ORDER: (DataType.STRING, status.work_order_id or ""),
        REASON: (DataType.STRING, status.reason),
    }
    for name, value in status.signals.items():
        metrics[SIGNAL_PREFIX + name] = (DataType.DOUBLE, float(value))
    return metrics


class SparkplugPlant:
    def __init__(self, url: str, group: str, node: str, *, username: str | None = None,
                 password: str | None = None, bdseq: int = 0,
                 answer_rebirths: bool = True, will_stamp_ms: int | None = None) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 1883
        self.group, self.node = group, node
        self.bdseq = bdseq % 256
        self._devices: dict[str, _Device] = {}
        self._seq = 0
        self._lock = threading.RLock()  # publishes come from callers and the network thread
        self.rebirths = 0  # rebirth requests answered
        self.answer_rebirths = answer_rebirths  # False: a node that ignores them (tests)
        # The will is registered at connect, with that moment's timestamp, and published by
        # the broker whenever the node dies; tests pin the connect's time with this.
        self._will_stamp_ms = will_stamp_ms
        self.rebirth_answered = threading.Condition(self._lock)
        self._client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                                   client_id=f"sparkplug-plant-{group}-{node}",
                                   protocol=mqtt.MQTTv311, clean_session=True)
        if username:
            self._client.username_pw_set(username, password)
        self._client.will_set(self._topic("NDEATH"), self._death_payload(will_stamp_ms),
                              qos=1)
        self._client.on_connect = self._on_connect
        self._client.on_message = self._on_message
        self._connected = threading.Event()
        self._node_born = False

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self, timeout: float = 5.0) -> SparkplugPlant:
        """Connect, and publish the births once the broker accepts us."""
        self._client.connect(self.host, self.port, keepalive=10)
        self._client.loop_start()
        if not self._connected.wait(timeout):
            self._client.loop_stop()
            raise ConnectionError(f"MQTT broker {self.host}:{self.port} did not accept us")
        return self

    def stop(self) -> None:
        """Leave cleanly: an explicit NDEATH (a clean disconnect sends no will)."""
        with self._lock:
            if self._connected.is_set():
                self._client.publish(self._topic("NDEATH"), self._death_payload(), qos=1)
        self._client.disconnect()
        self._client.loop_stop()

    def die(self) -> None:
        """Drop off the network without a word (power cut, cable pulled): the broker, seeing
        the connection gone, publishes the node's will, an NDEATH stamped when it connected."""
        self._client.loop_stop()
        sock = self._client.socket()
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._connected.clear()

    def __enter__(self) -> SparkplugPlant:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- publishing ---------------------------------------------------------------------------
    def publish_status(self, statuses: Iterable[MachineStatus]) -> None:
        """Births for new machines (or new metrics), DDATA with the changed metrics for the rest."""
        with self._lock:
            for status in statuses:
                self.publish_metrics(status.id, status_metrics(status))

    def publish_metrics(self, machine: str, given: dict[str, Metric]) -> None:
        """Publish these metric values of one machine (a DBIRTH when it is new)."""
        metrics = {name: _stamped(metric) for name, metric in given.items()}
        with self._lock:
            device = self._devices.get(machine)
            if device is None or not device.alive or not set(metrics) <= set(device.aliases):
                # New metrics can only be declared in a birth certificate.
                merged = {**(device.values if device else {}), **metrics}
                self._devices[machine] = _Device(merged)
                if self._node_born:
                    self._device_birth(machine)
                return
            changed = {name: tv for name, tv in metrics.items() if device.values.get(name) != tv}
            if not changed:
                return
            device.values.update(changed)
            self._publish("DDATA", [(None, device.aliases[name], *metric)
                                    for name, metric in changed.items()], machine)

    def set_state(self, machine: str, state: MachineState | str, reason: str = "") -> None:
        self.publish_metrics(machine, {STATE: (DataType.STRING, MachineState(state).value),
                                       REASON: (DataType.STRING, reason)})

    def set_signal(self, machine: str, name: str, value: float) -> None:
        self.publish_metrics(machine, {SIGNAL_PREFIX + name: (DataType.DOUBLE, float(value))})

    def device_death(self, machine: str) -> None:
        with self._lock:
            device = self._devices[machine]
            device.alive = False
            self._publish("DDEATH", [], machine)

    def rebirth(self) -> None:
        """NBIRTH and every DBIRTH again, seq from 0 (what an NCMD rebirth asks for)."""
        with self._lock:
            self._node_birth()

    def skip_seq(self) -> None:
        """Lose one message's sequence number, as if a message went missing."""
        with self._lock:
            self._seq = (self._seq + 1) % 256

    def next_seq(self) -> int:
        """Take the next sequence number, for a hand-made message sent with send_raw."""
        with self._lock:
            seq = self._seq
            self._seq = (self._seq + 1) % 256
            return seq

    def send_raw(self, topic: str, data: bytes) -> None:
        self._client.publish(topic, data, qos=0)

    def alias(self, machine: str, metric: str) -> int:
        return self._devices[machine].aliases[metric]

    def device_topic(self, kind: str, machine: str) -> str:
        return self._topic(kind, machine)

    def wait_for_rebirths(self, count: int, timeout: float) -> bool:
        with self.rebirth_answered:
            return self.rebirth_answered.wait_for(lambda: self.rebirths >= count, timeout)

    # -- inside -------------------------------------------------------------------------------
    def _topic(self, kind: str, device: str | None = None) -> str:
        return "/".join([NAMESPACE, self.group, kind, self.node] + ([device] if device else []))

    def _death_payload(self, stamp_ms: int | None = None) -> bytes:
        return encode([(BDSEQ_METRIC, None, DataType.INT64, self.bdseq)], seq=None,
                      timestamp=stamp_ms)

    def _publish(self, kind: str, metrics: list, device: str | None = None) -> None:
        # Sparkplug: one counter per node over births, data and device deaths, 0..255.
        seq = self._seq
        self._seq = (self._seq + 1) % 256
        self._client.publish(self._topic(kind, device), encode(metrics, seq=seq), qos=0)

    def _node_birth(self) -> None:
        self._seq = 0
        self._publish("NBIRTH", [(BDSEQ_METRIC, None, DataType.INT64, self.bdseq),
                                 (REBIRTH_METRIC, None, DataType.BOOLEAN, False)])
        self._node_born = True
        for machine in self._devices:
            self._device_birth(machine)

    def _device_birth(self, machine: str) -> None:
        device = self._devices[machine]
        # Aliases are unique within the node: number each device's metrics in a block.
        base = (list(self._devices).index(machine) + 1) * 1000
        device.aliases = {name: base + i for i, name in enumerate(sorted(device.values))}
        device.alive = True
        self._publish("DBIRTH", [(name, device.aliases[name], *metric)
                                 for name, metric in sorted(device.values.items())], machine)

    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any,
                    properties: Any) -> None:
        if reason.is_failure:
            return
        client.subscribe(self._topic("NCMD"), qos=0)
        with self._lock:
            self._node_birth()
        self._connected.set()

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage
                    ) -> None:
        try:
            payload = decode(message.payload)
        except ValueError:
            return
        if self.answer_rebirths and any(m.name == REBIRTH_METRIC and m.boolean_value
                                        for m in payload.metrics):
            with self._lock:
                self._node_birth()
                self.rebirths += 1
                self.rebirth_answered.notify_all()
