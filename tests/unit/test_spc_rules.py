"""Nelson and Western Electric run rules on series built to trigger, or just miss, each rule."""

from __future__ import annotations

import numpy as np
import pytest

from app.analytics.spc import (
    RULE_DESCRIPTIONS,
    c_chart,
    i_mr,
    nelson,
    p_chart,
    rule_hits,
    violations,
    western_electric,
)

# A background that triggers no rule (centre 0, sigma 1): sides, trends and zones keep changing;
# no same-side run over 3, no trend over 4 points, alternation broken every few points.
QUIET = (0.5, 1.5, -0.5, -0.3, 0.8, -1.2, 0.2)


def series(length: int = 60, at: int = 20, pattern: tuple[float, ...] = ()) -> np.ndarray:
    values = np.resize(np.array(QUIET), length)
    values[at:at + len(pattern)] = pattern
    return values


def fired(found: list) -> list[tuple[str, int]]:
    return [(v.rule, v.index) for v in found]


def test_the_background_triggers_nothing() -> None:
    assert nelson(series(), 0.0, 1.0) == []
    assert western_electric(series(), 0.0, 1.0) == []


# (rule, pattern placed at index 20, firing indices) and the near miss (pattern, no firing).
# Neighbours are part of the pattern where they must break a run.
NELSON_CASES = {
    1: ((3.5,), [20], (3.0,)),
    2: ((-0.5,) + (0.5,) * 9 + (-0.5,), [29], (-0.5,) + (0.5,) * 8 + (-0.5,)),
    3: ((0.0, -0.8, -0.5, -0.2, 0.1, 0.4, 0.7, 0.0), [26], (0.0, -0.8, -0.5, -0.2, 0.1, 0.4, 0.0)),
    4: ((1.5,) + (1.5, -0.5) * 7 + (-0.5,), [34], (1.5,) + (1.5, -0.5) * 6 + (1.5, 1.5)),
    5: ((0.5, 2.5, 0.5, 2.5, 0.5), [23], (0.5, 2.5, 0.5, -2.5, 0.5)),
    6: ((-0.5, 1.5, 1.5, 0.5, 1.5, 1.5, -0.5), [25], (-0.5, 1.5, 1.5, 0.5, 0.5, 1.5, -0.5)),
    7: ((1.5,) + (0.3, 0.6, -0.3, -0.6, 0.0) * 3 + (-1.5,), [35],
        (1.5,) + (0.3, 0.6, -0.3, -0.6, 0.0) * 2 + (0.3, 0.6, -0.3, -0.6, -1.5)),
    8: ((0.5,) + (1.5, -1.5) * 4 + (0.5,), [28], (0.5,) + (1.5, -1.5) * 3 + (1.5, 0.5)),
}


@pytest.mark.parametrize("rule", sorted(NELSON_CASES))
def test_each_nelson_rule_fires_on_its_pattern_and_only_there(rule: int) -> None:
    pattern, indices, _ = NELSON_CASES[rule]
    found = nelson(series(pattern=pattern), 0.0, 1.0)
    assert fired(found) == [(f"nelson-{rule}", i) for i in indices]
    assert all(v.description == RULE_DESCRIPTIONS[v.rule] for v in found)


@pytest.mark.parametrize("rule", sorted(NELSON_CASES))
def test_each_nelson_rule_stays_quiet_on_its_near_miss(rule: int) -> None:
    near_miss = NELSON_CASES[rule][2]
    assert nelson(series(pattern=near_miss), 0.0, 1.0) == []


def test_points_hold_the_window_or_the_qualifying_points() -> None:
    (run,) = nelson(series(pattern=NELSON_CASES[2][0]), 0.0, 1.0)
    assert run.points == tuple(range(21, 30))
    (trend,) = nelson(series(pattern=NELSON_CASES[3][0]), 0.0, 1.0)
    assert trend.points == tuple(range(21, 27))
    (two_of_three,) = nelson(series(pattern=NELSON_CASES[5][0]), 0.0, 1.0)
    assert two_of_three.points == (21, 23)
    (four_of_five,) = nelson(series(pattern=NELSON_CASES[6][0]), 0.0, 1.0)
    assert four_of_five.points == (21, 22, 24, 25)
    (single,) = nelson(series(pattern=(-3.5,)), 0.0, 1.0)
    assert single.points == (20,)


def test_a_long_run_fires_at_every_point_that_completes_a_window() -> None:
    values = series(pattern=(-0.5,) + (0.5,) * 11 + (-0.5,))
    found = nelson(values, 0.0, 1.0, rules=[2])
    assert fired(found) == [("nelson-2", 29), ("nelson-2", 30), ("nelson-2", 31)]
    assert found[-1].points == tuple(range(23, 32))


def test_k_of_m_fires_at_its_last_qualifying_point_only() -> None:
    # Beyond 2 sigma at 21 and 22, then in-zone points: the window ending at 23 still holds two,
    # but the pattern was already reported at 22.
    found = nelson(series(pattern=(0.5, 2.5, 2.5, 0.5, -0.5)), 0.0, 1.0, rules=[5])
    assert fired(found) == [("nelson-5", 22)]


def test_k_of_m_counts_a_short_window_at_the_start() -> None:
    values = series(at=0, pattern=(2.5, 2.5, 0.5))
    assert fired(nelson(values, 0.0, 1.0, rules=[5])) == [("nelson-5", 1)]


