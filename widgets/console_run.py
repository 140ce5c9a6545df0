"""Running the console on one qasync loop: window, sync engine, clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from app.sync.health import SourceHealth
from app.sync.sources import SourceConfig
from widgets.common.cache_check import check_cache_later
from widgets.common.cache_reads import announce_cache
from widgets.common.qt_event_loop import close_qt_event_loop, open_qt_event_loop
from widgets.main_window import MainWindow, forget_imported_sources
from widgets.settings.language_menu import LanguageSwitcher
from widgets.settle import until_settled

# The sync engine (connectors, httpx), shared mode (psycopg) and webhooks are imported when
# used: an offline console on its cache starts without them.
if TYPE_CHECKING:
    from app.sync.engine import SyncEngine
    from app.sync.profiles import SecretStore, SourceProfile
    from app.sync.webhooks import WebhookTarget
    from widgets.shared import SharedConsole

log = logging.getLogger(__name__)

# Qt's event loop runs in C++; Python only handles SIGINT when Python code runs, so a cheap
# timer gives it a chance a few times a second even when nothing else is happening.
_SIGNAL_WAKE_MS = 200
# A screenshot without --quit-after waits for the console to catch up, this long at most (the
# demo plant's year of history is read and planned in well under a minute).
SCREENSHOT_LIMIT_S = 120.0


def _collect_on_gui_thread() -> None:
    from widgets.common.gui_thread import favour_gui_thread
    from widgets.common.gui_thread_gc import collect_on_gui_thread

    favour_gui_thread()
    collect_on_gui_thread()
    forget_imported_sources()  # of everything imported up to now


def save_screenshot(window: MainWindow, path: Path) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    return window.grab().save(str(path), "PNG")


def load_webhooks() -> list[WebhookTarget]:
    """The webhook targets of the user's webhooks.json; a broken file is logged, not fatal."""
    try:
        from app.sync.webhooks import load_webhook_targets

        return load_webhook_targets()
    except Exception:
        log.exception("webhooks: the configuration was not loaded; no webhooks are sent")
        return []


async def stop_engine(engine: SyncEngine) -> None:
    try:
        await engine.stop()
    except Exception:
        # Shutting down must go on (the cache still gets closed); say what went wrong.
        log.exception("sync engine did not stop cleanly")


async def serve(
    window: MainWindow,
    engine: SyncEngine | None,
    quit_after: float | None,
    screenshot: Path | None,
    bridge: SyncBridge | None = None,
) -> int:
    """Sync until the window closes, Ctrl+C, or `quit_after` seconds; returns exit code. With
    a `screenshot` and no `quit_after`: until the console has caught up with its sources
    (widgets.settle), SCREENSHOT_LIMIT_S at most, the window closed or Ctrl+C.

    The engine is stopped on every way out, including an error in its start.
    """
    stop = asyncio.Event()
    window.closed.connect(stop.set)
    app = QApplication.instance()
    app.aboutToQuit.connect(stop.set)
    loop = asyncio.get_running_loop()
    previous_sigint = signal.signal(
        signal.SIGINT, lambda *_: loop.call_soon_threadsafe(stop.set)
    )
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(_SIGNAL_WAKE_MS)
    try:
        if engine is not None:
            await engine.start()
        if quit_after is None and screenshot is not None:
            settled = asyncio.ensure_future(until_settled(
                bridge.health if bridge is not None else list, window.runtime, window.now,
                SCREENSHOT_LIMIT_S))
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({settled, stopped}, return_when=asyncio.FIRST_COMPLETED)
            for waiting in (settled, stopped):
                waiting.cancel()
            if settled.done() and not settled.cancelled() and not settled.result():
                print(f"gemba: the console had not caught up after {SCREENSHOT_LIMIT_S:.0f} s; "
                      "the screenshot shows it as it was", file=sys.stderr)
        elif quit_after is None:
            await stop.wait()
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), quit_after)
        if screenshot is not None and not save_screenshot(window, screenshot):
            print(f"gemba: could not write screenshot to {screenshot}", file=sys.stderr)
            return 1
        return 0
    finally:
        app.aboutToQuit.disconnect(stop.set)
        wake.stop()
        signal.signal(signal.SIGINT, previous_sigint)
        if engine is not None:
            await stop_engine(engine)


