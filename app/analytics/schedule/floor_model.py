"""What the plan learns from the floor's history, in one object made once per snapshot:
each machine's setup and run factors, its downtime allowance, and the capacity more urgent
orders not yet placed will take. Without history (a new source, a hand-built snapshot) every
figure is the routing's ideal and nothing is held back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.analytics.schedule.downtime_allowance import Reliability, reliability
from app.analytics.schedule.floor_history import floor_history
from app.analytics.schedule.learned_rates import IDEAL, Rate, learned_rates
from app.analytics.schedule.snapshot import PlantSnapshot
from app.analytics.schedule.urgent_load import UrgentLoad, urgent_loads


@dataclass(frozen=True, slots=True)
class FloorModel:
    rates: dict[str, Rate] = field(default_factory=dict)  # machine or work center id
    reliability: dict[str, Reliability] = field(default_factory=dict)
    urgent: UrgentLoad = field(default_factory=UrgentLoad)
    # For the range of a predicted date: each past operation's working time over what this
    # model says it takes at its work center, whichever machine: the plan gives an operation
    # not begun its center's rate, as which machine takes it is not known, and machines
    # differ (for one under way, on its machine, that is a little wide); and the urgent load
    # met by a wait that began on each past day, with the number of whole weeks back that
    # day lies.
    residuals: dict[str, tuple[float, ...]] = field(default_factory=dict)
    urgent_days: tuple[tuple[int, UrgentLoad], ...] = ()
    # The residuals of each past week alone (weeks back from the end): a slow week is slow at
    # many operations at once, which draws from the whole history would average out.
    residual_weeks: tuple[dict[str, tuple[float, ...]], ...] = ()

    def day(self, k: int) -> FloorModel:
        """The model as a wait that began on that past day met the floor: the urgent orders
        placed meanwhile, and the residuals of that day's week."""
        weeks_back, urgent = self.urgent_days[k]
        week = self.residual_weeks[weeks_back] if weeks_back < len(self.residual_weeks) else {}
        return replace(self, urgent=urgent, residuals={**self.residuals, **week})

    def seconds(self, center: str, machine: str | None, setup: float, run: float) -> float:
        """Working seconds an operation takes on `machine` (None: some machine of `center`),
        its expected downtime included."""
        key = machine if machine is not None and machine in self.rates else center
        worked = self.rates.get(key, IDEAL).seconds(setup, run)
        rel = self.reliability.get(machine or "") or self.reliability.get(center)
        return worked * (1.0 + rel.allowance) if rel is not None else worked

    def stretch(self, center: str, priority: int, wait: float) -> float:
        """How much longer a job of `priority` waits at `center` than the `wait` (seconds)
        today's orders alone make it wait (1.0: nothing more urgent is expected)."""
        return self.urgent.stretch(center, priority, wait)


NO_HISTORY = FloorModel()
WEEK = 7 * 86400.0


def floor_model(snapshot: PlantSnapshot) -> FloorModel:
    if not snapshot.settings.learn_from_history:
        return NO_HISTORY
    return snapshot.cached("floor_model", lambda: _model(snapshot))


def _model(snapshot: PlantSnapshot) -> FloorModel:
    history = floor_history(snapshot)
    if not history.operations:
        return NO_HISTORY
    rel = reliability(history, snapshot.downtime)
    urgent = urgent_loads(history)
    model = FloorModel(learned_rates(history, rel), rel, urgent.average)
    weeks = int((history.end - history.start) // WEEK)
    residuals: dict[str, list[float]] = {}
    weekly: list[dict[str, list[float]]] = [{} for _ in range(weeks)]
    for op in history.operations:
        expected = model.seconds(op.work_center_id, None, op.setup_seconds,
                                 op.nominal_seconds - op.setup_seconds)
        if expected <= 0:
            continue
        ratio = op.working_seconds / expected
        residuals.setdefault(op.work_center_id, []).append(ratio)
        k = int((history.end - op.start) // WEEK)
        if k < len(weekly):
            weekly[k].setdefault(op.work_center_id, []).append(ratio)
    return replace(model, residuals={c: tuple(r) for c, r in residuals.items()},
                   urgent_days=tuple((int((history.end - start) // WEEK), load)
                                     for start, load in urgent.days),
                   residual_weeks=tuple({c: tuple(r) for c, r in w.items()} for w in weekly))
