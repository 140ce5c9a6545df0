"""From Sparkplug B messages to the live state of machines: births, aliases, seq, deaths.

Pure bookkeeping, no MQTT: the connector feeds it (topic, bytes) from paho's network thread
under its lock, and unit tests feed it directly. A device is a machine; its id is the device id,
or the value of the metric named by `MetricNames.machine_id` in its DBIRTH when present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.connectors.sparkplug.payload import (
    BDSEQ_METRIC,
    DataType,
    PayloadError,
    as_number,
    decode,
    from_ms,
    metric_value,
    parse_topic,
)
from app.domain.machines import MachineState

# After this long without an answer a rebirth is asked for again.
REBIRTH_RETRY_SECONDS = 5.0
NODE_OFFLINE = "node went offline"
DEVICE_DEATH = "device reported death"

# Integer state codes, for publishers that send State as a number.
DEFAULT_STATE_CODES: dict[int, MachineState] = {
    0: MachineState.OFFLINE,
    1: MachineState.RUNNING,
    2: MachineState.IDLE,
    3: MachineState.SETUP,
    4: MachineState.DOWN,
    5: MachineState.MAINTENANCE,
}


@dataclass(frozen=True, slots=True)
class MetricNames:
    """Which Sparkplug metric fills which field of a machine's status."""

    state: str = "State"
    good: str = "Counts/Good"
    scrap: str = "Counts/Scrap"
    work_order: str = "WorkOrder"
    reason: str = "Reason"
    signal_prefix: str = "Signals/"
    machine_id: str = "Properties/MachineId"
    state_codes: dict[int, MachineState] = field(
        default_factory=lambda: dict(DEFAULT_STATE_CODES))

    @classmethod
    def from_options(cls, options: dict[str, str]) -> MetricNames:
        """From profile options "metrics" (JSON object of field -> metric name) and
        "state_codes" (JSON object of code -> state name); ValueError in words."""
        names: dict[str, Any] = {}
        if options.get("metrics"):
            try:
                given = json.loads(options["metrics"])
            except json.JSONDecodeError as exc:
                raise ValueError(f"option metrics is not JSON ({exc.msg})") from None
            allowed = {"state", "good", "scrap", "work_order", "reason", "signal_prefix",
                       "machine_id"}
            if not isinstance(given, dict) or not all(
                    key in allowed and isinstance(value, str) for key, value in given.items()):
                raise ValueError("option metrics must map some of " + ", ".join(sorted(allowed))
                                 + " to metric names")
            names.update(given)
        if options.get("state_codes"):
            try:
                codes = json.loads(options["state_codes"])
                names["state_codes"] = {int(k): MachineState(str(v).lower())
                                        for k, v in codes.items()}
            except (json.JSONDecodeError, ValueError, AttributeError):
                raise ValueError("option state_codes must map integer codes to states: "
                                 + ", ".join(s.value for s in MachineState)) from None
        return cls(**names)


@dataclass(slots=True)
class LiveMachine:
    """The latest known values of one machine."""

    id: str
    node: str
    device: str
    state: MachineState = MachineState.IDLE
    since: datetime | None = None
    work_order_id: str | None = None
    good_count: Decimal = Decimal(0)
    scrap_count: Decimal = Decimal(0)
    signals: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    event_start: datetime | None = None  # start of the state event now lasting


@dataclass(slots=True)
class EventChange:
    """A state event opened or closed; the connector turns it into a StateEvent."""

    machine_id: str
    state: MachineState
    start: datetime
    end: datetime | None
    reason: str

    @property
    def id(self) -> str:
        return f"{self.machine_id}@{int(self.start.timestamp() * 1000)}"


@dataclass(slots=True)
class _Device:
    machine_id: str
    born: bool = False
    aliases: dict[int, tuple[str, int | None]] = field(default_factory=dict)  # -> name, type


@dataclass(slots=True)
class _Node:
    born: bool = False
    bdseq: int | None = None
    seq: int | None = None
    devices: dict[str, _Device] = field(default_factory=dict)
    rebirth_asked_at: float | None = None  # monotonic seconds
    # Why the rebirth was asked for, in words, until the node's birth answers it: the source's
    # status says so meanwhile, since the values of its machines may be stale or incomplete.
    rebirth_why: str = ""


