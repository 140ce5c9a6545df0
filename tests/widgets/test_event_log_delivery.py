"""The event log shows how far a fired action really got: for a CRM activity that went through
the outbox, the outbox item's state (the same words as the Outbox dialog), not the "queued"
written when the firing was handled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from app.automation.rules.actions import outbox_action
from app.automation.rules.cycle import run_rules
from app.automation.rules.model import ActionState, Firing, RuleAction
from app.automation.rules.store import firings, set_action_states
from app.cache.outbox import OutboxItem
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
from app.sync.bridge import SyncBridge
from widgets.automation.event_log_view import EventLogView

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
STATE = 4  # the event log's State column


def severe_complaint_on_an_order(store: CacheStore) -> None:
    store.upsert("crm", "crm.customers", [Customer(id="C1", number="K1", name="Acme",
                                                   key_account=True)])
    store.upsert("crm", "crm.orders", [SalesOrder(
        id="O1", number="SO-1", customer_id="C1", status=OrderStatus.CONFIRMED,
        created_at=NOW - timedelta(hours=1),
        lines=[OrderLine(line_no=1, product_id="P-300", quantity=D(5), unit="pcs",
                         requested_date=NOW.date() + timedelta(days=9))])])
    store.upsert("crm", "crm.complaints", [Complaint(
        id="C9", number="CC-9", customer_id="C1", order_id="O1", category="noise",
        severity=Severity.HIGH, status=ComplaintStatus.OPEN, opened_at=NOW - timedelta(hours=1))])
    for feed in ("crm.customers", "crm.orders", "crm.complaints"):
        store.mark_synced("crm", feed, at=NOW)


def fire(store: CacheStore) -> Firing:
    """The severe complaint fires its rule, whose action is a CRM activity on the order."""
    severe_complaint_on_an_order(store)
    new, _rules = run_rules(store, NOW, None)
    (fired,) = [f for f in new if f.rule_id == "complaint_severe"]
    assert fired.action == RuleAction.ACTIVITY and fired.order_id == "O1"
    return fired


def fire_and_queue(store: CacheStore) -> tuple[int, OutboxItem]:
    """A firing, then what the rule round does with its CRM activity: queue it in the outbox
    and store the firing as queued, as that outbox item."""
    fired = fire(store)
    action, _state = outbox_action(fired)
    assert action is not None
    item = store.outbox_add(source=action.source, action=action.kind.value,
                            target_feed=action.target_feed, target_id=action.target_id,
                            payload=action.payload, made_by=action.made_by, now=NOW)
    set_action_states(store, {fired.id: ActionState.QUEUED}, outbox_ids={fired.id: item.id})
    return fired.id, item


def state_shown(view: EventLogView, firing_id: int) -> str:
    (row,) = [r for r, f in enumerate(view.rows) if f.id == firing_id]
    return view.table.item(row, STATE).text()


def shows(view: EventLogView, firing_id: int, word: str) -> bool:
    return any(f.id == firing_id for f in view.rows) and state_shown(view, firing_id) == word


def test_a_delivered_crm_activity_shows_as_sent(qtbot, store: CacheStore, bridge: SyncBridge
                                               ) -> None:
    firing_id, item = fire_and_queue(store)
    view = EventLogView(store, bridge=bridge)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: shows(view, firing_id, "waiting"))  # the Outbox dialog's word

    # The sender delivers it and announces the outbox: the log follows the item.
    assert store.outbox_mark_delivered(item.id, now=NOW + timedelta(seconds=5))
    with qtbot.waitSignal(view.loaded):
        bridge.publish_outbox(store.outbox_items())
    assert state_shown(view, firing_id) == "sent"
    # The firing itself was never rewritten: the outbox item is the one place of the fact.
    assert {f.id: f.action_state for f in firings(store)}[firing_id] == ActionState.QUEUED


def test_a_refused_then_dropped_activity(qtbot, store: CacheStore, bridge: SyncBridge) -> None:
    firing_id, item = fire_and_queue(store)
    assert store.outbox_mark_parked(item.id, "crm refused it (HTTP 422): no such order")
    view = EventLogView(store, bridge=bridge)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: shows(view, firing_id, "refused"))

    assert store.outbox_drop(item.id)  # an administrator dropped it
    with qtbot.waitSignal(view.loaded):
        bridge.publish_outbox(store.outbox_items())
    assert state_shown(view, firing_id) == "no longer in the outbox"


def test_an_outbox_change_elsewhere_reads_nothing_again(qtbot, store: CacheStore,
                                                       bridge: SyncBridge) -> None:
    firing_id, _item = fire_and_queue(store)
    other = store.outbox_add(source="crm", action="activity", target_feed="crm.orders",
                             target_id="O1", payload={"kind": "note", "subject": "by hand"},
                             now=NOW)
    view = EventLogView(store, bridge=bridge)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: shows(view, firing_id, "waiting"))
    reloads: list[bool] = []
    view.loaded.connect(lambda: reloads.append(True))
    store.outbox_mark_delivered(other.id, now=NOW)
    bridge.publish_outbox(store.outbox_items())  # no firing's item changed: no new read
    assert not view._loading and reloads == []


def test_firings_without_an_outbox_item_keep_their_own_state(qtbot, store: CacheStore
                                                            ) -> None:
    firing_id = fire(store).id
    set_action_states(store, {firing_id: ActionState.OFFLINE})  # no sync engine: not sent
    view = EventLogView(store)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: shows(view, firing_id, "offline: not sent"))
