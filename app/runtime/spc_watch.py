"""The SPC watch over the cache: new rule violations on critical characteristics, and their
alerts with the orders they affect. The charts and rules are `app.analytics.quality_watch`'s,
shared with the Quality view. Calls read the cache: run them in a worker.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.analytics.quality_watch import (
    FIRST_CHECK_LOOKBACK,
    WATCH_SPAN,
    SpcFinding,
    WatchState,
    findings,
    spc_alert,
)
from app.automation.alerts import AffectedOrder, Alert
from app.cache.feed_maps import feed_map
from app.cache.queries import measurements
from app.cache.store import CacheStore
from app.runtime.machine_impact import orders_for_work_orders


def check_critical(store: CacheStore, state: WatchState, now: datetime,
                   rule_set: str = "nelson") -> list[SpcFinding]:
    """New violations on critical characteristics since `state` (which is updated)."""
    found: list[SpcFinding] = []
    newest = state.checked_until
    horizon = state.checked_until or now - FIRST_CHECK_LOOKBACK
    for source in _mes_sources(store):
        for ch in store.all(source, "mes.characteristics"):
            if not ch.critical:
                continue
            rows = measurements(store, source, ch.id, start=now - WATCH_SPAN)
            if not rows:
                continue
            if newest is None or rows[-1].measured_at > newest:
                newest = rows[-1].measured_at
            found += findings(source, ch, rows, horizon, state, rule_set)
    state.checked_until = newest
    return found


def _mes_sources(store: CacheStore) -> list[str]:
    table = feed_map("mes.characteristics").table
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(table.c.source).distinct()).scalars())


def spc_alerts(store: CacheStore, state: WatchState, now: datetime) -> list[Alert]:
    """check_critical's findings as SPC_RULE alerts, each with the open orders served by the
    work orders behind its points (key accounts first)."""
    found = check_critical(store, state, now)
    if not found:
        return []
    crm = store.sources_of("crm.orders")
    alerts: list[Alert] = []
    for f in found:
        affected: list[AffectedOrder] = []
        for crm_source in crm:
            affected += orders_for_work_orders(store, f.source, crm_source, f.work_order_ids)
        alerts.append(spc_alert(f, affected, now))
    return alerts
