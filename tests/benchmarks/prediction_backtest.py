"""The backtest of predicted completions against the demo plant run forward (issue 28).

The demo plant in-process, with its year of history: the console's cache is filled from it once
(as one sync would: `tests.unit.plant_cache`), the console's plan is made from that cache and
every open work order's and order line's predicted finish (P10, P50, P90) and risk badge are
recorded. Then the plant's clock runs forward (the same `advance_to` that `/sim/v1/clock/advance`
calls) and the actual completions are read: a work order is complete when the plant says so, at
its last operation's end; a line is made when every work order linked to it is complete.

With `moments` above one, the same plant is planned again a week later, and again, each plan
from a cache filled afresh, and each scored as a run of its own (its horizons from its own
moment, its actuals read up to its own end): more predictions per seed, and the plant in other
weeks than the one after the start.

A prediction hits when the actual is within one 8-hour shift of the P50. A horizon of H days
scores the items predicted to finish within H days of the plan, or that really did; one not
complete when the run ends counts with the run's end as its actual (a lower bound: a miss if
that is already more than a shift after the prediction). A line breaks its promise when it is
made after its promised (else requested) date, a local date at the site; a work order breaks
its need date (the earliest promise of the lines it serves) the same way.

What a P50 can hit at all: the plan's own Monte Carlo runs (those its P10-P90 range is read
from) give, per item, the share of runs within a shift of the P50 and the most runs any one
16-hour window holds. While the range holds what it says, their mean over the scored items is
the hit share the P50, and any single date, may be expected to reach.
"""

from __future__ import annotations

import statistics
import tempfile
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.analytics import kpi
from app.analytics.order_risk import RiskLevel
from app.analytics.schedule.completion_range import finish_runs
from app.cache.store import CacheStore
from app.domain import WorkOrderStatus
from app.runtime.plan_inputs import plan_from_cache
from app.sim.plant import Plant
from app.sim.scale import default_history
from tests.unit.plant_cache import cache_from_plant

# A Wednesday, 09:00 at the plant (Asia/Taipei): three days out crosses a weekend.
START = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
SEEDS = (7, 11, 23)  # the demo plant's default seed and two others
HORIZONS = (3, 7, 21)
SHIFT = timedelta(hours=8)
# The run goes a little past the longest horizon, so an item predicted near its end still
# has an actual to be scored against.
MARGIN = timedelta(days=3)
FLAGGED = frozenset({RiskLevel.LATE, RiskLevel.AT_RISK})
MOMENTS_APART = timedelta(days=7)


@dataclass(slots=True)
class Prediction:
    key: str
    p10: datetime
    p50: datetime
    p90: datetime
    flagged: bool
    actual: datetime | None = None  # None: not complete when the run ended
    # A line's promised (else requested) date; a work order's need date (that of its lines).
    promised: date | None = None
    made_at: datetime | None = None  # the plan's moment (None: the run's first)
    ends_at: datetime | None = None  # the end of its run: later completions are unknown
    priority: int | None = None  # a work order's, as the plan dispatched it
    # Of the plan's Monte Carlo runs: the share within a shift of the P50, and the most any
    # one window of two shifts holds (None: no runs).
    runs_at_p50: float | None = None
    runs_best_date: float | None = None


@dataclass(slots=True)
class SeedRun:
    seed: int
    made_at: datetime
    ended_at: datetime
    work_orders: list[Prediction] = field(default_factory=list)
    lines: list[Prediction] = field(default_factory=list)
    lines_without_prediction: int = 0
    zone: ZoneInfo = UTC  # the site's: promised dates are local dates there


@dataclass(frozen=True, slots=True)
class Score:
    scored: int
    hits: int
    mean_error_h: float
    median_error_h: float
    bias_h: float  # mean of actual - P50: positive is late
    in_range: int  # actuals within [P10, P90] (of the scored with a known actual)
    known: int
    misses: int
    flagged_misses: int
    broken_promises: int = 0  # complete after their promised date (local, at the site)
    flagged_broken: int = 0
    with_runs: int = 0  # scored items with Monte Carlo runs, and the sums of their shares
    runs_at_p50: float = 0.0
    runs_best_date: float = 0.0

    @property
    def flagged_broken_share(self) -> float:
        return self.flagged_broken / self.broken_promises if self.broken_promises else float("nan")

    @property
    def hit_share(self) -> float:
        return self.hits / self.scored if self.scored else float("nan")

    @property
    def coverage(self) -> float:
        return self.in_range / self.known if self.known else float("nan")

    @property
    def flagged_share(self) -> float:
        return self.flagged_misses / self.misses if self.misses else float("nan")


