"""The whole console against the demo plant: it syncs, then opens offline on its cache."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import httpx
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from app.cache.store import CacheStore
from app.sync.sources import demo_sources
from tests.integration.conftest import read_all, start_paused_plant
from tests.integration.live_console import shown_window
from widgets.console_run import run_console


def _labels(name: str) -> list[str]:
    return [label.text() for label in shown_window().findChildren(QLabel, name)]


def _close_when(condition, seen: dict) -> None:
    """Poll the live window from Qt's loop; close it (ending the run) once `condition` holds."""

    def check() -> None:
        try:
            if condition():
                seen["ok"] = True
                shown_window().close()
                return
        except StopIteration:  # the window is not up yet
            pass
        QTimer.singleShot(100, check)

    QTimer.singleShot(100, check)


def test_console_syncs_then_opens_offline_showing_down_and_the_data_age(
        qapp, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    with start_paused_plant() as plant:
        with httpx.Client(base_url=plant.url) as client:
            orders_served = sum(1 for o in read_all(client, "/crm/v1/orders")[0]
                                if not o.get("deleted"))
        sources = demo_sources(plant.url)
        store = CacheStore.open(url)
        seen: dict = {}
        _close_when(lambda: store.count("demo-crm", "crm.orders") == orders_served
                    and store.count("demo-mes", "mes.machine_status") > 0, seen)
        try:
            assert run_console(qapp, sources, "overview", 60, None, store) == 0
        finally:
            store.close()
        assert seen.get("ok"), "the console did not fill its cache from the plant"

    # The plant is gone: the console opens on its cache, says the sources are down and how
    # old the data is. The sources keep their names and point at an address held bound but not
    # listening, which refuses every connection: the plant's own port, once free, may be taken
    # by another test's server meanwhile.
    store = CacheStore.open(url)
    seen = {}

    def offline_shown() -> bool:
        seen["states"] = states = _labels("sourceState")
        return (states.count("down") == 2
                and all("last success" in t for t in _labels("sourceAgo"))
                and any(t.startswith("Data as of") for t in _labels("freshness")))

    _close_when(offline_shown, seen)
    shot = tmp_path / "offline.png"
    with socket.socket() as refusing:
        refusing.bind(("127.0.0.1", 0))
        gone = [replace(s, base_url=f"http://127.0.0.1:{refusing.getsockname()[1]}")
                for s in sources]
        try:
            assert run_console(qapp, gone, "orders", 60, shot, store) == 0
            assert store.count("demo-crm", "crm.orders") == orders_served
        finally:
            store.close()
    assert seen.get("ok"), f"offline console showed {seen.get('states')}"
