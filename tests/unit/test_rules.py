"""Automation rules on hand-built records: each default rule fires once per occurrence, across
repeated evaluations and after the cache is opened again; disabled rules stay quiet; the
parameters change the outcome."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.analytics.schedule.plan import JobPlan, Plan, PlannedOperation
from app.automation.rules.actions import outbox_action
from app.automation.rules.evaluate import RuleInputs, evaluate
from app.automation.rules.model import (
    DEFAULT_RULES,
    ActionState,
    Rule,
    RuleAction,
    RuleEvent,
    check_param,
)
from app.automation.rules.store import (
    firings,
    load_rules,
    record_firings,
    save_rule,
    set_action_state,
)
from app.cache.store import CacheStore
from app.domain import (
    Characteristic,
    Complaint,
    ComplaintStatus,
    Customer,
    Equipment,
    EquipmentLevel,
    FulfilmentLink,
    MachineState,
    MachineStatus,
    Measurement,
    Operation,
    OrderLine,
    OrderStatus,
    SalesOrder,
    Severity,
    Shipment,
    ShipmentLot,
    WorkOrder,
    WorkOrderStatus,
)
from app.sync import actions as sync_actions

TAIPEI = ZoneInfo("Asia/Taipei")
NOW = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)  # 7 Mar 10:00 in Taipei
RULES = {r.id: r for r in DEFAULT_RULES}


def line(no: int = 1, promised: date | None = date(2026, 3, 9), product: str = "P-300"
         ) -> OrderLine:
    return OrderLine(line_no=no, product_id=product, quantity=D(100), unit="pcs",
                     requested_date=date(2026, 3, 8), promised_date=promised)


def order(oid: str = "O1", *lines: OrderLine, created: datetime = NOW - timedelta(days=2),
          status: OrderStatus = OrderStatus.CONFIRMED, customer: str = "C1") -> SalesOrder:
    return SalesOrder(id=oid, number=f"SO-{oid}", customer_id=customer, status=status,
                      created_at=created, lines=list(lines) or [line()])


def work_order(oid: str = "O1", line_no: int = 1, machine: str = "M-211") -> WorkOrder:
    return WorkOrder(id=f"W-{oid}-{line_no}", number="MO-1", product_id="P-300",
                     quantity=D(100), unit="pcs", status=WorkOrderStatus.RUNNING,
                     operations=[Operation(sequence=10, work_center_id="WC-210",
                                           machine_id=machine)],
                     links=[FulfilmentLink(order_id=oid, line_no=line_no,
                                           work_order_id=f"W-{oid}-{line_no}",
                                           quantity=D(100), unit="pcs")])


def plan(finish: datetime, key: tuple[str, int] = ("O1", 1)) -> Plan:
    wo = f"W-{key[0]}-{key[1]}"
    op = PlannedOperation(wo, 10, "WC-210", "M-211", NOW, finish)
    job = JobPlan(job_id=wo, product_id="P-300", quantity=100.0, priority=3,
                  need_date=date(2026, 3, 9), work_order_id=wo, operations=(op,),
                  finish=finish)
    return Plan(made_at=NOW, zone=TAIPEI, jobs={wo: job}, line_finish={key: finish},
                line_jobs={key: (wo,)})


EQUIPMENT = [Equipment(id="M-211", site_id="S", level=EquipmentLevel.MACHINE, name="CNC 2-1",
                       parent_id="WC-210")]
CUSTOMERS = [Customer(id="C1", number="K1", name="Acme", key_account=True),
             Customer(id="C2", number="K2", name="Small", key_account=False)]


def inputs(now: datetime = NOW, **values) -> RuleInputs:
    values.setdefault("customers", CUSTOMERS)
    values.setdefault("equipment", EQUIPMENT)
    return RuleInputs(now=now, zone=TAIPEI, crm_source="crm", **values)


def only(rule_id: str, **changes) -> list[Rule]:
    return [dataclasses.replace(RULES[rule_id], **changes)]


@pytest.fixture
def cache_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/cache.sqlite3"


def fire_repeatedly(cache_url: str, rules: list[Rule], make_inputs, times: int = 3) -> list:
    """Evaluate `times` times, opening the cache again for the last round; every new firing."""
    fired = []
    for n in range(times):
        store = CacheStore.open(cache_url)
        try:
            found = evaluate(rules, make_inputs(n))
            fired += record_firings(store, found, {r.id: r.action for r in rules},
                                    now=NOW + timedelta(minutes=n))
        finally:
            store.close()
    return fired


# -- (1) order line without a work order ---------------------------------------------------
def test_order_without_work_order_fires_once_after_n_hours(cache_url: str) -> None:
    fresh = order("O2", created=NOW - timedelta(hours=1))
    old = order("O1", line(1), line(2), created=NOW - timedelta(hours=5))
    linked = work_order("O1", 2)
    fired = fire_repeatedly(cache_url, only("order_without_wo"),
                            lambda n: inputs(NOW + timedelta(minutes=n), orders=[old, fresh],
                                             work_orders=[linked]))
    assert [f.occurrence_key for f in fired] == ["order_without_wo:O1/1"]
    assert fired[0].subject == "SO-O1/1" and fired[0].order_id == "O1"


def test_order_without_work_order_hours_parameter() -> None:
    o = order("O1", created=NOW - timedelta(hours=5))
    assert not evaluate(only("order_without_wo", params={"hours": 6}), inputs(orders=[o]))
    assert evaluate(only("order_without_wo", params={"hours": 4.5}), inputs(orders=[o]))


def test_draft_and_cancelled_orders_need_no_work_order() -> None:
    rules = only("order_without_wo")
    for status in (OrderStatus.DRAFT, OrderStatus.CANCELLED, OrderStatus.SHIPPED):
        assert not evaluate(rules, inputs(orders=[order(status=status)]))


# -- (2) machine down longer than the slack ------------------------------------------------
def down(since: datetime) -> MachineStatus:
    return MachineStatus(id="M-211", state=MachineState.DOWN, since=since, reason="spindle")


def test_machine_down_longer_than_slack_fires_once(cache_url: str) -> None:
    # Predicted 9 Mar 20:00 local, promised 9 Mar: slack 4 h.
    finish = datetime(2026, 3, 9, 20, tzinfo=TAIPEI)
    since = NOW - timedelta(hours=5)
    fired = fire_repeatedly(cache_url, only("machine_down_slack"),
                            lambda n: inputs(NOW + timedelta(minutes=n), orders=[order()],
                                             work_orders=[work_order()],
                                             statuses=[down(since)], plan=plan(finish)))
    assert [f.occurrence_key for f in fired] == [
        f"machine_down_slack:M-211:{since.isoformat()}:O1/1"]
    assert fired[0].subject == "CNC 2-1"
    assert fired[0].facts["slack_hours"] == 4.0


def test_machine_down_shorter_than_slack_does_not_fire() -> None:
    finish = datetime(2026, 3, 9, 20, tzinfo=TAIPEI)
    found = evaluate(only("machine_down_slack"),
                     inputs(orders=[order()], work_orders=[work_order()],
                            statuses=[down(NOW - timedelta(hours=3))], plan=plan(finish)))
    assert found == []


# -- (3) predicted completion slips past the promised date ---------------------------------
def test_slip_fires_once_per_promised_date(cache_url: str) -> None:
    late = datetime(2026, 3, 11, 12, tzinfo=TAIPEI)
    o = order()
    fired = fire_repeatedly(cache_url, only("slip"),
                            lambda n: inputs(orders=[o], work_orders=[work_order()],
                                             plan=plan(late + timedelta(hours=n))))
    assert [f.occurrence_key for f in fired] == ["slip:O1/1:2026-03-09"]
    assert fired[0].facts["days"] == 2
    # A new promise that slips again is a new occurrence.
    moved = order("O1", line(promised=date(2026, 3, 10)))
    store = CacheStore.open(cache_url)
    try:
        again = record_firings(store, evaluate(only("slip"), inputs(
            orders=[moved], work_orders=[work_order()], plan=plan(late))),
            {"slip": RuleAction.ACTIVITY})
        assert [f.occurrence_key for f in again] == ["slip:O1/1:2026-03-10"]
    finally:
        store.close()


def test_slip_min_days_parameter() -> None:
    late = datetime(2026, 3, 11, 12, tzinfo=TAIPEI)
    made = inputs(orders=[order()], work_orders=[work_order()], plan=plan(late))
    assert evaluate(only("slip", params={"min_days": 2}), made)
    assert not evaluate(only("slip", params={"min_days": 3}), made)
    on_time = inputs(orders=[order()], work_orders=[work_order()],
                     plan=plan(datetime(2026, 3, 9, 23, tzinfo=TAIPEI)))
    assert not evaluate(only("slip"), on_time)


# -- (4) control-chart rule on a product shipped to a key customer -------------------------
CH = Characteristic(id="CH-1", product_id="P-300", operation_sequence=10, name="Bore",
                    unit="mm", lsl=None, usl=None, target=None, subgroup_size=1, critical=False)


def measurements(jump_at: int = 30, count: int = 40) -> list[Measurement]:
    start = NOW - timedelta(minutes=count)
    noise = random.Random(5)
    values = [round(10 + noise.gauss(0, 0.1), 3) for _ in range(count)]
    values[jump_at] = 20.0  # beyond 3 sigma: nelson-1
    return [Measurement(id=f"m{i}", characteristic_id="CH-1", value=D(str(v)),
                        measured_at=start + timedelta(minutes=i)) for i, v in enumerate(values)]


def shipment(customer: str) -> Shipment:
    return Shipment(id=f"S-{customer}", order_id="O1", line_no=1, customer_id=customer,
                    quantity=D(10), unit="pcs", shipped_at=NOW - timedelta(days=1),
                    lots=[ShipmentLot(lot_id="L1", quantity=D(10))])


def test_spc_rule_on_a_key_account_product_fires_once(cache_url: str) -> None:
    rows = measurements()
    fired = fire_repeatedly(cache_url, only("spc_key_customer"),
                            lambda n: inputs(orders=[order()], shipments=[shipment("C1")],
                                             characteristics=[CH],
                                             measurements={"CH-1": rows}))
    keys = [f.occurrence_key for f in fired]
    once = evaluate(only("spc_key_customer"), inputs(
        orders=[order()], shipments=[shipment("C1")], characteristics=[CH],
        measurements={"CH-1": rows}))
    assert sorted(keys) == sorted(o.key for o in once)  # the later rounds added nothing
    assert f"spc:CH-1:nelson-1:{rows[30].measured_at.isoformat()}" in keys
    assert fired[0].facts["customers"] == ["Acme"]


def test_spc_rule_needs_a_key_account_and_a_recent_violation() -> None:
    rows = {"CH-1": measurements()}
    small = inputs(orders=[order(customer="C2")], shipments=[shipment("C2")],
                   characteristics=[CH], measurements=rows)
    assert not evaluate(only("spc_key_customer"), small)
    key = inputs(orders=[order()], shipments=[shipment("C1")], characteristics=[CH],
                 measurements=rows)
    assert not evaluate(only("spc_key_customer", params={"lookback_hours": 0.1}), key)
    assert evaluate(only("spc_key_customer", params={"lookback_hours": 1}), key)


# -- (5) severe complaint ------------------------------------------------------------------
def complaint(cid: str, severity: Severity, status: ComplaintStatus = ComplaintStatus.OPEN
              ) -> Complaint:
    return Complaint(id=cid, number=f"CC-{cid}", customer_id="C1", order_id="O1",
                     category="noise", severity=severity, status=status,
                     opened_at=NOW - timedelta(hours=1))


def test_severe_complaint_fires_once(cache_url: str) -> None:
    complaints = [complaint("1", Severity.LOW), complaint("2", Severity.HIGH),
                  complaint("3", Severity.CRITICAL),
                  complaint("4", Severity.CRITICAL, ComplaintStatus.CLOSED)]
    fired = fire_repeatedly(cache_url, only("complaint_severe"),
                            lambda n: inputs(complaints=complaints))
    assert sorted(f.occurrence_key for f in fired) == ["complaint:2", "complaint:3"]
    assert {f.action for f in fired} == {RuleAction.ACTIVITY}


def test_complaint_min_severity_parameter() -> None:
    complaints = [complaint("1", Severity.MEDIUM), complaint("2", Severity.HIGH)]
    found = evaluate(only("complaint_severe", params={"min_severity": "critical"}),
                     inputs(complaints=complaints))
    assert found == []
    found = evaluate(only("complaint_severe", params={"min_severity": "medium"}),
                     inputs(complaints=complaints))
    assert [o.key for o in found] == ["complaint:1", "complaint:2"]


# -- rules in the cache ------------------------------------------------------------------
def test_defaults_are_inserted_once_and_edits_persist(cache_url: str) -> None:
    store = CacheStore.open(cache_url)
    try:
        rules = load_rules(store)
        assert [r.id for r in rules] == [r.id for r in DEFAULT_RULES]
        # Every default is on but the release by product family, which waits for a family.
        assert [r.id for r in rules if not r.enabled] == ["release_family"]
        assert RULES["order_without_wo"].param("hours") == 4
        save_rule(store, dataclasses.replace(rules[0], enabled=False, params={"hours": 8}))
    finally:
        store.close()
    store = CacheStore.open(cache_url)
    try:
        first = load_rules(store)[0]
        assert first.enabled is False and first.params == {"hours": 8}
    finally:
        store.close()


def test_a_disabled_rule_does_not_fire() -> None:
    o = order("O1", created=NOW - timedelta(hours=5))
    made = inputs(orders=[o], complaints=[complaint("2", Severity.HIGH)])
    assert evaluate(DEFAULT_RULES, made)
    disabled = [dataclasses.replace(r, enabled=False) for r in DEFAULT_RULES]
    assert evaluate(disabled, made) == []


def test_firings_newest_first_and_by_rule(cache_url: str) -> None:
    store = CacheStore.open(cache_url)
    try:
        o = order("O1", created=NOW - timedelta(hours=5))
        record_firings(store, evaluate(only("order_without_wo"), inputs(orders=[o])),
                       {"order_without_wo": RuleAction.ALERT}, now=NOW)
        record_firings(store, evaluate(only("complaint_severe"), inputs(
            complaints=[complaint("2", Severity.HIGH)])), {"complaint_severe": RuleAction.NOTICE},
            now=NOW + timedelta(minutes=1))
        assert [f.rule_id for f in firings(store)] == ["complaint_severe", "order_without_wo"]
        assert [f.rule_id for f in firings(store, "order_without_wo")] == ["order_without_wo"]
        first = firings(store)[0]
        assert first.action_state == ActionState.PENDING
        set_action_state(store, first.id, ActionState.NOTICE_OFFERED)
        assert firings(store)[0].action_state == "notice offered"
    finally:
        store.close()


def test_outbox_actions_of_firings(cache_url: str) -> None:
    store = CacheStore.open(cache_url)
    try:
        slip = record_firings(store, evaluate(only("slip"), inputs(
            orders=[order()], work_orders=[work_order()],
            plan=plan(datetime(2026, 3, 11, 12, tzinfo=TAIPEI)))), {"slip": RuleAction.ACTIVITY})
        action, state = outbox_action(slip[0])
        assert action is not None and state == ""
        assert action.target_id == "O1" and action.payload["kind"] == "note"
        assert "predicted 2026-03-11" in action.payload["subject"]
        hook = dataclasses.replace(slip[0], action=RuleAction.WEBHOOK)
        action, state = outbox_action(hook)  # no target configured
        assert action is None and state == ActionState.WEBHOOK_NOT_CONFIGURED
        action, state = outbox_action(hook, "quality-hub")
        if hasattr(sync_actions, "webhook"):  # the sync layer's webhooks are there
            assert action is not None and state == ""
            assert action.payload["id"] == "slip:O1/1:2026-03-09"
        else:
            assert action is None and state == ActionState.WEBHOOK_NOT_CONFIGURED
        orphan = dataclasses.replace(slip[0], order_id="")
        assert outbox_action(orphan) == (None, ActionState.NO_RECORD)
    finally:
        store.close()


def test_parameter_checks() -> None:
    assert check_param(RuleEvent.ORDER_WITHOUT_WORK_ORDER, "hours", 4) == ""
    assert check_param(RuleEvent.ORDER_WITHOUT_WORK_ORDER, "hours", 0) != ""
    assert check_param(RuleEvent.ORDER_WITHOUT_WORK_ORDER, "hours", "4") != ""
    assert check_param(RuleEvent.COMPLAINT_SEVERE, "min_severity", "urgent") != ""
    assert check_param(RuleEvent.COMPLETION_SLIP, "min_days", 0) != ""
