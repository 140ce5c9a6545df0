"""Live machine data from an OPC UA server, by subscription.

The asyncua client runs in its own thread with its own asyncio loop: subscription traffic and
reconnects never touch the console's loop (qasync on the UI thread). Data changes land in a
lock-protected `LiveData`; `read_changes` only reads it. When the connection drops the thread
reconnects with backoff and subscribes again; meanwhile reads say the server is not reachable,
and what was received stays until it is read.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from app.connectors.base import (
    BadPayload,
    FeedPage,
    SourceError,
    SourceRefused,
    SourceUnavailable,
    WriteResult,
)
from app.connectors.config import SecretReader, SourceConfig, SourceProfile
from app.connectors.opcua.live import LiveData
from app.connectors.opcua.mapping import Mapping, MappingError, discover, parse_mapping

log = logging.getLogger(__name__)

STATUS_FEED = "mes.machine_status"
EVENTS_FEED = "mes.machine_events"
SECURITY_MODES = ("Sign", "SignAndEncrypt")
SECURITY_POLICIES = ("Basic256Sha256", "Aes128Sha256RsaOaep", "Aes256Sha256RsaPss")


class MappingInvalid(SourceError):
    """The profile's mapping or security options cannot work; retrying will not help."""

    retryable = False


@dataclass(frozen=True, slots=True)
class Settings:
    url: str
    username: str = ""
    password: str = ""
    security: str = ""  # "" or "Policy,Mode,certificate,private_key[,server_certificate]"
    application_uri: str = ""  # must match the client certificate's URI when signing
    publish_ms: float = 250.0
    timeout: float = 4.0
    reconnect_min: float = 0.5
    reconnect_max: float = 30.0


def security_string(options: dict[str, str], key_password: str | None) -> str:
    """options["security"] ("None", "Basic256Sha256,SignAndEncrypt") with the certificate
    paths, as asyncua wants it; raises MappingInvalid in words."""
    words = options.get("security", "None").strip() or "None"
    if words == "None":
        return ""
    policy, _, mode = (part.strip() for part in words.partition(","))
    mode = mode or "SignAndEncrypt"
    if policy not in SECURITY_POLICIES:
        raise MappingInvalid(f"unknown OPC UA security policy {policy!r}; use None or one of "
                             + ", ".join(SECURITY_POLICIES))
    if mode not in SECURITY_MODES:
        raise MappingInvalid(f"unknown OPC UA security mode {mode!r}; use Sign or "
                             "SignAndEncrypt")
    certificate, key = options.get("certificate", ""), options.get("private_key", "")
    if not certificate or not key:
        raise MappingInvalid(f"security {policy} needs the client certificate and private key "
                             "files (options 'certificate' and 'private_key')")
    if key_password:
        key = f"{key}::{key_password}"
    parts = [policy, mode, certificate, key]
    if options.get("server_certificate"):
        parts.append(options["server_certificate"])
    return ",".join(parts)


def in_words(exc: BaseException, url: str) -> SourceError:
    """A connect or read failure as the console shows it on the source's status."""
    from asyncua.ua import uaerrors

    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, uaerrors.BadUserAccessDenied | uaerrors.BadIdentityTokenRejected
                  | uaerrors.BadIdentityTokenInvalid):
        return SourceRefused(f"the OPC UA server at {url} refused the user name or password",
                             401)
    name = type(exc).__name__
    if name.startswith(("BadSecurity", "BadCertificate", "BadNonce")) or (
            "security" in str(exc).lower() and "policy" in str(exc).lower()):
        return SourceRefused(f"the OPC UA server at {url} rejected the security policy or the "
                             f"client certificate ({name})", 403)
    if isinstance(exc, ConnectionRefusedError):
        return SourceUnavailable(f"the OPC UA server at {url} is not reachable (connection "
                                 "refused)")
    if isinstance(exc, TimeoutError):
        return SourceUnavailable(f"the OPC UA server at {url} is not reachable (no answer in "
                                 "time; is it an OPC UA server?)")
    if isinstance(exc, OSError | ConnectionError):
        return SourceUnavailable(f"the OPC UA server at {url} is not reachable "
                                 f"({exc.strerror or exc or name})")
    if isinstance(exc, uaerrors.UaStatusCodeError):
        return SourceUnavailable(f"the OPC UA server at {url} answered {name}")
    return BadPayload(f"{url} answered, but not as an OPC UA server ({name}: {exc})")


