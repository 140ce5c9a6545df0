"""A console in shared mode: many desks reading one PostgreSQL cache that a sync agent fills.

- `open_shared(url)` opens the cache without migrating: the agent owns the schema, and a console
  that finds another revision says so (`check_schema` raises `SchemaMismatch`, in words).
- `ChangeListener` turns the agent's `NOTIFY gemba_changes, '<json>'` into ChangeSets, from a
  thread that blocks on the connection (no polling), and reconnects when the database restarts.
  Any login may NOTIFY (PostgreSQL has no grant for it), so where the agent keeps notices
  (app.agent.notify) a notification is only a doorbell: the listener acts on the notice it
  names, a row only the agent may write, and ignores one that names none.
- `current_role(engine)` names the role of the login (app.cache.shared_roles), and
  `describe_refusal` turns the database's "permission denied" into words for the person.

The agent's payload: {"feeds": {"crm.orders": [["crm", "O-1"], ...], "mes.lots": null}};
an id is a [source, id] pair, {"source": ..., "id": ...}, or a bare id when the payload names
its "source" at the top. null (or a bare id without a source) means "reload that feed".
Two keys of "feeds" are not feeds: "outbox" (the outbox moved) and "firings" (new rule
firings), both null.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import select
import socket
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy import select as sql_select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.cache.changes import ChangeSet
from app.cache.database import HEAD_REVISION, create_cache_engine, current_revision
from app.cache.feed_maps import FEED_MAPS, feed_map
from app.cache.outbox import OutboxItem
from app.cache.shared_roles import ACTION_WORDS, NOTICES_TABLE, PRECEDENCE, ROLES
from app.cache.shared_roles import role as role_named
from app.cache.store import CacheStore
from app.domain.actions import Action, ActionKind

log = logging.getLogger(__name__)

CHANNEL = "gemba_changes"
OUTBOX_KEY = "outbox"  # in "feeds": the outbox moved (sent, parked); desks re-read it
FIRINGS_KEY = "firings"  # in "feeds": the agent stored new rule firings; desks look for them
INSUFFICIENT_PRIVILEGE = "42501"  # SQLSTATE, row-level security violations included
# How long to wait before reconnecting after losing the shared database, doubling to the max.
RECONNECT_FIRST_SECONDS = 0.5
RECONNECT_MAX_SECONDS = 30.0
# Without these a silently dropped network would leave the listener waiting for ever.
_KEEPALIVES = {"connect_timeout": 10, "keepalives": 1, "keepalives_idle": 30,
               "keepalives_interval": 10, "keepalives_count": 3}


class SchemaMismatch(RuntimeError):
    """The shared database's schema is not the one this console was built for."""

    def __init__(self, message: str, found: str | None, needed: str, newer: bool) -> None:
        super().__init__(message)
        self.found = found
        self.needed = needed
        self.newer = newer  # True: update the console; False: update the sync agent


def _older_revisions() -> set[str]:
    """The revisions this console's HEAD_REVISION was built on (itself excluded)."""
    from alembic.script import ScriptDirectory

    from app.cache.database import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.iterate_revisions(HEAD_REVISION, "base")
            } - {HEAD_REVISION}


def check_schema(engine: Engine) -> None:
    """Raise SchemaMismatch unless the database is at this console's HEAD_REVISION. Never
    migrates: in shared mode only the sync agent changes the schema."""
    found = current_revision(engine)
    if found == HEAD_REVISION:
        return
    if found is None:
        raise SchemaMismatch(
            "the shared database has no Gemba cache yet; this console needs "
            f"{HEAD_REVISION} — ask the administrator to start the sync agent, which creates it",
            None, HEAD_REVISION, newer=False)
    if found in _older_revisions():
        raise SchemaMismatch(
            f"the shared database is at revision {found}; this console needs {HEAD_REVISION}"
            " — ask the administrator to update the sync agent", found, HEAD_REVISION,
            newer=False)
    raise SchemaMismatch(
        f"the shared database is at revision {found}, newer than this console knows "
        f"({HEAD_REVISION}): update the console", found, HEAD_REVISION, newer=True)


def open_shared(url: str, **engine_options: Any) -> CacheStore:
    """The shared cache at `url` (postgresql+psycopg://login@host/db), checked, not migrated."""
    engine = create_cache_engine(url, **engine_options)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        raise ValueError("shared mode needs a PostgreSQL database")
    try:
        check_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return CacheStore(engine)


