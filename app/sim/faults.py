"""Faults the demo plant can be told to inject on chosen endpoints, for tests and demos.

Implemented as ASGI middleware around the contract endpoints, so a fault looks to a client
exactly as it would from a misbehaving real backend. The control API (/sim/v1) is never faulted.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class FaultKind(StrEnum):
    HTTP_500 = "http_500"  # answer 500, apply nothing
    TIMEOUT = "timeout"  # apply, then hold the answer for `delay_seconds`
    MALFORMED_JSON = "malformed_json"  # 200 with a body that is not JSON
    TRUNCATED_JSON = "truncated_json"  # 200 with the real body cut short (consistent length)
    DROP_CONNECTION = "drop_connection"  # headers and part of the body, then the connection closes
    INVALID_ITEMS = "invalid_items"  # 200 with every other item given wrong types


@dataclass(slots=True)
class Fault:
    id: str
    path: str  # this path and everything below it
    kind: FaultKind
    methods: list[str] = field(default_factory=list)  # empty: every method
    remaining: int | None = None  # None: until removed
    delay_seconds: float = 30.0
    # The share of matching requests it hits, drawn from a generator seeded with `seed`: the
    # same requests in the same order meet the same faults ("10 % of requests fail").
    rate: float = 1.0
    seed: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.methods and method not in self.methods:
            return False
        prefix = self.path.rstrip("/")
        return path == prefix or path.startswith(prefix + "/")

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class FaultBook:
    def __init__(self) -> None:
        self._faults: dict[str, Fault] = {}
        self._dice: dict[str, random.Random] = {}  # per fault, for its rate
        self._ids = itertools.count(1)

    def add(
        self,
        path: str,
        kind: FaultKind,
        methods: list[str] | None = None,
        count: int | None = None,
        delay_seconds: float = 30.0,
        rate: float = 1.0,
        seed: int = 0,
    ) -> Fault:
        fault = Fault(
            id=f"F{next(self._ids)}", path=path, kind=kind,
            methods=[m.upper() for m in methods or []], remaining=count,
            delay_seconds=delay_seconds, rate=rate, seed=seed,
        )
        self._faults[fault.id] = fault
        self._dice[fault.id] = random.Random(seed)
        return fault

    def remove(self, fault_id: str) -> None:
        del self._faults[fault_id]
        del self._dice[fault_id]

    def clear(self) -> None:
        self._faults.clear()
        self._dice.clear()

    def list(self) -> list[Fault]:
        return list(self._faults.values())

    def take(self, method: str, path: str) -> Fault | None:
        """The fault to apply to this request, counting it down."""
        for fault in self._faults.values():
            if fault.matches(method, path) and self._hits(fault):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self.remove(fault.id)
                return fault
        return None

    def _hits(self, fault: Fault) -> bool:
        return fault.rate >= 1.0 or self._dice[fault.id].random() < fault.rate


def _corrupt_items(body: bytes) -> bytes:
    """Give every other item wrong types, the way a buggy backend would."""
    payload = json.loads(body)
    for item in payload.get("items", [])[::2]:
        for key in list(item):
            if key != "id":
                item[key] = {"unexpected": [1, 2, 3]}
                break
        item["version"] = "not-a-number"
    return json.dumps(payload, separators=(",", ":")).encode()


class FaultMiddleware:
    def __init__(self, app: ASGIApp, book: FaultBook, exempt_prefix: str = "/sim/") -> None:
        self.app = app
        self.book = book
        self.exempt_prefix = exempt_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.exempt_prefix):
            await self.app(scope, receive, send)
            return
        fault = self.book.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.kind is FaultKind.HTTP_500:
            await _send(send, 500, b'{"error":"internal server error (injected)"}')
            return
        if fault.kind is FaultKind.MALFORMED_JSON:
            await _send(send, 200, b'{"items": [{"id": "x", "version": 1,, oops}')
            return

        status, headers, body = await _capture(self.app, scope, receive)
        if fault.kind is FaultKind.TIMEOUT:
            await asyncio.sleep(fault.delay_seconds)
            await _send(send, status, body, headers)
        elif fault.kind is FaultKind.TRUNCATED_JSON:
            await _send(send, status, body[: max(1, len(body) // 2)], headers)
        elif fault.kind is FaultKind.INVALID_ITEMS and status == 200:
            await _send(send, status, _corrupt_items(body), headers)
        elif fault.kind is FaultKind.DROP_CONNECTION:
            # Promise the whole body, send half, and return: the server closes the connection.
            await send({"type": "http.response.start", "status": status,
                        "headers": _with_length(headers, len(body))})
            await send({"type": "http.response.body", "body": body[: len(body) // 2],
                        "more_body": True})
        else:
            await _send(send, status, body, headers)


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[int, list, bytes]:
    parts: list[bytes] = []
    start: dict[str, Any] = {}

    async def capture(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(scope, receive, capture)
    return start.get("status", 500), list(start.get("headers", [])), b"".join(parts)


def _with_length(headers: list, length: int) -> list:
    kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    return [*kept, (b"content-length", str(length).encode())]


async def _send(send: Send, status: int, body: bytes, headers: list | None = None) -> None:
    headers = headers or [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status,
                "headers": _with_length(headers, len(body))})
    await send({"type": "http.response.body", "body": body})
