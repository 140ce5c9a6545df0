"""Fixtures for widget tests: offscreen Qt, a bridge, a settable clock, windows, zh_TW, a
cache on a temp file, a fake sync engine and an asyncio loop shared with Qt."""

from __future__ import annotations

import os

# Before any QApplication exists: widget tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QTranslator  # noqa: E402

from app.cache.store import CacheStore  # noqa: E402
from app.runtime.plant_runtime import PlantRuntime  # noqa: E402
from app.sync.bridge import SyncBridge  # noqa: E402
from widgets.common.background import executor  # noqa: E402
from widgets.i18n import load_app_translator  # noqa: E402
from widgets.main_window import MainWindow  # noqa: E402

START = datetime(2025, 3, 3, 8, 0, 0, tzinfo=UTC)


class FakeClock:
    """A clock tests move by hand, so "… s ago" texts are exact."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class RecordingTranslator(QTranslator):
    """Delegates to the real zh_TW catalogue and remembers every lookup it could not answer.

    Qt's own classes (contexts such as QShortcut or QPlatformTheme) are left to Qt's catalogue,
    and pyqtgraph's to the library.
    """

    def __init__(self, real: QTranslator) -> None:
        super().__init__()
        self._real = real
        self.missing: set[tuple[str, str]] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        result = self._real.translate(context, source, disambiguation, n)
        if result:
            return result
        if not _is_qt_context(context):
            self.missing.add((context, source))
        # None becomes a null QString, which tells Qt "not found here, fall back to the source";
        # an empty Python string would instead translate the text to nothing.
        return None

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


# pyqtgraph's own contexts: its context menus, which the console's charts switch off
# (setMenuEnabled(False)); the library still looks their texts up when a plot is made.
PYQTGRAPH_CONTEXTS = frozenset({"Form", "PlotItem", "ViewBox", "GraphicsScene"})


def _is_qt_context(context: str) -> bool:
    if context in PYQTGRAPH_CONTEXTS:
        return True
    return len(context) > 1 and context[0] == "Q" and context[1].isupper()


@pytest.fixture
def bridge() -> SyncBridge:
    return SyncBridge()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def no_user_data(monkeypatch, tmp_path: Path) -> None:
    """Default caches (and demo caches) and settings go to a temp folder, never to the user's
    own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    try:
        yield opened
    finally:
        # A view's last read may still be running in the shared worker: closing the database
        # under it would crash SQLite. The worker is one thread, so this waits for it.
        executor().submit(lambda: None).result(timeout=60)
        PlantRuntime.stop_all_on(opened)  # and the plant runtime's
        opened.close()


class FakeOutbox:
    """Records what the widgets ask of the outbox; `called` lets a test await the call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []
        self.called = asyncio.Event()

    async def retry(self, item_id: int) -> None:
        self.calls.append(("retry", item_id))
        self.called.set()

    async def drop(self, item_id: int) -> None:
        self.calls.append(("drop", item_id))
        self.called.set()


class FakeEngine:
    def __init__(self) -> None:
        self.outbox = FakeOutbox()
        self.sync_now_calls = 0

    def sync_now(self) -> None:
        self.sync_now_calls += 1


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def make_window(qtbot, bridge: SyncBridge, clock: FakeClock) -> Callable[..., MainWindow]:
    def make(**options: Any) -> MainWindow:
        window = MainWindow(bridge, clock=clock, **options)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def zh_tw(qapp) -> Iterator[RecordingTranslator]:
    """The zh_TW catalogue installed for one test, behind a recording translator."""
    real = load_app_translator("zh_TW")
    assert real is not None
    recorder = RecordingTranslator(real)
    assert QCoreApplication.installTranslator(recorder)
    try:
        yield recorder
    finally:
        QCoreApplication.removeTranslator(recorder)


def save_screenshot(widget, name: str) -> None:
    """For the README: with GEMBA_SCREENSHOTS set to a folder, keep a picture of `widget`."""
    folder = os.environ.get("GEMBA_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


@pytest.fixture
def plant_url() -> Iterator[str]:
    """A paused demo plant on loopback, for the widget tests that sync from a real one."""
    from tests.integration.conftest import start_paused_plant

    with start_paused_plant() as plant:
        yield plant.url


@pytest.fixture
def plant_store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    try:
        yield opened
    finally:
        executor().submit(lambda: None).result(timeout=60)  # the views' last read
        PlantRuntime.stop_all_on(opened)  # and the plant runtime's
        opened.close()


@pytest.fixture
def desk_runtime() -> Iterator[Callable[..., Any]]:
    """Makes the window's plant runtime link for a store: rules on, alerts in words, and not
    started (it does what the test asks: run_now, replan). Stopped after the test."""
    from widgets.automation import rule_runner
    from widgets.common.runtime_link import RuntimeLink

    links: list[RuntimeLink] = []

    def make(store: CacheStore, clock: Callable[[], datetime], bridge: Any = None,
             **options: Any) -> RuntimeLink:
        options.setdefault("rules", True)
        options.setdefault("start", False)
        # Looked up now, not at import: a test may patch it.
        options.setdefault("describe", rule_runner.alert_for)
        link = RuntimeLink(bridge, store, clock, **options)
        links.append(link)
        return link

    yield make
    for link in links:
        link.stop()
