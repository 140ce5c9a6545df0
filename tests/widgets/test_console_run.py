"""The console's asyncio run: the engine starts, and is stopped on every way out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import widgets.console_run as console_run
from app.sync.bridge import SyncBridge
from app.sync.sources import demo_sources
from widgets.common.cache_reads import announce_cache
from widgets.main_window import MainWindow

SOURCES = demo_sources("http://127.0.0.1:1")


class FakeSyncEngine:
    """Stands in for SyncEngine: no network, records its life."""

    instances: list[FakeSyncEngine] = []
    # What the test wants to happen once the engine runs (close the window, quit the app).
    on_start: Callable[[], None] = staticmethod(lambda: None)
    fail_start: bool = False

    def __init__(self, sources, store, events) -> None:
        self.sources, self.store, self.events = sources, store, events
        self.started = self.stopped = False
        self.sync_now_calls = 0
        FakeSyncEngine.instances.append(self)

    @classmethod
    def for_sources(cls, sources, store, events=None) -> FakeSyncEngine:
        return cls(sources, store, events)

    async def start(self) -> None:
        self.started = True
        if type(self).fail_start:
            raise RuntimeError("cache is broken")
        QTimer.singleShot(0, type(self).on_start)

    async def stop(self) -> None:
        self.stopped = True

    def sync_now(self) -> None:
        self.sync_now_calls += 1


@pytest.fixture
def fake_engine(monkeypatch) -> type[FakeSyncEngine]:
    monkeypatch.setattr(FakeSyncEngine, "instances", [])
    # run_console imports the engine when it has sources to sync: replace it where it lives.
    monkeypatch.setattr("app.sync.engine.SyncEngine", FakeSyncEngine)
    return FakeSyncEngine


def close_main_windows() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            widget.close()


def test_closing_the_window_stops_the_engine(qapp, fake_engine, monkeypatch, store) -> None:
    # Close the window once the engine runs, as a person would.
    monkeypatch.setattr(FakeSyncEngine, "on_start", staticmethod(close_main_windows))
    code = console_run.run_console(qapp, SOURCES, "orders", None, None, store)
    assert code == 0
    (engine,) = fake_engine.instances
    assert engine.started and engine.stopped
    assert engine.store is store
    assert isinstance(engine.events, SyncBridge)
    # Sources were announced as "connecting" before their first answer.
    assert [h.source for h in engine.events.health()] == ["demo-crm", "demo-mes"]


def test_quit_after_takes_the_screenshot_and_stops_the_engine(
    qapp, fake_engine, tmp_path: Path, store
) -> None:
    shot = tmp_path / "shot.png"
    code = console_run.run_console(qapp, SOURCES, "planning", 0.2, shot, store)
    assert code == 0
    assert shot.stat().st_size > 0
    (engine,) = fake_engine.instances
    assert engine.started and engine.stopped


def test_without_sources_there_is_no_engine(qapp, fake_engine, store) -> None:
    assert console_run.run_console(qapp, [], "overview", 0.05, None, store) == 0
    assert fake_engine.instances == []


def test_application_quit_still_stops_the_engine(qapp, fake_engine, monkeypatch, store) -> None:
    monkeypatch.setattr(FakeSyncEngine, "on_start", staticmethod(qapp.quit))
    code = console_run.run_console(qapp, SOURCES, "orders", None, None, store)
    assert code == 0
    (engine,) = fake_engine.instances
    assert engine.stopped


def test_an_engine_that_fails_to_start_is_still_stopped(
    qapp, fake_engine, monkeypatch, store
) -> None:
    monkeypatch.setattr(FakeSyncEngine, "fail_start", True)
    with pytest.raises(RuntimeError, match="cache is broken"):
        console_run.run_console(qapp, SOURCES, "orders", None, None, store)
    (engine,) = fake_engine.instances
    assert engine.stopped


def test_offline_start_announces_what_the_cache_holds(store, bridge, qtbot) -> None:
    at = datetime(2025, 3, 3, 7, 58, tzinfo=UTC)
    store.mark_synced("demo-crm", "crm.complaints", at=at)
    store.outbox_add(source="demo-crm", action="finding", target_feed="crm.complaints",
                     target_id="CP-1", payload={"text": "burr on edge"})
    with qtbot.waitSignal(bridge.outbox_changed) as outbox:
        announce_cache(store, bridge)
    assert bridge.last_synced({"crm.complaints"}) == at
    assert [item.target_id for item in outbox.args[0]] == ["CP-1"]


def test_the_engine_loop_runs_coroutines_started_from_qt(qloop) -> None:
    # Guards the qloop fixture the outbox tests rely on.
    assert qloop.run_until_complete(asyncio.sleep(0, result=7)) == 7
