"""One rules round, not two: the sync agent (without Qt, in a process of its own) and a desk's
RuleRunner, given the same cache and clock, store the same firings, decide the same action
states and queue the same outbox actions."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

from app.automation.rules.model import ActionState
from app.automation.rules.store import firings
from app.cache.store import CacheStore
from tests.unit.rules_round_cache import NOW, CacheOutbox, fill
from widgets.automation.rule_runner import RuleRunner

ROOT = Path(__file__).resolve().parents[2]


class Alerts:
    def __init__(self) -> None:
        self.batches: list[list] = []

    def raise_alert(self, alert) -> bool:
        return bool(self.raise_alerts([alert]))

    def raise_alerts(self, alerts) -> list:
        self.batches.append(list(alerts))
        return self.batches[-1]


def outbox(store: CacheStore) -> list[tuple]:
    """The queued actions, without what the outbox adds (ids, times) nor the webhook's
    occurred_at: app.automation.rules.actions stamps it with the wall clock, not the round's."""
    return [(i.source, i.action, i.target_feed, i.target_id, i.made_by,
             {k: v for k, v in i.payload.items() if k != "occurred_at"})
            for i in store.outbox_items()]


def test_the_agent_and_a_desk_run_the_same_round(qtbot, qloop, tmp_path: Path,
                                                 desk_runtime) -> None:
    # One cache, copied: the agent's and the desk's start from the same file.
    made = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    fill(made)
    made.close()
    for copy in ("agent", "desk"):
        shutil.copy(tmp_path / "cache.sqlite3", tmp_path / f"{copy}.sqlite3")

    agent_url = f"sqlite:///{tmp_path / 'agent.sqlite3'}"
    ran = subprocess.run([sys.executable, "-m", "tests.unit.rules_round_cache", agent_url],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert ran.returncode == 0, ran.stdout + ran.stderr  # it fails if Qt was loaded
    assert ran.stdout.startswith("fired 16;")

    desk = CacheStore.open(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    agent = CacheStore.open(agent_url)
    try:
        alerts = Alerts()
        # The desk's runtime plans the cache at NOW, as the agent's does.
        link = desk_runtime(desk, lambda: NOW)
        link.updated.connect(lambda update: update.alerts and alerts.raise_alerts(update.alerts))
        runner = RuleRunner(link, CacheOutbox(desk))

        async def round_and_queue() -> list[int]:
            # As in the console: the round's `changed`, then the one after the queued
            # actions' states are stored.
            rounds: list[int] = []
            changes: list[int] = []
            stored = asyncio.Event()
            runner.round_done.connect(rounds.append)
            runner.changed.connect(
                lambda: (changes.append(1), len(changes) == 2 and stored.set()))
            runner.run_now()
            await asyncio.wait_for(stored.wait(), 60)
            return rounds

        assert qloop.run_until_complete(round_and_queue()) == [16]

        stored = firings(desk)
        assert stored == firings(agent)  # ids, keys, facts, actions and states alike
        assert outbox(desk) == outbox(agent)
        states = {(f.rule_id, f.action_state) for f in stored}
        assert states == {
            ("order_without_wo", ActionState.RAISED),
            ("owo_notice", ActionState.NOTICE_OFFERED),
            ("owo_activity", ActionState.QUEUED), ("owo_hook", ActionState.QUEUED),
            ("complaint_severe", ActionState.QUEUED), ("complaint_severe", ActionState.NO_RECORD),
            ("complaint_hook", ActionState.WEBHOOK_NOT_CONFIGURED)}
        # Activities and calls, each queued once, and each open line's progress for the CRM.
        assert len(outbox(desk)) == 3 + 3 + 1 + 3
        assert [i.action for i in desk.outbox_items()].count("progress") == 3
        # Each queued firing names the outbox item its action went out as.
        assert sorted(f.outbox_id for f in stored if f.action_state == ActionState.QUEUED
                      ) == sorted(i.id for i in desk.outbox_items() if i.action != "progress")
        # The desk alone raises the alerts, in one batch, in words.
        assert [[(a.key, a.subject_name) for a in batch] for batch in alerts.batches] == [
            [(f"rule:order_without_wo:order_without_wo:O{n}/1",
              "New confirmed order line without a work order") for n in range(3)]]
    finally:
        link.stop(wait=60)  # the runtime is done with it
        desk.close()
        agent.close()
