"""Which OPC UA nodes say what about which machine: the user-written mapping, and discovery.

The mapping is JSON kept in the profile's options["mapping"]:

    {"states": {"0": "offline", "1": "running", "Stopped": "idle"},
     "machines": [{"machine_id": "M-101", "state": "ns=2;s=Press1.State",
                   "good": "ns=2;s=Press1.Good", "scrap": "ns=2;s=Press1.Scrap",
                   "rate": "ns=2;s=Press1.Rate", "counter_wrap": 65536,
                   "signals": {"temperature_c": "ns=2;s=Press1.Temp"}}]}

Node ids are written as OPC UA prints them ("ns=2;s=...", "ns=3;i=1001"), or with the
namespace URI instead of its index ("nsu=urn:plant;s=...") because an index may change when the
server restarts while its URI does not.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.domain.machines import MachineState

# OPC UA for Machinery (OPC 40001-1, 12.2): the four top-level states of
# MachineryItemState_StateMachineType, as CurrentState shows them.
MACHINERY_STATES: dict[str, MachineState] = {
    "NotAvailable": MachineState.OFFLINE,
    "OutOfService": MachineState.DOWN,
    "Executing": MachineState.RUNNING,
    "NotExecuting": MachineState.IDLE,
}
# Applied under the mapping's own table: the console's own words and the Machinery states.
DEFAULT_STATES: dict[str, MachineState] = {
    **{state.value: state for state in MachineState},
    **MACHINERY_STATES,
}
# State words are compared ignoring case: servers publish "RUNNING", "Running" or "running".
_DEFAULT_FOLDED = {word.casefold(): state for word, state in DEFAULT_STATES.items()}

_NODE_ID = re.compile(r"^(?:(?:ns=\d+|nsu=[^;]+);)?(?:i=\d+|s=.+|g=[0-9A-Fa-f-]{36}|b=.+)$")


class MappingError(ValueError):
    """The mapping cannot be used; the message says where and why, in words."""


def _check_node_id(value: str) -> str:
    value = value.strip()
    if not _NODE_ID.match(value):
        raise ValueError(f"{value!r} is not a node id (write it like 'ns=2;s=Press1.State' "
                         "or 'ns=3;i=1001')")
    return value


class MachineMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    machine_id: str = Field(min_length=1)
    state: str
    good: str | None = None
    scrap: str | None = None
    rate: str | None = None
    work_order: str | None = None
    reason: str | None = None
    signals: dict[str, str] = Field(default_factory=dict)
    # Counters wrap at this value (65536 for a UInt16); by default the width of the value's
    # OPC UA data type.
    counter_wrap: int | None = Field(default=None, gt=1)

    @field_validator("state", "good", "scrap", "rate", "work_order", "reason")
    @classmethod
    def _node(cls, value: str | None) -> str | None:
        return None if value is None else _check_node_id(value)

    @field_validator("signals")
    @classmethod
    def _signal_nodes(cls, value: dict[str, str]) -> dict[str, str]:
        return {name: _check_node_id(node) for name, node in value.items()}

    def nodes(self) -> dict[str, str]:
        """Field name ("state", "good", "signal:temperature_c", ...) -> node id."""
        found = {name: getattr(self, name)
                 for name in ("state", "good", "scrap", "rate", "work_order", "reason")
                 if getattr(self, name)}
        found.update({f"signal:{name}": node for name, node in self.signals.items()})
        return found


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    machines: list[MachineMapping] = Field(min_length=1)
    # Value of a state node (a number or text, written as text) -> the console's state.
    states: dict[str, MachineState] = Field(default_factory=dict)

    @field_validator("states", mode="before")
    @classmethod
    def _state_words(cls, value: Any) -> Any:
        if isinstance(value, dict):  # "Running" and "RUNNING" mean running too
            return {str(k): v.lower() if isinstance(v, str) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _unique(self) -> Mapping:
        ids = [m.machine_id for m in self.machines]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError("each machine may be mapped once; twice: " + ", ".join(twice))
        folded: dict[str, str] = {}
        for word, state in self.states.items():
            other = folded.setdefault(_fold(word), word)
            if other != word and self.states[other] != state:
                raise ValueError(f"state values {other!r} and {word!r} differ only in case "
                                 "(values are compared ignoring case)")
        return self

    def state_of(self, value: Any) -> MachineState | None:
        """The console's state for a state node's value; None when the table does not know it."""
        text = getattr(value, "Text", value)  # a LocalizedText (Machinery CurrentState)
        if isinstance(text, bool):
            text = int(text)
        if isinstance(text, float) and text.is_integer():
            text = int(text)
        key = _fold(str(text))
        table = {_fold(word): state for word, state in self.states.items()}
        return table.get(key) or _DEFAULT_FOLDED.get(key)

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=True, exclude_defaults=True, indent=2)


def _fold(word: str) -> str:
    return word.strip().casefold()


def _where(loc: tuple[Any, ...], data: Any) -> str:
    """machines.1.state -> 'machine 2 (M-101), state'."""
    parts: list[str] = []
    if len(loc) >= 2 and loc[0] == "machines" and isinstance(loc[1], int):
        name = ""
        with contextlib.suppress(KeyError, IndexError, TypeError):
            name = f" ({data['machines'][loc[1]]['machine_id']})"
        parts.append(f"machine {loc[1] + 1}{name}")
        loc = loc[2:]
    if loc:
        parts.append(".".join(str(p) for p in loc))
    return ", ".join(parts) or "the mapping"


def parse_mapping(text: str | None) -> Mapping:
    """The mapping from its JSON text; MappingError says what is wrong and where."""
    if not text or not text.strip():
        raise MappingError("no node mapping: set the 'mapping' option (use discovery to "
                           "propose one)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MappingError(f"the mapping is not valid JSON: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}") from None
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:5]:
            message = str(error["msg"]).removeprefix("Value error, ")
            if error["type"] == "enum":
                allowed = ", ".join(s.value for s in MachineState)
                message = f"{error.get('input')!r} is not a machine state (use {allowed})"
            elif error["type"] == "extra_forbidden":
                message = "unknown field"
            problems.append(f"{_where(tuple(error['loc']), data)}: {message}")
        more = exc.error_count() - len(problems)
        tail = f" (and {more} more)" if more > 0 else ""
        raise MappingError("the mapping has problems: " + "; ".join(problems) + tail) from None


# -- discovery ---------------------------------------------------------------------------------
_FIELD_NAMES = {
    "state": ("state", "status", "machinestate", "machinestatus", "currentstate", "runstate",
              "operatingstate", "mode", "operatingmode"),
    "good": ("goodcount", "good", "goodparts", "partsgood", "count", "partcount"),
    "scrap": ("scrapcount", "scrap", "badcount", "rejects", "badparts"),
    "rate": ("rate", "speed", "actualrate", "productionrate"),
    "work_order": ("workorder", "workorderid", "order", "job", "jobnumber", "jobid",
                   "ordernumber", "orderid"),
    "reason": ("reason", "stopreason", "downreason", "alarmtext", "faultreason"),
}
# A variable named like a count of parts is a counter, whatever the words around it:
# "PartCounter", "PartsProduced", "TotalPieces", "RejectCounter".
_COUNT_WORDS = ("count", "counter", "parts", "pieces", "produced", "piececount", "units")
_SCRAP_WORDS = ("scrap", "reject", "bad", "nok", "defect", "ng")
_NOT_PARTS = ("cycle", "alarm", "error", "fault", "hour", "time", "power", "restart")
# Words servers use for states, beyond the console's own and OPC UA for Machinery's, compared
# by their letters and digits only ("Out of service", "OUT_OF_SERVICE").
STATE_WORDS: dict[str, MachineState] = {
    **{word: MachineState.RUNNING for word in (
        "run", "running", "producing", "production", "inproduction", "executing", "execute",
        "auto", "automatic", "active", "cycling", "working", "started")},
    **{word: MachineState.IDLE for word in (
        "idle", "stopped", "stop", "ready", "standby", "waiting", "notexecuting", "starved",
        "blocked", "paused", "pause", "hold", "held", "complete", "completed", "manual")},
    **{word: MachineState.SETUP for word in (
        "setup", "changeover", "setting", "tooling", "toolchange", "preparing")},
    **{word: MachineState.DOWN for word in (
        "down", "fault", "faulted", "error", "alarm", "breakdown", "failure", "failed",
        "estop", "emergencystop", "aborted", "outofservice", "broken")},
    **{word: MachineState.MAINTENANCE for word in (
        "maintenance", "maint", "service", "servicing", "repair", "pm")},
    **{word: MachineState.OFFLINE for word in (
        "offline", "off", "poweredoff", "poweroff", "disconnected", "notavailable",
        "unavailable", "unknown")},
}
_MAX_DEPTH = 4


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _signal_name(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace(" ", "_")


def state_word(value: str) -> MachineState | None:
    """The console's state for a server's word for it, ignoring case, spaces and marks."""
    return STATE_WORDS.get(_key(value))


def _counter_field(key: str, value: Any) -> str | None:
    """"good" or "scrap" for a whole-number variable named like a count of parts, else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if not any(word in key for word in _COUNT_WORDS) or any(w in key for w in _NOT_PARTS):
        return None
    return "scrap" if any(word in key for word in _SCRAP_WORDS) else "good"


