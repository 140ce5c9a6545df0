"""The plan of what the cache holds now: the console's shared plan and the sync agent's rules
both start from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.analytics.schedule.dispatch import make_plan
from app.analytics.schedule.from_cache import snapshot_from_cache
from app.analytics.schedule.plan import Plan
from app.analytics.schedule.snapshot import PlantSnapshot
from app.cache.store import CacheStore


@dataclass(frozen=True, slots=True)
class PlanResult:
    snapshot: PlantSnapshot
    plan: Plan
    crm_source: str | None
    mes_source: str | None


def plan_from_cache(store: CacheStore, now: datetime) -> PlanResult | None:
    crm = store.sources_of("crm.orders")
    mes = store.sources_of("mes.work_orders", "mes.equipment")
    snapshot = snapshot_from_cache(store, now, crm_source=crm[0] if crm else None,
                                   mes_source=mes[0] if mes else None)
    if snapshot is None:
        return None
    return PlanResult(snapshot, make_plan(snapshot), crm[0] if crm else None,
                      mes[0] if mes else None)