def resolve(node_id: str, namespaces: list[str]) -> str:
    """'nsu=<uri>;s=x' -> 'ns=<index>;s=x' for this server; other node ids as they are."""
    if not node_id.startswith("nsu="):
        return node_id
    uri, _, rest = node_id[4:].partition(";")
    if uri not in namespaces:
        raise KeyError(uri)
    return f"ns={namespaces.index(uri)};{rest}"


async def foreign_answer(url: str) -> str | None:
    """What a server that dropped our handshake answers to a bare OPC UA Hello header, when
    that is not OPC UA (an HTTP server says "HTTP/1.1 400 ..."); None when it looks like OPC UA
    or says nothing."""
    from urllib.parse import urlparse

    address = urlparse(url)
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(address.hostname, address.port or 4840), 2.0)
    except (OSError, TimeoutError):
        return None
    try:
        writer.write(b"HELF\x08\x00\x00\x00")  # a Hello header with no body
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(80), 2.0)
    except (OSError, TimeoutError):
        return None
    finally:
        writer.close()
    if not answer or answer[:3] in (b"ACK", b"ERR"):
        return None
    return answer.decode("latin-1").splitlines()[0][:60]


async def connect_error(exc: BaseException, url: str) -> SourceError:
    """in_words, and for a dropped handshake whether the other end speaks OPC UA at all."""
    error = in_words(exc, url)
    if isinstance(error, SourceUnavailable) and not isinstance(exc, ConnectionRefusedError):
        answer = await foreign_answer(url)
        if answer is not None:
            return BadPayload(f"{url} answered, but not as an OPC UA server ({answer!r})")
    return error


async def open_client(settings: Settings) -> Any:
    from asyncua import Client

    client = Client(settings.url, timeout=settings.timeout, watchdog_intervall=1.0)
    if settings.application_uri:
        client.application_uri = settings.application_uri
    if settings.username:
        client.set_user(settings.username)
        client.set_password(settings.password)
    if settings.security:
        await client.set_security_string(settings.security)
    await client.connect()
    return client


async def close_client(client: Any) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(client.disconnect(), 2.0)


class _Handler:
    """asyncua calls this on the OPC UA thread for each changed value."""

    def __init__(self, live: LiveData, targets: dict[Any, list[tuple[str, str]]]) -> None:
        self.live = live
        self.targets = targets  # NodeId -> [(machine id, field)]
        self.waiting = set(targets)  # nodes whose first value has not come yet
        self.all_seen = asyncio.Event()

    def datachange_notification(self, node: Any, val: Any, data: Any) -> None:
        value = data.monitored_item.Value
        variant = getattr(value, "Value", None)
        type_name = getattr(getattr(variant, "VariantType", None), "name", "")
        at = getattr(value, "SourceTimestamp", None)
        self.seen(node.nodeid)
        for machine_id, what in self.targets.get(node.nodeid, ()):
            try:
                self.live.update(machine_id, what, val, type_name, at)
            except Exception:  # one odd value must not stop the others
                log.exception("OPC UA value for %s %s not usable: %r", machine_id, what, val)

    def seen(self, node_id: Any) -> None:
        self.waiting.discard(node_id)
        if not self.waiting:
            self.all_seen.set()

    def status_change_notification(self, status: Any) -> None:
        log.info("OPC UA subscription status: %s", status)


