"""Sparkplug B payloads and the bookkeeping from messages to machines, without a broker."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.connectors.sparkplug.decoder import MetricNames, SparkplugDecoder
from app.connectors.sparkplug.payload import (
    DataType,
    PayloadError,
    decode,
    encode,
    metric_value,
    parse_topic,
)
from app.domain.machines import MachineState

G = "plant1"
AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
S, D, I64, B = DataType.STRING, DataType.DOUBLE, DataType.INT64, DataType.BOOLEAN


def topic(kind: str, device: str | None = None, node: str = "edge1") -> str:
    return f"spBv1.0/{G}/{kind}/{node}" + (f"/{device}" if device else "")


class Feed:
    """A decoder and a clock; `send` returns what the message changed."""

    def __init__(self, names: MetricNames | None = None) -> None:
        self.decoder = SparkplugDecoder(G, names)
        self.clock = 0.0

    def send(self, kind: str, metrics: list, seq: int | None, device: str | None = None,
             node: str = "edge1"):
        self.clock += 1
        return self.decoder.handle(topic(kind, device, node), encode(metrics, seq=seq), AT,
                                   self.clock)

    def born(self, node: str = "edge1", seq: int = 0) -> None:
        self.send("NBIRTH", [("bdSeq", None, I64, 3), ("Node Control/Rebirth", None, B, False)],
                  seq, node=node)

    def machine(self, machine_id: str):
        return self.decoder.machines[machine_id]


def press_birth(feed: Feed, seq: int = 1, device: str = "press-1"):
    return feed.send("DBIRTH", [
        ("State", 1, S, "running"), ("Counts/Good", 2, I64, 120), ("Counts/Scrap", 3, I64, 4),
        ("WorkOrder", 4, S, "WO-7"), ("Signals/temperature_c", 5, D, 61.5),
        ("Signals/spindle_rpm", 6, DataType.FLOAT, 1200.0), ("Vendor/Firmware", 7, S, "2.1"),
    ], seq, device)


def test_payload_round_trip_keeps_each_datatype() -> None:
    when = datetime(2026, 3, 2, 8, 30, 15, 250000, tzinfo=UTC)
    data = encode([("a", 1, DataType.INT32, -5), ("b", 2, DataType.INT64, -(2 ** 40)),
                   ("c", 3, D, 2.5), ("d", 4, B, True), ("e", 5, S, "idle"),
                   ("f", 6, DataType.DATETIME, when), ("g", 7, D, None)], seq=9)
    payload = decode(data)
    assert payload.seq == 9
    assert [metric_value(m) for m in payload.metrics] == [-5, -(2 ** 40), 2.5, True, "idle",
                                                          when, None]


def test_bytes_that_are_not_protobuf_and_values_of_the_wrong_type_are_refused_in_words() -> None:
    with pytest.raises(PayloadError, match="not a Sparkplug B protobuf payload"):
        decode(b"\xff\xff\xff{not protobuf}")
    wrong = decode(encode([("x", 1, S, "text")], seq=0)).metrics[0]
    wrong.datatype = int(DataType.INT64)
    with pytest.raises(PayloadError, match="declared INT64 but carries string_value"):
        metric_value(wrong)


def test_topics_outside_the_namespace_or_malformed_are_not_sparkplug() -> None:
    assert parse_topic("spBv1.0/plant1/DDATA/edge1/press-1").device == "press-1"
    assert parse_topic("spBv1.0/STATE/host") is None
    assert parse_topic("spBv1.0/plant1/DDATA/edge1") is None
    assert parse_topic("other/plant1/NDATA/edge1") is None


def test_births_then_alias_only_data_become_the_machine_status() -> None:
    feed = Feed()
    feed.born()
    press_birth(feed)
    out = feed.send("DDATA", [(None, 2, I64, 125), (None, 5, D, 62.0), (None, 1, S, "down"),
                              (None, 7, S, "2.2")], 2, "press-1")
    press = feed.machine("press-1")
    assert out.changed == {"press-1"} and not out.problems
    assert press.state == MachineState.DOWN
    assert press.good_count == Decimal(125) and press.scrap_count == Decimal(4)
    assert press.work_order_id == "WO-7"
    assert press.signals == {"temperature_c": 62.0, "spindle_rpm": 1200.0}
    # The running event closes when the press goes down, and a down event opens.
    assert [(e.state, e.end is None) for e in out.events] == [
        (MachineState.RUNNING, False), (MachineState.DOWN, True)]


def test_machine_id_can_come_from_a_birth_metric_rather_than_the_device_id() -> None:
    feed = Feed()
    feed.born()
    feed.send("DBIRTH", [("Properties/MachineId", 1, S, "M-042"), ("State", 2, S, "idle")],
              1, "plc-7")
    assert "M-042" in feed.decoder.machines and "plc-7" not in feed.decoder.machines


def test_device_death_and_node_death_mark_machines_offline_with_why() -> None:
    feed = Feed()
    feed.born()
    press_birth(feed, 1, "press-1")
    press_birth(feed, 2, "press-2")
    feed.send("DDEATH", [], 3, "press-1")
    assert feed.machine("press-1").state == MachineState.OFFLINE
    assert feed.machine("press-1").reason == "device reported death"
    assert feed.machine("press-2").state == MachineState.RUNNING
    # The will of an older session (another bdSeq) says nothing about the node now.
    feed.send("NDEATH", [("bdSeq", None, I64, 2)], None)
    assert feed.machine("press-2").state == MachineState.RUNNING
    feed.send("NDEATH", [("bdSeq", None, I64, 3)], None)
    assert feed.machine("press-2").state == MachineState.OFFLINE
    assert feed.machine("press-2").reason == "node went offline"


def test_a_sequence_gap_asks_the_node_for_a_rebirth_but_keeps_the_data() -> None:
    feed = Feed()
    feed.born()
    press_birth(feed)
    out = feed.send("DDATA", [(None, 2, I64, 130)], 5, "press-1")
    assert out.rebirth == {"edge1"}
    assert "sequence gap (expected 2, got 5)" in out.problems[0][1]
    assert feed.machine("press-1").good_count == Decimal(130)
    # Counting on from the message received: the next one in order is no gap.
    assert not feed.send("DDATA", [(None, 2, I64, 131)], 6, "press-1").rebirth


def test_seq_wraps_from_255_to_0_without_a_gap() -> None:
    feed = Feed()
    feed.born(seq=0)
    press_birth(feed, 1)
    feed.decoder.nodes["edge1"].seq = 255
    assert not feed.send("DDATA", [(None, 2, I64, 1)], 0, "press-1").problems


def test_data_before_any_birth_asks_for_a_rebirth_once_while_it_is_awaited() -> None:
    feed = Feed()
    first = feed.send("DDATA", [(None, 2, I64, 1)], 7, "press-1")
    second = feed.send("DDATA", [(None, 2, I64, 2)], 8, "press-1")
    assert first.rebirth == {"edge1"} and not second.rebirth
    assert "before the node's birth certificate; rebirth requested" in first.problems[0][1]
    assert not feed.decoder.machines


def test_an_unknown_alias_is_named_and_the_rest_of_the_message_still_lands() -> None:
    feed = Feed()
    feed.born()
    press_birth(feed)
    out = feed.send("DDATA", [(None, 99, D, 1.0), (None, 2, I64, 140)], 2, "press-1")
    assert out.problems[0][1].startswith(
        "machine press-1: metric alias 99 is not in the device's birth certificate")
    assert out.rebirth == {"edge1"}
    assert feed.machine("press-1").good_count == Decimal(140)


def test_a_value_of_the_wrong_kind_keeps_the_last_good_value() -> None:
    feed = Feed()
    feed.born()
    press_birth(feed)
    out = feed.send("DDATA", [(None, 2, S, "lots"), (None, 1, S, "exploded")], 2, "press-1")
    reasons = sorted(reason for _, reason in out.problems)
    assert reasons[0].startswith("machine press-1: metric Counts/Good: datatype STRING differs "
                                 "from INT64 in the birth certificate; last value kept")
    assert "'exploded' is not a machine state" in reasons[1]
    assert feed.machine("press-1").good_count == Decimal(120)
    assert feed.machine("press-1").state == MachineState.RUNNING


def test_metric_names_and_state_codes_follow_the_profile_options() -> None:
    names = MetricNames.from_options({
        "metrics": '{"state": "Status/Code", "signal_prefix": "Process/"}',
        "state_codes": '{"10": "running", "20": "down"}'})
    feed = Feed(names)
    feed.born()
    feed.send("DBIRTH", [("Status/Code", 1, DataType.INT32, 20), ("Process/flow_lpm", 2, D, 3.5)],
              1, "pump-1")
    pump = feed.machine("pump-1")
    assert pump.state == MachineState.DOWN and pump.signals == {"flow_lpm": 3.5}
    with pytest.raises(ValueError, match="option metrics"):
        MetricNames.from_options({"metrics": '{"colour": "X"}'})
    with pytest.raises(ValueError, match="option state_codes"):
        MetricNames.from_options({"state_codes": '{"1": "exploding"}'})


def test_a_birth_says_since_when_its_state_holds_and_no_event_runs_backwards() -> None:
    feed = Feed()
    feed.born()
    down_since = datetime(2026, 3, 2, 7, 18, 30, tzinfo=UTC)
    stamp = int(down_since.timestamp() * 1000)
    out = feed.send("DBIRTH", [("State", 1, S, "down", stamp)], 1, "press-1")
    press = feed.machine("press-1")
    # Down since the metric's timestamp, not since the birth: no idle moment before it.
    assert (press.state, press.since) == (MachineState.DOWN, down_since)
    assert [(e.state, e.start, e.end) for e in out.events] == [
        (MachineState.DOWN, down_since, None)]
    # Dead, then born again saying it has been down since before the outage began: the
    # outage stays offline in the history, and down starts again after it.
    feed.send("DDEATH", [], 2, "press-1")
    offline_since = press.since
    out = feed.send("DBIRTH", [("State", 1, S, "down", stamp)], 3, "press-1")
    assert press.state == MachineState.DOWN and press.since > offline_since
    assert [(e.state, e.start, e.end) for e in out.events] == [
        (MachineState.OFFLINE, offline_since, press.since), (MachineState.DOWN, press.since, None)]
