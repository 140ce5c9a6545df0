"""The console pointed at a real trytond through connection profiles: its orders and its
production show in the views (the README's picture comes from here with GEMBA_SCREENSHOTS)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from app.cache.store import CacheStore
from app.sync.profiles import MemorySecrets, SourceProfile, load_profiles, save_profiles
from app.sync.registry import test_connection
from tests.integration.test_console_with_plant import _close_when, _labels, _window
from tests.integration.trytond_server import TrytonServer, trytond_server  # noqa: F401
from widgets.console_run import run_console

pytestmark = pytest.mark.integration


def tryton_profiles(server: TrytonServer) -> list[SourceProfile]:
    common = {"backend": "tryton", "url": server.url, "instance": server.database,
              "username": server.login}
    return [SourceProfile(name="tryton-sales", role="crm", **common),
            SourceProfile(name="tryton-production", role="mes", **common)]


def test_console_shows_trytons_orders_and_production(
        qapp, tmp_path: Path, trytond_server: TrytonServer) -> None:  # noqa: F811
    secrets = MemorySecrets()
    profiles = tryton_profiles(trytond_server)
    for profile in profiles:
        secrets.set(profile.name, "password", trytond_server.password)
        # What "Test connection" in Settings → Connections runs.
        result = asyncio.run(test_connection(profile, secrets))
        assert result.ok, result.message
        assert result.message.startswith("Tryton 7.0")
    path = save_profiles(profiles, tmp_path / "sources.json")

    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    seen: dict = {}

    def shown() -> bool:
        view = _window().views["orders"]
        return (store.count("tryton-sales", "crm.orders") >= 3
                and store.count("tryton-production", "mes.work_orders") >= 1
                and view.data is not None and view.proxy.rowCount() >= 3
                and any(t.startswith("Data as of") for t in _labels("freshness")))

    _close_when(shown, seen)
    folder = os.environ.get("GEMBA_SCREENSHOTS")
    shot = Path(folder) / "orders-tryton.png" if folder else tmp_path / "orders-tryton.png"
    try:
        assert run_console(qapp, [], "orders", 60, shot, store,
                           profiles=load_profiles(path), secrets=secrets) == 0
        orders = store.all("tryton-sales", "crm.orders")
        work_orders = store.all("tryton-production", "mes.work_orders")
    finally:
        store.close()
    assert seen.get("ok"), "the console did not show Tryton's orders"
    assert {o.status.value for o in orders} >= {"draft", "confirmed"}
    assert any(w.good > 0 for w in work_orders)  # progress from the production's outputs
    assert shot.stat().st_size > 10_000
