"""Quality by line, pure: each characteristic's row (Cpk, violations, trend, status), worst
first, placed on its work center and line through the product's routing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest

from app import domain as d
from app.analytics.quality_matrix import (
    Status,
    Trend,
    matrix_rows,
    work_centers_by_operation,
)
from app.analytics.spc import capability

START = datetime(2026, 3, 2, tzinfo=UTC)
SOURCE = "mes"


def characteristic(cid: str, *, critical: bool = False, product: str = "P-1",
                   sequence: int = 10) -> d.Characteristic:
    return d.Characteristic(id=cid, product_id=product, operation_sequence=sequence,
                            name=f"Bore {cid}", unit="mm", lsl=Decimal("9.7"),
                            usl=Decimal("10.3"), target=Decimal("10.0"), subgroup_size=5,
                            critical=critical)


def taken(cid: str, means: list[float], seed: int = 3, sigma: float = 0.05
          ) -> list[d.Measurement]:
    """Subgroups of five around each mean, 20 minutes apart."""
    rng = np.random.default_rng(seed)
    rows = []
    for s, mean in enumerate(means):
        at = START + timedelta(minutes=20 * s)
        rows += [d.Measurement(id=f"{cid}-{s}-{i}", characteristic_id=cid,
                               value=Decimal(f"{rng.normal(mean, sigma):.4f}"), measured_at=at,
                               machine_id="M-1", subgroup=s + 1) for i in range(5)]
    return rows


STEADY = [10.0] * 40  # with seed 3, no rule fires by chance (seed 1 does: a false alarm)
DRIFTED = [10.0] * 30 + [10.2] * 10  # four sigmas of a mean up: beyond the limits


def rows_for(chars, data, **places):
    return matrix_rows(SOURCE, chars, data, places.get("wc", {}), places.get("lines", {}))


def test_a_drift_on_a_non_critical_characteristic_is_counted_and_sorted_first() -> None:
    chars = [characteristic("CH-OK", critical=True), characteristic("CH-DRIFT"),
             characteristic("CH-EMPTY")]
    rows = rows_for(chars, {"CH-OK": taken("CH-OK", STEADY),
                            "CH-DRIFT": taken("CH-DRIFT", DRIFTED, seed=3)})
    assert [r.characteristic.id for r in rows] == ["CH-DRIFT", "CH-OK", "CH-EMPTY"]
    drift, steady, empty = rows
    assert not drift.critical and drift.violations >= 1
    assert drift.status in (Status.OUT_OF_CONTROL, Status.OUT_OF_CONTROL_AND_WEAK)
    assert drift.trend is Trend.UP
    assert drift.last_violation_at == START + timedelta(minutes=20 * 39)
    assert steady.status is Status.OK and steady.trend is Trend.LEVEL
    assert empty.status is Status.NO_DATA and empty.cpk is None and empty.recent == ()


def test_cpk_is_the_capability_of_the_window_with_the_within_subgroup_sigma() -> None:
    ch = characteristic("CH-1")
    data = taken("CH-1", STEADY)
    (row,) = rows_for([ch], {"CH-1": data})
    values = np.array([float(m.value) for m in data])
    expected = capability(values, 9.7, 10.3, subgroup_size=5)
    assert row.cpk == pytest.approx(expected.cpk)
    assert row.ppk == pytest.approx(expected.ppk)
    assert row.points == 40 and row.measurements == 200
    assert len(row.recent) == 20


def test_an_incapable_process_in_control_ranks_after_violations_and_before_good_ones() -> None:
    wide = characteristic("CH-WIDE")
    good = characteristic("CH-GOOD", critical=True)
    drift = characteristic("CH-DRIFT")
    rows = rows_for([good, wide, drift], {
        "CH-WIDE": taken("CH-WIDE", STEADY, sigma=0.12),  # Cpk about 0.8
        "CH-GOOD": taken("CH-GOOD", STEADY),
        "CH-DRIFT": taken("CH-DRIFT", DRIFTED, seed=3)})
    assert [r.characteristic.id for r in rows] == ["CH-DRIFT", "CH-WIDE", "CH-GOOD"]
    assert rows[1].status is Status.WEAK and rows[1].cpk < 1.33


def test_rows_know_their_work_center_and_line_from_the_routing() -> None:
    product = d.Product(id="P-1", code="P-1", name="Housing", unit="pcs", routing=d.Routing(
        operations=[d.OperationTemplate(sequence=10, name="Mill", work_center_id="WC-1",
                                        setup_minutes=Decimal(5),
                                        run_seconds_per_unit=Decimal(60))]))
    wc = work_centers_by_operation([product])
    (row, other) = rows_for([characteristic("CH-1"), characteristic("CH-2", sequence=99)],
                            {}, wc=wc, lines={"WC-1": "LN-1"})
    assert (row.work_center_id, row.line_id) == ("WC-1", "LN-1")
    assert (other.work_center_id, other.line_id) == (None, None)
