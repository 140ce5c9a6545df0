"""Measurements behave like a process in control until a drift makes control-chart rules fire."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from statistics import fmean

from app.sim.plant import Plant

START = datetime(2025, 3, 12, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Hsinchu
D2 = 2.326  # d2 for subgroups of five


def subgroups(plant: Plant, characteristic_id: str) -> list[tuple[datetime, list[float]]]:
    groups: dict[int, list[dict]] = defaultdict(list)
    for c in plant.feeds["mes.measurements"].changes_after(0):
        if c.body["characteristic_id"] == characteristic_id:
            groups[c.body["subgroup"]].append(c.body)
    out = []
    for no in sorted(groups):
        rows = groups[no]
        at = datetime.fromisoformat(rows[0]["measured_at"].replace("Z", "+00:00"))
        out.append((at, [float(Decimal(r["value"])) for r in rows]))
    return out


def chart(baseline: list[list[float]], points: list[list[float]]) -> tuple[float, bool]:
    """X-bar chart with limits from the baseline: the share of points beyond 3 sigma (rule 1)
    and whether nine points in a row fall on one side of the centre line (rule 2)."""
    centre = fmean(fmean(g) for g in baseline)
    sigma = fmean(max(g) - min(g) for g in baseline) / D2 / len(baseline[0]) ** 0.5
    means = [fmean(g) for g in points]
    beyond = sum(abs(m - centre) > 3 * sigma for m in means) / len(means)
    run = any(all(m > centre for m in means[i:i + 9]) or all(m < centre for m in means[i:i + 9])
              for i in range(len(means) - 8))
    return beyond, run


def run(scenario: str) -> tuple[tuple[float, bool], str]:
    plant = Plant(8, START, history=timedelta(days=2))
    plant.load_scenario("quiet")  # no random drift, so only the scenario moves the process
    quiet_from = plant.now
    plant.advance(24 * 3600)  # the limits come from this day in control, not an older drift
    text = plant.load_scenario(scenario) if scenario != "quiet" else ""
    drifting = sorted({key[0] for key in plant.quality.drifts}) or ["CH-210-10"]
    ch = drifting[0]
    at = plant.now
    plant.advance(5 * 3600)
    groups = subgroups(plant, ch)
    baseline = [g for t, g in groups if quiet_from <= t < at][-40:]
    after = [g for t, g in groups if t >= at]
    assert len(baseline) >= 10 and len(after) >= 9, (ch, len(baseline), len(after))
    return chart(baseline, after), text


def test_drift_makes_control_chart_rules_fire() -> None:
    (beyond, nine_in_a_row), text = run("drift")
    assert nine_in_a_row and beyond > 0.5, (beyond, nine_in_a_row)
    assert "drifts" in text


def test_without_drift_the_same_chart_stays_mostly_quiet() -> None:
    (beyond, nine_in_a_row), _ = run("quiet")
    assert not nine_in_a_row and beyond < 0.1, (beyond, nine_in_a_row)


def test_measurements_have_subgroups_limits_and_defects() -> None:
    plant = Plant(8, START, history=timedelta(days=1))
    chars = {c.body["id"]: c.body for c in plant.feeds["mes.characteristics"].changes_after(0)}
    sizes: dict[tuple[str, int], int] = defaultdict(int)
    for c in plant.feeds["mes.measurements"].changes_after(0):
        m = c.body
        assert m["characteristic_id"] in chars and m["machine_id"] and m["work_order_id"]
        sizes[(m["characteristic_id"], m["subgroup"])] += 1
    assert set(sizes.values()) == {5}
    defects = [c.body for c in plant.feeds["mes.defects"].changes_after(0)]
    assert defects and all(d["code"] and Decimal(d["quantity"]) > 0 for d in defects)
