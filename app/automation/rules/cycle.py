"""One round of the rules against the cache: load rules and records, evaluate, store the new
firings. Blocking (reads and writes the cache); a round (app.automation.rules.round) runs it
in a desk's worker or in the sync agent's thread.

Importing this module is cheap (the console reads RULE_FEEDS at start-up); the evaluation and
its analytics (numpy, SPC) are imported by the first round.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from app.automation.rules.model import Firing, Rule
from app.automation.rules.store import load_rules, record_firings
from app.cache.store import CacheStore

if TYPE_CHECKING:
    from app.analytics.schedule.plan import Plan

# The feeds the rules read (besides the plan's): a change in one calls for a round.
RULE_FEEDS = frozenset({"crm.orders", "crm.customers", "crm.shipments", "crm.complaints",
                        "mes.work_orders", "mes.machine_status", "mes.measurements",
                        "mes.characteristics"})


def run_rules(store: CacheStore, now: datetime, plan: Plan | None
              ) -> tuple[list[Firing], dict[str, Rule]]:
    """The firings new to the cache (each rule fires once per occurrence) and the rules by id."""
    from app.automation.rules.evaluate import evaluate
    from app.automation.rules.load import inputs_from_cache

    rules = load_rules(store)
    if not any(r.enabled for r in rules):
        return [], {r.id: r for r in rules}
    found = evaluate(rules, inputs_from_cache(store, now, plan, rules))
    new = record_firings(store, found, {r.id: r.action for r in rules}, now=now)
    return new, {r.id: r for r in rules}