def run_seed(seed: int, start: datetime = START, days: int = max(HORIZONS),
             moments: int = 1) -> SeedRun:
    plant = Plant(seed=seed, start=start, history=default_history(None))
    run: SeedRun | None = None
    for k in range(moments):
        _advance(plant, start + k * MOMENTS_APART)
        with tempfile.TemporaryDirectory() as folder:
            store = CacheStore.open(f"sqlite:///{Path(folder) / 'cache.sqlite3'}")
            try:
                cache_from_plant(plant, store)
                made = _predict(seed, plant, store)
            finally:
                store.close()
        ends_at = made.made_at + timedelta(days=days) + MARGIN
        for p in (*made.work_orders, *made.lines):
            p.made_at, p.ends_at = made.made_at, ends_at
        if run is None:
            run = made
        else:
            run.work_orders.extend(made.work_orders)
            run.lines.extend(made.lines)
            run.lines_without_prediction += made.lines_without_prediction
    assert run is not None
    first_end = run.made_at + timedelta(days=days) + MARGIN
    _advance(plant, max(p.ends_at or first_end for p in (*run.work_orders, *run.lines)))
    run.ended_at = plant.now
    _read_actuals(run, plant)
    return run


def _advance(plant: Plant, to: datetime) -> None:
    while plant.now < to:  # a day at a time, as the control API allows at most a few
        plant.advance_to(min(plant.now + timedelta(days=1), to))


def _predict(seed: int, plant: Plant, store: CacheStore) -> SeedRun:
    result = plan_from_cache(store, plant.now)
    assert result is not None, "the plant's cache gave no plan"
    snapshot, plan = result.snapshot, result.plan
    mes, crm = result.mes_source, result.crm_source
    risks = kpi.line_risks(
        snapshot.orders, snapshot.work_orders, store.all(crm, "crm.shipments"), snapshot.now,
        snapshot.zone, products=list(snapshot.products.values()),
        statuses=list(snapshot.statuses.values()), equipment=store.all(mes, "mes.equipment"),
        plan=plan)
    flagged_lines = {key for key, risk in risks.items() if risk.level in FLAGGED}
    promised = {(o.id, line.line_no): snapshot.pending_promises.get(
        (o.id, line.line_no), line.promised_date) or line.requested_date
        for o in snapshot.orders for line in o.lines}
    run = SeedRun(seed, plan.made_at, plan.made_at)
    runs = finish_runs(snapshot)
    for job in plan.jobs.values():
        if job.work_order_id is None or job.finish is None:
            continue
        span = plan.job_range(job.job_id)
        p10, p90 = (span.p10, span.p90) if span is not None else (job.finish, job.finish)
        served = {(link.order_id, link.line_no) for wo in snapshot.work_orders
                  if wo.id == job.work_order_id for link in wo.links}
        flagged = bool(served & flagged_lines) or _p90_past_due(plan, job, p90)
        # A work order's date is the one its risk is judged by: its line's need date.
        run.work_orders.append(Prediction(
            job.work_order_id, p10, job.finish, p90, flagged, promised=job.need_date,
            priority=job.priority,
            **_run_shares(runs.jobs.get(job.job_id) if runs else None, job.finish)))
    for key in plan.line_finish:
        span = plan.line_range(key)
        if span is None:
            run.lines_without_prediction += 1
            continue
        run.lines.append(Prediction(
            f"{key[0]}/{key[1]}", span.p10, span.p50, span.p90, key in flagged_lines,
            promised=promised.get(key),
            **_run_shares(runs.lines.get(key) if runs else None, span.p50)))
    run.zone = plan.zone
    return run


def _run_shares(finishes: list[float] | None, p50: datetime) -> dict[str, float]:
    if not finishes:
        return {}
    at_p50, best = run_shares(finishes, p50.timestamp())
    return {"runs_at_p50": at_p50, "runs_best_date": best}


