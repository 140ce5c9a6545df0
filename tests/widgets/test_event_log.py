"""The automation event log (newest first, filter by rule, "Draft notice…") and the rule
runner that fills it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from app.automation.rules.model import ActionState, Occurrence, RuleAction, RuleEvent
from app.automation.rules.store import firings, load_rules, record_firings
from app.cache.store import CacheStore
from app.domain import (
    Complaint,
    ComplaintStatus,
    Customer,
    OrderLine,
    OrderStatus,
    SalesOrder,
    Severity,
)
from widgets.automation.event_log_view import EventLogView
from widgets.automation.rule_runner import RuleRunner

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def occurrence(rule_id: str, event: RuleEvent, key: str, subject: str, **facts) -> Occurrence:
    return Occurrence(rule_id, event, key, NOW, subject, facts, "crm", "O1")


def fill(store: CacheStore) -> None:
    load_rules(store)
    record_firings(store, [occurrence("order_without_wo", RuleEvent.ORDER_WITHOUT_WORK_ORDER,
                                      "order_without_wo:O1/1", "SO-1/1", hours=4,
                                      customer="Acme", product="P-300")],
                   {"order_without_wo": RuleAction.ALERT}, now=NOW)
    record_firings(store, [occurrence("complaint_severe", RuleEvent.COMPLAINT_SEVERE,
                                      "complaint:C9", "CC-9", severity="high",
                                      category="noise", customer="Acme", lot="")],
                   {"complaint_severe": RuleAction.NOTICE}, now=NOW + timedelta(hours=1))
    record_firings(store, [occurrence("slip", RuleEvent.COMPLETION_SLIP, "slip:O1/1:2025-03-09",
                                      "SO-1/1", predicted="2025-03-11",
                                      promised="2025-03-09", days=2, customer="Acme")],
                   {"slip": RuleAction.ACTIVITY}, now=NOW + timedelta(hours=2))


def test_the_log_lists_firings_newest_first(qtbot, store: CacheStore) -> None:
    fill(store)
    view = EventLogView(store)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.table.rowCount() == 3)
    assert [f.rule_id for f in view.rows] == ["slip", "complaint_severe", "order_without_wo"]
    assert "predicted 2025-03-11" in view.table.item(0, 2).text()
    assert "CC-9" in view.table.item(1, 2).text()
    assert view.table.item(1, 3).text() == "Draft a customer notice"
    assert view.table.item(0, 4).text() == "pending"


def test_filter_by_rule(qtbot, store: CacheStore) -> None:
    fill(store)
    view = EventLogView(store)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.table.rowCount() == 3)
    assert view.filter.count() == 1 + 7  # all rules, then each rule
    view.set_rule_filter("complaint_severe")
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert view.rows[0].rule_id == "complaint_severe"
    view.set_rule_filter(None)
    qtbot.waitUntil(lambda: view.table.rowCount() == 3)


def test_draft_notice_emits_the_firing(qtbot, store: CacheStore) -> None:
    fill(store)
    view = EventLogView(store)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.table.rowCount() == 3)
    view.table.selectRow(0)  # an activity firing: no notice to draft
    assert not view.notice_button.isEnabled()
    view.table.selectRow(1)
    assert view.notice_button.isEnabled()
    with qtbot.waitSignal(view.notice_requested) as blocker:
        view.notice_button.click()
    assert blocker.args[0].occurrence_key == "complaint:C9"


class Alerts:
    def __init__(self) -> None:
        self.raised = []

    def raise_alert(self, alert) -> bool:
        self.raised.append(alert)
        return True

    def raise_alerts(self, alerts) -> list:
        return [a for a in alerts if self.raise_alert(a)]


def test_the_runner_fires_once_raises_alerts_and_records_states(qtbot, store: CacheStore,
                                                                 desk_runtime) -> None:
    store.upsert("crm", "crm.customers", [Customer(id="C1", number="K1", name="Acme",
                                                   key_account=True)])
    store.upsert("crm", "crm.orders", [SalesOrder(
        id="O1", number="SO-1", customer_id="C1", status=OrderStatus.CONFIRMED,
        created_at=NOW - timedelta(hours=6),
        lines=[OrderLine(line_no=1, product_id="P-300", quantity=D(5), unit="pcs",
                         requested_date=NOW.date() + timedelta(days=9))])])
    store.upsert("crm", "crm.complaints", [Complaint(
        id="C9", number="CC-9", customer_id="C1", category="noise", severity=Severity.HIGH,
        status=ComplaintStatus.OPEN, opened_at=NOW - timedelta(hours=1))])
    for feed in ("crm.customers", "crm.orders", "crm.complaints"):
        store.mark_synced("crm", feed, at=NOW)
    alerts = Alerts()
    link = desk_runtime(store, lambda: NOW)
    link.updated.connect(lambda update: alerts.raise_alerts(update.alerts))
    runner = RuleRunner(link, None)
    view = EventLogView(store, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(runner.round_done) as done:
        runner.run_now()
    assert done.args == [2]
    assert [a.key for a in alerts.raised] == ["rule:order_without_wo:order_without_wo:O1/1"]
    # The complaint adds a CRM activity, which this offline runner cannot queue: it says so.
    qtbot.waitUntil(lambda: {f.action_state for f in firings(store)}
                    == {ActionState.RAISED, ActionState.NO_RECORD})
    qtbot.waitUntil(lambda: view.table.rowCount() == 2
                    and "no CRM order to add it to" in {view.table.item(r, 4).text()
                                                        for r in range(2)})
    with qtbot.waitSignal(runner.round_done) as again:
        runner.run_now()  # the same conditions: nothing new
    assert again.args == [0]
    assert len(alerts.raised) == 1 and len(firings(store)) == 2
