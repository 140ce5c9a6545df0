"""The OPC UA mapping, counters and the live buffer, without a server."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.connectors.opcua import MappingError, MappingInvalid, from_profile, parse_mapping
from app.connectors.opcua.connector import resolve, security_string
from app.connectors.opcua.live import Counter, LiveData
from app.domain.machines import MachineState
from app.sync.profiles import SourceProfile
from app.sync.registry import test_connection

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
GOOD_MAPPING = {
    "states": {"0": "offline", "1": "Running", "2": "idle", "7": "maintenance"},
    "machines": [
        {"machine_id": "M-1", "state": "ns=2;s=M1.State", "good": "ns=2;s=M1.Good",
         "scrap": "ns=2;i=1002", "rate": "nsu=urn:plant;s=M1.Rate",
         "signals": {"temperature_c": "ns=2;s=M1.Temp"}},
        {"machine_id": "M-2", "state": "ns=2;s=M2.CurrentState", "good": "ns=2;s=M2.Good",
         "counter_wrap": 1000},
    ],
}


class NoSecrets:
    def get(self, profile: str, key: str) -> str | None:
        return None


def profile(mapping: object, **options: str) -> SourceProfile:
    text = mapping if isinstance(mapping, str) else json.dumps(mapping)
    return SourceProfile(name="press-ua", role="mes", backend="opcua",
                         url="opc.tcp://127.0.0.1:4840", options={"mapping": text, **options})


def problem(mapping: object) -> str:
    with pytest.raises(MappingError) as caught:
        parse_mapping(mapping if isinstance(mapping, str) else json.dumps(mapping))
    return str(caught.value)


def test_a_good_mapping_reads_states_from_codes_text_and_machinery_states() -> None:
    mapping = parse_mapping(json.dumps(GOOD_MAPPING))
    assert [m.machine_id for m in mapping.machines] == ["M-1", "M-2"]
    assert mapping.state_of(1) == MachineState.RUNNING  # "Running" in any case
    assert mapping.state_of(7.0) == MachineState.MAINTENANCE
    assert mapping.state_of("down") == MachineState.DOWN  # the console's own words
    assert mapping.state_of("OutOfService") == MachineState.DOWN  # OPC UA for Machinery
    assert mapping.state_of("NotExecuting") == MachineState.IDLE
    assert mapping.state_of(42) is None
    assert parse_mapping(mapping.to_json()) == mapping  # what discovery proposes, saved


@pytest.mark.parametrize(("mapping", "expected"), [
    ("", "no node mapping: set the 'mapping' option"),
    ("{machines: []}", "the mapping is not valid JSON: Expecting property name enclosed in "
                       "double quotes at line 1, column 2"),
    ({"machines": []}, "the mapping has problems: machines: List should have at least 1 item"),
    ({"machines": [{"machine_id": "M-1", "state": "Press1.State"}]},
     "machine 1 (M-1), state: 'Press1.State' is not a node id"),
    ({"machines": [{"machine_id": "M-1"}]}, "machine 1 (M-1), state: Field required"),
    ({"machines": [{"machine_id": "M-1", "state": "ns=2;i=1", "colour": "red"}]},
     "machine 1 (M-1), colour: unknown field"),
    ({"states": {"3": "broken"}, "machines": [{"machine_id": "M-1", "state": "ns=2;i=1"}]},
     "states.3: 'broken' is not a machine state (use running, idle, setup, down, "
     "maintenance, offline)"),
    ({"machines": [{"machine_id": "M-1", "state": "ns=2;i=1"},
                   {"machine_id": "M-1", "state": "ns=2;i=2"}]},
     "each machine may be mapped once; twice: M-1"),
    ({"machines": [{"machine_id": "M-1", "state": "ns=2;i=1", "counter_wrap": 1}]},
     "machine 1 (M-1), counter_wrap: Input should be greater than 1"),
])
def test_a_bad_mapping_says_where_and_what(mapping: object, expected: str) -> None:
    assert expected in problem(mapping)


def test_the_connection_check_shows_a_bad_mapping_without_connecting() -> None:
    bad = {"machines": [{"machine_id": "M-1", "state": "Press1.State"}]}
    result = asyncio.run(test_connection(profile(bad), NoSecrets()))
    assert not result.ok
    assert result.message.startswith("press-ua: the mapping has problems: machine 1 (M-1), "
                                     "state: 'Press1.State' is not a node id")
    with pytest.raises(MappingInvalid) as caught:
        from_profile(profile(bad), NoSecrets())
    assert not caught.value.retryable


def test_security_options() -> None:
    assert security_string({"security": "None"}, None) == ""
    assert security_string({}, None) == ""
    assert security_string({"security": "Basic256Sha256,Sign", "certificate": "c.der",
                            "private_key": "k.pem"}, "pw") == "Basic256Sha256,Sign,c.der,k.pem::pw"
    with pytest.raises(MappingInvalid, match="needs the client certificate and private key"):
        security_string({"security": "Basic256Sha256,SignAndEncrypt"}, None)
    with pytest.raises(MappingInvalid, match="unknown OPC UA security policy 'Basic128'"):
        security_string({"security": "Basic128", "certificate": "c", "private_key": "k"}, None)
    with pytest.raises(MappingInvalid, match="unknown OPC UA security mode"):
        from_profile(profile(GOOD_MAPPING, security="Basic256Sha256,Encrypt"), NoSecrets())


def test_node_ids_by_namespace_uri_follow_the_server_namespace_table() -> None:
    namespaces = ["http://opcfoundation.org/UA/", "urn:server", "urn:plant"]
    assert resolve("nsu=urn:plant;s=M1.Rate", namespaces) == "ns=2;s=M1.Rate"
    assert resolve("ns=5;i=7", namespaces) == "ns=5;i=7"
    with pytest.raises(KeyError):
        resolve("nsu=urn:other;i=1", namespaces)


def test_counters_keep_counting_across_wraps_and_resets() -> None:
    uint16 = Counter()
    assert [uint16.feed(v, "UInt16") for v in (65_000, 65_535, 4, 10)] == [
        65_000, 65_535, 65_540, 65_546]
    mapped = Counter(wrap=1000)  # the mapping knows better than the data type
    assert [mapped.feed(v, "UInt32") for v in (990, 5)] == [990, 1005]
    reset = Counter()  # from low down back to 0 is a reset (new shift), not a wrap
    assert [reset.feed(v, "UInt32") for v in (120, 0, 7)] == [120, 120, 127]


def test_live_data_coalesces_and_versions_every_change() -> None:
    live = LiveData(parse_mapping(json.dumps(GOOD_MAPPING)))
    live.update("M-1", "good", 5, "UInt32", T0)  # no state yet: no status to show
    assert live.statuses_after(None)[0] == []
    live.update("M-1", "state", 1, "Int32", T0)
    live.update("M-1", "signal:temperature_c", 61.5, "Double", T0)
    first, token = live.statuses_after(None)
    assert len(first) == 1 and first[0].state == MachineState.RUNNING
    assert first[0].good_count == Decimal(5) and first[0].signals == {"temperature_c": 61.5}
    # Three changes to M-1 and one to M-2 before the next read: the latest of each.
    live.update("M-1", "good", 6, "UInt32", T0)
    live.update("M-1", "good", 9, "UInt32", T0)
    live.update("M-1", "state", 2, "Int32", T0 + timedelta(minutes=5))
    live.update("M-2", "state", "Executing", "LocalizedText", T0)
    later, newest = live.statuses_after(token)
    by_id = {s.id: s for s in later}
    assert by_id["M-1"].good_count == 9 and by_id["M-1"].state == MachineState.IDLE
    assert by_id["M-1"].since == T0 + timedelta(minutes=5)
    assert by_id["M-1"].version > first[0].version
    assert by_id["M-2"].state == MachineState.RUNNING
    # The same values again (a resubscription) change nothing.
    live.update("M-1", "good", 9, "UInt32", T0)
    assert live.statuses_after(newest) == ([], newest)
    # Reading again from an older token gives the same versions: nothing changed meanwhile.
    again, _ = live.statuses_after(token)
    assert {s.id: s.version for s in again} == {s.id: s.version for s in later}
    # An unknown state value shows as offline, saying why.
    live.update("M-2", "state", 42, "Int32", T0)
    (odd,), _ = live.statuses_after(newest)
    assert odd.state == MachineState.OFFLINE
    assert odd.reason == "state value 42 is not in the mapping's state table"


def test_state_events_open_and_close_and_are_forgotten_once_read() -> None:
    live = LiveData(parse_mapping(json.dumps(GOOD_MAPPING)))
    live.update("M-1", "state", 1, "Int32", T0)
    live.update("M-1", "state", 2, "Int32", T0 + timedelta(minutes=3))
    events, token = live.events_after(None)
    running, idle = sorted(events, key=lambda e: e.start)
    assert (running.state, running.end) == (MachineState.RUNNING, T0 + timedelta(minutes=3))
    assert (idle.state, idle.end) == (MachineState.IDLE, None)
    assert running.id == "M-1:2026-03-02T06:00:00+00:00"
    live.update("M-1", "state", 1, "Int32", T0 + timedelta(minutes=9))
    events, _ = live.events_after(token)
    assert {(e.state, e.end) for e in events} == {
        (MachineState.IDLE, T0 + timedelta(minutes=9)), (MachineState.RUNNING, None)}
    closed_idle = next(e for e in events if e.state == MachineState.IDLE)
    assert closed_idle.version > idle.version  # closing is a change the cache must take
    # Read and stored: only the open event is kept for a full read.
    _, newest = live.events_after(token)
    live.events_after(newest)
    everything, _ = live.events_after(None)
    assert [(e.state, e.end) for e in everything] == [(MachineState.RUNNING, None)]


def test_versions_stay_above_an_earlier_run_and_fit_the_cache_column() -> None:
    earlier = LiveData(parse_mapping(json.dumps(GOOD_MAPPING)))
    earlier.update("M-1", "state", 1, "Int32", T0)
    (before,), old_token = earlier.statuses_after(None)
    # The console restarts: a new run, the cache still holds `before` and the old token.
    later = LiveData(parse_mapping(json.dumps(GOOD_MAPPING)))
    later.update("M-1", "state", 2, "Int32", T0)
    (after,), _ = later.statuses_after(old_token)  # a token of another run reads everything
    assert before.version <= after.version < 2**31
