"""A small OPC UA server that publishes machines the way plants do (asyncua, loopback).

Objects/Plant/<machine id>/ holds State, GoodCount, ScrapCount (UInt32 by default), Rate,
Temperature, WorkOrder and Reason. Machines listed as `coded` publish their state as an integer
code (see STATE_CODES); machines listed as `machinery` have no State variable but an OPC UA for
Machinery MachineryBuildingBlocks/MachineryItemState/CurrentState instead.

The server runs on its own thread and loop. `stop` closes the port and ends the sessions;
`start` listens again on the same port with the same values; `close` ends it for good.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.domain.machines import MachineState, MachineStatus

NAMESPACE = "urn:gemba-console:demo-plant"
PRODUCT_NAME = "Gemba demo plant"
# Integer state codes of the `coded` machines, the way many PLCs publish them.
STATE_CODES: dict[MachineState, int] = {
    MachineState.OFFLINE: 0, MachineState.RUNNING: 1, MachineState.IDLE: 2,
    MachineState.SETUP: 3, MachineState.DOWN: 4, MachineState.MAINTENANCE: 5,
}
# The console's states as OPC UA for Machinery MachineryItemState states.
MACHINERY_NAMES: dict[MachineState, str] = {
    MachineState.OFFLINE: "NotAvailable", MachineState.DOWN: "OutOfService",
    MachineState.MAINTENANCE: "OutOfService", MachineState.RUNNING: "Executing",
    MachineState.IDLE: "NotExecuting", MachineState.SETUP: "NotExecuting",
}
COUNTER_WRAP = {"UInt16": 2**16, "UInt32": 2**32}
START_TIMEOUT_SECONDS = 20.0


@dataclass
class _Machine:
    machine_id: str
    kind: str  # "text", "coded" or "machinery"
    state: MachineState = MachineState.IDLE
    good: int = 0
    scrap: int = 0
    rate: float = 0.0
    work_order: str = ""
    reason: str = ""
    signals: dict[str, float] = field(default_factory=lambda: {"Temperature": 20.0})
    since: datetime | None = None  # when the state began: the State value's source timestamp


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class _Users:
    """Only the listed user names with their passwords get a session."""

    def __init__(self, users: dict[str, str]) -> None:
        self.users = users

    def get_user(self, iserver: Any, username: str | None = None, password: str | None = None,
                 certificate: Any = None) -> Any:
        from asyncua.crypto.permission_rules import User, UserRole

        if username is not None and self.users.get(username) == password:
            return User(role=UserRole.User, name=username)
        return None


class OpcUaPlant:
    def __init__(self, machines: Iterable[str] = ("M-101", "M-102", "M-103"), *,
                 coded: Iterable[str] | None = None, machinery: Iterable[str] | None = None,
                 host: str = "127.0.0.1", port: int = 0, counter_type: str = "UInt32",
                 users: dict[str, str] | None = None, upper_case_states: bool = False,
                 state_words: dict[MachineState, str] | None = None,
                 names: dict[str, str] | None = None, declare_codes: bool = False) -> None:
        ids = list(machines)
        # By default the second machine speaks in codes and the third in Machinery states.
        coded = set(ids[1:2] if coded is None else coded)
        machinery = set(ids[2:3] if machinery is None else machinery)
        if counter_type not in COUNTER_WRAP:
            raise ValueError(f"counter_type must be one of {', '.join(COUNTER_WRAP)}")
        self.counter_type = counter_type
        self.wrap = COUNTER_WRAP[counter_type]
        self.host = host
        self.port = port or _free_port(host)
        self.users = users
        # As some servers publish them: "RUNNING", "EXECUTING" rather than "running".
        self.upper_case_states = upper_case_states
        # Words of its own for some states (e.g. {MachineState.IDLE: "Stopped"}).
        self.state_words = dict(state_words or {})
        # The coded machines declare what their codes mean (EnumStrings, as a
        # MultiStateDiscrete variable does).
        self.declare_codes = declare_codes
        # Browse names of its own (e.g. {"GoodCount": "PartCounter"}), as servers not written
        # here name their variables; node ids stay "<machine>.<our name>".
        self.names = dict(names or {})
        # As some servers publish them: "RUNNING", "EXECUTING" rather than "running".
        self.upper_case_states = upper_case_states
        # Words of its own for some states (e.g. {MachineState.IDLE: "Stopped"}).
        self.state_words = dict(state_words or {})
        # The coded machines declare what their codes mean (EnumStrings, as a
        # MultiStateDiscrete variable does).
        self.declare_codes = declare_codes
        # Browse names of its own (e.g. {"GoodCount": "PartCounter"}), as servers not written
        # here name their variables; node ids stay "<machine>.<our name>".
        self.names = dict(names or {})
        self._machines = {
            m: _Machine(m, "machinery" if m in machinery else "coded" if m in coded else "text")
            for m in ids}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing: asyncio.Event | None = None
        self._listening = False
        self._server: Any = None
        self._nodes: dict[tuple[str, str], Any] = {}  # (machine, variable) -> node
        self._ns = 2

    @property
    def url(self) -> str:
        return f"opc.tcp://{self.host}:{self.port}/gemba/"

    @property
    def running(self) -> bool:
        return self._listening

    # -- running -----------------------------------------------------------------------------
    def start(self) -> OpcUaPlant:
        """Listen on the port (again, after `stop`)."""
        if self._thread is None:
            started: Future[None] = Future()
            self._thread = threading.Thread(target=self._main, args=(started,), daemon=True,
                                            name="opcua-plant")
            self._thread.start()
            try:
                started.result(START_TIMEOUT_SECONDS)
            except BaseException:
                self._thread.join(START_TIMEOUT_SECONDS)
                self._thread = None
                raise
        elif not self._listening:
            self._call(self._server.start())
            self._listening = True
        return self

    def stop(self) -> None:
        """Stop listening: sessions end, the port refuses connections, as when the server
        process is down. The address space and its values stay (loading it takes seconds), so
        `start` serves them again at once, as a PLC with retained memory would."""
        if self._thread is not None and self._listening:
            self._call(self._server.stop())
            self._listening = False

    def close(self) -> None:
        """Stop for good and end the server's thread."""
        thread, loop, closing = self._thread, self._loop, self._closing
        if thread is None:
            return
        if loop is not None and closing is not None:
            loop.call_soon_threadsafe(closing.set)
        thread.join(START_TIMEOUT_SECONDS)
        self._thread = None
        self._listening = False

    def __enter__(self) -> OpcUaPlant:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, coroutine: Any) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(
            START_TIMEOUT_SECONDS)

    def _main(self, started: Future[None]) -> None:
        try:
            asyncio.run(self._serve(started))
        except BaseException as exc:
            if not started.done():
                started.set_exception(exc)

    async def _serve(self, started: Future[None]) -> None:
        from asyncua import Server, ua

        self._loop = asyncio.get_running_loop()
        self._closing = asyncio.Event()
        server = Server(user_manager=_Users(self.users) if self.users is not None else None)
        await server.init()
        server.set_endpoint(self.url)
        server.set_server_name(PRODUCT_NAME)
        server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        if self.users is not None:
            server.set_identity_tokens([ua.UserNameIdentityToken])
        await server.set_build_info(NAMESPACE, "Gemba Console", PRODUCT_NAME, "1.0", "1",
                                    datetime.now(UTC))
        self._ns = await server.register_namespace(NAMESPACE)
        self._server = server
        self._plant = await server.nodes.objects.add_folder(
            ua.NodeId("Plant", self._ns), ua.QualifiedName("Plant", self._ns))
        self._nodes = {}
        with self._lock:
            machines = list(self._machines.values())
        for machine in machines:
            await self._add_machine(machine)
        await server.start()
        self._listening = True
        started.set_result(None)
        try:
            await self._closing.wait()
        finally:
            if self._listening:
                await server.stop()
            self._server = None

    def _node_id(self, machine_id: str, name: str) -> str:
        return f"{machine_id}.{name}"

    async def _add_variable(self, parent: Any, machine_id: str, name: str, value: Any,
                            variant: Any) -> None:
        from asyncua import ua

        node = await parent.add_variable(
            ua.NodeId(self._node_id(machine_id, name), self._ns),
            ua.QualifiedName(self.names.get(name, name), self._ns), ua.Variant(value, variant))
        self._nodes[(machine_id, name)] = node

    async def _add_machine(self, machine: _Machine) -> None:
        from asyncua import ua

        m = machine.machine_id
        obj = await self._plant.add_object(ua.NodeId(m, self._ns), ua.QualifiedName(m, self._ns))
        counter = getattr(ua.VariantType, self.counter_type)
        if machine.kind == "machinery":
            blocks = await obj.add_object(ua.NodeId(f"{m}.MachineryBuildingBlocks", self._ns),
                                          ua.QualifiedName("MachineryBuildingBlocks", self._ns))
            item_state = await blocks.add_object(
                ua.NodeId(f"{m}.MachineryItemState", self._ns),
                ua.QualifiedName("MachineryItemState", self._ns))
            await self._add_variable(item_state, m, "CurrentState",
                                     ua.LocalizedText(self._machinery_word(machine.state)),
                                     ua.VariantType.LocalizedText)
        elif machine.kind == "coded":
            await self._add_variable(obj, m, "State", STATE_CODES[machine.state],
                                     ua.VariantType.Int32)
            if self.declare_codes:
                by_code = sorted(STATE_CODES.items(), key=lambda item: item[1])
                await self._nodes[(m, "State")].add_property(
                    ua.NodeId(f"{m}.State.EnumStrings", self._ns),
                    ua.QualifiedName("EnumStrings", 0),
                    ua.Variant([ua.LocalizedText(state.value.title()) for state, _ in by_code],
                               ua.VariantType.LocalizedText))
        else:
            await self._add_variable(obj, m, "State", self._state_word(machine.state),
                                     ua.VariantType.String)
        await self._add_variable(obj, m, "GoodCount", machine.good % self.wrap, counter)
        await self._add_variable(obj, m, "ScrapCount", machine.scrap % self.wrap, counter)
        await self._add_variable(obj, m, "Rate", machine.rate, ua.VariantType.Double)
        await self._add_variable(obj, m, "WorkOrder", machine.work_order, ua.VariantType.String)
        await self._add_variable(obj, m, "Reason", machine.reason, ua.VariantType.String)
        for name, value in machine.signals.items():
            await self._add_variable(obj, m, name, value, ua.VariantType.Double)

    # -- changing values (any thread) --------------------------------------------------------
    def _publish(self, machine: _Machine, names: Iterable[str], new: bool = False) -> None:
        """Write the machine's values of `names` to its nodes (create them when `new`)."""
        if self._thread is None:
            return  # not started: the nodes are made with these values when it starts
        self._call(self._write(machine, list(names), new))

    async def _write(self, machine: _Machine, names: list[str], new: bool) -> None:
        from asyncua import ua

        if new:
            await self._add_machine(machine)
            if machine.since is None:
                return
            names = ["State"]  # again, stamped with when the state began
        counter = getattr(ua.VariantType, self.counter_type)
        for name in names:
            if name == "State":
                if machine.kind == "machinery":
                    name, value, variant = ("CurrentState",
                                            ua.LocalizedText(
                                                self._machinery_word(machine.state)),
                                            ua.VariantType.LocalizedText)
                elif machine.kind == "coded":
                    value, variant = STATE_CODES[machine.state], ua.VariantType.Int32
                else:
                    value, variant = self._state_word(machine.state), ua.VariantType.String
            elif name in ("GoodCount", "ScrapCount"):
                total = machine.good if name == "GoodCount" else machine.scrap
                value, variant = total % self.wrap, counter
            elif name == "Rate":
                value, variant = machine.rate, ua.VariantType.Double
            elif name in ("WorkOrder", "Reason"):
                value = machine.work_order if name == "WorkOrder" else machine.reason
                variant = ua.VariantType.String
            else:
                value, variant = machine.signals[name], ua.VariantType.Double
            node = self._nodes.get((machine.machine_id, name))
            if node is None:  # a signal first seen now
                parent = self._server.get_node(ua.NodeId(machine.machine_id, self._ns))
                await self._add_variable(parent, machine.machine_id, name, value, variant)
            else:
                stamp = machine.since if name in ("State", "CurrentState") else None
                await node.write_value(ua.DataValue(ua.Variant(value, variant),
                                                    SourceTimestamp=stamp))

    def _state_word(self, state: MachineState) -> str:
        word = self.state_words.get(state, state.value)
        return word.upper() if self.upper_case_states else word

    def _machinery_word(self, state: MachineState) -> str:
        word = MACHINERY_NAMES[state]
        return word.upper() if self.upper_case_states else word

    def _machine(self, machine_id: str) -> _Machine:
        try:
            return self._machines[machine_id]
        except KeyError:
            raise KeyError(f"no machine {machine_id!r} on this OPC UA plant") from None

    def set_state(self, machine_id: str, state: MachineState | str) -> None:
        machine = self._machine(machine_id)
        with self._lock:
            machine.state = MachineState(state)
        self._publish(machine, ["State"])

    def add_good(self, machine_id: str, n: int = 1) -> None:
        """Count n more good parts; the node wraps at its data type's width."""
        machine = self._machine(machine_id)
        with self._lock:
            machine.good += n
        self._publish(machine, ["GoodCount"])

    def add_scrap(self, machine_id: str, n: int = 1) -> None:
        machine = self._machine(machine_id)
        with self._lock:
            machine.scrap += n
        self._publish(machine, ["ScrapCount"])

    def set_signal(self, machine_id: str, name: str, value: float) -> None:
        machine = self._machine(machine_id)
        with self._lock:
            machine.signals[name] = float(value)
        self._publish(machine, [name])

    def mirror(self, statuses: Iterable[MachineStatus]) -> None:
        """Serve these statuses (e.g. the demo plant's machines): one object per machine id,
        created when first seen; counters are published modulo their width, as a PLC would."""
        for status in statuses:
            with self._lock:
                new = status.id not in self._machines
                machine = self._machines.setdefault(status.id, _Machine(status.id, "text"))
                machine.state = MachineState(status.state)
                machine.good, machine.scrap = int(status.good_count), int(status.scrap_count)
                machine.work_order = status.work_order_id or ""
                machine.reason = status.reason
                machine.since = status.since
                for name, value in status.signals.items():
                    machine.signals[name] = float(value)
                names = ["State", "GoodCount", "ScrapCount", "WorkOrder", "Reason",
                         *status.signals]
            self._publish(machine, names, new=new)

    # -- the mapping a user would write for it -----------------------------------------------
    def mapping(self) -> str:
        """The mapping JSON for these nodes (with namespace URIs, which survive restarts)."""
        def node(machine_id: str, name: str) -> str:
            return f"nsu={NAMESPACE};s={self._node_id(machine_id, name)}"

        machines = []
        with self._lock:
            for m in self._machines.values():
                state = "CurrentState" if m.kind == "machinery" else "State"
                machines.append({
                    "machine_id": m.machine_id, "state": node(m.machine_id, state),
                    "good": node(m.machine_id, "GoodCount"),
                    "scrap": node(m.machine_id, "ScrapCount"),
                    "rate": node(m.machine_id, "Rate"),
                    "work_order": node(m.machine_id, "WorkOrder"),
                    "reason": node(m.machine_id, "Reason"),
                    "signals": {_snake(s): node(m.machine_id, s) for s in m.signals},
                })
        states = {str(code): state.value for state, code in STATE_CODES.items()}
        return json.dumps({"states": states, "machines": machines}, indent=2)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() and i else c.lower()
                   for i, c in enumerate(name))