def run_shares(finishes: list[float], p50: float) -> tuple[float, float]:
    """Of sorted finish times (seconds): the share within a shift of `p50`, and the largest
    share that any window of two shifts holds (one starting at a finish time is as good as
    any)."""
    shift = SHIFT.total_seconds()
    n = len(finishes)
    at_p50 = bisect_right(finishes, p50 + shift) - bisect_left(finishes, p50 - shift)
    best = max(bisect_right(finishes, x + 2 * shift) - i for i, x in enumerate(finishes))
    return at_p50 / n, best / n


def _p90_past_due(plan, job, p90: datetime) -> bool:
    return job.need_date is not None and plan.local_date(p90) > job.need_date


def _read_actuals(run: SeedRun, plant: Plant) -> None:
    done: dict[str, datetime | None] = {}
    by_line: dict[str, list[str]] = {}
    for wo in plant.production.work_orders.values():
        finished = None
        if wo.status is WorkOrderStatus.COMPLETED:
            finished = max((op.actual_end for op in wo.operations if op.actual_end),
                           default=None)
        done[wo.id] = finished
        for link in wo.links:
            by_line.setdefault(f"{link.order_id}/{link.line_no}", []).append(wo.id)
    for p in run.work_orders:
        p.actual = _by_its_end(done.get(p.key), p)
    for p in run.lines:
        ends = [done.get(w) for w in by_line.get(p.key, ())]
        p.actual = _by_its_end(max(ends) if ends and all(ends) else None,  # type: ignore[type-var]
                               p)


def _by_its_end(actual: datetime | None, p: Prediction) -> datetime | None:
    """The actual as the prediction's own run would have seen it (None: not by its end)."""
    return None if actual is None or (p.ends_at is not None and actual > p.ends_at) else actual


def score(predictions: list[Prediction], made_at: datetime, ended_at: datetime,
          days: int, zone: ZoneInfo = UTC) -> Score:
    errors: list[float] = []
    hits = in_range = known = misses = flagged = broken = flagged_broken = with_runs = 0
    runs_at_p50 = runs_best = 0.0
    for p in predictions:
        horizon = (p.made_at or made_at) + timedelta(days=days)
        actual = p.actual if p.actual is not None else (p.ends_at or ended_at)
        if p.p50 > horizon and actual > horizon:
            continue
        error = (actual - p.p50).total_seconds() / 3600.0
        errors.append(error)
        if abs(error) <= SHIFT.total_seconds() / 3600.0:
            hits += 1
        else:
            misses += 1
            flagged += p.flagged
        if p.actual is not None:
            known += 1
            in_range += p.p10 <= p.actual <= p.p90
        if p.promised is not None and actual.astimezone(zone).date() > p.promised:
            broken += 1
            flagged_broken += p.flagged
        if p.runs_at_p50 is not None and p.runs_best_date is not None:
            with_runs += 1
            runs_at_p50 += p.runs_at_p50
            runs_best += p.runs_best_date
    absolute = [abs(e) for e in errors]
    return Score(len(errors), hits,
                 statistics.fmean(absolute) if absolute else float("nan"),
                 statistics.median(absolute) if absolute else float("nan"),
                 statistics.fmean(errors) if errors else float("nan"),
                 in_range, known, misses, flagged, broken, flagged_broken, with_runs,
                 runs_at_p50, runs_best)


def pooled(scores: list[Score]) -> tuple[float, float, float, float]:
    """Hit share, range coverage, flagged share of misses and of broken promises over
    several scores."""
    def share(a: int, b: int) -> float:
        return a / b if b else float("nan")
    return (share(sum(s.hits for s in scores), sum(s.scored for s in scores)),
            share(sum(s.in_range for s in scores), sum(s.known for s in scores)),
            share(sum(s.flagged_misses for s in scores), sum(s.misses for s in scores)),
            share(sum(s.flagged_broken for s in scores), sum(s.broken_promises for s in scores)))


def pooled_runs(scores: list[Score]) -> tuple[float, float]:
    """Over several scores: the mean share of the Monte Carlo runs within a shift of the P50,
    and the mean of the most any one window of two shifts holds."""
    n = sum(s.with_runs for s in scores)
    if not n:
        return float("nan"), float("nan")
    return (sum(s.runs_at_p50 for s in scores) / n, sum(s.runs_best_date for s in scores) / n)
