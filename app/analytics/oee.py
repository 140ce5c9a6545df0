"""Overall equipment effectiveness after ISO 22400-2 — pure functions, no cache, no Qt.

Times (ISO 22400 names):

- PBT, planned busy time: the planned production time of the work unit — its shifts, in the
  site's time zone, without holidays — minus planned downtime (planned maintenance).
- APT, actual production time: the part of PBT in which the machine was RUNNING. Setup, idle,
  unplanned down time and unplanned maintenance are in PBT but not in APT.
- ADOT, actual unit down time: here the part of PBT in which the machine was DOWN or
  OFFLINE (reported for the views; the ratios do not use it).
- Ideal output time (ISO: planned run time per unit × produced quantity): the sum over the
  production counts of (good + scrap) × the routing's ideal seconds per unit.

Ratios:

- availability = APT / PBT
- performance (ISO: effectiveness) = ideal output time / APT
- quality ratio = good quantity / produced quantity (good + scrap)
- OEE = availability × performance × quality

Everything is measured within the window asked for: an open state event or downtime lasts
until the window's end, so for the shift in progress pass `end=now` (the source's clock; the
demo plant runs on simulated time), or the rest of the shift counts as planned but not run.

A ratio whose denominator is zero is None (a holiday has no planned time, an idle shift has
no running time), and so is OEE when any ratio is None. Figures of several machines add up
(`combine`), so a work center, line or plant is the ratio of sums, never a mean of ratios.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.analytics.intervals import Interval, clip, merge, overlap_seconds, subtract, total_seconds
from app.analytics.pareto import ParetoBar, pareto
from app.domain import Calendar, Downtime, MachineState, ProductionCount, StateEvent

_DOWN_STATES = frozenset({MachineState.DOWN, MachineState.OFFLINE})


@dataclass(frozen=True, slots=True)
class OeeFigures:
    planned_busy_seconds: float  # PBT
    actual_production_seconds: float  # APT: RUNNING within PBT
    unplanned_down_seconds: float  # DOWN or OFFLINE within PBT
    ideal_output_seconds: float  # (good + scrap) × ideal seconds per unit, rated products only
    good: float
    scrap: float
    # Units of products without an ideal rate: left out of performance, which is then
    # understated; a view can say so when this is not zero.
    unrated_units: float = 0.0

    @property
    def availability(self) -> float | None:
        if self.planned_busy_seconds <= 0:
            return None
        return self.actual_production_seconds / self.planned_busy_seconds

    @property
    def performance(self) -> float | None:
        if self.actual_production_seconds <= 0:
            return None
        return self.ideal_output_seconds / self.actual_production_seconds

    @property
    def quality(self) -> float | None:
        produced = self.good + self.scrap
        if produced <= 0:
            return None
        return self.good / produced

    @property
    def oee(self) -> float | None:
        a, p, q = self.availability, self.performance, self.quality
        if a is None or p is None or q is None:
            return None
        return a * p * q


EMPTY = OeeFigures(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def combine(figures: Iterable[OeeFigures]) -> OeeFigures:
    """Work center, line or plant figures: the sums of its machines' figures."""
    names = [f.name for f in fields(OeeFigures)]
    sums = dict.fromkeys(names, 0.0)
    for figure in figures:
        for name in names:
            sums[name] += getattr(figure, name)
    return OeeFigures(**sums)


# --- calendar -------------------------------------------------------------------------------


def _shift_instances(calendar: Calendar, zone: ZoneInfo, first: date, last: date
                     ) -> list[tuple[str, datetime, datetime]]:
    """(name, UTC start, UTC end) of every shift starting on a local day in [first, last].

    A holiday drops the shifts that start on it (a night shift starting the evening before
    still runs into it). Wall-clock times go through zoneinfo, so a shift across a
    daylight-saving change is an hour shorter or longer, as it is on the shop floor.
    """
    off = {h.day for h in calendar.holidays}
    out: list[tuple[str, datetime, datetime]] = []
    day = first
    while day <= last:
        if day not in off:
            for shift in calendar.shifts:
                if day.weekday() not in shift.weekdays:
                    continue
                end_day = day if shift.end > shift.start else day + timedelta(days=1)
                start = datetime.combine(day, shift.start, tzinfo=zone).astimezone(UTC)
                end = datetime.combine(end_day, shift.end, tzinfo=zone).astimezone(UTC)
                if end > start:
                    out.append((shift.name, start, end))
        day += timedelta(days=1)
    out.sort(key=lambda item: (item[1], item[2], item[0]))
    return out


def _local_days(zone: ZoneInfo, start: datetime, end: datetime) -> tuple[date, date]:
    # From the day before: a shift that started yesterday evening may reach into the window.
    return (start.astimezone(zone).date() - timedelta(days=1), end.astimezone(zone).date())


