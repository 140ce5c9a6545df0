"""gemba-sync, the headless agent, run as the plant runs it: a separate process with a
configuration file, syncing a real demo plant into SQLite and into PostgreSQL."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from app.agent.notify import CHANNEL, changes_payload, parse_changes_payload
from app.audit import log
from app.audit.anchor import read_anchor
from app.cache.changes import ChangeSet
from app.cache.outbox import OutboxState
from app.cache.store import CacheStore
from app.sim.launcher import DemoPlant
from tests.integration.sync_helpers import cache_versions, server_versions

pytest_plugins = ("tests.cache_db",)

ROOT = Path(__file__).resolve().parents[2]
PASS_TIMEOUT = 180.0  # one --once pass of the demo plant takes seconds; this is a safety net


def write_config(folder: Path, plant_url: str, database: str, health: str | None = None
                 ) -> Path:
    lines = [f'database = "{database}"', 'audit_anchor = "audit.anchor"']
    if health:
        lines.append(f'health = "{health}"')
    for name, role in (("demo-crm", "crm"), ("demo-mes", "mes")):
        lines += ["[[source]]", f'name = "{name}"', f'role = "{role}"', f'url = "{plant_url}"']
    lines += ["[intervals]", '"mes.machine_status" = 2']
    path = folder / "agent.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def agent_command(config: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "app.agent.cli", "--config", str(config), *extra]


def run_once(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(agent_command(config, "--once"), cwd=ROOT, capture_output=True,
                          text=True, timeout=PASS_TIMEOUT, check=False)


def assert_cache_equals_plant(store: CacheStore, plant_url: str) -> None:
    for source, feed, path in (("demo-crm", "crm.orders", "/crm/v1/orders"),
                               ("demo-mes", "mes.machine_status", "/mes/v1/machines/status"),
                               ("demo-mes", "mes.work_orders", "/mes/v1/work-orders")):
        expected = server_versions(plant_url, path)
        assert expected, f"the plant serves no {feed}"
        assert cache_versions(store, source, feed) == expected, feed
        assert store.count(source, feed) == len(expected), f"duplicates in {feed}"


def wait_for(condition, timeout: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            pytest.fail(f"the agent ended (exit {process.returncode}) before {what}")
        threading.Event().wait(0.05)  # a short poll step, bounded by the deadline above
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def listener(cache_url: str) -> Iterator[psycopg.Connection | None]:
    """A console's LISTEN connection on a PostgreSQL cache (None on SQLite)."""
    if not cache_url.startswith("postgresql"):
        yield None
        return
    with psycopg.connect(cache_url.replace("postgresql+psycopg", "postgresql"),
                         autocommit=True) as connection:
        connection.execute(f"LISTEN {CHANNEL}")
        yield connection