@dataclass(slots=True)
class Outcome:
    """What one message changed."""

    changed: set[str] = field(default_factory=set)  # machine ids
    events: list[EventChange] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (item id, reason)
    rebirth: set[str] = field(default_factory=set)  # node ids to send a rebirth request
    births: int = 0


class SparkplugDecoder:
    def __init__(self, group: str, names: MetricNames | None = None) -> None:
        self.group = group
        self.names = names or MetricNames()
        self.machines: dict[str, LiveMachine] = {}
        self.nodes: dict[str, _Node] = {}
        self._received: datetime | None = None  # when the message being handled arrived

    def devices_seen(self) -> int:
        return sum(len(node.devices) for node in self.nodes.values())

    def awaited_rebirths(self) -> dict[str, str]:
        """Node id -> why its rebirth was asked for, for the nodes that have not answered."""
        return {node_id: node.rebirth_why for node_id, node in sorted(self.nodes.items())
                if node.rebirth_asked_at is not None}

    def handle(self, topic: str, data: bytes, at: datetime, monotonic: float) -> Outcome:
        out = Outcome()
        parts = parse_topic(topic)
        if parts is None or parts.group != self.group or parts.kind in ("NCMD", "DCMD"):
            return out  # commands (ours included) and other namespaces are not data
        try:
            payload = decode(data)
        except PayloadError as exc:
            out.problems.append((topic, f"{topic}: {exc}; ignored, last values kept"))
            return out
        stamp = from_ms(payload.timestamp) if payload.HasField("timestamp") else at
        self._received = at
        node = self.nodes.setdefault(parts.node, _Node())
        if parts.kind == "NBIRTH":
            self._node_birth(node, payload)
            out.births += 1
            return out
        if parts.kind == "NDEATH":
            # An NDEATH is mostly the will the broker kept since the node connected: its
            # timestamp is the connect's. The node died when the broker said so.
            self._node_death(parts.node, node, payload, at, out)
            return out
        where = f"node {parts.node}" + (f" device {parts.device}" if parts.device else "")
        if not node.born:
            self._ask_rebirth(parts.node, node, monotonic, out,
                              f"{where}: {parts.kind} before the node's birth certificate")
            return out
        if not payload.HasField("seq"):
            self._ask_rebirth(parts.node, node, monotonic, out,
                              f"{where}: {parts.kind} without a sequence number")
        else:
            expected = ((node.seq or 0) + 1) % 256
            if payload.seq != expected:
                self._ask_rebirth(parts.node, node, monotonic, out,
                                  f"node {parts.node}: sequence gap (expected {expected}, "
                                  f"got {payload.seq}); messages were lost")
            node.seq = payload.seq % 256  # later messages are checked against this one
        if parts.kind == "NDATA" or parts.device is None:
            return out  # node metrics describe the edge node, not a machine
        if parts.kind == "DBIRTH":
            self._device_birth(parts.node, node, parts.device, payload, stamp, out)
            out.births += 1
            return out
        device = node.devices.get(parts.device)
        if device is None or not device.born:
            self._ask_rebirth(parts.node, node, monotonic, out,
                              f"{where}: {parts.kind} before the device's birth certificate")
            return out
        if parts.kind == "DDEATH":
            device.born = False
            self._offline(device.machine_id, stamp, DEVICE_DEATH, out)
        else:
            self._apply(parts.node, node, device, payload, stamp, monotonic, out)
        return out

    # -- births and deaths --------------------------------------------------------------------
    def _node_birth(self, node: _Node, payload: Any) -> None:
        node.born = True
        node.seq = payload.seq % 256 if payload.HasField("seq") else 0
        node.rebirth_asked_at, node.rebirth_why = None, ""
        # A rebirth re-announces every device: the old aliases no longer hold.
        for device in node.devices.values():
            device.born = False
            device.aliases.clear()
        node.bdseq = next((m.long_value or m.int_value for m in payload.metrics
                           if m.name == BDSEQ_METRIC), None)

    def _node_death(self, node_id: str, node: _Node, payload: Any, at: datetime,
                    out: Outcome) -> None:
        bdseq = next((m.long_value or m.int_value for m in payload.metrics
                      if m.name == BDSEQ_METRIC), None)
        if node.bdseq is not None and bdseq is not None and bdseq != node.bdseq:
            return  # the will of an older session, arriving after the node came back
        node.born = False
        node.rebirth_asked_at, node.rebirth_why = None, ""  # its birth comes when it is back
        for device in node.devices.values():
            device.born = False
            self._offline(device.machine_id, at, NODE_OFFLINE, out)

    def _device_birth(self, node_id: str, node: _Node, device_id: str, payload: Any,
                      at: datetime, out: Outcome) -> None:
        machine_id = device_id
        for metric in payload.metrics:
            if metric.name == self.names.machine_id and metric.string_value:
                machine_id = metric.string_value
        device = _Device(machine_id=machine_id, born=True)
        for metric in payload.metrics:
            if metric.HasField("alias") and metric.name:
                declared = metric.datatype if metric.HasField("datatype") else None
                device.aliases[metric.alias] = (metric.name, declared)
        node.devices[device_id] = device
        machine = self.machines.get(machine_id)
        if machine is None:
            machine = self.machines[machine_id] = LiveMachine(machine_id, node_id, device_id)
        was_offline = machine.state == MachineState.OFFLINE
        machine.node, machine.device = node_id, device_id
        out.changed.add(machine_id)
        self._apply(node_id, node, device, payload, at, None, out)
        # A birth without a state metric (or a new machine's): idle since the birth. One with
        # a state keeps that metric's timestamp, since when the state holds.
        if machine.since is None or (was_offline and machine.state == MachineState.OFFLINE):
            self._set_state(machine, MachineState.IDLE, at, "", out)

    def _offline(self, machine_id: str, at: datetime, reason: str, out: Outcome) -> None:
        machine = self.machines.get(machine_id)
        if machine is not None:
            self._set_state(machine, MachineState.OFFLINE, at, reason, out)

    def _ask_rebirth(self, node_id: str, node: _Node, monotonic: float, out: Outcome,
                     why: str) -> None:
        asked = node.rebirth_asked_at
        if asked is None or monotonic - asked >= REBIRTH_RETRY_SECONDS:
            node.rebirth_asked_at = monotonic
            node.rebirth_why = node.rebirth_why or why
            out.rebirth.add(node_id)
            out.problems.append((node_id, f"{why}; rebirth requested"))
        else:
            out.problems.append((node_id, f"{why}; waiting for the rebirth"))

    # -- values -------------------------------------------------------------------------------
    def _apply(self, node_id: str, node: _Node, device: _Device, payload: Any, at: datetime,
               monotonic: float | None, out: Outcome) -> None:
        machine = self.machines[device.machine_id]
        resolved: list[tuple[str, Any, int | None]] = []
        for metric in payload.metrics:
            if metric.is_historical:
                continue  # store-and-forward history, older than the live value
            declared: int | None = None
            if metric.name:
                name = metric.name
                if metric.HasField("alias") and metric.alias in device.aliases:
                    declared = device.aliases[metric.alias][1]
            elif metric.HasField("alias") and metric.alias in device.aliases:
                name, declared = device.aliases[metric.alias]
            else:
                why = (f"machine {machine.id}: metric alias {metric.alias} is not in the "
                       "device's birth certificate; value ignored")
                if monotonic is not None:
                    self._ask_rebirth(node_id, node, monotonic, out, why)
                else:
                    out.problems.append((machine.id, why))
                continue
            resolved.append((name, metric, declared))
        # The state first: a new state clears the reason, which the same message may then set.
        resolved.sort(key=lambda item: item[0] != self.names.state)
        for name, metric, declared in resolved:
            try:
                if declared is not None and metric.HasField("datatype") \
                        and metric.datatype != declared:
                    raise PayloadError(f"datatype {_type_name(metric.datatype)} differs from "
                                       f"{_type_name(declared)} in the birth certificate")
                value = metric_value(metric, declared)
            except PayloadError as exc:
                out.problems.append((machine.id, f"machine {machine.id}: metric {name}: {exc}; "
                                                 "last value kept"))
                continue
            stamp = from_ms(metric.timestamp) if metric.HasField("timestamp") else at
            problem = self._set_metric(machine, name, value, stamp, out)
            if problem:
                out.problems.append((machine.id, f"machine {machine.id}: metric {name}: "
                                                 f"{problem}; last value kept"))

    def _set_metric(self, machine: LiveMachine, name: str, value: Any, at: datetime,
                    out: Outcome) -> str:
        """Store one metric's value; what is wrong with it in words, or ""."""
        names = self.names
        before = (machine.state, machine.work_order_id, machine.good_count,
                  machine.scrap_count, machine.reason)
        if name == names.state:
            state = self._state_of(value)
            if state is None:
                return f"{value!r} is not a machine state"
            self._set_state(machine, state, at, machine.reason if state == machine.state
                            else "", out)
        elif name in (names.good, names.scrap):
            number = as_number(value)
            if number is None or isinstance(value, bool):
                return f"{value!r} is not a count"
            count = Decimal(str(int(number))) if number.is_integer() else Decimal(str(number))
            if name == names.good:
                machine.good_count = count
            else:
                machine.scrap_count = count
        elif name == names.work_order:
            if value is not None and not isinstance(value, str):
                return f"{value!r} is not a work order id"
            machine.work_order_id = value or None
        elif name == names.reason:
            if value is not None and not isinstance(value, str):
                return f"{value!r} is not text"
            if (value or "") != machine.reason:
                machine.reason = value or ""
                self._reopen(machine, out)
        elif name.startswith(names.signal_prefix):
            signal = name[len(names.signal_prefix):]
            if value is None:
                if machine.signals.pop(signal, None) is not None:
                    out.changed.add(machine.id)
                return ""
            number = as_number(value)
            if number is None:
                return f"{value!r} is not a number"
            if machine.signals.get(signal) != number:
                machine.signals[signal] = number
                out.changed.add(machine.id)
            return ""
        else:
            return ""  # a metric the console has no use for
        if before != (machine.state, machine.work_order_id, machine.good_count,
                      machine.scrap_count, machine.reason):
            out.changed.add(machine.id)
        return ""

    def _state_of(self, value: Any) -> MachineState | None:
        if isinstance(value, str):
            try:
                return MachineState(value.strip().lower())
            except ValueError:
                return None
        if isinstance(value, int) and not isinstance(value, bool):
            return self.names.state_codes.get(value)
        return None

    def _reopen(self, machine: LiveMachine, out: Outcome) -> None:
        """The event lasting now, again: its reason changed."""
        if machine.event_start is not None:
            out.events.append(EventChange(machine.id, machine.state, machine.event_start, None,
                                          machine.reason))

    def _set_state(self, machine: LiveMachine, state: MachineState, at: datetime, reason: str,
                   out: Outcome) -> None:
        if machine.since is not None and state == machine.state:
            if reason != machine.reason:
                machine.reason = reason
                out.changed.add(machine.id)
                self._reopen(machine, out)
            return
        if machine.since is not None and at <= machine.since:
            # Stamped before the state it follows began (a birth after an outage saying since
            # when its state holds, a clock behind ours): it starts when it arrived, at the
            # earliest just after, so the event lasting now keeps its start, state and reason
            # (an event is keyed by its start: one starting then would overwrite it).
            at = max(self._received or at, machine.since + _AFTER)
        if machine.event_start is not None:
            out.events.append(EventChange(machine.id, machine.state, machine.event_start, at,
                                          machine.reason))
        machine.state, machine.since, machine.reason = state, at, reason
        machine.event_start = at
        out.events.append(EventChange(machine.id, state, at, None, reason))
        out.changed.add(machine.id)


_AFTER = timedelta(milliseconds=1)  # event ids are in milliseconds


def _type_name(code: int) -> str:
    try:
        return DataType(code).name
    except ValueError:
        return str(code)
