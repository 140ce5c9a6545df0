"""How the prediction backtest (tests/benchmarks/prediction_backtest.py) scores: a hit within a
shift of the P50, the range's coverage, misses and broken dates flagged beforehand, and what the
plan's own Monte Carlo runs say a P50 can hit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.benchmarks.prediction_backtest import Prediction, pooled_runs, run_shares, score

MADE = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
END = MADE + timedelta(days=24)


def _p(key: str, p50_h: float, actual_h: float | None, *, flagged: bool = False,
       promised: date | None = None, spread_h: float = 4.0) -> Prediction:
    p50 = MADE + timedelta(hours=p50_h)
    return Prediction(key, p50 - timedelta(hours=spread_h), p50, p50 + timedelta(hours=spread_h),
                      flagged, None if actual_h is None else MADE + timedelta(hours=actual_h),
                      promised)


def test_hits_range_and_flagged_misses_at_a_horizon() -> None:
    predictions = [
        _p("on time", 24, 30),  # 6 h late: a hit, outside the range
        _p("close", 24, 26),  # a hit within the range
        _p("late, flagged", 48, 80, flagged=True),
        _p("late, not flagged", 48, 70),
        _p("beyond", 24 * 10, 24 * 10),  # past the 7-day horizon: not scored
    ]
    s = score(predictions, MADE, END, 7)
    assert (s.scored, s.hits, s.misses, s.flagged_misses) == (4, 2, 2, 1)
    assert (s.in_range, s.known) == (1, 4)
    assert s.bias_h == (6 + 2 + 32 + 22) / 4


def test_a_miss_that_still_meets_its_date_is_not_a_broken_promise() -> None:
    predictions = [
        # Finished a day after its P50 but two days before its date: no promise broken.
        _p("slack", 24, 48, promised=(MADE + timedelta(days=4)).date()),
        # Made after its date: broken, and it was flagged.
        _p("broken", 24, 24 * 5, flagged=True, promised=(MADE + timedelta(days=3)).date()),
        # Not made by the run's end: counted at the end, so broken too; not flagged.
        _p("never", 24, None, promised=(MADE + timedelta(days=3)).date()),
    ]
    s = score(predictions, MADE, END, 21)
    assert (s.broken_promises, s.flagged_broken) == (2, 1)
    assert s.flagged_broken_share == 0.5


def test_run_shares_count_runs_within_a_shift_of_the_p50_and_in_the_densest_two_shifts() -> None:
    hour = 3600.0
    # Ten runs: four in a morning, three a day later, three spread over the next week.
    finishes = sorted(h * hour for h in (0, 2, 3, 7.5, 24, 25, 30, 60, 100, 150))
    # A P50 at 3 h holds the four morning runs (-5 to 11 h): 40 %. No 16 hours hold more:
    # 0-16 h holds those four, 24-40 h three.
    assert run_shares(finishes, 3 * hour) == (0.4, 0.4)
    # A P50 between the clusters (16 h: 8 to 24 h) holds only the run at 24 h.
    assert run_shares(finishes, 16 * hour) == (0.1, 0.4)
    # Exactly a shift away counts, as a hit does.
    assert run_shares([0.0, 8 * hour], 0.0) == (1.0, 1.0)


def test_run_shares_are_pooled_over_the_scored_items_only() -> None:
    a = _p("near", 24, 25)
    a.runs_at_p50, a.runs_best_date = 0.5, 0.75
    b = _p("far", 48, 48)
    b.runs_at_p50, b.runs_best_date = 0.25, 0.25
    beyond = _p("beyond", 24 * 10, 24 * 10)  # past the 7-day horizon: not scored
    beyond.runs_at_p50, beyond.runs_best_date = 0.0, 0.0
    no_runs = _p("no runs", 24, 24)  # scored as a hit, but with nothing to pool
    s = score([a, b, beyond, no_runs], MADE, END, 7)
    assert (s.scored, s.with_runs) == (3, 2)
    assert pooled_runs([s, score([b], MADE, END, 7)]) == ((0.5 + 0.25 + 0.25) / 3,
                                                          (0.75 + 0.25 + 0.25) / 3)