def run_console(
    app: QApplication,
    sources: list[SourceConfig],
    view: str,
    quit_after: float | None,
    screenshot: Path | None,
    store: CacheStore,
    language: LanguageSwitcher | None = None,
    profiles: list[SourceProfile] | None = None,
    secrets: SecretStore | None = None,
    shared: bool = False,
) -> int:
    """Show the window over `store` and sync `sources` into it (none: offline, the cache as it
    is). The caller opens and closes the store; the engine is stopped here on every way out.
    `language` gives the window its language menu. `profiles` (connection profiles of any
    backend, secrets from `secrets` or the keyring) replace `sources` when given. `shared`: the
    store is a shared PostgreSQL cache that a sync agent fills; the console syncs nothing,
    learns of changes by LISTEN/NOTIFY and queues its actions in the shared outbox."""
    # No cyclic collection on a worker thread (see widgets.common.gui_thread_gc), from now on;
    # the GUI-thread collector starts once the window is up.
    gc.disable()
    QTimer.singleShot(0, _collect_on_gui_thread)
    bridge = SyncBridge()
    engine = None
    setup_error = ""
    hooks = load_webhooks() if sources or profiles else []
    extra = {"webhooks": hooks} if hooks else {}
    if profiles:
        from app.sync.engine import SyncEngine
        from app.sync.profiles import SecretStore
        from app.sync.registry import SourceError

        sources = [profile.config() for profile in profiles]
        try:
            engine = SyncEngine.for_profiles(profiles, secrets or SecretStore(), store,
                                             events=bridge, **extra)
            sources = engine.sources
        except SourceError as exc:
            # A source that cannot even be set up: the console opens offline and says why.
            log.error("sources not started: %s", exc)
            setup_error = str(exc)
    elif sources:
        from app.sync.engine import SyncEngine

        engine = SyncEngine.for_sources(sources, store, events=bridge, **extra)
    role = None
    if shared:
        from app.cache.shared_mode import SharedOutbox, current_role

        role = current_role(store.engine)
        engine = SharedOutbox(store, role, events=bridge)
    listener: SharedConsole | None = None
    # Closing the window ends serve(); Qt must not end its loop first, or the engine's clients
    # would be left open.
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    loop = open_qt_event_loop(app)
    window: MainWindow | None = None
    task: asyncio.Task[int] | None = None
    try:
        window = MainWindow(bridge, store=store, engine=engine, language=language,
                            run_rules=not shared, start_view=view)
        if shared:
            from widgets.shared import SharedConsole

            listener = SharedConsole(store, bridge, parent=window)
            listener.start()
            window.show_role(role, listener)
        window.show()
        if not shared:
            check_cache_later(store, window, show_dialog=screenshot is None)
        # Sources show as "connecting" at once, rather than after their first answer.
        for source in sources:
            health = SourceHealth(source=source.name, kind=source.kind, url=source.base_url,
                                  backend=source.backend)
            if setup_error:
                health = health.failed(datetime.now(UTC), setup_error)
            bridge.publish_health(health)
        if engine is None or shared:
            announce_cache(store, bridge)  # what the cache holds: nothing of ours syncs it
        task = loop.create_task(serve(window, engine, quit_after, screenshot, bridge))
        try:
            return loop.run_until_complete(task)
        except RuntimeError:
            if task.done():
                raise
            # Someone called QApplication.quit(), which ends Qt's loop at once; aboutToQuit has
            # set the stop event, so one more run lets serve() stop the engine.
            return loop.run_until_complete(task)
    finally:
        if task is None and engine is not None:
            # serve() never ran, so it could not stop the engine; its clients still need closing.
            loop.run_until_complete(stop_engine(engine))
        if listener is not None:
            listener.close()
        if window is not None:
            window.close()
        close_qt_event_loop(loop)
        app.setQuitOnLastWindowClosed(quit_on_close)
