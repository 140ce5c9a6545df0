"""The customer summary on a small hand-built data set: every number worked out by hand.

The clock stands at 20 Mar 2025 10:00 UTC; the site is in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

from app.analytics.ages import AgeUnit
from app.analytics.customer_summary import MonthDelivery, customer_summary
from app.analytics.order_risk import LineRisk, RiskLevel
from app.domain import (
    Complaint,
    ComplaintStatus,
    Contact,
    Customer,
    FulfilmentLink,
    Lot,
    LotKind,
    Opportunity,
    OpportunityStage,
    OrderLine,
    OrderStatus,
    SalesOrder,
    Severity,
    Shipment,
    ShipmentLot,
    WorkOrder,
    WorkOrderStatus,
)

NOW = datetime(2025, 3, 20, 10, tzinfo=UTC)
ACME = Customer(id="C1", name="Acme Gears", number="K-1", key_account=True, country="TW",
                language="zh_TW")
OTHER = Customer(id="C2", name="Borealis Pumps", number="K-2")


def at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 9, tzinfo=UTC)


def line(no: int, product: str, qty: int, promised: date) -> OrderLine:
    return OrderLine(line_no=no, product_id=product, quantity=D(qty), unit="pcs",
                     requested_date=promised, promised_date=promised)


def order(oid: str, customer: str, status: OrderStatus, created: datetime,
          *lines: OrderLine) -> SalesOrder:
    return SalesOrder(id=oid, number=f"SO-{oid[1:]}", customer_id=customer, status=status,
                      created_at=created, lines=list(lines))


ORDERS = [
    order("O1", "C1", OrderStatus.SHIPPED, at(1, 5),
          line(1, "P-1", 10, date(2025, 1, 20)), line(2, "P-2", 5, date(2025, 1, 25))),
    order("O2", "C1", OrderStatus.CLOSED, at(2, 1), line(1, "P-1", 20, date(2025, 2, 14))),
    order("O3", "C1", OrderStatus.IN_PRODUCTION, at(3, 1),
          line(1, "P-1", 30, date(2025, 3, 25)), line(2, "P-2", 10, date(2025, 3, 18)),
          line(3, "P-2", 4, date(2025, 3, 22))),
    order("O4", "C1", OrderStatus.CONFIRMED, at(3, 10), line(1, "P-1", 6, date(2025, 4, 10))),
    order("O5", "C2", OrderStatus.SHIPPED, at(2, 1), line(1, "P-1", 7, date(2025, 2, 3))),
    order("O6", "C1", OrderStatus.CANCELLED, at(2, 20), line(1, "P-1", 3, date(2025, 3, 1))),
]
WORK_ORDERS = [WorkOrder(
    id="W1", number="MO-1", product_id="P-1", quantity=D(30), unit="pcs", good=D(12),
    status=WorkOrderStatus.RUNNING, output_lot_id="L9",
    links=[FulfilmentLink(order_id="O3", line_no=1, work_order_id="W1", quantity=D(30),
                          unit="pcs")])]


def ship(sid: str, oid: str, line_no: int, customer: str, qty: int, when: datetime,
         lot: str) -> Shipment:
    return Shipment(id=sid, order_id=oid, line_no=line_no, customer_id=customer,
                    quantity=D(qty), unit="pcs", shipped_at=when,
                    lots=[ShipmentLot(lot_id=lot, quantity=D(qty))])


SHIPMENTS = [
    ship("SH1", "O1", 1, "C1", 10, at(1, 18), "L1"),  # on time, lead 13 days
    ship("SH2", "O1", 2, "C1", 5, at(1, 28), "L4"),  # 3 days late, lead 23 (L4 not cached)
    ship("SH3", "O2", 1, "C1", 8, at(2, 10), "L2"),
    ship("SH4", "O2", 1, "C1", 12, at(2, 15), "L3"),  # line done 15 Feb: 1 day late, lead 14
    ship("SH5", "O4", 1, "C1", 6, at(3, 15), "L5"),  # all shipped: on time, lead 5
    ship("SH6", "O5", 1, "C2", 7, at(2, 2), "L1"),  # another customer's
]


def lot(lid: str, number: str, product: str) -> Lot:
    return Lot(id=lid, number=number, product_id=product, kind=LotKind.FINISHED,
               quantity=D(50), unit="pcs", created_at=at(1, 1))


LOTS = {lt.id: lt for lt in (lot("L1", "LOT-001", "P-1"), lot("L2", "LOT-002", "P-1"),
                            lot("L3", "LOT-003", "P-1"), lot("L5", "LOT-005", "P-1"))}


def complaint(cid: str, customer: str, severity: Severity, status: ComplaintStatus,
              opened: datetime, **more: str) -> Complaint:
    return Complaint(id=cid, number=f"CP-{cid[1:]}", customer_id=customer, category="burr",
                     severity=severity, status=status, opened_at=opened, **more)


COMPLAINTS = [
    complaint("K1", "C1", Severity.HIGH, ComplaintStatus.OPEN, at(3, 10), order_id="O2",
              lot_id="L2"),
    complaint("K2", "C1", Severity.CRITICAL, ComplaintStatus.CLOSED, at(1, 30), product_id="P-2"),
    complaint("K3", "C1", Severity.LOW, ComplaintStatus.INVESTIGATING, at(3, 15)),
    complaint("K4", "C2", Severity.CRITICAL, ComplaintStatus.OPEN, at(3, 1)),
]


def opportunity(oid: str, customer: str, stage: OpportunityStage, qty: int, probability: str,
                close: date) -> Opportunity:
    return Opportunity(id=oid, customer_id=customer, name=f"Deal {oid}", product_id="P-1",
                       quantity=D(qty), unit="pcs", stage=stage, probability=D(probability),
                       expected_close=close)


OPPORTUNITIES = [
    opportunity("OP1", "C1", OpportunityStage.QUALIFY, 100, "0.25", date(2025, 5, 1)),
    opportunity("OP2", "C1", OpportunityStage.NEGOTIATE, 40, "0.75", date(2025, 4, 1)),
    opportunity("OP3", "C1", OpportunityStage.WON, 500, "1", date(2025, 3, 1)),
    opportunity("OP4", "C1", OpportunityStage.LOST, 500, "0", date(2025, 3, 1)),
    opportunity("OP5", "C2", OpportunityStage.PROPOSE, 10, "0.5", date(2025, 4, 1)),
]
CONTACTS = [
    Contact(id="P1", customer_id="C1", name="Zoe Lin", email="zoe@acme.example",
            phone="+886 2 1234", language="zh_TW"),
    Contact(id="P2", customer_id="C1", name="Alan Chen", email="alan@acme.example"),
    Contact(id="P3", customer_id="C2", name="Bob Berg"),
]


def summary(**overrides):
    kwargs = dict(now=NOW, orders=ORDERS, shipments=SHIPMENTS, complaints=COMPLAINTS,
                  opportunities=OPPORTUNITIES, contacts=CONTACTS, lots=LOTS,
                  work_orders=WORK_ORDERS)
    kwargs.update(overrides)
    return customer_summary(ACME, **kwargs)


def test_open_lines_with_progress_and_risk() -> None:
    s = summary()
    assert [(r.number, r.line_no, r.risk) for r in s.open_lines] == [
        ("SO-3", 2, RiskLevel.LATE), ("SO-3", 3, RiskLevel.AT_RISK),
        ("SO-3", 1, RiskLevel.ON_TRACK)]
    late, risky, fine = s.open_lines
    assert late.reasons[0].text() == "2 days past due (18 Mar), 0 of 10 pcs done"
    assert risky.reasons[0].text() == "no work order, due in 2 days"
    assert (fine.progress, fine.done, fine.promised, fine.predicted) == (
        0.4, D(12), date(2025, 3, 25), None)
    assert s.risk_counts == {RiskLevel.LATE: 1, RiskLevel.AT_RISK: 1, RiskLevel.ON_TRACK: 1}


def test_given_risks_are_used_as_they_are() -> None:
    from app.analytics.fulfilment import LineProgress

    risks = {("O3", n): LineRisk(RiskLevel.ON_TRACK, (), predicted_date=date(2025, 3, 24))
             for n in (1, 2, 3)}
    risks[("O4", 1)] = LineRisk(RiskLevel.DONE, ())
    progress = {key: LineProgress(ordered=D(10), made=D(5), shipped=D(0),
                                  shipped_other=D(0), unit="pcs") for key in risks}
    s = summary(risks=risks, progress=progress)
    assert [(r.line_no, r.predicted, r.progress) for r in s.open_lines] == [
        (2, date(2025, 3, 24), 0.5), (3, date(2025, 3, 24), 0.5), (1, date(2025, 3, 24), 0.5)]


def test_on_time_history_by_month_and_lead_times() -> None:
    d = summary().delivery
    assert d.months == (MonthDelivery(date(2025, 1, 1), 1, 1),
                        MonthDelivery(date(2025, 2, 1), 0, 1),
                        MonthDelivery(date(2025, 3, 1), 1, 0))
    assert (d.on_time, d.late, d.rate) == (2, 2, 0.5)
    assert d.median_lead_days == 13.5  # of 5, 13, 14, 23
    assert [(r.number, r.line_no, r.delivered, r.lead_days, r.days_late) for r in d.recent] == [
        ("SO-4", 1, date(2025, 3, 15), 5, 0), ("SO-2", 1, date(2025, 2, 15), 14, 1),
        ("SO-1", 2, date(2025, 1, 28), 23, 3), ("SO-1", 1, date(2025, 1, 18), 13, 0)]


def test_months_run_to_this_month_even_without_deliveries() -> None:
    d = summary(now=datetime(2025, 5, 2, tzinfo=UTC)).delivery
    assert [(m.month.month, m.total) for m in d.months] == [(1, 2), (2, 1), (3, 1), (4, 0),
                                                            (5, 0)]


def test_complaints_open_first_then_worst_with_age() -> None:
    s = summary()
    assert [(c.number, c.severity, c.status, c.age.count, c.order_number, c.lot_number,
             c.product_id) for c in s.complaints] == [
        ("CP-1", Severity.HIGH, ComplaintStatus.OPEN, 10, "SO-2", "LOT-002", "P-1"),
        ("CP-3", Severity.LOW, ComplaintStatus.INVESTIGATING, 5, "", "", ""),
        ("CP-2", Severity.CRITICAL, ComplaintStatus.CLOSED, 49, "", "", "P-2")]
    assert {c.age.unit for c in s.complaints} == {AgeUnit.DAYS}
    assert s.open_complaints == 2


def test_lots_shipped_newest_first() -> None:
    rows = summary().lots
    assert [(r.lot_number, r.product_id, r.shipped_at.date(), r.quantity, r.order_number)
            for r in rows] == [
        ("LOT-005", "P-1", date(2025, 3, 15), D(6), "SO-4"),
        ("LOT-003", "P-1", date(2025, 2, 15), D(12), "SO-2"),
        ("LOT-002", "P-1", date(2025, 2, 10), D(8), "SO-2"),
        ("L4", "P-2", date(2025, 1, 28), D(5), "SO-1"),  # not cached: id, line's product
        ("LOT-001", "P-1", date(2025, 1, 18), D(10), "SO-1")]


def test_open_opportunities_weighted() -> None:
    s = summary()
    assert [(o.name, o.stage, o.weighted) for o in s.opportunities] == [
        ("Deal OP2", OpportunityStage.NEGOTIATE, D(30)),
        ("Deal OP1", OpportunityStage.QUALIFY, D(25))]
    assert s.weighted_by_unit == {"pcs": D(55)}


def test_contacts_by_name() -> None:
    assert [(c.name, c.email, c.phone, c.language) for c in summary().contacts] == [
        ("Alan Chen", "alan@acme.example", "", "en"),
        ("Zoe Lin", "zoe@acme.example", "+886 2 1234", "zh_TW")]


def test_a_customer_with_nothing() -> None:
    s = customer_summary(Customer(id="C9", name="New", number="K-9"), now=NOW, orders=ORDERS)
    assert (s.open_lines, s.complaints, s.lots, s.opportunities, s.contacts) == ((),) * 5
    assert (s.delivery.months, s.delivery.rate, s.delivery.median_lead_days) == ((), None, None)
