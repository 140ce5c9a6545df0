"""MQTT Sparkplug B source of live machine data.

paho-mqtt's network thread receives and decodes messages off the UI thread and keeps the latest
values per machine in a lock-protected buffer; `read_changes` drains it, so a poll returns each
changed machine once however many messages it sent in between (coalescing).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt

from app.connectors.base import (
    BadPayload,
    FeedPage,
    Rejection,
    SourceRefused,
    SourceUnavailable,
    WriteResult,
)
from app.connectors.config import SourceConfig
from app.connectors.http_errors import ErrorKind
from app.connectors.sparkplug.decoder import EventChange, MetricNames, SparkplugDecoder
from app.connectors.sparkplug.payload import NAMESPACE, REBIRTH_METRIC, DataType, encode
from app.domain.machines import MachineStatus, StateEvent

STATUS_FEED = "mes.machine_status"
EVENTS_FEED = "mes.machine_events"
# Versions start from seconds since this day, so a restarted console's versions (with no
# token to go by) are still above what it stored before.
_VERSION_EPOCH = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
MAX_PENDING_EVENTS = 20_000
MAX_PENDING_PROBLEMS = 200
CHECK_WAIT_SECONDS = 3.0


class SparkplugConnector:
    def __init__(
        self,
        source: SourceConfig,
        group: str,
        *,
        username: str | None = None,
        password: str | None = None,
        ca_file: str | None = None,
        cert_file: str | None = None,
        key_file: str | None = None,
        names: MetricNames | None = None,
        client_id: str | None = None,
        connect_timeout: float = 5.0,
        reconnect_max_seconds: float = 5.0,
    ) -> None:
        self.source = source
        self.group = group
        parts = urlsplit(source.base_url)
        if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
            raise ValueError(f"{source.base_url!r} is not an mqtt:// or mqtts:// address")
        self.tls = parts.scheme == "mqtts"
        self.host = parts.hostname
        self.port = parts.port or (8883 if self.tls else 1883)
        self.url = f"{parts.scheme}://{self.host}:{self.port}"
        self._username, self._password = username, password
        self._tls_files = (ca_file, cert_file, key_file)
        self._client_id = client_id or f"gemba-{uuid.uuid4().hex[:12]}"
        self._connect_timeout = connect_timeout
        self._reconnect_max = reconnect_max_seconds
        self._decoder = SparkplugDecoder(group, names)
        # Shared with paho's network thread: everything below is guarded by _lock.
        self._lock = threading.Lock()
        self._dirty: set[str] = set()
        self._events: dict[str, EventChange] = {}
        self._problems: list[tuple[str, str]] = []
        self._problems_dropped = 0
        self._version = 0
        self._connected = threading.Event()
        self._disconnected = threading.Event()
        self._arrived = threading.Condition(self._lock)
        self._connack = threading.Event()
        self._birth_seen = threading.Event()
        self._ever_connected = False
        self._refusal: str | None = None
        self._lost_reason = ""
        self._closing = False
        self._client: mqtt.Client | None = None
        self._start_lock = asyncio.Lock()
        self.messages_received = 0

    # -- Connector ----------------------------------------------------------------------------
    def feeds(self) -> tuple[str, ...]:
        return (STATUS_FEED, EVENTS_FEED)

    async def read_changes(self, feed: str, sync_token: str | None
                           ) -> AsyncIterator[FeedPage]:
        if feed not in self.feeds():
            raise BadPayload(f"{feed}: not a feed of a Sparkplug B source")
        await self._ensure_connected()
        with self._lock:
            self._version = max(self._version + 1, _token_number(sync_token) + 1,
                                int(time.time() - _VERSION_EPOCH))
            version = self._version
            if feed == STATUS_FEED:
                page = self._drain_status(full=sync_token is None, version=version)
            else:
                page = self._drain_events(version)
        page.sync_token = str(version)
        yield page

    async def write(self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
                    version: int | None) -> WriteResult:
        raise SourceRefused("a Sparkplug B source is read-only in the console", 405)

    async def check(self) -> str:
        """Connect, listen briefly for births, and say what was seen."""
        await self._ensure_connected()
        await asyncio.to_thread(self._birth_seen.wait, CHECK_WAIT_SECONDS)
        if self._birth_seen.is_set():
            # Other nodes answer the same round of rebirth requests a moment later.
            await asyncio.sleep(0.5)
        await self._ensure_connected()
        with self._lock:
            nodes = sum(1 for node in self._decoder.nodes.values() if node.born)
            devices = self._decoder.devices_seen()
        if not nodes and not devices:
            return f"connected; no Sparkplug messages in group {self.group} yet"
        return (f"broker {self.url}: group {self.group}, {nodes} node{_s(nodes)}, "
                f"{devices} device{_s(devices)} seen")

    async def aclose(self) -> None:
        client, self._client = self._client, None
        self._closing = True
        if client is not None:
            await asyncio.to_thread(_stop_client, client)

    def standing_problem(self) -> tuple[ErrorKind, dict[str, str], str] | None:
        """What the source's status should say while it lasts, beyond one read's problems:
        the nodes asked for a rebirth (a sequence gap, an unknown alias, data before a birth)
        that have not answered yet."""
        with self._lock:
            awaited = self._decoder.awaited_rebirths()
        if not awaited:
            return None
        nodes = ", ".join(awaited)
        why = next(iter(awaited.values()))
        return (ErrorKind.REBIRTH_AWAITED, {"nodes": nodes, "why": why},
                f"waiting for the rebirth of node(s) {nodes} (first: {why})")

    # -- what the UI and tests may ask --------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    async def wait_for_messages(self, count: int, timeout: float) -> bool:
        """Until `messages_received` reaches `count`: a push source's "something arrived"."""
        def wait() -> bool:
            with self._arrived:
                return self._arrived.wait_for(lambda: self.messages_received >= count, timeout)
        return await asyncio.to_thread(wait)

    async def wait_connected(self, timeout: float) -> bool:
        return await asyncio.to_thread(self._connected.wait, timeout)

    async def wait_disconnected(self, timeout: float) -> bool:
        return await asyncio.to_thread(self._disconnected.wait, timeout)

    def request_rebirth(self, node: str) -> None:
        """Ask an edge node to publish its births again (NCMD Node Control/Rebirth)."""
        client = self._client
        if client is not None:
            self._request_rebirth_with(client, node)

    # -- draining -----------------------------------------------------------------------------
    def _drain_status(self, full: bool, version: int) -> FeedPage:
        ids = set(self._decoder.machines) if full else self._dirty
        records = []
        for machine_id in sorted(ids):
            live = self._decoder.machines[machine_id]
            records.append(MachineStatus(
                id=live.id, version=version, state=live.state,
                since=live.since or datetime.now(UTC), work_order_id=live.work_order_id,
                good_count=live.good_count, scrap_count=live.scrap_count,
                signals=dict(live.signals), reason=live.reason))
        self._dirty = set()
        rejected = [Rejection(STATUS_FEED, item, reason) for item, reason in self._problems]
        if self._problems_dropped:
            rejected.append(Rejection(STATUS_FEED, None, f"{self._problems_dropped} more "
                                                         "problem(s) not listed"))
        self._problems, self._problems_dropped = [], 0
        return FeedPage(STATUS_FEED, records=records, rejected=rejected)

    def _drain_events(self, version: int) -> FeedPage:
        records = [StateEvent(id=e.id, version=version, machine_id=e.machine_id, state=e.state,
                              start=e.start, end=e.end, reason=e.reason)
                   for e in self._events.values()]
        self._events = {}
        return FeedPage(EVENTS_FEED, records=records)

    # -- connection ---------------------------------------------------------------------------
    async def _ensure_connected(self) -> None:
        async with self._start_lock:
            if self._client is None:
                self._closing = False
                await asyncio.to_thread(self._start)
        if self._refusal:
            raise SourceRefused(self._refusal, 401)
        if not self._connected.is_set():
            raise SourceUnavailable(
                f"MQTT broker {self.url}: connection lost ({self._lost_reason or 'no reason'}); "
                "reconnecting")

    def _start(self) -> None:
        """Connect (blocking, in a worker thread) and start paho's network thread."""
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=self._client_id,
                             protocol=mqtt.MQTTv311, clean_session=True)
        client.connect_timeout = self._connect_timeout
        client.reconnect_delay_set(1, max(1, int(self._reconnect_max)))
        if self._username:
            client.username_pw_set(self._username, self._password)
        if self.tls:
            ca_file, cert_file, key_file = self._tls_files
            try:
                client.tls_set(ca_certs=ca_file or None, certfile=cert_file or None,
                               keyfile=key_file or None)
            except (OSError, ssl.SSLError) as exc:
                raise SourceUnavailable(f"TLS setup for {self.url} failed: {exc}") from exc
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        self._refusal = None
        self._connack.clear()
        try:
            client.connect(self.host, self.port, keepalive=30)
        except ssl.SSLCertVerificationError as exc:
            raise SourceRefused(f"TLS certificate of MQTT broker {self.url} is not trusted: "
                                f"{exc.verify_message}", 495) from exc
        except ssl.SSLError as exc:
            raise SourceUnavailable(f"TLS with MQTT broker {self.url} failed: "
                                    f"{exc.reason or exc}") from exc
        except socket.gaierror as exc:
            raise SourceUnavailable(f"cannot connect to MQTT broker {self.url}: unknown host "
                                    f"{self.host}") from exc
        except ConnectionRefusedError as exc:
            raise SourceUnavailable(f"cannot connect to MQTT broker {self.url}: connection "
                                    "refused (is the broker running?)") from exc
        except (TimeoutError, OSError) as exc:
            raise SourceUnavailable(f"cannot connect to MQTT broker {self.url}: "
                                    f"{exc.strerror or exc or 'no answer in time'}") from exc
        client.loop_start()
        if not self._connack.wait(self._connect_timeout):
            _stop_client(client)
            raise SourceUnavailable(f"MQTT broker {self.url} did not answer the connect "
                                    "request in time")
        if self._refusal:
            _stop_client(client)
            raise SourceRefused(self._refusal, 401)
        self._client = client

    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any,
                    properties: Any) -> None:
        if reason.is_failure:
            who = f"user {self._username!r}" if self._username else "an anonymous client"
            if reason.value in (4, 134):
                self._refusal = (f"MQTT broker {self.url} refused {who}: bad user name or "
                                 "password")
            elif reason.value in (5, 135):
                # mosquitto answers a wrong password with "not authorised".
                self._refusal = (f"MQTT broker {self.url} refused {who}: not authorised "
                                 "(wrong user name or password?)")
            else:
                self._refusal = f"MQTT broker {self.url} refused the connection: {reason}"
            self._connack.set()
            client.disconnect()  # no point retrying the same credentials
            return
        client.subscribe(f"{NAMESPACE}/{self.group}/#", qos=0)
        again = self._ever_connected
        self._ever_connected = True
        self._disconnected.clear()
        self._connected.set()
        self._connack.set()
        if again:
            # Messages were lost while away: every node re-announces its current values.
            with self._lock:
                nodes = list(self._decoder.nodes)
            for node in nodes:
                self._request_rebirth_with(client, node)

    def _request_rebirth_with(self, client: mqtt.Client, node: str) -> None:
        client.publish(f"{NAMESPACE}/{self.group}/NCMD/{node}",
                       encode([(REBIRTH_METRIC, None, DataType.BOOLEAN, True)], seq=None),
                       qos=0)

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any,
                       properties: Any) -> None:
        self._connected.clear()
        self._disconnected.set()
        if not self._closing and not self._refusal:
            self._lost_reason = str(reason) if reason else "closed by the broker"

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage
                    ) -> None:
        with self._lock:
            self.messages_received += 1
            outcome = self._decoder.handle(message.topic, message.payload, datetime.now(UTC),
                                           time.monotonic())
            self._dirty |= outcome.changed
            for event in outcome.events:
                if len(self._events) < MAX_PENDING_EVENTS or event.id in self._events:
                    self._events[event.id] = event
            room = MAX_PENDING_PROBLEMS - len(self._problems)
            self._problems.extend(outcome.problems[:max(0, room)])
            self._problems_dropped += max(0, len(outcome.problems) - max(0, room))
            self._arrived.notify_all()
        if outcome.births:
            self._birth_seen.set()
        for node in outcome.rebirth:
            self._request_rebirth_with(client, node)


def _stop_client(client: mqtt.Client) -> None:
    with contextlib.suppress(Exception):
        client.disconnect()
    client.loop_stop()


def _token_number(token: str | None) -> int:
    try:
        return int(token) if token else 0
    except ValueError:
        return 0


def _s(count: int) -> str:
    return "" if count == 1 else "s"
