"""How the prediction backtest (tests/benchmarks/prediction_backtest.py) scores: a hit within a
shift of the P50, the range's coverage, and misses and broken dates flagged beforehand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.benchmarks.prediction_backtest import Prediction, score

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
