"""A cache whose rules fire every kind of action state in one round, an outbox queue that
stores in that cache, and the sync agent's round run on it without Qt.

    fill(store)                                 # orders, complaints and rules; clock: NOW
    python -m tests.unit.rules_round_cache URL  # the agent's round on the cache at URL

The module imports no Qt (the agent's path): run as a script it fails when Qt was loaded.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from app.automation.rules.model import DEFAULT_RULES, Rule, RuleAction, RuleEvent
from app.automation.rules.store import save_rules
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
from app.domain.actions import Action

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)

# Besides the defaults, rules on the same events with the other actions: every state a round
# decides shows up (raised, notice offered, queued, no record, webhook not configured).
EXTRA_RULES = (
    Rule("owo_notice", "Notice", RuleEvent.ORDER_WITHOUT_WORK_ORDER, {}, RuleAction.NOTICE,
         True, 6),
    Rule("owo_activity", "Activity", RuleEvent.ORDER_WITHOUT_WORK_ORDER, {},
         RuleAction.ACTIVITY, True, 7),
    Rule("owo_hook", "Hook", RuleEvent.ORDER_WITHOUT_WORK_ORDER, {"webhook_target": "ops"},
         RuleAction.WEBHOOK, True, 8),
    Rule("complaint_hook", "Unset hook", RuleEvent.COMPLAINT_SEVERE, {}, RuleAction.WEBHOOK,
         True, 9),
)


def fill(store: CacheStore, orders: int = 3) -> None:
    """`orders` confirmed orders without work orders; a severe complaint on an order, one
    without."""
    save_rules(store, [*DEFAULT_RULES, *EXTRA_RULES])
    store.upsert("crm", "crm.customers", [Customer(id="C1", number="K1", name="Acme",
                                                   key_account=True)])
    store.upsert("crm", "crm.orders", [SalesOrder(
        id=f"O{n}", number=f"SO-{n}", customer_id="C1", status=OrderStatus.CONFIRMED,
        created_at=NOW - timedelta(hours=6, minutes=n),
        lines=[OrderLine(line_no=1, product_id="P-300", quantity=D(5), unit="pcs",
                         requested_date=NOW.date() + timedelta(days=9))])
        for n in range(orders)])
    store.upsert("crm", "crm.complaints", [
        Complaint(id="C8", number="CC-8", customer_id="C1", order_id="O0", category="noise",
                  severity=Severity.HIGH, status=ComplaintStatus.OPEN,
                  opened_at=NOW - timedelta(hours=1)),
        Complaint(id="C9", number="CC-9", customer_id="C1", category="burr",
                  severity=Severity.CRITICAL, status=ComplaintStatus.OPEN,
                  opened_at=NOW - timedelta(hours=2))])
    for feed in ("crm.customers", "crm.orders", "crm.complaints"):
        store.mark_synced("crm", feed, at=NOW)


class CacheOutbox:
    """queue_action as the sync engine does it, minus the sender: into the cache's outbox."""

    def __init__(self, store: CacheStore) -> None:
        self.store = store

    async def queue_action(self, action: Action) -> OutboxItem:
        return self.store.outbox_add(
            source=action.source, action=action.kind.value, target_feed=action.target_feed,
            target_id=action.target_id, payload=action.payload,
            record_version=action.version, made_by=action.made_by, now=NOW)


def run_agent_round(url: str) -> int:
    """The agent's round on the cache at `url`, clock at NOW: how many firings it stored."""
    from app.agent.rules import AgentRules

    store = CacheStore.open(url)
    try:
        agent = AgentRules(store, CacheOutbox(store), clock=lambda: NOW)
        return len(asyncio.run(agent.round()))
    finally:
        store.close()


if __name__ == "__main__":
    fired = run_agent_round(sys.argv[1])
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print(f"fired {fired}; Qt modules: {qt}")
    sys.exit(1 if qt else 0)
