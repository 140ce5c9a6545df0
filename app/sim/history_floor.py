"""The machine feeds of the generated history, from what each machine did (app.sim.machine_time).

A machine's time is covered without gaps or overlaps by state events: outside its shifts it is
idle ("no shift"), in planned maintenance it is in maintenance, inside a shift it is in setup,
running or down as booked, otherwise idle waiting for work. Downtime records the down and
maintenance stretches. Production counts are per shift (not per five minutes, as the detailed
simulation counts), one per work order that ran in the shift.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from app.domain import Downtime, MachineState, PlannedMaintenance, ProductionCount, StateEvent
from app.sim.core import SimCore
from app.sim.journal import Journal
from app.sim.machine_time import MachineTime, Span, Window

S = MachineState
NO_SHIFT = "no shift"
STARVED = "starved: no work queued"
Interval = tuple[datetime, datetime, MachineState, str]


def calendar_timeline(t0: datetime, t1: datetime, windows: list[Window],
                      maintenance: list[PlannedMaintenance]) -> list[Interval]:
    """[t0, t1) as no-shift, waiting and maintenance stretches."""
    out: list[Interval] = []
    t = t0
    for ws, we in windows:
        if ws > t:
            out.append((t, ws, S.IDLE, NO_SHIFT))
        out.append((max(t, ws), we, S.IDLE, STARVED))
        t = we
    if t < t1:
        out.append((t, t1, S.IDLE, NO_SHIFT))
    # Planned maintenance cuts into whatever it falls on.
    return overlay(out, [(w.start, w.end, S.MAINTENANCE, w.reason) for w in maintenance])


def overlay(base: list[Interval], top: list[Interval]) -> list[Interval]:
    """`base` (covering a stretch of time without gaps) with the `top` intervals laid over it;
    both sorted by start, `top` without overlaps."""
    out: list[Interval] = []
    j = 0
    for bs, be, state, reason in base:
        t = bs
        while j < len(top) and top[j][1] <= t:
            j += 1
        k = j
        while k < len(top) and top[k][0] < be:
            ts, te = max(top[k][0], bs), min(top[k][1], be)
            if ts > t:
                out.append((t, ts, state, reason))
            if te > ts:
                out.append((ts, te, top[k][2], top[k][3]))
            t = max(t, te)
            if top[k][1] > be:
                break
            k += 1
        if t < be:
            out.append((t, be, state, reason))
    return merge(out)


def merge(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for iv in intervals:
        if iv[1] <= iv[0]:
            continue
        if out and out[-1][2] == iv[2] and out[-1][3] == iv[3] and out[-1][1] == iv[0]:
            out[-1] = (out[-1][0], iv[1], iv[2], iv[3])
        else:
            out.append(iv)
    return out


def publish_machine(core: SimCore, journal: Journal, m: MachineTime, base: list[Interval],
                    shifts: list[Window], t1: datetime) -> None:
    spans = sorted((s.start, min(s.end, t1), s.state, s.reason) for s in m.spans
                   if s.start < t1)
    for start, end, state, reason in overlay(base, spans):
        n = core.next_number("event")
        journal.put("mes.machine_events", StateEvent(
            id=f"EV-{n:07d}", machine_id=m.id, state=state, start=start, end=end,
            reason=reason), end)
        if state in (S.DOWN, S.MAINTENANCE):
            n = core.next_number("downtime")
            journal.put("mes.downtime", Downtime(
                id=f"DT-{n:06d}", machine_id=m.id, start=start, end=end,
                reason=reason or str(state), planned=state is S.MAINTENANCE), end)
    _counts(journal, m, shifts)


def _counts(journal: Journal, m: MachineTime, shifts: list[Window]) -> None:
    """Good and scrap per shift and work order: each running stretch's units shared over the
    shifts it overlaps, in proportion to time; a count spans the work order's running time in
    the shift (so each count has one product and its rate), a shift without any one count."""
    made: dict[int, dict[str, list]] = defaultdict(dict)  # shift -> wo id -> [wo, g, s, a, b]
    starts = [s for s, _ in shifts]
    for span in m.spans:
        if span.state is not S.RUNNING or span.wo is None:
            continue
        total = (span.end - span.start).total_seconds()
        i = max(0, bisect.bisect_right(starts, span.start) - 1)
        done_g = done_s = 0
        covered = 0.0
        while i < len(shifts) and shifts[i][0] < span.end:
            a, b = max(span.start, shifts[i][0]), min(span.end, shifts[i][1])
            if b > a:
                covered += (b - a).total_seconds()
                share = covered / total if total else 1.0
                g, s = round(span.good * share) - done_g, round(span.scrap * share) - done_s
                done_g, done_s = done_g + g, done_s + s
                entry = made[i].setdefault(span.wo.id, [span.wo, 0, 0, a, b])
                entry[1] += g
                entry[2] += s
                entry[3], entry[4] = min(entry[3], a), max(entry[4], b)
            i += 1
    for i, (start, end) in enumerate(shifts):
        parts = sorted(made.get(i, {}).values(), key=lambda e: e[3])
        if not parts:
            journal.put("mes.production_counts", ProductionCount(
                id=f"PC-{m.id[2:]}-{start:%Y%m%d%H%M}", machine_id=m.id, work_order_id=None,
                product_id=None, start=start, end=end, good=Decimal(0), scrap=Decimal(0)), end)
        used: set[str] = set()
        for wo, good, scrap, a, b in parts:
            stamp = f"{a:%Y%m%d%H%M}"
            key = stamp if stamp not in used else f"{a:%Y%m%d%H%M%S}-{wo.id}"
            used.add(key)
            journal.put("mes.production_counts", ProductionCount(
                id=f"PC-{m.id[2:]}-{key}", machine_id=m.id, work_order_id=wo.id,
                product_id=wo.product_id, start=a, end=b, good=Decimal(good),
                scrap=Decimal(scrap)), end)


def share_units(spans: list[Span], good: int, scrap: int) -> None:
    """Spread an operation's good and scrap over its running stretches, by time."""
    running = [s for s in spans if s.state is S.RUNNING]
    total = sum((s.end - s.start).total_seconds() for s in running)
    covered, done_g, done_s = 0.0, 0, 0
    for s in running:
        covered += (s.end - s.start).total_seconds()
        share = covered / total if total else 1.0
        s.good, s.scrap = round(good * share) - done_g, round(scrap * share) - done_s
        done_g += s.good
        done_s += s.scrap