def current_roles(engine: Engine) -> list[str]:
    """Every role (ROLES key) the login belongs to, directly or through other roles, most
    powerful first. A superuser or the owner that is in no group gets []."""
    query = text("""
        WITH RECURSIVE member_of(oid) AS (
            SELECT oid FROM pg_roles WHERE rolname = current_user
            UNION
            SELECT m.roleid FROM pg_auth_members m JOIN member_of ON m.member = member_of.oid
        )
        SELECT r.rolname FROM pg_roles r JOIN member_of ON r.oid = member_of.oid
    """)
    with engine.connect() as conn:
        names = set(conn.execute(query).scalars())
    keys = {key for key, found in ROLES.items() if found.db_role in names}
    return [key for key in PRECEDENCE if key in keys]


def current_role(engine: Engine) -> str | None:
    """The role (e.g. "plant_manager") of the login, or None when it is in no gemba group."""
    found = current_roles(engine)
    return found[0] if found else None


# --- refusals in words ----------------------------------------------------------------------

def _causes(exc: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend([getattr(current, "orig", None), current.__cause__, current.__context__])


def is_refusal(exc: BaseException) -> bool:
    """Whether `exc` (or what it wraps) is PostgreSQL's insufficient privilege (42501)."""
    return any(isinstance(cause, psycopg.errors.InsufficientPrivilege)
               or getattr(cause, "sqlstate", None) == INSUFFICIENT_PRIVILEGE
               for cause in _causes(exc))


def describe_refusal(exc: BaseException, role: str | None,
                     action: ActionKind | str | None = None) -> str | None:
    """E.g. "The shared database refused: your role (account manager) may not expedite work
    orders." for a refused insert; None when `exc` is not a refusal. English: the widgets
    have their own translated words (widgets.shared.refusal_text)."""
    if not is_refusal(exc):
        return None
    return refusal_message(role, action)


def refusal_message(role: str | None, action: ActionKind | str | None = None) -> str:
    who = f"your role ({role_named(role).title})" if role else "your login"
    try:
        what = ACTION_WORDS[ActionKind(action)] if action is not None else "do this"
    except ValueError:
        what = "do this"
    return f"The shared database refused: {who} may not {what}."


# --- changes announced by the agent ---------------------------------------------------------

def reload_changes(store: CacheStore, feeds: Iterable[str]) -> ChangeSet:
    """A ChangeSet naming every record held in `feeds`: "reload these feeds"."""
    changes = ChangeSet()
    with store.engine.connect() as conn:
        for feed in feeds:
            table = feed_map(feed).table
            keys = conn.execute(sql_select(table.c.source, table.c.id))
            by_source: dict[str, list[str]] = {}
            for source, record_id in keys:
                by_source.setdefault(source, []).append(record_id)
            for source, ids in by_source.items():
                changes.add_upserted(feed, source, ids)
    return changes


def parse_notification(payload: str, store: CacheStore | None) -> ChangeSet:
    """The ChangeSet a `gemba_changes` payload announces (see the module's docstring)."""
    document = json.loads(payload)
    feeds = document.get("feeds") if isinstance(document, dict) else None
    if not isinstance(feeds, dict):
        raise ValueError("no 'feeds' object in the notification")
    default_source = document.get("source")
    changes = ChangeSet()
    reload: list[str] = []
    for feed, ids in feeds.items():
        if feed in (OUTBOX_KEY, FIRINGS_KEY):
            continue  # not feeds: ChangeListener tells of them on their own
        if feed not in FEED_MAPS:
            log.warning("notification names unknown feed %r: ignored", feed)
            continue
        if ids is None:
            reload.append(feed)
            continue
        for item in ids:
            if isinstance(item, list | tuple) and len(item) == 2:
                changes.add_upserted(feed, str(item[0]), [str(item[1])])
            elif isinstance(item, dict) and "source" in item and "id" in item:
                changes.add_upserted(feed, str(item["source"]), [str(item["id"])])
            elif isinstance(item, str | int) and isinstance(default_source, str):
                changes.add_upserted(feed, default_source, [str(item)])
            else:
                reload.append(feed)
                break
    if reload:
        if store is None:
            log.warning("cannot reload %s without a store", ", ".join(reload))
        else:
            changes.merge(reload_changes(store, reload))
    return changes


def psycopg_conninfo(url: str | Any) -> str:
    """A libpq URI from a SQLAlchemy URL (postgresql+psycopg://... -> postgresql://...)."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


class ChangeListener:
    """LISTEN gemba_changes on its own connection, in its own thread, and pass each
    notification to `callback` as a ChangeSet (called on the listener's thread).

    After a lost connection it reconnects (backing off up to RECONNECT_MAX_SECONDS) and, since
    notifications sent meanwhile are lost, announces every feed held as changed.
    `on_connection(connected, error_text)` hears of each connect and loss; with a store,
    `on_outbox(items)` gets every outbox item when a notification names "outbox";
    `on_firings()` hears that the agent stored rule firings. After a reconnect both are called
    (what was sent meanwhile is lost).
    """

    def __init__(self, url: str | Any, callback: Callable[[ChangeSet], None], *,
                 store: CacheStore | None = None,
                 on_connection: Callable[[bool, str], None] | None = None,
                 on_outbox: Callable[[list[OutboxItem]], None] | None = None,
                 on_firings: Callable[[], None] | None = None) -> None:
        self.conninfo = psycopg_conninfo(url)
        self.callback = callback
        self.store = store
        self.on_connection = on_connection
        self.on_outbox = on_outbox
        self.on_firings = on_firings
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._wake_read, self._wake_write = socket.socketpair()
        self._thread: threading.Thread | None = None
        self._notices = False  # the agent keeps notices: act only on those (see _from_agent)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("already started")
        self._thread = threading.Thread(target=self._run, name="gemba-change-listener",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Stop listening and wait for the thread (safe to call twice)."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self._wake_write.send(b"x")
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        for end in (self._wake_read, self._wake_write):
            end.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the thread --------------------------------------------------------------------------

    def _run(self) -> None:
        delay = RECONNECT_FIRST_SECONDS
        first = True
        while not self._stop.is_set():
            try:
                connection = psycopg.connect(self.conninfo, autocommit=True, **_KEEPALIVES)
            except psycopg.Error as error:
                self._tell(False, str(error).strip())
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2, RECONNECT_MAX_SECONDS)
                continue
            try:
                with connection:
                    # Before LISTEN: a database the agent has not set up for desks (no notices)
                    # has no desk logins to distrust; its notifications are taken as they come.
                    self._notices = connection.execute(
                        "SELECT to_regclass(%s) IS NOT NULL", (NOTICES_TABLE,)).fetchone()[0]
                    connection.execute(f"LISTEN {CHANNEL}")
                    delay = RECONNECT_FIRST_SECONDS
                    self.connected.set()
                    self._tell(True, "")
                    if not first:
                        self._catch_up()
                    first = False
                    self._serve(connection)
            except psycopg.Error as error:
                log.info("shared database connection lost: %s", error)
                self.connected.clear()
                self._tell(False, str(error).strip())
                if self._stop.wait(delay):
                    break
        self.connected.clear()

    def _serve(self, connection: psycopg.Connection) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([connection.fileno(), self._wake_read], [], [])
            if self._wake_read in ready or self._stop.is_set():
                return
            # Taken out before acting: reading a notice uses the connection, and what arrives
            # meanwhile waits in psycopg's backlog, which the next round empties first.
            while notes := [n.payload for n in connection.notifies(timeout=0)
                            if n.channel == CHANNEL]:
                for payload in notes:
                    found = self._from_agent(connection, payload) if self._notices else payload
                    if found is not None:
                        self._deliver(found)

    def _from_agent(self, connection: psycopg.Connection, payload: str) -> str | None:
        """The notice the notification names, or None (logged) when it names none: sent by
        someone else than the agent. A notice named again only reloads what it named."""
        try:
            notice = json.loads(payload).get("notice")
        except (ValueError, AttributeError):
            notice = None
        row = None
        if isinstance(notice, int) and not isinstance(notice, bool):
            row = connection.execute(f"SELECT payload FROM {NOTICES_TABLE} WHERE id = %s",
                                     (notice,)).fetchone()
        if row is None:
            log.warning("ignored a %s notification the sync agent did not send: %.200s",
                        CHANNEL, payload)
            return None
        return str(row[0])

    def _deliver(self, payload: str) -> None:
        try:
            changes = parse_notification(payload, self.store)
        except (ValueError, TypeError, KeyError) as error:
            log.warning("ignored a malformed %s notification (%s): %.200s", CHANNEL, error,
                        payload)
            return
        except Exception:
            log.exception("could not read the feeds a notification names")
            return
        if changes:
            self._call(changes)
        named = json.loads(payload).get("feeds", {})
        if OUTBOX_KEY in named:
            self._read_outbox()
        if FIRINGS_KEY in named:
            self._firings()

    def _catch_up(self) -> None:
        if self.store is None:
            return
        try:
            changes = reload_changes(self.store, sorted(FEED_MAPS))
        except Exception:
            log.exception("could not re-read the cache after reconnecting")
            return
        if changes:
            self._call(changes)
        self._read_outbox()
        self._firings()

    def _read_outbox(self) -> None:
        if self.store is None or self.on_outbox is None:
            return
        try:
            self.on_outbox(self.store.outbox_items())
        except Exception:
            log.exception("could not pass on the outbox")

    def _firings(self) -> None:
        if self.on_firings is None:
            return
        try:
            self.on_firings()
        except Exception:
            log.exception("change listener firings callback failed")

    def _call(self, changes: ChangeSet) -> None:
        try:
            self.callback(changes)
        except Exception:
            log.exception("change listener callback failed")

    def _tell(self, connected: bool, error: str) -> None:
        if self.on_connection is not None:
            try:
                self.on_connection(connected, error)
            except Exception:
                log.exception("change listener connection callback failed")


# --- queueing actions from a desk -----------------------------------------------------------

class RoleRefusal(PermissionError):
    """The desk's role may not queue this action: refused before asking, or by the database.
    `str()` is the English sentence; `role` and `kind` let the widgets say it translated."""

    sqlstate = INSUFFICIENT_PRIVILEGE

    def __init__(self, message: str, role: str | None, kind: str | None) -> None:
        super().__init__(message)
        self.role = role
        self.kind = kind


class OutboxEvents(Protocol):
    def publish_outbox(self, items: list[OutboxItem]) -> None: ...

    def publish_changes(self, changes: ChangeSet) -> None: ...


class SharedOutbox:
    """What a console in shared mode has instead of a SyncEngine: it stores actions in the
    shared outbox (the agent sends them) and announces the outbox. It has the engine's parts
    the widgets use (queue_action, outbox.retry/drop, sync_now, start, stop), so it can be
    passed where MainWindow and run_console take the engine."""

    # A desk reads no source: its "Sync now" reads the shared cache again instead.
    reloads_only = True

    def __init__(self, store: CacheStore, role: str | None,
                 events: OutboxEvents | None = None) -> None:
        self.store = store
        self.role = role
        self.events = events
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gemba-shared")
        self._tasks: set[asyncio.Task[None]] = set()

    async def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args,
                                                                            **kwargs))

    def _refusal(self, kind: str | None) -> RoleRefusal:
        return RoleRefusal(refusal_message(self.role, kind), self.role, kind)

    async def queue_action(self, action: Action) -> OutboxItem:
        kind = action.kind.value
        # No check of our own first: the database decides, and its refusal is put into words.
        try:
            item = await self._call(
                self.store.outbox_add, source=action.source, action=kind,
                target_feed=action.target_feed, target_id=action.target_id,
                payload=action.payload, record_version=action.version,
                made_by=action.made_by, idempotency_key=action.key or None)
        except DBAPIError as error:
            if is_refusal(error):
                raise self._refusal(kind) from error
            raise
        await self.announce()
        return item

    async def retry(self, item_id: int) -> None:
        await self._manage(self.store.outbox_retry, item_id)

    async def drop(self, item_id: int) -> None:
        await self._manage(self.store.outbox_drop, item_id)

    async def _manage(self, fn: Callable[[int], Any], item_id: int) -> None:
        try:
            await self._call(fn, item_id)
        except DBAPIError as error:
            if is_refusal(error):
                who = (f"your role ({role_named(self.role).title})" if self.role
                       else "your login")
                raise RoleRefusal(f"The shared database refused: {who} may not retry or drop "
                                  "queued actions; an administrator may.", self.role,
                                  None) from error
            raise
        await self.announce()

    @property
    def outbox(self) -> SharedOutbox:
        """As SyncEngine.outbox: retry and drop (administrators only, the database says)."""
        return self

    def sync_now(self) -> None:
        """The sync agent reads the backends for every desk; a desk reads the shared cache
        again (all it holds, and the outbox), in case a notification was missed."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self.reload())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def reload(self) -> None:
        try:
            changes = await self._call(reload_changes, self.store, sorted(FEED_MAPS))
            if changes and self.events is not None:
                self.events.publish_changes(changes)
            await self.announce()
        except Exception as error:  # the role label already says when the database is away
            log.warning("could not read the shared cache again: %s", error)

    async def start(self) -> None:
        await self.announce()

    async def stop(self) -> None:
        self.close()

    async def announce(self) -> None:
        if self.events is not None:
            self.events.publish_outbox(await self._call(self.store.outbox_items))

    def close(self) -> None:
        self._executor.shutdown(wait=False)  # idempotent; queued work still finishes
