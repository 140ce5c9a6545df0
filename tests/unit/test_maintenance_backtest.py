"""The backtest on a machine whose failures wear in clearly (Weibull shape 3): the model, which
knows the time since the last failure, beats the constant-rate baseline; nothing from after a
moment is used for its prediction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.analytics.maintenance.backtest import backtest
from tests.unit.test_maintenance_reliability import weibull_timeline


def test_wear_out_is_predicted_better_than_a_constant_rate() -> None:
    events = weibull_timeline("M-A", 3.0, 60.0, 150, 11)
    result = backtest(events, warm_up=timedelta(days=30), horizon=timedelta(days=1))
    assert result.predictions > 250
    assert 0 < result.failures_ahead < result.predictions
    assert result.brier < result.baseline_brier - 0.02
    assert result.hit_rate > result.baseline_hit_rate


def test_random_failures_give_the_model_no_edge_and_no_handicap() -> None:
    events = weibull_timeline("M-B", 1.0, 60.0, 150, 12)
    result = backtest(events, warm_up=timedelta(days=30), horizon=timedelta(days=1))
    assert result.brier == pytest.approx(result.baseline_brier, abs=0.02)


def test_too_short_a_history_is_said() -> None:
    events = weibull_timeline("M-A", 3.0, 60.0, 5, 13)
    with pytest.raises(ValueError, match="too short"):
        backtest(events)
