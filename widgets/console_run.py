"""Running the console on one qasync loop: window, health probe, clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.sync.bridge import SyncBridge
from app.sync.health import SourceHealth
from app.sync.probe import HealthProbe
from app.sync.sources import SourceConfig
from widgets.main_window import MainWindow

log = logging.getLogger(__name__)

# Qt's event loop runs in C++; Python only handles SIGINT when Python code runs, so a cheap
# timer gives it a chance a few times a second even when nothing else is happening.
_SIGNAL_WAKE_MS = 200


def save_screenshot(window: MainWindow, path: Path) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    return window.grab().save(str(path), "PNG")


async def serve(
    window: MainWindow,
    bridge: SyncBridge,
    sources: list[SourceConfig],
    quit_after: float | None,
    screenshot: Path | None,
) -> int:
    """Probe sources until the window closes, Ctrl+C, or `quit_after` seconds; returns exit code."""
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

    probe = HealthProbe(sources, bridge) if sources else None
    probe_task = asyncio.create_task(probe.run()) if probe else None
    try:
        if quit_after is None:
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
        if probe_task is not None:
            probe_task.cancel()
            try:
                await probe_task
            except asyncio.CancelledError:
                pass
            except Exception:
                # The probe died before we asked it to; say so rather than exit silently.
                log.exception("health probe failed")
        if probe is not None:
            await probe.aclose()


def run_console(
    app: QApplication,
    sources: list[SourceConfig],
    view: str,
    quit_after: float | None,
    screenshot: Path | None,
) -> int:
    bridge = SyncBridge()
    window = MainWindow(bridge)
    window.switch_view(view)
    window.show()
    # Sources show as "connecting" at once, rather than after the first probe answers.
    for source in sources:
        bridge.publish_health(
            SourceHealth(source=source.name, kind=source.kind, url=source.base_url)
        )

    # Closing the window ends serve(); Qt must not end its loop first, or the probe's client
    # would be left open.
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    task = loop.create_task(serve(window, bridge, sources, quit_after, screenshot))
    try:
        try:
            return loop.run_until_complete(task)
        except RuntimeError:
            if task.done():
                raise
            # Someone called QApplication.quit(), which ends Qt's loop at once; aboutToQuit has
            # set the stop event, so one more run lets serve() cancel and close the probe.
            return loop.run_until_complete(task)
    finally:
        window.close()
        loop.close()
        asyncio.set_event_loop(None)
        app.setQuitOnLastWindowClosed(quit_on_close)
