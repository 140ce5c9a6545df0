"""The plan of what the cache holds now: the PlantSnapshot read from the cache and the plan
made of it. The console's shared plan and the sync agent's rules both start from here.

Blocking (the cache reads): call these in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from app.analytics.schedule.completion_range import with_ranges
from app.analytics.schedule.dispatch import make_plan
from app.analytics.schedule.holds import QUOTE_ACTION, holds_of, with_holds
from app.analytics.schedule.plan import Plan
from app.analytics.schedule.snapshot import LineKey, PlanSettings, PlantSnapshot
from app.cache.outbox import OutboxState
from app.cache.store import CacheStore
from app.domain import Calendar, EquipmentLevel, PlannedMaintenance, Shift

# Actions a person decided that the backend has not confirmed yet; parked ones were refused.
PENDING = {OutboxState.QUEUED, OutboxState.SENDING}


def snapshot_from_cache(store: CacheStore, now: datetime, *, crm_source: str | None = None,
                        mes_source: str | None = None,
                        settings: PlanSettings | None = None) -> PlantSnapshot | None:
    """None when the cache holds no MES source yet (nothing to plan). The plan starts at the
    plant's now: `now`, or the newest machine state change if later (a simulated plant may run
    ahead of the wall clock)."""
    mes = mes_source or _first(store.sources_of("mes.work_orders", "mes.equipment"))
    crm = crm_source or _first(store.sources_of("crm.orders"))
    if mes is None:
        return None
    sites = store.all(mes, "mes.sites")
    zone = ZoneInfo(sites[0].time_zone) if sites else ZoneInfo("UTC")
    equipment = store.all(mes, "mes.equipment")
    machines = {e.id: e.parent_id for e in equipment
                if e.level == EquipmentLevel.MACHINE and e.parent_id}
    calendars = store.all(mes, "mes.calendars")
    if not calendars and equipment:  # an ERP as the MES (Tryton): see assumed_floor
        machines, calendars = assumed_floor(equipment, machines, sites)
    promises: dict[LineKey, date] = {}
    priorities: dict[str, int] = {}
    windows: dict[str, list[PlannedMaintenance]] = {}  # by calendar id
    everything = store.outbox_items()
    for item in sorted((i for i in everything if i.state in PENDING),
                       key=lambda i: i.id):  # later ones win
        if item.action == "promise_date" and item.source == crm:
            promises[(item.target_id, int(item.payload["line_no"]))] = date.fromisoformat(
                item.payload["promised_date"])
        elif item.action == "priority" and item.source == mes:
            priorities[item.target_id] = int(item.payload["priority"])
        elif item.action == "maintenance" and item.source == mes:
            windows.setdefault(item.target_id, []).append(PlannedMaintenance(
                machine_id=str(item.payload["machine_id"]),
                start=_moment(item.payload["start"]), end=_moment(item.payload["end"]),
                reason=str(item.payload.get("reason", ""))))
    statuses = {s.id: s for s in store.all(mes, "mes.machine_status")}
    now = max([now, *(s.since for s in statuses.values())])
    orders = store.all(crm, "crm.orders") if crm else []
    # Quotes hold their capacity until they expire or are confirmed (app.analytics.schedule.
    # holds); the newest quote read is what a quote made from this snapshot has seen.
    holds = holds_of(everything, orders, now.astimezone(zone).date(), crm) if crm else []
    seen_hold = max((i.id for i in everything if i.action == QUOTE_ACTION), default=0)
    return PlantSnapshot(
        now=now, zone=zone, machines=machines,
        calendars=[_with_windows(c, windows.get(c.id, ())) for c in calendars],
        products={p.id: p for p in store.all(mes, "mes.products")},
        work_orders=store.all(mes, "mes.work_orders"),
        orders=with_holds(orders, holds), holds=holds, seen_hold=seen_hold,
        statuses=statuses,
        pending_promises=promises, pending_priorities=priorities,
        stock=store.all(mes, "mes.stock"), receipts=store.all(mes, "mes.receipts"),
        downtime=store.all(mes, "mes.downtime"),
        settings=settings or PlanSettings())


ASSUMED_SHIFT = Shift(name="assumed day shift", weekdays=[0, 1, 2, 3, 4], start=time(8),
                      end=time(16))


def assumed_floor(equipment: list, machines: dict[str, str], sites: list
                  ) -> tuple[dict[str, str], list[Calendar]]:
    """What the plan assumes of an MES that names work centers but keeps no shift calendar
    and no machines (an ERP such as Tryton): each work center without machines is one
    machine, and every work center works ASSUMED_SHIFT (Monday to Friday, 08:00 to 16:00 at
    the site). docs/backends/tryton.md says so."""
    centers = [e for e in equipment if e.level == EquipmentLevel.WORK_CENTER]
    with_machines = set(machines.values())
    floor = dict(machines)
    for center in centers:
        if center.id not in with_machines:
            floor[f"{center.id}:assumed"] = center.id
    site = sites[0].id if sites else (centers[0].site_id if centers else "")
    calendar = Calendar(id="assumed", version=1, site_id=site,
                        work_center_ids=sorted(c.id for c in centers), shifts=[ASSUMED_SHIFT])
    return floor, [calendar]


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _with_windows(calendar: Calendar, windows: Iterable[PlannedMaintenance]) -> Calendar:
    """A calendar with the maintenance planned here and still in the outbox: the plan counts
    it from the moment "Plan this window" is pressed, not only once the MES has it."""
    known = {(m.machine_id, m.start, m.end) for m in calendar.maintenance}
    new = [w for w in windows if (w.machine_id, w.start, w.end) not in known]
    return replace(calendar, maintenance=[*calendar.maintenance, *new]) if new else calendar


def _first(sources: list[str]) -> str | None:
    return sources[0] if sources else None


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
    plan = with_ranges(snapshot, make_plan(snapshot))
    return PlanResult(snapshot, plan, crm[0] if crm else None, mes[0] if mes else None)