class OpcUaConnector:
    """A read-only MES source of machine status and state events from OPC UA."""

    def __init__(self, source: SourceConfig, mapping: Mapping, settings: Settings) -> None:
        self.source = source
        self.mapping = mapping
        self.settings = settings
        self.live = LiveData(mapping)
        self._lock = threading.Lock()
        self._connected = False
        self._error: SourceError = SourceUnavailable(
            f"connecting to the OPC UA server at {settings.url}")
        self._missing: list[str] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._closed = False
        self._first_try: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._finished: concurrent.futures.Future[None] = concurrent.futures.Future()
        self.connections = 0  # sessions opened so far: 2 after one reconnect
        self._listeners: list[Callable[[], object]] = []

    # -- Connector ---------------------------------------------------------------------------
    def feeds(self) -> tuple[str, ...]:
        return (STATUS_FEED, EVENTS_FEED)

    @property
    def connected(self) -> bool:
        with self._lock:
            return self._connected

    def add_listener(self, callback: Callable[[], object]) -> None:
        """Call `callback` (on the OPC UA thread: hand it over with call_soon_threadsafe) after
        each change of a machine or of the connection, e.g. to read at once."""
        self._listeners.append(callback)
        self.live.listeners.append(callback)

    def start(self) -> None:
        """Connect and subscribe in the background (the first read does it anyway)."""
        if self._thread is not None or self._closed:
            return
        self._thread = threading.Thread(target=self._thread_main, daemon=True,
                                        name=f"opcua-{self.source.name}")
        self._thread.start()

    async def read_changes(self, feed: str, sync_token: str | None
                           ) -> AsyncIterator[FeedPage]:
        if feed not in self.feeds():
            raise SourceRefused(f"an OPC UA source has no feed {feed}", 404)
        if self._closed:
            raise SourceUnavailable(f"the OPC UA source {self.source.name} is closed")
        self.start()
        if not self._first_try.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.wrap_future(self._first_try),
                                       self.settings.timeout + 2)
        if feed == STATUS_FEED and sync_token and not self.live.knows(sync_token):
            # A token of an earlier run (a restart, or a profile mapping other machines): a
            # full read, after which the cache drops machines this mapping no longer lists
            # rather than keeping them as offline ghosts. (Events stay: they are history.)
            raise SourceRefused(f"{self.source.name}: machine status token {sync_token!r} is "
                                "from an earlier run; reading every machine again", 400)
        if feed == STATUS_FEED:
            records, token = self.live.statuses_after(sync_token)
        else:
            records, token = self.live.events_after(sync_token)
        with self._lock:
            connected, error = self._connected, self._error
        if records or connected:
            yield FeedPage(feed=feed, records=list(records), sync_token=token)
        if not connected:
            # What arrived before the loss has landed; the source's status says it is down.
            raise type(error)(*_error_args(error))

    async def write(self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
                    version: int | None) -> WriteResult:
        raise SourceRefused("an OPC UA source is read-only in the console", 405)

    async def aclose(self) -> None:
        self._closed = True
        if self._thread is None:
            return
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # its loop already ended
                loop.call_soon_threadsafe(stop.set)
        await asyncio.wrap_future(self._finished)
        self._thread = None

    async def check(self) -> str:
        """Connect once, read the server's name and count the mapped nodes it has."""
        return await asyncio.to_thread(asyncio.run, self._check())

    # -- the OPC UA thread -------------------------------------------------------------------
    def _thread_main(self) -> None:
        try:
            asyncio.run(self._run())
        except Exception:
            log.exception("OPC UA thread of %s ended", self.source.name)
        finally:
            if not self._first_try.done():
                self._first_try.set_result(None)
            self._finished.set_result(None)

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = stop = asyncio.Event()
        if self._closed:
            return
        failures = 0
        while not stop.is_set():
            client = None
            lost = asyncio.Event()
            try:
                client = await open_client(self.settings)

                async def on_lost(exc: Exception, lost: asyncio.Event = lost) -> None:
                    lost.set()

                client.connection_lost_callback = on_lost
                await self._subscribe(client)
                failures = 0
                self._set_connected(None)
                await _first(stop.wait(), lost.wait())
                if not stop.is_set():
                    log.warning("%s: OPC UA connection lost", self.source.name)
                    self._set_connected(SourceUnavailable(
                        f"connection lost to the OPC UA server at {self.settings.url}; "
                        "reconnecting"))
            except Exception as exc:
                error = in_words(exc, self.settings.url)
                log.info("%s: %s", self.source.name, error)
                self._set_connected(error)
            finally:
                if client is not None:
                    await close_client(client)
            failures += 1
            delay = min(self.settings.reconnect_max,
                        self.settings.reconnect_min * 2 ** (failures - 1))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)

    def _set_connected(self, error: SourceError | None) -> None:
        with self._lock:
            self._connected = error is None
            if error is not None:
                self._error = error
            else:
                self.connections += 1
        if not self._first_try.done():  # the first read waits for the first attempt
            self._first_try.set_result(None)
        for listener in list(self._listeners):
            listener()

    async def _subscribe(self, client: Any) -> None:
        from asyncua import ua

        namespaces = await client.get_namespace_array()
        targets: dict[Any, list[tuple[str, str]]] = {}
        missing: list[str] = []
        for machine in self.mapping.machines:
            for what, node_id in machine.nodes().items():
                try:
                    resolved = ua.NodeId.from_string(resolve(node_id, namespaces))
                except (KeyError, ValueError, ua.UaError):
                    missing.append(node_id)
                    continue
                targets.setdefault(resolved, []).append((machine.machine_id, what))
        handler = _Handler(self.live, targets)
        subscription = await client.create_subscription(self.settings.publish_ms, handler)
        nodes = [client.get_node(node_id) for node_id in targets]
        results = await subscription.subscribe_data_change(nodes) if nodes else []
        for node, result in zip(nodes, results, strict=True):
            if isinstance(result, ua.StatusCode):
                missing.append(node.nodeid.to_string())
                handler.seen(node.nodeid)
        handler.seen(None)  # nothing mapped at all
        # The first values of every node come in the first publish: wait for them so that
        # the first read after a (re)connect shows every machine.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(handler.all_seen.wait(), self.settings.timeout)
        with self._lock:
            self._missing = missing
        if missing:
            log.warning("%s: %d mapped node(s) not on the server: %s", self.source.name,
                        len(missing), ", ".join(missing[:5]))

    async def _check(self) -> str:
        from asyncua import ua

        try:
            client = await open_client(self.settings)
        except Exception as exc:
            raise await connect_error(exc, self.settings.url) from exc
        try:
            namespaces = await client.get_namespace_array()
            product = await client.get_node(
                ua.NodeId(ua.ObjectIds.Server_ServerStatus_BuildInfo_ProductName)).read_value()
            wanted = [node for m in self.mapping.machines for node in m.nodes().values()]
            resolved, missing = [], []
            for node_id in wanted:
                try:
                    resolved.append(client.get_node(resolve(node_id, namespaces)))
                except (KeyError, ValueError, ua.UaError):
                    missing.append(node_id)
            values = await client.read_attributes(resolved, ua.AttributeIds.NodeClass)
            missing += [node.nodeid.to_string() for node, value in zip(resolved, values,
                                                                        strict=True)
                        if not value.StatusCode.is_good()]
        except Exception as exc:
            raise in_words(exc, self.settings.url) from exc
        finally:
            await close_client(client)
        name = product or self.settings.url
        found = f"OPC UA server {name}: {len(wanted) - len(missing)} of {len(wanted)} mapped " \
                "nodes found"
        if missing:
            found += "; missing: " + ", ".join(missing[:3]) + (" ..." if len(missing) > 3
                                                               else "")
        return found


