"""Each default automation rule driven by a demo-plant scenario (the plant in-process, its
records copied into a cache): the rule fires once per occurrence, also when the rules run again
after the plant moves on, and after the cache is opened again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from app.analytics.schedule import make_plan
from app.automation.rules.cycle import run_rules
from app.automation.rules.evaluate import evaluate
from app.automation.rules.load import inputs_from_cache
from app.automation.rules.model import Firing, RuleAction
from app.automation.rules.store import firings, load_rules
from app.cache.store import CacheStore
from app.domain import MachineState, OrderLine, Severity
from app.runtime.plan_inputs import snapshot_from_cache
from app.sim.plant import Plant
from tests.unit.plant_cache import cache_from_plant

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 14:00 at the plant (Asia/Taipei)


class Rig:
    """A plant and a cache that follows it; `run()` copies the plant and runs the rules."""

    def __init__(self, tmp_path: Path) -> None:
        self.plant = Plant(seed=7, start=START, history=timedelta(days=1))
        self.url = f"sqlite:///{tmp_path}/cache.sqlite3"
        self.store = CacheStore.open(self.url)

    def plan(self):
        snapshot = snapshot_from_cache(self.store, self.plant.now)
        return make_plan(snapshot) if snapshot is not None else None

    def run(self) -> list[Firing]:
        cache_from_plant(self.plant, self.store)
        new, _rules = run_rules(self.store, self.plant.now, self.plan())
        return new

    def found(self, rule_id: str) -> list[str]:
        """The occurrence keys the rule sees now (fired before or not)."""
        rules = load_rules(self.store)
        plan = self.plan()
        return [o.key for o in evaluate(rules, inputs_from_cache(
            self.store, self.plant.now, plan, rules)) if o.rule_id == rule_id]

    def reopen(self) -> None:
        self.store.close()
        self.store = CacheStore.open(self.url)

    def fired(self, rule_id: str, needle: str = "") -> list[Firing]:
        return [f for f in firings(self.store, rule_id) if needle in f.occurrence_key]

    def close(self) -> None:
        self.store.close()


def test_order_line_without_work_order(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    try:
        rig.run()
        today = rig.plant.orders.today()
        # Entered in the CRM, never planned by the plant: no work order serves it.
        order = rig.plant.orders.place("C-001", [OrderLine(
            line_no=1, product_id="P-300", quantity=Decimal(40), unit="pcs",
            requested_date=today + timedelta(days=10))], plan=False)
        rig.plant.advance(3600)
        assert not [f for f in rig.run() if order.id in f.occurrence_key]  # 1 h: not yet
        rig.plant.advance(4 * 3600)
        new = [f for f in rig.run() if f.rule_id == "order_without_wo"]
        assert [f.occurrence_key for f in new] == [f"order_without_wo:{order.id}/1"]
        assert new[0].subject == f"{order.number}/1"
        for _ in range(2):
            rig.plant.advance(3600)
            rig.reopen()
            assert not [f for f in rig.run() if order.id in f.occurrence_key]
        assert len(rig.fired("order_without_wo", order.id)) == 1
    finally:
        rig.close()


def test_machine_down_longer_than_slack_and_slip(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    try:
        rig.run()
        # O-000003/1 (seed 7) finishes today at 20:49 local, with a few hours to spare if the
        # promise is today; its last operation runs on M-331 or M-332.
        key = ("O-000003", 1)
        predicted = rig.plan().line_completion_date(key)
        rig.plant.set_promised_date(*key, predicted, reason="test")
        for machine in ("M-331", "M-332"):
            rig.plant.set_machine_state(machine, MachineState.DOWN, "coolant pump")
        for _ in range(8):
            rig.plant.advance(3600)
            rig.run()
        down = rig.fired("machine_down_slack", "O-000003/1")
        assert len(down) == 1
        assert down[0].occurrence_key.startswith("machine_down_slack:M-33")
        assert down[0].facts["down_hours"] > down[0].facts["slack_hours"]
        slips = rig.fired("slip", "O-000003/1")
        assert [f.occurrence_key for f in slips] == [f"slip:O-000003/1:{predicted.isoformat()}"]
        assert slips[0].action == RuleAction.NOTICE
        rig.reopen()
        rig.plant.advance(3600)
        rig.run()
        assert len(rig.fired("machine_down_slack", "O-000003/1")) == 1
        assert len(rig.fired("slip", f"O-000003/1:{predicted.isoformat()}")) == 1
    finally:
        rig.close()


def test_control_chart_rule_on_a_key_account_product(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    try:
        rig.plant.load_scenario("quiet")  # no random drift: only ours
        rig.run()
        assert not rig.fired("spc_key_customer", "CH-300-20")
        lab = rig.plant.quality
        ch = next(c for c in lab.characteristics if c.id == "CH-300-20")  # P-300, shipped to
        lab.start_drift(ch, lab.machines_for(ch), "shift", 3.0, 10.0)  # key accounts
        seen: list[str] = []
        for _ in range(6):
            rig.plant.advance(3600)
            new = [f.occurrence_key for f in rig.run() if "CH-300-20" in f.occurrence_key]
            assert not set(new) & set(seen)
            seen += new
            # Whatever the rules see now was fired already, or is a pattern of its own.
            assert set(rig.found("spc_key_customer")) >= set(new)
        fired = rig.fired("spc_key_customer", "CH-300-20")
        for a in fired:  # one firing per pattern: no two firings of a rule overlap in time
            for b in fired:
                if a.id < b.id and a.facts["rule"] == b.facts["rule"]:
                    assert (a.facts["last"] < b.facts["first"]
                            or b.facts["last"] < a.facts["first"])
        assert seen, "the drift fired no control-chart rule"
        rig.reopen()
        rig.run()
        assert sorted(f.occurrence_key for f in rig.fired("spc_key_customer", "CH-300-20")
                      ) == sorted(seen)
    finally:
        rig.close()


def test_severe_complaint(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    try:
        rig.plant.load_scenario("quiet")
        rig.run()
        low = rig.plant.add_complaint(customer_id="C-003", category="cosmetic",
                                      severity=Severity.LOW)
        before = set(rig.plant.complaints.complaints)
        rig.plant.load_scenario("complaint")  # high severity, from a key account's shipment
        (high,) = set(rig.plant.complaints.complaints) - before
        new = [f for f in rig.run() if f.rule_id == "complaint_severe"]
        keys = [f.occurrence_key for f in new]
        assert f"complaint:{low.id}" not in keys
        assert keys == [f"complaint:{high}"]
        assert all(f.action == RuleAction.ACTIVITY for f in new)
        for _ in range(2):
            rig.plant.advance(1800)
            rig.reopen()
            again = [f.occurrence_key for f in rig.run() if f.rule_id == "complaint_severe"]
            assert not set(again) & set(keys)
        for k in keys:
            assert len([f for f in firings(rig.store, "complaint_severe")
                        if f.occurrence_key == k]) == 1
    finally:
        rig.close()
