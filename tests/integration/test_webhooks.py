"""Webhooks through a real sync engine and cache to a receiver on loopback that is down, then
failing, then up: every event arrives once, signed; a 4xx parks the event with the reason."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.cache.outbox import OutboxItem, OutboxState
from app.cache.store import CacheStore
from app.sync import actions, outbox_sender
from app.sync.engine import SyncEngine
from app.sync.webhooks import WebhookTarget, verify_signature
from tests.integration.sync_helpers import RecordingEvents

SECRET = "integration-secret"
WAIT_SECONDS = 30.0
POLL_SECONDS = 0.05


@dataclass
class Delivery:
    delivery: str
    event: str
    body: dict
    signed: bool  # the signature verified with the shared secret
    status: int  # what the receiver answered


@dataclass
class Receiver:
    """Records every request; `answer(body, nth request)` decides the status (200 if None)."""

    port: int
    answer: Callable[[dict, int], tuple[int, str] | None] = lambda body, n: None
    delay: Callable[[dict, int], float] = lambda body, n: 0.0
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/catch"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                body = json.loads(raw)
                with receiver.lock:
                    nth = len(receiver.deliveries)
                    answer = receiver.answer(body, nth) or (200, '{"ok":true}')
                    signed = verify_signature(SECRET, self.headers["X-Gemba-Timestamp"], raw,
                                              self.headers["X-Gemba-Signature"])
                    receiver.deliveries.append(Delivery(
                        self.headers["X-Gemba-Delivery"], self.headers["X-Gemba-Event"], body,
                        signed and self.headers["Content-Type"] == "application/json",
                        answer[0]))
                time.sleep(receiver.delay(body, nth))
                data = answer[1].encode()
                with contextlib.suppress(OSError):  # the sender gave up waiting (timeout)
                    self.send_response(answer[0])
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def snapshot(self) -> list[Delivery]:
        with self.lock:
            return list(self.deliveries)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver(free_port())  # not listening until a test starts it
    yield hook
    hook.stop()


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch) -> None:
    """Retries a tenth of a second apart instead of seconds: the test waits less, same path."""
    monkeypatch.setattr(outbox_sender, "backoff_seconds", lambda failures, rng: 0.1)


def make_webhook_engine(tmp_path, url: str, timeout: float = 5.0) -> SyncEngine:
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    target = WebhookTarget("test-hook", url, SECRET, timeout=timeout)
    return SyncEngine(store, [], RecordingEvents(), webhooks=[target])


async def wait_until(engine: SyncEngine, done: Callable[[list[OutboxItem]], bool],
                     what: str) -> list[OutboxItem]:
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while True:
        items = await engine.cache.call(engine.store.outbox_items)
        if done(items):
            return items
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"timed out waiting for {what}: "
                        f"{[(i.state, i.attempts, i.last_error) for i in items]}")
        await asyncio.sleep(POLL_SECONDS)


def late_order(n: int) -> actions.Action:
    return actions.webhook("test-hook", "order.late", f"late:O-{n:06d}:2026-03-02",
                           {"order_id": f"O-{n:06d}", "days_late": n, "customer": "Müller AG"})


def test_events_survive_a_receiver_down_then_failing_and_arrive_once_signed(
        tmp_path, receiver) -> None:
    count = 13  # more than one claim batch of the sender
    fail_first = 5
    receiver.answer = lambda body, n: (503, '{"detail":"busy"}') if n < fail_first else None
    engine = make_webhook_engine(tmp_path, receiver.url)

    async def scenario() -> list[OutboxItem]:
        await engine.start()
        try:
            queued = [await engine.queue_action(late_order(n)) for n in range(count)]
            assert all(item.state is OutboxState.QUEUED for item in queued)
            # Down: nothing listens; every event is tried and kept for another try.
            await wait_until(engine, lambda items: all(
                i.attempts >= 2 and "cannot reach" in i.last_error for i in items),
                "every event tried twice while the receiver is down")
            receiver.start()  # up, but busy for its first few requests
            return await wait_until(engine, lambda items: all(
                i.state is OutboxState.DELIVERED for i in items), "every event delivered")
        finally:
            await engine.stop()

    items = asyncio.run(scenario())
    engine.store.close()
    deliveries = receiver.snapshot()
    assert [d.status for d in deliveries[:fail_first]] == [503] * fail_first
    assert all(d.signed for d in deliveries), "a delivery without a valid signature"
    by_id: dict[str, list[Delivery]] = {}
    for d in deliveries:
        by_id.setdefault(d.delivery, []).append(d)
    assert len(by_id) == count
    assert set(by_id) == {item.idempotency_key for item in items}
    for delivery, tries in by_id.items():
        # Each event is accepted exactly once, and never sent again after that.
        assert [t.status for t in tries][-1] == 200 and \
            [t.status for t in tries].count(200) == 1, (delivery, [t.status for t in tries])
        assert len({json.dumps(t.body, sort_keys=True) for t in tries}) == 1  # same bytes
    accepted = [d.body for d in deliveries if d.status == 200]
    assert sorted(b["id"] for b in accepted) == sorted(
        f"late:O-{n:06d}:2026-03-02" for n in range(count))
    first = next(b for b in accepted if b["id"] == "late:O-000003:2026-03-02")
    assert first["event"] == "order.late"
    assert first["data"] == {"order_id": "O-000003", "days_late": 3, "customer": "Müller AG"}
    assert first["occurred_at"].endswith("Z")
    assert all(d.event == "order.late" for d in deliveries)
    assert all(i.delivered_at is not None and i.last_error == "" for i in items)
    # Nothing of the receiver's answer is cached as a record.
    assert not engine.events.changes


def test_a_4xx_parks_the_event_with_the_receivers_reason(tmp_path, receiver) -> None:
    def answer(body: dict, n: int) -> tuple[int, str] | None:
        if body["event"] == "order.unknown":
            return 400, '{"detail":"no zap listens to order.unknown"}'
        if body["event"] == "order.slow_down" and n == 0:
            return 429, '{"detail":"too many requests"}'  # retried, like a 5xx
        return None

    receiver.answer = answer
    receiver.start()
    engine = make_webhook_engine(tmp_path, receiver.url)

    async def scenario() -> list[OutboxItem]:
        await engine.start()
        try:
            await engine.queue_action(actions.webhook("test-hook", "order.slow_down", "a", {}))
            await engine.queue_action(actions.webhook("test-hook", "order.unknown", "b", {}))
            await engine.queue_action(actions.webhook("gone-hook", "order.late", "c", {}))
            return await wait_until(engine, lambda items: all(
                i.state in (OutboxState.DELIVERED, OutboxState.PARKED) for i in items),
                "every event settled")
        finally:
            await engine.stop()

    items = {i.target_id: i for i in asyncio.run(scenario())}
    engine.store.close()
    assert items["a"].state is OutboxState.DELIVERED and items["a"].attempts == 2
    assert items["b"].state is OutboxState.PARKED
    assert items["b"].last_error == \
        "test-hook refused it (HTTP 400): no zap listens to order.unknown"
    assert items["c"].state is OutboxState.PARKED
    assert "webhook 'gone-hook' is not configured" in items["c"].last_error
    tries = [d.body["id"] for d in receiver.snapshot()]
    assert sorted(tries) == ["a", "a", "b"]  # a 4xx is not retried


def test_a_timeout_is_retried_with_the_same_delivery_id(tmp_path, receiver) -> None:
    """At least once: the receiver got the first try but answered too late, so the event comes
    again with the same X-Gemba-Delivery, which lets the receiver drop the duplicate."""
    receiver.delay = lambda body, n: 1.0 if n == 0 else 0.0
    receiver.start()
    engine = make_webhook_engine(tmp_path, receiver.url, timeout=0.3)

    async def scenario() -> list[OutboxItem]:
        await engine.start()
        try:
            await engine.queue_action(late_order(1))
            return await wait_until(engine, lambda items: all(
                i.state is OutboxState.DELIVERED for i in items), "the event delivered")
        finally:
            await engine.stop()

    [item] = asyncio.run(scenario())
    engine.store.close()
    tries = receiver.snapshot()
    assert len(tries) == 2 and item.attempts == 2
    assert {d.delivery for d in tries} == {item.idempotency_key}
    assert all(d.signed for d in tries)