def _text(value: Any) -> Any:
    return getattr(value, "Text", value)  # a LocalizedText


def propose_states(observed: dict[str, list[Any]]) -> dict[str, MachineState]:
    """A state table from what the state nodes hold now and the values they declare
    (EnumStrings or EnumValues, by code): node id -> the values seen. A word the console
    knows ignoring case (running, Executing) needs no entry; a code or a server's own word
    (STOPPED, Fault) gets one when its meaning is known."""
    table: dict[str, MachineState] = {}
    for values in observed.values():
        for value in values:
            if isinstance(value, tuple):  # (code, its name) from the node's enumeration
                code, name = value
                state = state_word(str(_text(name)))
                if state is not None:
                    table.setdefault(str(code), state)
                continue
            word = _text(value)
            if not isinstance(word, str) or not word.strip():
                continue
            state = state_word(word)
            if state is not None and _fold(word) not in _DEFAULT_FOLDED:
                table.setdefault(word.strip(), state)
    return table


async def discover(client: Any) -> Mapping | None:
    """Browse the server's Objects folder and propose a mapping (None when nothing looks like
    a machine). A machine is an object with a child variable named like a state, good or scrap
    counter, or one implementing OPC UA for Machinery's MachineryItemState (directly or in its
    MachineryBuildingBlocks folder). Whole-number variables named like a count of parts are its
    good and scrap counters; its other numeric variables become signals. The state table
    proposed holds the codes and words of its state nodes whose meaning is known."""
    from asyncua import ua

    machines: list[MachineMapping] = []
    observed: dict[str, list[Any]] = {}

    async def children(node: Any) -> list[tuple[Any, str, Any]]:
        found = []
        for child in await node.get_children():
            name = (await child.read_browse_name()).Name
            found.append((child, name, await child.read_node_class()))
        return found

    async def machinery_state(kids: list[tuple[Any, str, Any]]) -> str | None:
        for child, name, node_class in kids:
            if node_class != ua.NodeClass.Object:
                continue
            if name == "MachineryItemState":
                for grandchild, child_name, _ in await children(child):
                    if child_name == "CurrentState":
                        return grandchild.nodeid.to_string()
            if name == "MachineryBuildingBlocks":
                inner = await machinery_state(await children(child))
                if inner:
                    return inner
        return None

    async def state_values(node: Any, value: Any) -> list[Any]:
        """What a state node holds now, and its enumeration's (code, name) pairs if any."""
        found: list[Any] = [value]
        for child, name, _ in await children(node):
            if name not in ("EnumStrings", "EnumValues"):
                continue
            try:
                items = await child.read_value()
            except Exception:  # an enumeration we cannot read proposes nothing
                continue
            for index, item in enumerate(items or []):
                if name == "EnumStrings":
                    found.append((index, item))
                else:  # EnumValueType: Value, DisplayName
                    found.append((getattr(item, "Value", index), getattr(item, "DisplayName",
                                                                           "")))
        return found

    async def visit(node: Any, name: str, depth: int) -> None:
        kids = await children(node)
        fields: dict[str, str] = {}
        signals: dict[str, str] = {}
        values: dict[str, Any] = {}
        for child, child_name, node_class in kids:
            if node_class != ua.NodeClass.Variable:
                continue
            key = _key(child_name)
            node_id = child.nodeid.to_string()
            try:
                value = await child.read_value()
            except Exception:  # not readable by us: not a value we can show
                continue
            values[node_id] = (child, value)
            field = next((f for f, names in _FIELD_NAMES.items() if key in names), None)
            if field in ("good", "scrap") or field is None:
                field = _counter_field(key, value) or field
            if field and field not in fields:
                fields[field] = node_id
            elif isinstance(value, int | float) and not isinstance(value, bool):
                signals[_signal_name(child_name)] = node_id
        current_state = await machinery_state(kids)
        if current_state:
            fields["state"] = current_state
        if "state" in fields and ({"good", "scrap"} & fields.keys() or current_state
                                  or len(fields) > 1 or signals):
            state_node = fields["state"]
            if state_node in values:
                child, value = values[state_node]
                observed[state_node] = await state_values(child, value)
            machines.append(MachineMapping(machine_id=name, signals=signals, **fields))
            return
        if depth < _MAX_DEPTH:
            for child, child_name, node_class in kids:
                if node_class == ua.NodeClass.Object and child_name != "Server":
                    await visit(child, child_name, depth + 1)

    objects = client.nodes.objects
    for child, name, node_class in await children(objects):
        if node_class == ua.NodeClass.Object and name not in ("Server", "Aliases"):
            await visit(child, name, 1)
    if not machines:
        return None
    return Mapping(machines=machines, states=propose_states(observed))
