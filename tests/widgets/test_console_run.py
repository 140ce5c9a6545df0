"""The console's asyncio run: the probe starts, and is cancelled and closed on every way out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import widgets.console_run as console_run
from app.sync.sources import demo_sources
from widgets.main_window import MainWindow


class FakeProbe:
    """Stands in for HealthProbe: no network, records its life."""

    instances: list[FakeProbe] = []
    # What the test wants to happen once the probe runs (close the window, quit the app).
    on_start: Callable[[], None] = staticmethod(lambda: None)

    def __init__(self, sources, bridge) -> None:
        self.sources = sources
        self.bridge = bridge
        self.started = self.cancelled = self.closed = False
        FakeProbe.instances.append(self)

    async def run(self) -> None:
        self.started = True
        QTimer.singleShot(0, type(self).on_start)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise

    async def aclose(self) -> None:
        self.closed = True


@pytest.fixture
def fake_probe(monkeypatch) -> type[FakeProbe]:
    monkeypatch.setattr(FakeProbe, "instances", [])
    monkeypatch.setattr(console_run, "HealthProbe", FakeProbe)
    return FakeProbe


def close_main_windows() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            widget.close()


def test_closing_the_window_cancels_and_closes_the_probe(
    qapp, fake_probe, monkeypatch
) -> None:
    # Close the window once the probe runs, as a person would.
    monkeypatch.setattr(FakeProbe, "on_start", staticmethod(close_main_windows))
    code = console_run.run_console(qapp, demo_sources("http://127.0.0.1:1"), "orders", None, None)
    assert code == 0
    (probe,) = fake_probe.instances
    assert probe.started and probe.cancelled and probe.closed
    # Sources were announced as "connecting" before the first probe answered.
    assert [h.source for h in probe.bridge.health()] == ["demo-crm", "demo-mes"]


def test_quit_after_takes_the_screenshot_and_closes_the_probe(
    qapp, fake_probe, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    code = console_run.run_console(
        qapp, demo_sources("http://127.0.0.1:1"), "planning", 0.2, shot
    )
    assert code == 0
    assert shot.stat().st_size > 0
    (probe,) = fake_probe.instances
    assert probe.cancelled and probe.closed


def test_without_sources_there_is_no_probe(qapp, fake_probe) -> None:
    assert console_run.run_console(qapp, [], "overview", 0.05, None) == 0
    assert fake_probe.instances == []


def test_application_quit_still_closes_the_probe(qapp, fake_probe, monkeypatch) -> None:
    monkeypatch.setattr(FakeProbe, "on_start", staticmethod(qapp.quit))
    code = console_run.run_console(qapp, demo_sources("http://127.0.0.1:1"), "orders", None, None)
    assert code == 0
    (probe,) = fake_probe.instances
    assert probe.cancelled and probe.closed
