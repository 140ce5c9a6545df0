"""Process capability indices against textbook values."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from app.analytics.spc import capability, constants


def exact_sample(mean: float, sigma: float, n: int = 200) -> np.ndarray:
    """Values whose sample mean and standard deviation (ddof=1) are exactly as given."""
    z = np.random.default_rng(11).normal(size=n)
    z = (z - z.mean()) / z.std(ddof=1)
    return mean + sigma * z


def test_textbook_two_sided() -> None:
    # mean 10.0, sigma 0.1, LSL 9.7, USL 10.4: Cp = 0.7 / 0.6, Cpk = min(0.4, 0.3) / 0.3.
    result = capability(exact_sample(10.0, 0.1), 9.7, 10.4, sigma_within=0.1)
    assert result.n == 200
    assert result.mean == pytest.approx(10.0)
    assert result.sigma_within == 0.1
    assert result.sigma_overall == pytest.approx(0.1)
    assert result.cp == pytest.approx(1.1667, abs=1e-4)
    assert result.cpk == pytest.approx(1.0)
    assert result.pp == pytest.approx(1.1667, abs=1e-4)
    assert result.ppk == pytest.approx(1.0)


def test_within_and_overall_sigma_differ_for_a_drifting_process() -> None:
    result = capability(exact_sample(10.0, 0.2), 9.7, 10.4, sigma_within=0.1)
    assert result.cp == pytest.approx(0.7 / 0.6)
    assert result.pp == pytest.approx(0.7 / 1.2)
    assert result.ppk == pytest.approx(0.3 / 0.6)


def test_one_sided_limits() -> None:
    values = exact_sample(10.0, 0.1)
    upper = capability(values, None, 10.4, sigma_within=0.1)
    assert (upper.cp, upper.pp) == (None, None)
    assert upper.cpk == pytest.approx(0.4 / 0.3)
    assert upper.ppk == pytest.approx(0.4 / 0.3)
    lower = capability(values, 9.7, None, sigma_within=0.1)
    assert (lower.cp, lower.pp) == (None, None)
    assert lower.cpk == pytest.approx(1.0)
    none = capability(values, None, None, sigma_within=0.1)
    assert (none.cp, none.cpk, none.pp, none.ppk) == (None, None, None, None)


def test_default_within_sigma_from_moving_ranges() -> None:
    values = np.array([10.0, 12.0, 11.0, 15.0, 13.0])
    result = capability(values, 5.0, 20.0)
    sigma = (2 + 1 + 4 + 2) / 4 / 1.128
    assert result.sigma_within == pytest.approx(sigma)
    assert result.cp == pytest.approx(15 / (6 * sigma))
    assert result.cpk == pytest.approx((12.2 - 5) / (3 * sigma))  # the nearer limit
    assert result.sigma_overall == pytest.approx(np.std(values, ddof=1))


def test_default_within_sigma_from_subgroup_ranges() -> None:
    values = np.array([1.0, 2.0, 4.0, 2.0, 2.5, 3.0, 5.0, 4.0, 3.0, 3.5, 9.0])  # tail dropped
    result = capability(values, 0.0, 10.0, subgroup_size=5)
    assert result.sigma_within == pytest.approx((3.0 + 2.0) / 2 / constants(5).d2)
    assert result.n == 11


def test_missing_values_are_ignored() -> None:
    values = np.array([10.0, np.nan, 12.0, 11.0, 15.0, np.nan, 13.0])
    result = capability(values, 5.0, 20.0)
    assert result.n == 5
    assert result.mean == pytest.approx(12.2)
    assert result.sigma_within == pytest.approx(2.25 / 1.128)
    grouped = capability(np.array([1.0, 3.0, np.nan, 2.0, 4.0, 2.0]), 0.0, 10.0, subgroup_size=2)
    assert grouped.sigma_within == pytest.approx(2.0 / constants(2).d2)


def test_decimal_limits_as_the_domain_holds_them() -> None:
    result = capability(exact_sample(10.0, 0.1), Decimal("9.7"), Decimal("10.4"),
                        sigma_within=0.1)
    assert result.cpk == pytest.approx(1.0)


def test_no_spread_or_too_few_values_give_no_indices() -> None:
    flat = capability(np.full(10, 10.0), 9.0, 11.0)
    assert (flat.cp, flat.cpk, flat.pp, flat.ppk) == (None, None, None, None)
    single = capability(np.array([10.0]), 9.0, 11.0)
    assert single.n == 1 and single.cp is None and np.isnan(single.sigma_overall)
    empty = capability(np.array([]), 9.0, 11.0)
    assert empty.n == 0 and empty.cpk is None


def test_limits_in_the_wrong_order_are_refused() -> None:
    with pytest.raises(ValueError):
        capability(np.arange(5.0), 10.0, 9.0)
