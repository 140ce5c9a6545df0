"""Fixtures for widget tests: offscreen Qt, a bridge, a settable clock, windows, zh_TW."""

from __future__ import annotations

import os

# Before any QApplication exists: widget tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QTranslator  # noqa: E402

from app.sync.bridge import SyncBridge  # noqa: E402
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

    Qt's own classes (contexts such as QShortcut or QPlatformTheme) are left to Qt's catalogue.
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


def _is_qt_context(context: str) -> bool:
    return len(context) > 1 and context[0] == "Q" and context[1].isupper()


@pytest.fixture
def bridge() -> SyncBridge:
    return SyncBridge()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_window(qtbot, bridge: SyncBridge, clock: FakeClock) -> Callable[[], MainWindow]:
    def make() -> MainWindow:
        window = MainWindow(bridge, clock=clock)
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