def planned_windows(calendar: Calendar, time_zone: str, start: datetime, end: datetime,
                    machine_id: str | None = None) -> list[Interval]:
    """Planned busy time within [start, end): shifts minus holidays minus the planned
    maintenance of `machine_id` (none without a machine), as merged, sorted UTC intervals."""
    if end <= start:
        return []
    zone = ZoneInfo(time_zone)
    first, last = _local_days(zone, start, end)
    shifts = merge(clip(((s, e) for _, s, e in _shift_instances(calendar, zone, first, last)),
                        start, end))
    if machine_id is None:
        return shifts
    stops = [(m.start, m.end) for m in calendar.maintenance if m.machine_id == machine_id]
    return subtract(shifts, stops)


def shift_at(calendar: Calendar, time_zone: str, moment: datetime
             ) -> tuple[str, datetime, datetime] | None:
    """(name, UTC start, UTC end) of the shift that contains `moment`; None between shifts
    and on holidays. Of overlapping shifts, the one that started last."""
    zone = ZoneInfo(time_zone)
    first, last = _local_days(zone, moment, moment)
    found = [item for item in _shift_instances(calendar, zone, first, last)
             if item[1] <= moment < item[2]]
    return found[-1] if found else None


# --- one machine ----------------------------------------------------------------------------


def _state_spans(events: Sequence[StateEvent], end: datetime
                 ) -> list[tuple[MachineState, datetime, datetime]]:
    """Each event as (state, start, end). An open event lasts until `end`; every event ends
    no later than the next one starts, so an event whose close has not synced yet (or data
    that overlaps) never counts the same time twice."""
    ordered = sorted(events, key=lambda e: (e.start, e.id))
    spans = []
    for i, event in enumerate(ordered):
        stop = event.end if event.end is not None else end
        if i + 1 < len(ordered):
            stop = min(stop, ordered[i + 1].start)
        if stop > event.start:
            spans.append((event.state, event.start, stop))
    return spans


def _share_in(count_start: datetime, count_end: datetime, start: datetime, end: datetime
              ) -> float:
    """The part of a count's interval inside [start, end): its units are spread evenly."""
    if count_end <= count_start:  # an instant: all or nothing
        return 1.0 if start <= count_start < end else 0.0
    inside = (min(count_end, end) - max(count_start, start)).total_seconds()
    return max(inside, 0.0) / (count_end - count_start).total_seconds()


def machine_oee(*, events: Sequence[StateEvent], counts: Sequence[ProductionCount],
                planned: Sequence[Interval],
                ideal_seconds_per_unit: Callable[[str | None], float | None],
                start: datetime, end: datetime) -> OeeFigures:
    """OEE figures of one machine over [start, end).

    `events` is the machine's state history (an open event lasts until `end`), `counts` its
    production counts (those partly inside the window count pro rata), `planned` its planned
    busy windows (see `planned_windows`). `ideal_seconds_per_unit(product_id)` gives the
    routing's rate, or None: such counts still count for quality but not for performance.
    """
    windows = merge(clip(planned, start, end))
    pbt = total_seconds(windows)
    apt = down = 0.0
    for state, s, e in _state_spans(events, end):
        if state is MachineState.RUNNING:
            apt += overlap_seconds(s, e, windows)
        elif state in _DOWN_STATES:
            down += overlap_seconds(s, e, windows)

    rates: dict[str | None, float | None] = {}
    good = scrap = ideal = unrated = 0.0
    for count in counts:
        share = _share_in(count.start, count.end, start, end)
        if share <= 0:
            continue
        g, s = float(count.good) * share, float(count.scrap) * share
        good += g
        scrap += s
        if count.product_id not in rates:
            rates[count.product_id] = ideal_seconds_per_unit(count.product_id)
        rate = rates[count.product_id]
        if rate is None:
            unrated += g + s
        else:
            ideal += (g + s) * rate
    return OeeFigures(pbt, apt, down, ideal, good, scrap, unrated)


# --- downtime -------------------------------------------------------------------------------


def downtime_pareto(downtimes: Sequence[Downtime], start: datetime, end: datetime,
                    include_planned: bool = False) -> list[ParetoBar]:
    """Seconds of downtime within [start, end) per reason (an open downtime lasts until
    `end`), with the number of downtimes behind each bar."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for record in downtimes:
        if record.planned and not include_planned:
            continue
        stop = min(record.end if record.end is not None else end, end)
        seconds = (stop - max(record.start, start)).total_seconds()
        if seconds > 0:
            entry = totals[record.reason]
            entry[0] += seconds
            entry[1] += 1
    return pareto({reason: (value, int(n)) for reason, (value, n) in totals.items()})
