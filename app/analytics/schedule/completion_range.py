"""The range of each predicted completion (P10 and P90 beside the plan's P50), by Monte Carlo:
the plan is made again a few dozen times, each operation taking a working time drawn from how
far the floor's past operations at its work center strayed from the learned model, and the
load of more urgent orders that a wait beginning on one past day, drawn at random, really met
(app.analytics.schedule.urgent_load). The spread of those plans' finish times is the range;
the plan's own finish stays the P50.

Seeded, so the same snapshot gives the same ranges. Pure computation: run it in a worker.
"""

from __future__ import annotations

import random
import statistics
from bisect import insort
from dataclasses import dataclass, replace
from datetime import datetime

from app.analytics.schedule.demand import Job
from app.analytics.schedule.dispatch import new_schedule, ordered_jobs, run
from app.analytics.schedule.floor_model import FloorModel, floor_model
from app.analytics.schedule.plan import LineKey, Plan, Spread
from app.analytics.schedule.snapshot import PlantSnapshot
from app.collector import collector_paused

QUANTILES = 10  # deciles: the range is the first and the last, P10 and P90
MAX_RUNS = 40
MIN_RUNS = 12
# Operations planned over all runs at most, so a plant of thousands of work orders gets fewer
# runs (a coarser range) rather than a plan that takes seconds.
OPERATION_BUDGET = 60_000
SEED = 28


@dataclass(frozen=True, slots=True)
class FinishRuns:
    """The finish times (POSIX seconds, sorted) of each job and order line over the runs."""
    jobs: dict[str, list[float]]
    lines: dict[LineKey, list[float]]


def finish_runs(snapshot: PlantSnapshot) -> FinishRuns | None:
    """The Monte Carlo runs' finish times (None when the floor has no history to learn the
    variability from)."""
    model = floor_model(snapshot)
    if not model.residuals:
        return None
    jobs = ordered_jobs(snapshot)
    steps = sum(len(job.steps) for job in jobs) or 1
    runs = max(MIN_RUNS, min(MAX_RUNS, OPERATION_BUDGET // steps))
    rng = random.Random(SEED)
    finishes: dict[str, list[float]] = {}
    line_finishes: dict[LineKey, list[float]] = {}
    with collector_paused():
        for _ in range(runs):
            schedule = new_schedule(snapshot)
            schedule.model = week = _drawn_model(model, rng)
            drawn = [_drawn_job(job, week, rng) for job in _ties_shuffled(jobs, rng)]
            done = run(schedule, drawn, ordered=True)
            for job_id, job in done.placed.items():
                if job.finish is not None:
                    insort(finishes.setdefault(job_id, []), job.finish.timestamp())
            for key, finish in done.line_finish.items():
                if finish is not None:
                    insort(line_finishes.setdefault(key, []), finish.timestamp())
    return FinishRuns(finishes, line_finishes)


def with_ranges(snapshot: PlantSnapshot, plan: Plan) -> Plan:
    """`plan` with its job and line ranges and its spread (unchanged when the floor has no
    history to learn the variability from)."""
    runs = finish_runs(snapshot)
    if runs is None:
        return plan
    job_ranges = {}
    for job_id, job in plan.jobs.items():
        if job.finish is not None and job_id in runs.jobs:
            job_ranges[job_id] = _range(runs.jobs[job_id], job.finish)
    line_ranges = {}
    for key, finish in plan.line_finish.items():
        if finish is not None and key in runs.lines:
            line_ranges[key] = _range(runs.lines[key], finish)
    return replace(plan, job_ranges=job_ranges, line_ranges=line_ranges,
                   spread=_spread(plan, job_ranges))


def _ties_shuffled(jobs: list[Job], rng: random.Random) -> list[Job]:
    """The jobs in dispatch order, those of the same priority and date in a random order:
    among equals the floor picks by what its machines are set up for, which the plan does
    not follow."""
    out: list[Job] = []
    group: list[Job] = []
    key = None
    for job in jobs:
        k = job.dispatch_key()[:2]
        if k != key and group:
            rng.shuffle(group)
            out.extend(group)
            group = []
        key = k
        group.append(job)
    rng.shuffle(group)
    out.extend(group)
    return out


def _drawn_model(model: FloorModel, rng: random.Random) -> FloorModel:
    if not model.urgent_days:
        return model
    return model.day(rng.randrange(len(model.urgent_days)))


def _drawn_job(job: Job, model: FloorModel, rng: random.Random) -> Job:
    steps = []
    for step in job.steps:
        # Against the center's rate, whichever machine (FloorModel.residuals).
        past = model.residuals.get(step.work_center_id)
        steps.append(replace(step, seconds=step.seconds * rng.choice(past)) if past else step)
    return replace(job, steps=steps)


def _range(samples: list[float], p50: datetime) -> tuple[datetime, datetime]:
    """P10 and P90 of a few dozen runs, each at rank (n + 1)·p ("exclusive"): the next
    actual is as likely to fall outside as the bounds say. The rank (n − 1)·p would cut
    the range short: from 40 runs it holds about 76 % of outcomes, from 12 about 68 %."""
    if len(samples) < 2:
        low = high = samples[0]
    else:
        cuts = statistics.quantiles(samples, n=QUANTILES, method="exclusive")
        low, high = cuts[0], cuts[-1]
    return (min(datetime.fromtimestamp(low, p50.tzinfo), p50),
            max(datetime.fromtimestamp(high, p50.tzinfo), p50))


def _spread(plan: Plan, ranges: dict[str, tuple[datetime, datetime]]) -> Spread | None:
    lows, highs = [], []
    for job_id, (low, high) in ranges.items():
        finish = plan.jobs[job_id].finish
        lead = (finish - plan.made_at).total_seconds() if finish is not None else 0.0
        if lead >= 3600.0:  # a job about done says nothing of a date weeks away
            lows.append((low - plan.made_at).total_seconds() / lead)
            highs.append((high - plan.made_at).total_seconds() / lead)
    if not lows:
        return None
    lows.sort()
    highs.sort()
    return Spread(lows[len(lows) // 2], highs[len(highs) // 2])
