"""Why predicted completions miss: each work order the backtest (prediction_backtest.py) scores
as a miss, its planned operations beside what the plant really did, and the cause that moved
its finish most (issue 28).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.prediction_misses \
        [--seeds 7 11 23] [--days 21] [--detail]

The error of a finish (actual - P50) is the sum over its operations of how much later each one
started, from the end of the one before, than planned ("wait") and how much longer it took
("duration"). A wait is split into the materials the plan waited for that the plant did not
(`material`), work that went ahead of it on the machine: orders the plan knew but placed behind
it (`dispatch`), orders that arrived after the plan (`new_orders`), and anything else
(`queue`). A duration into unplanned downtime on its machine (`downtime`), setup (`setup`),
nights and weekends it was stretched over beyond the plan's (`calendar`) and the rest
(`run_rate`). A miss is put down to the cause with the largest share of its error (same sign).
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from app.analytics.schedule.supply import shift_windows
from app.analytics.schedule.working_time import WorkingTime
from app.cache.store import CacheStore
from app.domain import MachineState
from app.runtime.plan_inputs import plan_from_cache
from app.sim.plant import Plant
from app.sim.scale import default_history
from tests.benchmarks.prediction_backtest import MARGIN, SHIFT, START
from tests.unit.plant_cache import cache_from_plant

CAUSES = ("material", "dispatch", "new_orders", "queue", "downtime", "setup", "calendar",
          "run_rate")


def _h(seconds: float) -> float:
    return seconds / 3600.0


def diagnose(seed: int, days: int, detail: bool) -> tuple[Counter, dict[str, float], int, int]:
    plant = Plant(seed=seed, start=START, history=default_history(None))
    with tempfile.TemporaryDirectory() as folder:
        store = CacheStore.open(f"sqlite:///{Path(folder) / 'cache.sqlite3'}")
        try:
            cache_from_plant(plant, store)
            result = plan_from_cache(store, plant.now)
        finally:
            store.close()
    assert result is not None
    plan, snapshot = result.plan, result.snapshot
    made = plan.made_at
    known = {wo.id for wo in snapshot.work_orders}
    end = START + timedelta(days=21) + MARGIN
    while plant.now < end:
        plant.advance_to(min(plant.now + timedelta(days=1), end))
    # Machine state intervals after the plan, per machine.
    states: dict[str, list[tuple[float, float, MachineState]]] = defaultdict(list)
    for change in plant.feeds["mes.machine_events"].changes_after(0):
        if change.deleted:
            continue
        body = change.body
        a = datetime.fromisoformat(body["start"]).timestamp()
        b = datetime.fromisoformat(body["end"]).timestamp() if body.get("end") else end.timestamp()
        if b > made.timestamp():
            states[body["machine_id"]].append((a, b, MachineState(body["state"])))
    center_time: dict[str, WorkingTime] = {}
    for cal in snapshot.calendars:
        time = WorkingTime(shift_windows(cal, snapshot.zone, made - timedelta(days=1),
                                         end + timedelta(days=1)))
        for c in cal.work_center_ids:
            center_time.setdefault(c, time)
    # Which work order ran on each machine when (actual), for the queue split.
    runs: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for wo in plant.production.work_orders.values():
        for op in wo.operations:
            if op.machine_id and op.actual_start:
                b = op.actual_end or plant.now
                runs[op.machine_id].append((op.actual_start.timestamp(), b.timestamp(), wo.id))
    planned_start = {}
    for job in plan.jobs.values():
        if job.work_order_id and job.operations:
            planned_start[job.work_order_id] = job.operations[0].start.timestamp()

    def state_time(machine: str, a: float, b: float, which: set) -> float:
        return sum(max(0.0, min(b, e) - max(a, s)) for s, e, st in states.get(machine, ())
                   if st in which)

    totals: dict[str, float] = defaultdict(float)
    causes: Counter = Counter()
    misses = scored = 0
    horizon = made + timedelta(days=days)
    for job in plan.jobs.values():
        if job.work_order_id is None or job.finish is None:
            continue
        wo = plant.production.work_orders.get(job.work_order_id)
        if wo is None:
            continue
        done = [op.actual_end for op in wo.operations if op.actual_end]
        actual = max(done) if wo.status.value == "completed" and done else plant.now
        if job.finish > horizon and actual > horizon:
            continue
        scored += 1
        error = _h((actual - job.finish).total_seconds())
        if abs(error) <= _h(SHIFT.total_seconds()):
            continue
        misses += 1
        share: dict[str, float] = defaultdict(float)
        planned = {op.sequence: op for op in job.operations}
        prev_p = prev_a = made.timestamp()
        if (job.material_ready is not None and job.material_ready > made and job.operations
                and job.operations[0].start >= job.material_ready - timedelta(minutes=1)):
            # The plan held the job for its materials: that wait is material's, not queueing.
            prev_p = job.material_ready.timestamp()
            share["material"] += _h(made.timestamp() - prev_p)
        rows = []
        for op in sorted(wo.operations, key=lambda o: o.sequence):
            p = planned.get(op.sequence)
            if p is None:
                continue
            sp, fp = p.start.timestamp(), p.finish.timestamp()
            sa = op.actual_start.timestamp() if op.actual_start else actual.timestamp()
            fa = op.actual_end.timestamp() if op.actual_end else actual.timestamp()
            sa = max(sa, made.timestamp()) if p.running else sa
            wait = _h((sa - prev_a) - (sp - prev_p))
            if wait:
                # Never started: everything its work center ran meanwhile went ahead of it.
                where = ([op.machine_id] if op.machine_id else
                         [m for m, c in snapshot.machines.items() if c == op.work_center_id])
                ahead = [w for m in where for s, e, w in runs.get(m, ()) if e > prev_a
                         and s < sa and w != wo.id]
                new = sum(1 for w in ahead if w not in known)
                dispatch = sum(1 for w in ahead if w in known
                               and planned_start.get(w, 0) > sp)
                if ahead and new >= dispatch and new:
                    share["new_orders"] += wait
                elif ahead and dispatch:
                    share["dispatch"] += wait
                else:
                    share["queue"] += wait
            dur = _h((fa - sa) - (fp - sp))
            machine = op.machine_id or p.machine_id
            time = center_time.get(op.work_center_id)
            down = _h(state_time(machine, sa, fa, {MachineState.DOWN, MachineState.OFFLINE}))
            setup = _h(state_time(machine, sa, fa, {MachineState.SETUP}))
            off_a = _h((fa - sa) - time.between(sa, fa)) if time else 0.0
            off_p = _h((fp - sp) - time.between(sp, fp)) if time else 0.0
            planned_setup = 0.0  # the plan does not split setup from run
            calendar = off_a - off_p
            rest = dur - down - calendar - (setup - planned_setup)
            share["downtime"] += down
            share["calendar"] += calendar
            share["setup"] += setup - planned_setup
            share["run_rate"] += rest - 0.0
            rows.append(f"    op{op.sequence} {op.work_center_id} plan {p.machine_id} "
                        f"{p.start:%a %d %H:%M}-{p.finish:%a %d %H:%M} actual {op.machine_id} "
                        f"{datetime.fromtimestamp(sa, made.tzinfo):%a %d %H:%M}-"
                        f"{datetime.fromtimestamp(fa, made.tzinfo):%a %d %H:%M} wait {wait:+.1f}h"
                        f" dur {dur:+.1f}h (down {down:.1f} setup {setup:.1f} "
                        f"cal {calendar:+.1f})")
            prev_p, prev_a = fp, fa
        for k, v in share.items():
            totals[k] += v
        same = {k: v for k, v in share.items() if v * error > 0}
        cause = max(same, key=lambda k: abs(same[k])) if same else "unexplained"
        causes[cause] += 1
        if detail:
            print(f"  seed {seed} {wo.id} p{job.priority} {job.product_id} q{job.quantity:.0f} "
                  f"error {error:+.1f} h -> {cause}; "
                  + ", ".join(f"{k} {v:+.1f}" for k, v in sorted(share.items()) if abs(v) > .05))
            for row in rows:
                print(row)
    return causes, totals, misses, scored


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    parser.add_argument("--days", type=int, default=21)
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args()
    for seed in args.seeds:
        causes, totals, misses, scored = diagnose(seed, args.days, args.detail)
        print(f"seed {seed}, {args.days} d: {misses} misses of {scored} work orders; by cause: "
              + ", ".join(f"{k} {n}" for k, n in causes.most_common()), flush=True)
        print("  hours of error by cause (summed over the misses): "
              + ", ".join(f"{k} {totals[k]:+.0f}" for k in CAUSES if k in totals), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
