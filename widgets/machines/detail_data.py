"""What the machine detail shows, read in one background call: recent signals, the shift's
state events and downtime Pareto, and the orders the machine puts at risk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.automation.alerts import AffectedOrder
from app.cache.store import CacheStore
from app.domain import StateEvent
from app.runtime.machine_impact import machine_impact
from app.runtime.plan_inputs import PlanResult, plan_from_cache
from widgets.machines.oee_period import Period, period_window
from widgets.machines.plant_snapshot import MachineKey

SIGNAL_WINDOW = timedelta(minutes=60)


@dataclass(slots=True)
class DetailData:
    times: list[float]  # epoch seconds of the samples
    signals: dict[str, list[float]]  # name -> values, aligned with times (NaN where missing)
    shift: tuple[datetime, datetime]
    events: list[StateEvent]
    pareto: list  # ParetoBar
    affected: list[AffectedOrder]


def load_detail(store: CacheStore, key: MachineKey, plant_now: datetime, time_zone: str | None,
                with_orders: bool, plan: PlanResult | None = None) -> DetailData:
    """`plan`: the console's shared plan; without it, the orders are judged on the plan of
    the cache at `plant_now`, as the shared plan makes it."""
    from app.analytics.oee import downtime_pareto
    from app.cache.queries import downtimes, state_events

    source, machine_id = key
    now = datetime.now(UTC)  # samples are stamped with the console's clock
    samples = store.status_samples(source, machine_id, now - SIGNAL_WINDOW,
                                   now + timedelta(minutes=1))
    names = sorted({name for s in samples for name in s.signals})
    times = [s.sampled_at.timestamp() for s in samples]
    signals = {name: [float(s.signals.get(name, float("nan"))) for s in samples]
               for name in names}
    start, end = period_window(store, source, Period.SHIFT, plant_now, time_zone)
    events = state_events(store, source, start, end, [machine_id])
    pareto = downtime_pareto(downtimes(store, source, start, end, [machine_id]), start, end)
    affected: list[AffectedOrder] = []
    if with_orders:
        if plan is None:
            plan = plan_from_cache(store, plant_now)
        affected = machine_impact(store, source, machine_id, plan)
    return DetailData(times, signals, (start, end), events, pareto, affected)
