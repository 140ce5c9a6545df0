"""Run rules on a control chart: Nelson 1-8 and Western Electric 1-4, vectorised with numpy.

Reporting convention: one Violation per plotted point at which a rule is satisfied by the window
of points ending there. A run of 12 points on one side therefore fires rule nelson-2 at its 9th,
10th, 11th and 12th point, each Violation carrying its own window of 9 in `points`; the widgets
mark the union of `points`. For the "k of m" rules (nelson-5/6, we-2/3) the point itself must be
one of the k, so a pattern fires at its last qualifying point and not again at the in-zone points
that follow; `points` then holds only the qualifying points. Windows at the very start of the
series may be shorter than m for those rules (two points beyond 2σ at points 0 and 1 already are
"2 of 3").

Boundaries: "beyond kσ" is strictly greater than k sigma, "within 1σ" its complement (≤ 1σ); a
point exactly on the centre line is on neither side and breaks a same-side run. Trends (nelson-3
and -4) compare the plotted values themselves; ties break them.

Missing values (NaN) are skipped: "in a row" counts plotted points, and `index`/`points` are
positions in the array given. Rules follow Minitab's definitions (nelson-8 does not require points
on both sides).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from app.analytics.spc.charts import ChartSeries
from app.collector import collector_paused


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    description: str
    index: int
    points: tuple[int, ...]


RULE_DESCRIPTIONS: dict[str, str] = {
    "nelson-1": "1 point more than 3 sigma from the centre line",
    "nelson-2": "9 points in a row on the same side of the centre line",
    "nelson-3": "6 points in a row steadily increasing or decreasing",
    "nelson-4": "14 points in a row alternating up and down",
    "nelson-5": "2 of 3 points in a row more than 2 sigma from the centre line, on the same side",
    "nelson-6": "4 of 5 points in a row more than 1 sigma from the centre line, on the same side",
    "nelson-7": "15 points in a row within 1 sigma of the centre line, on either side",
    "nelson-8": "8 points in a row more than 1 sigma from the centre line, on either side",
    "we-1": "1 point beyond the 3 sigma control limits",
    "we-2": "2 of 3 points in a row beyond 2 sigma, on the same side",
    "we-3": "4 of 5 points in a row beyond 1 sigma, on the same side",
    "we-4": "8 points in a row on the same side of the centre line",
}

RULE_SETS: dict[str, tuple[str, ...]] = {
    "nelson": tuple(f"nelson-{n}" for n in range(1, 9)),
    "western-electric": tuple(f"we-{n}" for n in range(1, 5)),
}
_RULE_SET_ALIASES = {"western_electric": "western-electric", "we": "western-electric"}


# --- windows over boolean masks ----------------------------------------------------------------

def _all_in_window(mask: np.ndarray, width: int) -> np.ndarray:
    """True at i where mask[i-width+1 .. i] are all True (needs a full window)."""
    out = np.zeros(mask.size, dtype=bool)
    if mask.size >= width:
        total = np.cumsum(mask, dtype=np.int64)
        counts = total[width - 1:].copy()
        counts[1:] -= total[:-width]
        out[width - 1:] = counts == width
    return out


def _count_in_window(mask: np.ndarray, width: int) -> np.ndarray:
    """How many of mask[i-width+1 .. i] are True (shorter windows at the start)."""
    total = np.cumsum(mask, dtype=np.int64)
    counts = total.copy()
    counts[width:] -= total[:-width]
    return counts


# --- the rules: each returns where it fires and how to name the points behind it --------------

# ("run", n): the n points ending at the firing point; ("count", n, masks): the qualifying points
# (by the mask on the firing point's side) among the n ending at it.
_Pattern = tuple
_Detector = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, _Pattern]]


def _beyond(z: np.ndarray, limit: float) -> tuple[np.ndarray, _Pattern]:
    return np.abs(z) > limit, ("run", 1)


def _same_side(z: np.ndarray, run: int) -> tuple[np.ndarray, _Pattern]:
    return _all_in_window(z > 0, run) | _all_in_window(z < 0, run), ("run", run)


def _k_of_m(z: np.ndarray, limit: float, k: int, m: int) -> tuple[np.ndarray, _Pattern]:
    high, low = z > limit, z < -limit
    fires = (high & (_count_in_window(high, m) >= k)) | (low & (_count_in_window(low, m) >= k))
    return fires, ("count", m, high, low)


def _trend(values: np.ndarray, run: int) -> tuple[np.ndarray, _Pattern]:
    step = np.diff(values)
    fires = np.zeros(values.size, dtype=bool)
    fires[1:] = _all_in_window(step > 0, run - 1) | _all_in_window(step < 0, run - 1)
    return fires, ("run", run)


def _alternating(values: np.ndarray, run: int) -> tuple[np.ndarray, _Pattern]:
    direction = np.sign(np.diff(values))
    turns = direction[:-1] * direction[1:] < 0  # turn j involves points j, j+1, j+2
    fires = np.zeros(values.size, dtype=bool)
    fires[2:] = _all_in_window(turns, run - 2)
    return fires, ("run", run)


def _within(z: np.ndarray, sigma: np.ndarray, run: int) -> tuple[np.ndarray, _Pattern]:
    # With no spread (sigma 0, e.g. a c chart of zeros) there is no zone C to hug.
    return _all_in_window((np.abs(z) <= 1.0) & (sigma > 0), run), ("run", run)


_DETECTORS: dict[str, _Detector] = {
    "nelson-1": lambda z, v, s: _beyond(z, 3.0),
    "nelson-2": lambda z, v, s: _same_side(z, 9),
    "nelson-3": lambda z, v, s: _trend(v, 6),
    "nelson-4": lambda z, v, s: _alternating(v, 14),
    "nelson-5": lambda z, v, s: _k_of_m(z, 2.0, 2, 3),
    "nelson-6": lambda z, v, s: _k_of_m(z, 1.0, 4, 5),
    "nelson-7": lambda z, v, s: _within(z, s, 15),
    "nelson-8": lambda z, v, s: (_all_in_window(np.abs(z) > 1.0, 8), ("run", 8)),
    "we-1": lambda z, v, s: _beyond(z, 3.0),
    "we-2": lambda z, v, s: _k_of_m(z, 2.0, 2, 3),
    "we-3": lambda z, v, s: _k_of_m(z, 1.0, 4, 5),
    "we-4": lambda z, v, s: _same_side(z, 8),
}


# --- public API --------------------------------------------------------------------------------

def nelson(values: np.ndarray, center: float | np.ndarray, sigma: float | np.ndarray,
           rules: Iterable[int] = range(1, 9)) -> list[Violation]:
    """Nelson rules over a plotted series; sigma is that of the plotted statistic.

    `center` and `sigma` may also be arrays, one per point (charts with varying sample sizes).
    Violations come ordered by index, then rule number.
    """
    wanted = []
    for number in rules:
        if not 1 <= int(number) <= 8:
            raise ValueError(f"there is no Nelson rule {number}")
        wanted.append(f"nelson-{int(number)}")
    return _violations(values, center, sigma, wanted)


def western_electric(values: np.ndarray, center: float | np.ndarray,
                     sigma: float | np.ndarray) -> list[Violation]:
    """Western Electric rules 1-4, ordered by index, then rule number."""
    return _violations(values, center, sigma, RULE_SETS["western-electric"])


def violations(series: ChartSeries, rule_set: str = "nelson") -> list[Violation]:
    """The rules of `rule_set` ("nelson" or "western-electric") on a chart series."""
    rules = RULE_SETS[_rule_set(rule_set)]
    return _violations(series.values, series.limits.center, _series_sigma(series), rules)


def rule_hits(series: ChartSeries, rule_set: str = "nelson") -> dict[str, np.ndarray]:
    """For each rule of `rule_set`, the indices of the points at which it fires.

    The same findings as `violations` without building an object per firing: for marking a
    chart of a million points.
    """
    z, values, sigma, position = _standardise(series.values, series.limits.center,
                                              _series_sigma(series))
    hits = {}
    for rule in RULE_SETS[_rule_set(rule_set)]:
        fired = np.flatnonzero(_DETECTORS[rule](z, values, sigma)[0])
        hits[rule] = fired if position is None else position[fired]
    return hits


# --- internals ---------------------------------------------------------------------------------

def _rule_set(name: str) -> str:
    key = _RULE_SET_ALIASES.get(name, name)
    if key not in RULE_SETS:
        raise ValueError(f"unknown rule set {name!r}; use one of {sorted(RULE_SETS)}")
    return key


def _series_sigma(series: ChartSeries) -> float | np.ndarray:
    # Varying limits carry each point's own sigma; UCLs are never clipped, so they give it.
    if isinstance(series.limits.ucl, np.ndarray):
        return (series.limits.ucl - series.limits.center) / 3.0
    return series.limits.sigma


def _standardise(values: np.ndarray, center: float | np.ndarray, sigma: float | np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """(z-scores, values, sigma, original positions or None) over the finite points only."""
    v = np.asarray(values, dtype=np.float64).ravel()
    c = np.broadcast_to(np.asarray(center, dtype=np.float64), v.shape)
    s = np.broadcast_to(np.asarray(sigma, dtype=np.float64), v.shape)
    if np.any(s < 0):
        raise ValueError("sigma cannot be negative")
    finite = np.isfinite(v) & np.isfinite(c) & np.isfinite(s)
    position = None
    if not finite.all():
        position = np.flatnonzero(finite)
        v, c, s = v[position], c[position], s[position]
    deviation = v - c
    with np.errstate(divide="ignore", invalid="ignore"):
        z = deviation / s  # sigma 0: any departure is infinitely far, which is what it means
    z[deviation == 0] = 0.0
    return z, v, s, position


def _violations(values: np.ndarray, center: float | np.ndarray, sigma: float | np.ndarray,
                rules: Iterable[str]) -> list[Violation]:
    z, v, s, position = _standardise(values, center, sigma)
    detected = []
    for rule in rules:
        fires, pattern = _DETECTORS[rule](z, v, s)
        ends = np.flatnonzero(fires)
        if ends.size:
            detected.append((rule, ends, pattern))
    if not detected:
        return []
    # Python ints for the points. Slicing a tuple gives each window as a tuple directly, four
    # times faster than building it from a range; worth the one-off tuple when firings abound.
    where: Sequence[int] = range(v.size) if position is None else tuple(position.tolist())
    if position is None and sum(ends.size for _, ends, _ in detected) * 20 > v.size:
        where = tuple(where)
    found: list[Violation] = []
    # Building 100,000 violations set off the collector again and again (half the time here).
    with collector_paused():
        for rule, ends, pattern in detected:
            found.extend(_build(rule, ends, pattern, where, position is None))
    # Each rule's list is in index order and the rules follow each other in rank order: a stable
    # sort merges those runs cheaply and keeps rule order within an index.
    found.sort(key=_BY_INDEX)
    return found


_BY_INDEX = attrgetter("index")


def _build(rule: str, ends: np.ndarray, pattern: _Pattern, where: Sequence[int],
           identity: bool) -> list[Violation]:
    text = RULE_DESCRIPTIONS[rule]
    width = pattern[1]
    at = ends.tolist()
    if pattern[0] == "run":  # full windows only, so i - back >= 0
        back = width - 1
        if isinstance(where, tuple):
            return [Violation(rule, text, where[i], where[i - back:i + 1]) for i in at]
        return [Violation(rule, text, where[i], tuple(where[i - back:i + 1])) for i in at]
    # "k of m": pick the qualifying points of each window at once, on the firing point's side.
    high, low = pattern[2], pattern[3]
    offsets = ends[:, None] - np.arange(width - 1, -1, -1)
    inside = offsets >= 0
    offsets = np.where(inside, offsets, 0)
    marked = np.where(high[ends][:, None], high[offsets], low[offsets]) & inside
    chosen = offsets[marked].tolist()
    flat = tuple(chosen) if identity else tuple([where[j] for j in chosen])
    bounds = np.concatenate(([0], np.cumsum(marked.sum(axis=1)))).tolist()
    return [Violation(rule, text, where[i], flat[a:b])
            for i, a, b in zip(at, bounds[:-1], bounds[1:], strict=True)]