def test_once_fills_the_cache_and_delivers_the_outbox(
        plant: DemoPlant, cache_url: str, tmp_path: Path,
        listener: psycopg.Connection | None) -> None:
    with httpx.Client(base_url=plant.url, timeout=10) as client:
        order_id = client.get("/crm/v1/orders", params={"limit": "1"}).json()["items"][0]["id"]
    store = CacheStore.open(cache_url)
    try:
        queued = store.outbox_add(
            source="demo-crm", action="activity", target_feed="crm.orders",
            target_id=order_id, made_by="alice",
            payload={"kind": "note", "subject": "Queued at a desk, sent by the agent",
                     "body": ""})
        config = write_config(tmp_path, plant.url, cache_url)

        done = run_once(config)

        assert done.returncode == 0, done.stderr
        # The desk's action, and what the automation rules (run here, not on the desks) queued.
        passed = re.search(r"one pass done: \d+ records changed, (\d+) rule firing\(s\), "
                           r"(\d+) outbox action\(s\) delivered", done.stdout)
        assert passed is not None, done.stdout
        assert int(passed.group(1)) >= 1 and int(passed.group(2)) >= 1
        assert_cache_equals_plant(store, plant.url)
        item = store.outbox_get(queued.id)
        assert item is not None and item.state == OutboxState.DELIVERED
        with httpx.Client(base_url=plant.url, timeout=10) as client:
            activities = client.get(f"/crm/v1/orders/{order_id}/activities").json()["items"]
        assert [a["subject"] for a in activities].count(
            "Queued at a desk, sent by the agent") == 1
        verified = subprocess.run(
            [sys.executable, "-m", "app.agent.cli", "verify-audit", "--config", str(config)],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert verified.stdout.startswith("audit log intact")
        with store.engine.connect() as conn:
            audited = log.entries(conn)
    finally:
        store.close()
    if listener is not None:
        feeds: set[str] = set()
        for note in listener.notifies(timeout=10, stop_after=1000):
            assert len(note.payload.encode()) < 7900
            changes, reload = parse_changes_payload(note.payload)
            feeds |= changes.kinds | reload
            if {"crm.orders", "mes.machine_status", "outbox", "firings"} <= feeds:
                break
        # Besides the feeds: the outbox moved (the desks show the action sent) and the rules
        # fired (the desks raise the alerts).
        assert {"crm.orders", "mes.machine_status", "outbox", "firings"} <= feeds
    assert [(e.kind, e.who, e.target) for e in audited if e.who == "alice"] == [
        ("activity.queued", "alice", f"crm.orders/{order_id}"),
        ("activity.delivered", "alice", f"crm.orders/{order_id}")]
    marks = read_anchor(tmp_path / "audit.anchor")
    assert (marks[-1].seq, marks[-1].entry_hash) == (len(audited), audited[-1].entry_hash)


def _lines(stream, into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def test_running_agent_serves_health_and_stops_on_sigterm(
        shared_plant: DemoPlant, tmp_path: Path) -> None:
    config = write_config(tmp_path, shared_plant.url,
                          f"sqlite:///{tmp_path / 'cache.sqlite3'}", health="127.0.0.1:0")
    agent = subprocess.Popen(agent_command(config), cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    out: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(agent.stdout, out), daemon=True).start()
    try:
        first = out.get(timeout=60)
        assert "health on http://127.0.0.1:" in first
        url = first.split("health on ", 1)[1].strip()

        def healthy() -> dict | None:
            try:
                body = httpx.get(url, timeout=5).json()
            except httpx.HTTPError:
                return None
            states = {s["name"]: s["state"] for s in body["sources"]}
            return body if set(states.values()) == {"connected"} else None

        body = wait_for(healthy, 120, "both sources connected", agent)
        assert {s["name"] for s in body["sources"]} == {"demo-crm", "demo-mes"}
        assert all(s["last_success"] for s in body["sources"])
        assert body["outbox_pending"] == 0 and body["version"]
        assert httpx.get(url.replace("/health", "/other"), timeout=5).status_code == 404

        agent.send_signal(signal.SIGTERM)
        assert agent.wait(timeout=60) == 0
        rest = []
        while not out.empty():
            rest.append(out.get())
        assert any("stopped" in line for line in rest)
    finally:
        if agent.poll() is None:
            agent.kill()
            agent.wait()


def test_killed_mid_pass_then_once_again_loses_nothing(
        shared_plant: DemoPlant, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    config = write_config(tmp_path, shared_plant.url, database)
    store = CacheStore.open(database)
    try:
        agent = subprocess.Popen(agent_command(config, "--once"), cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: store.count("demo-crm", "crm.orders") > 0, PASS_TIMEOUT,
                     "the first orders in the cache", agent)
            agent.send_signal(signal.SIGKILL)
            assert agent.wait(timeout=30) == -signal.SIGKILL  # it did not finish the pass
        finally:
            if agent.poll() is None:
                agent.kill()
                agent.wait()

        again = run_once(config)

        assert again.returncode == 0, again.stderr
        assert_cache_equals_plant(store, shared_plant.url)
    finally:
        store.close()


def test_a_bad_configuration_names_the_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "agent.toml"
    config.write_text('database = "sqlite:///cache.sqlite3"\n[intervals]\n"crm.ordrs" = 5\n'
                      '[[source]]\nname = "demo-mes"\nrole = "mes"\nurl = "http://x"\n',
                      encoding="utf-8")
    done = subprocess.run(agent_command(config, "--once"), cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False, env={**os.environ})
    assert done.returncode == 2
    assert f"{config}: intervals.crm.ordrs: unknown feed" in done.stderr
    assert "Traceback" not in done.stderr


def test_notify_payload_lists_keys_or_says_reload() -> None:
    changes = ChangeSet()
    changes.add_upserted("crm.orders", "demo-crm", ["SO-1", "SO-2"])
    changes.add_deleted("crm.orders", "demo-crm", ["SO-3"])
    changes.add_upserted("mes.machine_events", "demo-mes", [f"E-{i}" for i in range(201)])
    for n in range(30):  # many feeds of 200 long ids: too much for one NOTIFY
        changes.add_upserted(f"mes.feed{n}", "demo-mes", [f"M-{n}-{i:040}" for i in range(200)])
    payload = changes_payload(changes)
    assert len(payload.encode()) < 7900
    feeds = json.loads(payload)["feeds"]
    assert feeds["crm.orders"] == [["demo-crm", "SO-1"], ["demo-crm", "SO-2"],
                                   ["demo-crm", "SO-3"]]
    assert feeds["mes.machine_events"] is None  # more than 200: reload
    assert set(feeds) == changes.kinds
    assert any(feeds[f"mes.feed{n}"] is None for n in range(30))