def test_results_are_ordered_by_index_then_rule() -> None:
    values = series(pattern=(-0.5, 2.5, 3.5, -0.5))
    assert fired(nelson(values, 0.0, 1.0)) == [("nelson-1", 22), ("nelson-5", 22)]


def test_nelson_takes_a_subset_of_rules() -> None:
    values = series(pattern=(3.5,) + NELSON_CASES[2][0])
    assert {v.rule for v in nelson(values, 0.0, 1.0)} == {"nelson-1", "nelson-2"}
    assert {v.rule for v in nelson(values, 0.0, 1.0, rules=[2])} == {"nelson-2"}
    with pytest.raises(ValueError):
        nelson(values, 0.0, 1.0, rules=[9])


def test_centre_and_sigma_scale_the_zones() -> None:
    values = 10.0 + 0.2 * series(pattern=NELSON_CASES[5][0])
    assert fired(nelson(values, 10.0, 0.2)) == [("nelson-5", 23)]


WE_CASES = {
    1: ((-3.5,), [20], (-3.0,)),
    2: ((0.5, -2.5, -0.5, -2.5, 0.5), [23], (0.5, -2.5, -0.5, -0.5, -2.5)),
    3: ((0.5, -1.5, -1.5, -0.5, -1.5, -1.5, 0.5), [25], (0.5, -1.5, -1.5, -0.5, 0.5, -1.5, 0.5)),
    4: ((-0.5,) + (0.5,) * 8 + (-0.5,), [28], (-0.5,) + (0.5,) * 7 + (-0.5,)),
}


@pytest.mark.parametrize("rule", sorted(WE_CASES))
def test_each_western_electric_rule_fires_on_its_pattern(rule: int) -> None:
    pattern, indices, near_miss = WE_CASES[rule]
    assert fired(western_electric(series(pattern=pattern), 0.0, 1.0)) == [
        (f"we-{rule}", i) for i in indices]
    assert western_electric(series(pattern=near_miss), 0.0, 1.0) == []


def test_eight_on_one_side_is_western_electric_but_not_nelson() -> None:
    values = series(pattern=WE_CASES[4][0])
    assert nelson(values, 0.0, 1.0) == []
    assert fired(western_electric(values, 0.0, 1.0)) == [("we-4", 28)]


def test_missing_points_are_skipped_not_counted() -> None:
    values = series(pattern=(-0.5,) + (0.5,) * 4 + (np.nan,) + (0.5,) * 5 + (-0.5,))
    (found,) = nelson(values, 0.0, 1.0)
    assert (found.rule, found.index) == ("nelson-2", 30)
    assert found.points == (21, 22, 23, 24, 26, 27, 28, 29, 30)


def test_a_point_on_the_centre_line_breaks_a_same_side_run() -> None:
    values = series(pattern=(-0.5,) + (0.5,) * 4 + (0.0,) + (0.5,) * 5 + (-0.5,))
    assert nelson(values, 0.0, 1.0, rules=[2]) == []


def test_violations_of_a_series_use_its_limits() -> None:
    base = np.resize(np.array([10.0, 10.4, 9.8, 10.1, 9.7, 10.3]), 40)
    chart = i_mr(np.concatenate([base, [14.0]]))
    found = violations(chart.primary)
    assert ("nelson-1", 40) in fired(found)
    assert fired(violations(chart.primary, "western-electric")) == [("we-1", 40)]
    with pytest.raises(ValueError):
        violations(chart.primary, "shewhart")


def test_varying_limits_judge_each_point_by_its_own_sigma() -> None:
    # The small sample's 0.2 is within its own wide limits though beyond the nominal UCL; the big
    # sample's 0.15 is below the nominal UCL but beyond its own narrow one.
    defective = np.array([5.0, 5, 5, 5, 2, 5, 30, 5])
    sizes = np.array([100.0, 100, 100, 100, 10, 100, 200, 100])
    limits = p_chart(defective, sizes).primary.limits
    nominal_ucl = limits.center + 3 * limits.sigma
    assert limits.ucl[4] > 0.2 > nominal_ucl > 0.15 > limits.ucl[6]
    assert fired(violations(p_chart(defective, sizes).primary)) == [("nelson-1", 6)]


def test_rule_hits_mark_the_same_points_as_violations() -> None:
    rng = np.random.default_rng(7)
    chart = i_mr(rng.normal(0.0, 1.0, 5000) + np.linspace(0.0, 1.5, 5000), baseline=slice(0, 500))
    found = violations(chart.primary)
    hits = rule_hits(chart.primary)
    assert set(hits) == {f"nelson-{n}" for n in range(1, 9)}
    for rule, indices in hits.items():
        assert indices.tolist() == [v.index for v in found if v.rule == rule]
    assert sum(len(i) for i in hits.values()) == len(found) > 0


def test_no_spread_means_no_zone_c_to_hug() -> None:
    chart = c_chart(np.zeros(30))
    assert chart.primary.limits.sigma == 0.0
    assert violations(chart.primary) == []
    assert fired(nelson(np.r_[np.zeros(10), 1.0], 0.0, 0.0, rules=[1])) == [("nelson-1", 10)]


def test_nothing_to_judge() -> None:
    assert nelson(np.array([]), 0.0, 1.0) == []
    assert nelson(np.full(20, np.nan), 0.0, 1.0) == []
    with pytest.raises(ValueError):
        nelson(np.zeros(3), 0.0, -1.0)
