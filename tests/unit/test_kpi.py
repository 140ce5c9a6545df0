"""Management KPIs on a small hand-built plant: exact numbers, weeks in the site's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app import domain as d
from app.analytics import kpi
from app.analytics.oee import EMPTY, OeeFigures
from app.analytics.order_risk import RiskLevel

ZONE = ZoneInfo("Asia/Taipei")  # UTC+8: a Sunday evening in UTC is Monday at the site
NOW = datetime(2025, 3, 5, 4, 0, tzinfo=UTC)  # Wednesday 12:00 at the site, ISO week 10


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def line(no: int, qty: int, promised: date | None, requested: date = date(2025, 3, 1),
         history: list[d.PromiseChange] | None = None) -> d.OrderLine:
    return d.OrderLine(line_no=no, product_id="P-1", quantity=Decimal(qty), unit="pcs",
                       requested_date=requested, promised_date=promised,
                       promise_history=history or [])


def order(oid: str, created: datetime, *lines: d.OrderLine,
          status: d.OrderStatus = d.OrderStatus.CONFIRMED) -> d.SalesOrder:
    return d.SalesOrder(id=oid, number=f"SO-{oid}", customer_id="C1", status=status,
                        created_at=created, lines=list(lines))


def ship(sid: str, oid: str, no: int, qty: int, at: datetime) -> d.Shipment:
    return d.Shipment(id=sid, order_id=oid, line_no=no, customer_id="C1", quantity=Decimal(qty),
                      unit="pcs", shipped_at=at)


ORDERS = [
    order("O1", utc(2025, 2, 20), line(1, 10, date(2025, 3, 4)), line(2, 5, date(2025, 3, 1))),
    order("O2", utc(2025, 2, 1), line(1, 8, None, requested=date(2025, 2, 12))),
    order("O3", utc(2025, 2, 1), line(1, 1, date(2025, 2, 2)), status=d.OrderStatus.CANCELLED),
    order("O4", utc(2025, 2, 10),
          line(1, 3, date(2025, 2, 25), history=[d.PromiseChange(
              changed_at=utc(2025, 2, 20), old_date=date(2025, 2, 15),
              new_date=date(2025, 2, 25))]),
          line(2, 4, date(2025, 3, 20))),
    order("O5", utc(2025, 3, 1), line(1, 2, date(2025, 3, 6))),
]
SHIPMENTS = [
    ship("S1", "O1", 1, 4, utc(2025, 3, 3, 1)),
    ship("S2", "O1", 1, 6, utc(2025, 3, 4, 15, 30)),  # 23:30 on the 4th at the site: on time
    ship("S3", "O1", 2, 5, utc(2025, 3, 2, 17)),  # 3 Mar 01:00 at the site: week 10, late
    ship("S4", "O2", 1, 8, utc(2025, 2, 11, 2)),  # before the requested 12 Feb: on time
    ship("S5", "O3", 1, 1, utc(2025, 2, 3)),  # cancelled order: never counted
]


def labels(series) -> list[str]:
    return [p.week.label for p in series]


def values(series) -> list[float | None]:
    return [None if p.value is None else round(p.value, 4) for p in series]


def test_weeks_are_iso_weeks_at_the_site() -> None:
    span = kpi.weeks(NOW, ZONE, 3)
    assert [w.label for w in span] == ["2025-W08", "2025-W09", "2025-W10"]
    assert span[-1].monday == date(2025, 3, 3)
    assert span[-1].start == utc(2025, 3, 2, 16)  # Monday 00:00 at UTC+8
    assert span[-1].end == utc(2025, 3, 9, 16)


def test_completed_lines_use_the_shipment_that_reaches_the_ordered_quantity() -> None:
    done = kpi.completed_lines(ORDERS, SHIPMENTS, ZONE)
    assert [(c.key, c.completed_on, c.on_time) for c in done] == [
        (("O2", 1), date(2025, 2, 11), True),
        (("O1", 2), date(2025, 3, 3), False),
        (("O1", 1), date(2025, 3, 4), True),
    ]
    assert done[2].lead_days == pytest.approx(12 + 15.5 / 24)


def test_on_time_delivery_per_week_and_over_the_last_four_weeks() -> None:
    done = kpi.completed_lines(ORDERS, SHIPMENTS, ZONE)
    figure = kpi.on_time_delivery(done, NOW, ZONE)
    assert len(figure.series) == 13 and labels(figure.series)[-1] == "2025-W10"
    assert values(figure.series)[-4:] == [100.0, None, None, 50.0]  # W07 .. W10
    assert [p.count for p in figure.series][-4:] == [1, 0, 0, 2]
    assert figure.value == pytest.approx(200 / 3)
    assert figure.unit == "%" and figure.since == date(2025, 2, 10)
    assert figure.keys == (("O2", 1), ("O1", 2), ("O1", 1))
    assert figure.breakdown == (("on time", 2.0), ("late", 1.0))


def test_lead_time_median_and_mean() -> None:
    done = kpi.completed_lines(ORDERS, SHIPMENTS, ZONE)
    figure = kpi.lead_time(done, NOW, ZONE)
    days = [10 + 2 / 24, 10 + 17 / 24, 12 + 15.5 / 24]
    assert figure.value == pytest.approx(days[1])
    assert dict(figure.breakdown)["mean"] == pytest.approx(sum(days) / 3)
    assert dict(figure.breakdown)["lines"] == 3  # the lines the median and mean are of
    last = figure.series[-1]
    assert last.value == pytest.approx((days[1] + days[2]) / 2)  # median of two
    assert last.extra == pytest.approx((days[1] + days[2]) / 2)
    assert figure.series[-4].value == pytest.approx(days[0])
    assert figure.unit == "days"


def test_orders_at_risk_now_and_past_due_at_each_past_week_end() -> None:
    risks = kpi.line_risks(ORDERS, [], SHIPMENTS, NOW, ZONE)
    assert risks[("O4", 1)].level == RiskLevel.LATE  # past its promise, nothing shipped
    assert risks[("O5", 1)].level == RiskLevel.AT_RISK  # due tomorrow, no work order
    figure = kpi.orders_at_risk(risks, ORDERS, SHIPMENTS, NOW, ZONE)
    assert figure.value == 2 and figure.unit == "lines"
    assert figure.keys == (("O4", 1), ("O5", 1))
    assert figure.breakdown == (("late", 1.0), ("at risk", 1.0))
    # Past weeks only, ending with W09: the current week is not over.
    assert labels(figure.series)[-3:] == ["2025-W07", "2025-W08", "2025-W09"]
    # End of W07: O4/1 was promised for 15 Feb then (moved to 25 Feb on 20 Feb).
    # End of W09: O4/1, and O1/2 (due 1 Mar, shipped an hour after the week ended).
    assert values(figure.series)[-3:] == [1.0, 0.0, 2.0]
    assert kpi.past_due_at(ORDERS, SHIPMENTS, utc(2025, 3, 2, 16), ZONE) == [
        ("O1", 2), ("O4", 1)]


def figures(pbt, apt, ideal, good, scrap) -> OeeFigures:
    return OeeFigures(pbt, apt, 0.0, ideal, good, scrap)


def test_oee_by_line_is_the_ratio_of_sums_of_its_machines() -> None:
    span = kpi.weeks(NOW, ZONE, kpi.OEE_WEEKS)
    this_week = {"M1": figures(100, 80, 60, 9, 1), "M2": figures(100, 50, 50, 10, 0),
                 "M3": figures(100, 100, 100, 10, 0)}
    weekly = [(w, {}) for w in span[:-1]] + [(span[-1], this_week)]
    line_of = {"M1": ("L1", "Line 1"), "M2": ("L1", "Line 1"), "M3": ("L2", "Line 2")}
    figure, rows = kpi.oee_by_line(weekly, line_of)
    assert [r.line_id for r in rows] == ["L1", "L2"]
    assert rows[0].machines == 2
    assert rows[0].current.oee == pytest.approx(130 / 200 * 110 / 130 * 19 / 20)
    assert rows[1].weekly[-1] == pytest.approx(100.0) and rows[1].weekly[0] is None
    assert figure.value == pytest.approx(100 * 210 / 300 * 29 / 30)
    assert values(figure.series)[:-1] == [None] * (kpi.OEE_WEEKS - 1)
    assert figure.keys == ("L1", "L2") and figure.row_kind == kpi.RowKind.LINE
    assert dict(figure.breakdown)["Line 1"] == pytest.approx(100 * 0.65 * 110 / 130 * 0.95)


def test_oee_of_machines_under_no_line() -> None:
    span = kpi.weeks(NOW, ZONE, 1)
    figure, rows = kpi.oee_by_line([(span[0], {"M9": EMPTY})], {})
    assert [(r.line_id, r.name) for r in rows] == [(kpi.NO_LINE, "")]
    assert figure.value is None


def count(cid: str, machine: str, start: datetime, good: int, scrap: int) -> d.ProductionCount:
    return d.ProductionCount(id=cid, machine_id=machine, work_order_id=None, product_id="P-1",
                             start=start, end=start, good=Decimal(good), scrap=Decimal(scrap))


def defect(did: str, code: str, qty: int, at: datetime, machine: str = "M1") -> d.DefectRecord:
    return d.DefectRecord(id=did, code=code, quantity=Decimal(qty), recorded_at=at,
                          machine_id=machine)


def test_first_pass_yield_and_scrap_rate() -> None:
    counts = [count("PC1", "M1", utc(2025, 3, 3, 2), 90, 10),
              count("PC2", "M2", utc(2025, 2, 25), 50, 0),
              count("PC3", "M1", utc(2025, 3, 2, 15), 40, 0),  # Sunday 23:00 at the site: W09
              count("PC4", "M3", utc(2025, 1, 28), 10, 10)]  # W05: in the trend only
    defects = [defect("D1", "BURR", 6, utc(2025, 3, 3, 3)),
               defect("D2", "SCRATCH", 4, utc(2025, 3, 3, 4)),
               defect("D3", "DENT", 10, utc(2025, 1, 28), "M3")]
    fpy, scrap, machines = kpi.yield_and_scrap(counts, defects, NOW, ZONE)
    assert fpy.value == pytest.approx(100 * 180 / 190)
    assert scrap.value == pytest.approx(100 * 10 / 190)
    assert values(fpy.series)[-2:] == [100.0, 90.0]
    assert {p.week.label: p.value for p in fpy.series}["2025-W05"] == 50.0
    assert values(scrap.series)[-1] == 10.0
    assert fpy.breakdown == (("good", 180.0), ("scrap", 10.0))
    assert scrap.breakdown == (("BURR", 6.0), ("SCRATCH", 4.0))
    assert fpy.keys == ("M1", "M2")
    m1 = machines[0]
    assert (m1.good, m1.scrap, m1.defects, m1.top_defect) == (130.0, 10.0, 10.0, "BURR")
    assert m1.first_pass_yield == pytest.approx(100 * 130 / 140)


def complaint(cid: str, severity: d.Severity, status: d.ComplaintStatus,
              opened: datetime) -> d.Complaint:
    return d.Complaint(id=cid, number=f"CP-{cid}", customer_id="C1", category="dimension",
                       severity=severity, status=status, opened_at=opened)


def test_age_buckets_by_whole_days() -> None:
    assert kpi.age_bucket(utc(2025, 2, 26, 4), NOW) == "0–7 days"  # 7 days
    assert kpi.age_bucket(utc(2025, 2, 25, 4), NOW) == "8–30 days"  # 8 days
    assert kpi.age_bucket(utc(2025, 2, 3, 4), NOW) == "8–30 days"  # 30 days
    assert kpi.age_bucket(utc(2025, 2, 2, 4), NOW) == ">30 days"  # 31 days


def test_open_complaints_by_severity_and_age() -> None:
    s, st = d.Severity, d.ComplaintStatus
    complaints = [complaint("C1", s.HIGH, st.OPEN, utc(2025, 3, 1)),
                  complaint("C2", s.CRITICAL, st.INVESTIGATING, utc(2025, 2, 10, 4)),
                  complaint("C3", s.LOW, st.CLOSED, utc(2025, 2, 20)),
                  complaint("C4", s.MEDIUM, st.CONTAINED, utc(2025, 1, 1))]
    figure = kpi.open_complaints(complaints, NOW, ZONE)
    assert figure.value == 3 and figure.keys == ("C2", "C1", "C4")
    assert figure.breakdown == (("critical", 1.0), ("high", 1.0), ("medium", 1.0), ("low", 0.0),
                                ("0–7 days", 1.0), ("8–30 days", 1.0), (">30 days", 1.0))
    # Opened per week: C4 in W01, C2 in W07, C3 in W08, C1 in W09 (closed ones too).
    opened = {p.week.label: p.value for p in figure.series if p.value}
    assert opened == {"2025-W01": 1.0, "2025-W07": 1.0, "2025-W08": 1.0, "2025-W09": 1.0}


def work_order(wid: str, product: str, status: d.WorkOrderStatus, qty: int, good: int,
               started: datetime | None = None, ended: datetime | None = None) -> d.WorkOrder:
    ops = [d.Operation(sequence=10, work_center_id="WC1", actual_start=started,
                       actual_end=ended)]
    return d.WorkOrder(id=wid, number=f"WO-{wid}", product_id=product, quantity=Decimal(qty),
                       unit="pcs", good=Decimal(good), status=status, operations=ops)


def test_work_in_progress_now_and_under_way_at_each_past_week_end() -> None:
    st = d.WorkOrderStatus
    wos = [work_order("W1", "P-1", st.RELEASED, 100, 30),
           work_order("W2", "P-2", st.RUNNING, 50, 60, started=utc(2025, 3, 1)),
           work_order("W3", "P-1", st.COMPLETED, 20, 20, utc(2025, 2, 18), utc(2025, 2, 26)),
           work_order("W4", "P-1", st.PLANNED, 10, 0)]
    figure = kpi.work_in_progress(wos, NOW, ZONE)
    assert (figure.value, figure.unit) == (70.0, "pcs")
    assert figure.keys == ("W1", "W2")
    assert figure.breakdown == (("work orders", 2.0), ("P-1 (pcs)", 70.0), ("P-2 (pcs)", 0.0))
    assert labels(figure.series)[-1] == "2025-W09"
    # W07 ended before the first actual start (W3's, in W08): no value, not 0.
    assert values(figure.series)[-3:] == [None, 1.0, 1.0]  # W08 W3, W09 W2


def test_work_in_progress_in_mixed_units_counts_work_orders() -> None:
    wo = work_order("W1", "P-1", d.WorkOrderStatus.RUNNING, 10, 0)
    kg = work_order("W2", "P-2", d.WorkOrderStatus.RUNNING, 10, 0)
    kg.unit = "kg"
    figure = kpi.work_in_progress([wo, kg], NOW, ZONE)
    assert (figure.value, figure.unit) == (2.0, "work orders")


def test_nothing_to_measure_gives_none_not_zero() -> None:
    assert kpi.on_time_delivery([], NOW, ZONE).value is None
    assert kpi.lead_time([], NOW, ZONE).value is None
    fpy, scrap, machines = kpi.yield_and_scrap([], [], NOW, ZONE)
    assert fpy.value is None and scrap.value is None and machines == []


def test_count_trends_start_with_the_history_not_with_zeros() -> None:
    """A plant whose records begin in W06, four weeks before NOW's W10: the weeks before have
    no value, and a week inside the history with nothing at risk, open or under way is 0."""
    st = d.WorkOrderStatus
    orders = [order("A", utc(2025, 2, 4), line(1, 5, date(2025, 2, 20))),
              order("B", utc(2025, 2, 5), line(1, 5, date(2025, 2, 26)))]
    shipments = [ship("S1", "A", 1, 5, utc(2025, 2, 19))]  # on time: never past due
    risk = kpi.orders_at_risk({}, orders, shipments, NOW, ZONE)
    before = [None] * 9  # 2024-W45 .. 2025-W05
    assert labels(risk.series)[9] == "2025-W06"
    assert values(risk.series) == before + [0.0, 0.0, 0.0, 1.0]  # B/1 past due from W09

    wos = [work_order("W1", "P-1", st.COMPLETED, 5, 5, utc(2025, 2, 4), utc(2025, 2, 6)),
           work_order("W2", "P-1", st.RUNNING, 5, 0, started=utc(2025, 2, 25))]
    wip = kpi.work_in_progress(wos, NOW, ZONE)
    assert values(wip.series) == before + [0.0, 0.0, 0.0, 1.0]

    complaints = [complaint("C1", d.Severity.LOW, d.ComplaintStatus.OPEN, utc(2025, 2, 4))]
    opened = kpi.open_complaints(complaints, NOW, ZONE)
    assert labels(opened.series)[8] == "2025-W06"  # its trend runs to the current week
    assert values(opened.series) == [None] * 8 + [1.0, 0.0, 0.0, 0.0, 0.0]


def test_count_trends_without_records_have_no_values() -> None:
    assert {p.value for p in kpi.orders_at_risk({}, [], [], NOW, ZONE).series} == {None}
    assert {p.value for p in kpi.open_complaints([], NOW, ZONE).series} == {None}
    unstarted = [work_order("W1", "P-1", d.WorkOrderStatus.RELEASED, 5, 0)]
    assert {p.value for p in kpi.work_in_progress(unstarted, NOW, ZONE).series} == {None}