def _error_args(error: SourceError) -> tuple[Any, ...]:
    if isinstance(error, SourceRefused):
        return (str(error), error.status)
    return (str(error),)


async def _first(*waits: Any) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


def settings_from_profile(profile: SourceProfile, secrets: SecretReader) -> Settings:
    options = profile.options
    password = (secrets.get(profile.name, "password") or "") if profile.username else ""
    secure = options.get("security", "None").strip() not in ("", "None")
    security = security_string(
        options, secrets.get(profile.name, "private_key_password") if secure else None)
    try:
        publish_ms = float(options.get("publish_ms", 250))
        reconnect_max = float(options.get("reconnect_max_seconds", 30))
    except ValueError:
        raise MappingInvalid("options publish_ms and reconnect_max_seconds must be numbers"
                             ) from None
    return Settings(url=profile.url, username=profile.username, password=password,
                    security=security, application_uri=options.get("application_uri", ""),
                    publish_ms=publish_ms, reconnect_max=reconnect_max)


def from_profile(profile: SourceProfile, secrets: SecretReader) -> OpcUaConnector:
    """The connector for an "opcua" profile; a bad mapping or security option raises
    MappingInvalid with the problem in words."""
    try:
        mapping = parse_mapping(profile.options.get("mapping"))
    except MappingError as exc:
        raise MappingInvalid(f"{profile.name}: {exc}") from None
    return OpcUaConnector(profile.config(), mapping, settings_from_profile(profile, secrets))


async def propose_mapping(profile: SourceProfile, secrets: SecretReader) -> Mapping | None:
    """Browse the profile's server and propose a mapping (None when no machine was found);
    the profile needs no mapping yet. Runs on its own thread, like the subscription."""
    settings = settings_from_profile(profile, secrets)

    async def browse() -> Mapping | None:
        try:
            client = await open_client(settings)
        except Exception as exc:
            raise await connect_error(exc, settings.url) from exc
        try:
            return await discover(client)
        except Exception as exc:
            raise in_words(exc, settings.url) from exc
        finally:
            await close_client(client)

    return await asyncio.to_thread(asyncio.run, browse())
