"""OPC UA state words as servers in the field publish them: compared ignoring case."""

from __future__ import annotations

import json

import pytest

from app.connectors.opcua.mapping import MappingError, parse_mapping, propose_states
from app.domain.machines import MachineState

MACHINE = {"machine_id": "M-1", "state": "ns=2;s=M1.State"}


def test_state_words_and_the_table_are_compared_ignoring_case() -> None:
    mapping = parse_mapping(json.dumps({"states": {"Stopped": "IDLE", "E-Stop ": "down"},
                                        "machines": [MACHINE]}))
    assert mapping.state_of("RUNNING") == MachineState.RUNNING
    assert mapping.state_of("Down") == MachineState.DOWN
    assert mapping.state_of("OUTOFSERVICE") == MachineState.DOWN  # OPC UA for Machinery
    assert mapping.state_of("STOPPED") == MachineState.IDLE
    assert mapping.state_of("e-stop") == MachineState.DOWN
    assert mapping.state_of("WARMING UP") is None


def test_two_entries_that_differ_only_in_case_are_refused_when_they_disagree() -> None:
    with pytest.raises(MappingError, match="'Stopped' and 'STOPPED' differ only in case"):
        parse_mapping(json.dumps({"states": {"Stopped": "idle", "STOPPED": "down"},
                                  "machines": [MACHINE]}))


def test_a_proposed_table_holds_declared_codes_and_the_servers_own_words() -> None:
    observed = {"ns=2;s=A.State": ["STOPPED"],
                "ns=2;s=B.State": [2, (0, "Off"), (1, "Producing"), (2, "Fault"), (3, "?")],
                "ns=2;s=C.State": ["RUNNING", "Warming up"]}
    assert propose_states(observed) == {"STOPPED": MachineState.IDLE,
                                        "0": MachineState.OFFLINE, "1": MachineState.RUNNING,
                                        "2": MachineState.DOWN}
