"""A signal is used as a covariate only when it measurably improves the fit."""

from __future__ import annotations

import numpy as np
import pytest

from app.analytics.maintenance.covariates import check_covariate


def sample(effect: float, n: int, seed: int):
    """Lifetimes whose Weibull scale is 50 h * exp(effect * z), z the standardised signal."""
    rng = np.random.default_rng(seed)
    temperature = rng.normal(60.0, 5.0, n)
    z = (temperature - 60.0) / 5.0
    life = 50.0 * np.exp(effect * z) * rng.weibull(1.6, n)
    return life, np.ones(n, bool), list(temperature)


def test_a_signal_that_drives_failures_is_found_and_used() -> None:
    durations, observed, temperature = sample(-0.5, 300, 1)  # hotter: fails sooner
    check = check_covariate("temperature_c", durations, observed, temperature)
    assert check.used and check.p_value < 1e-6 and check.aic_gain > 20
    assert check.effect == pytest.approx(-0.5, abs=0.1)
    assert check.scale_factor(70.0) < 1.0 < check.scale_factor(50.0)


def test_a_signal_without_effect_is_not_used() -> None:
    durations, observed, temperature = sample(0.0, 300, 2)
    check = check_covariate("temperature_c", durations, observed, temperature)
    assert not check.used and check.p_value > 0.01 and check.aic_gain < 2
    assert check.scale_factor(70.0) == 1.0


def test_too_little_signal_history_is_said_not_guessed() -> None:
    durations, observed, temperature = sample(-0.5, 40, 3)
    values = [v if i < 10 else None for i, v in enumerate(temperature)]
    check = check_covariate("temperature_c", durations, observed, values)
    assert not check.used and check.aic_gain is None
    assert "covers 10 of 40 intervals" in check.why


def test_interval_means_follow_the_spans_of_the_survival_intervals() -> None:
    from datetime import UTC, datetime, timedelta

    from app.analytics.maintenance.covariates import interval_means
    from app.analytics.maintenance.history import failure_histories
    from app.domain import MachineState, StateEvent

    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    hours = [(MachineState.RUNNING, 2), (MachineState.DOWN, 1), (MachineState.RUNNING, 5),
             (MachineState.DOWN, 1), (MachineState.RUNNING, 3)]
    events, t = [], t0
    for i, (state, h) in enumerate(hours):
        events.append(StateEvent(id=str(i), machine_id="M", state=state, start=t,
                                 end=t + timedelta(hours=h), reason="jam"))
        t += timedelta(hours=h)
    history = failure_histories(events, t)["M"]
    spans = history.interval_spans(t)
    assert spans == [(t0 + timedelta(hours=3), t0 + timedelta(hours=8)),
                     (t0 + timedelta(hours=9), t)]
    samples = [(t0 + timedelta(hours=h), float(h)) for h in range(12)]
    assert interval_means(spans, samples) == [5.0, 10.0]  # hours 3..7, then 9..11
    assert interval_means([(t0, t0 + timedelta(minutes=30))], samples[1:]) == [None]
