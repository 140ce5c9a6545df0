"""Order line ↔ work order links (from the MES, else by the plant's keys), what stays unlinked
and why, the linking rules file, and a line's progress."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.analytics.fulfilment import (
    KeyKind,
    LinkingRules,
    RulesError,
    link_orders,
    map_problems,
    progress_by_line,
)
from app.domain import (
    FulfilmentLink,
    OrderLine,
    OrderStatus,
    Product,
    SalesOrder,
    Shipment,
    ShipmentLot,
    WorkOrder,
    WorkOrderStatus,
)

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)


def order(oid: str, number: str, *lines: OrderLine, po: str = "",
          status: OrderStatus = OrderStatus.CONFIRMED) -> SalesOrder:
    return SalesOrder(id=oid, number=number, customer_id="C1", status=status, customer_po=po,
                      created_at=T0, lines=list(lines))


def line(no: int, product: str, qty: int, promised: date | None = date(2026, 3, 9),
         requested: date = date(2026, 3, 6)) -> OrderLine:
    return OrderLine(line_no=no, product_id=product, quantity=D(qty), unit="pcs",
                     requested_date=requested, promised_date=promised)


def wo(wid: str, product: str, qty: int, *, number: str | None = None,
       due: date | None = date(2026, 3, 8), status: WorkOrderStatus = WorkOrderStatus.RELEASED,
       good: int = 0, order_ref: str = "", line_ref: int | None = None, po: str = "",
       links: list[FulfilmentLink] | None = None, lot: str | None = None) -> WorkOrder:
    return WorkOrder(id=wid, number=number or wid, product_id=product, quantity=D(qty),
                     unit="pcs", good=D(good), status=status, due_date=due,
                     sales_order_ref=order_ref, sales_line_ref=line_ref, customer_po=po,
                     links=links or [], output_lot_id=lot)


def mes_link(order_id: str, line_no: int, wid: str, qty: int) -> FulfilmentLink:
    return FulfilmentLink(order_id=order_id, line_no=line_no, work_order_id=wid,
                          quantity=D(qty), unit="pcs")


def links_of(result, order_id: str, line_no: int) -> list[tuple[str, D, str]]:
    return [(k.work_order_id, k.quantity, k.via) for k in result.by_line.get((order_id, line_no),
                                                                              [])]


ONLY = {kind: LinkingRules(keys=(kind,)) for kind in KeyKind}


# -- links -----------------------------------------------------------------------------------
def test_links_from_the_mes_are_taken_as_they_are() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 300)),
              order("O2", "SO-1043", line(1, "P-310", 20)),
              order("O3", "SO-1044", line(1, "P-310", 30), line(2, "P-310", 40))]
    work_orders = [
        wo("W1", "P-300", 150, links=[mes_link("O1", 1, "W1", 150)]),
        wo("W2", "P-300", 150, links=[mes_link("O1", 1, "W2", 150)]),
        wo("W3", "P-310", 120, links=[mes_link("O2", 1, "W3", 20), mes_link("O3", 1, "W3", 30),
                                      mes_link("O3", 2, "W3", 40)]),
    ]
    result = link_orders(orders, work_orders, LinkingRules(keys=()))
    # a line split over two work orders
    assert links_of(result, "O1", 1) == [("W1", D(150), "backend"), ("W2", D(150), "backend")]
    # one work order serving three lines
    assert [(k.order_id, k.line_no, k.quantity) for k in result.by_work_order["W3"]] == [
        ("O2", 1, D(20)), ("O3", 1, D(30)), ("O3", 2, D(40))]
    assert result.unlinked_lines == [] and result.unlinked_work_orders == []


def test_order_number_and_line() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 50), line(2, "P-310", 80))]
    result = link_orders(orders, [wo("W1", "MX-310", 90, order_ref="so-1042 ", line_ref=2)],
                         ONLY[KeyKind.ORDER_LINE])
    # the line named, whatever the MES calls the product; no more than the line needs
    assert links_of(result, "O1", 2) == [("W1", D(80), "order_line")]
    assert links_of(result, "O1", 1) == []


def test_order_number_without_a_line_serves_the_lines_of_its_product() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 50), line(2, "P-310", 80),
                    line(3, "P-300", 30, promised=date(2026, 3, 7)))]
    result = link_orders(orders, [wo("W1", "P-300", 70, order_ref="SO-1042")],
                         ONLY[KeyKind.ORDER_LINE])
    # line 3 is needed first (7 Mar), then line 1 gets what is left
    assert links_of(result, "O1", 3) == [("W1", D(30), "order_line")]
    assert links_of(result, "O1", 1) == [("W1", D(40), "order_line")]
    assert links_of(result, "O1", 2) == []


def test_customer_po() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 50), po="PO-555"),
              order("O2", "SO-1043", line(1, "P-300", 50), po="PO-556")]
    result = link_orders(orders, [wo("W1", "P-300", 50, po="PO-556")], ONLY[KeyKind.CUSTOMER_PO])
    assert links_of(result, "O2", 1) == [("W1", D(50), "customer_po")]
    assert links_of(result, "O1", 1) == []


def test_product_code_map_shares_a_batch_over_three_lines_in_need_order() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-310", 30, promised=date(2026, 3, 10))),
              order("O2", "SO-1043", line(1, "P-310", 40, promised=date(2026, 3, 9))),
              order("O3", "SO-1044", line(1, "P-310", 50, promised=date(2026, 3, 11)),
                    line(2, "P-310", 20, promised=date(2026, 3, 12)))]
    rules = LinkingRules(keys=(KeyKind.PRODUCT,), product_map={"P-310": "M-310"})
    result = link_orders(orders, [wo("W1", "M-310", 120)], rules)
    assert [(k.order_id, k.line_no, k.quantity) for k in result.by_work_order["W1"]] == [
        ("O2", 1, D(40)), ("O1", 1, D(30)), ("O3", 1, D(50))]
    (left_over,) = result.unlinked_lines
    assert (left_over.order_number, left_over.line_no) == ("SO-1044", 2)
    assert left_over.reason == "the open work orders of M-310 are used up by earlier lines"


def test_a_line_split_over_two_work_orders_by_key_earliest_due_first() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 100))]
    work_orders = [wo("W2", "P-300", 60, due=date(2026, 3, 8), order_ref="SO-1042", line_ref=1),
                   wo("W1", "P-300", 60, due=date(2026, 3, 5), order_ref="SO-1042", line_ref=1)]
    result = link_orders(orders, work_orders, ONLY[KeyKind.ORDER_LINE])
    assert links_of(result, "O1", 1) == [("W1", D(60), "order_line"),
                                         ("W2", D(40), "order_line")]


def test_named_orders_claim_lines_before_plain_product_matches() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 50)),
              order("O2", "SO-1043", line(1, "P-300", 50, promised=date(2026, 3, 12)))]
    # The batch is due first, but the work order that names SO-1042 still gets that line.
    work_orders = [wo("W1", "P-300", 50, due=date(2026, 3, 3)),
                   wo("W2", "P-300", 50, due=date(2026, 3, 6), order_ref="SO-1042")]
    rules = LinkingRules(keys=(KeyKind.PRODUCT, KeyKind.ORDER_LINE), same_product_codes=True)
    # in the rules' order the product pass runs first: the batch takes the earlier line
    first = link_orders(orders, work_orders, rules)
    assert links_of(first, "O1", 1) == [("W1", D(50), "product")]
    rules = LinkingRules(keys=(KeyKind.ORDER_LINE, KeyKind.PRODUCT), same_product_codes=True)
    second = link_orders(orders, work_orders, rules)
    assert links_of(second, "O1", 1) == [("W2", D(50), "order_line")]
    assert links_of(second, "O2", 1) == [("W1", D(50), "product")]


def test_closed_orders_and_cancelled_work_orders_are_not_matched() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 50), status=OrderStatus.SHIPPED)]
    work_orders = [wo("W1", "P-300", 50, order_ref="SO-1042"),
                   wo("W2", "P-300", 50, order_ref="SO-1042", status=WorkOrderStatus.CANCELLED)]
    result = link_orders(orders, work_orders, ONLY[KeyKind.ORDER_LINE])
    assert result.links == []
    assert [(u.number, u.reason) for u in result.unlinked_work_orders] == [
        ("W1", "work order W1 names SO-1042 which no open order has")]
    assert result.unlinked_lines == []  # a shipped order is not open demand


# -- what stays unlinked, and why --------------------------------------------------------------
def test_an_unmatched_line_says_why_for_each_key_kind() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-310", 40), po="PO-555")]
    result = link_orders(orders, [], LinkingRules())
    (unlinked,) = result.unlinked_lines
    assert (unlinked.order_number, unlinked.line_no, unlinked.need_date) == (
        "SO-1042", 1, date(2026, 3, 9))
    assert [r.text() for r in unlinked.reasons] == [
        "no work order has order number SO-1042",
        "no work order names PO PO-555",
        "product P-310 has no MES code in the product map",
    ]
    assert unlinked.reason == ("no work order has order number SO-1042; no work order names "
                               "PO PO-555; product P-310 has no MES code in the product map")



def test_unlinked_lines_are_equal_only_with_equal_reasons() -> None:
    # The reasons are worked out when read; equality (the view keeps an equal list) still
    # counts them.
    orders = [order("O1", "SO-1042", line(1, "P-310", 40), po="PO-555")]
    first = link_orders(orders, [], LinkingRules()).unlinked_lines
    assert first == link_orders(orders, [], LinkingRules()).unlinked_lines
    assert hash(first[0]) == hash(link_orders(orders, [], LinkingRules()).unlinked_lines[0])
    other = link_orders(orders, [], LinkingRules(keys=(KeyKind.PRODUCT,))).unlinked_lines
    assert first != other
    assert first[0].reasons is first[0].reasons  # worked out once

def test_unmatched_line_reasons_name_what_was_there() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 40), line(2, "P-310", 40)),
              order("O2", "SO-1043", line(1, "P-310", 40))]
    work_orders = [wo("W1", "P-300", 40, order_ref="SO-1042"),
                   wo("W2", "M-310", 40, status=WorkOrderStatus.RUNNING)]
    rules = LinkingRules(product_map={"P-310": "M-310"})
    result = link_orders(orders, work_orders, rules)
    reasons = {(u.order_number, u.line_no): u.reason for u in result.unlinked_lines}
    assert reasons == {
        ("SO-1043", 1): "no work order has order number SO-1043; order SO-1043 has no customer"
                        " PO; the open work orders of M-310 are used up by earlier lines",
    }
    assert links_of(result, "O1", 2) == [("W2", D(40), "product")]  # needed first (by number)

    result = link_orders(orders, [wo("W1", "P-300", 40, order_ref="SO-1042")],
                         LinkingRules(keys=(KeyKind.ORDER_LINE, KeyKind.PRODUCT)))
    reasons = {(u.order_number, u.line_no): u.reason for u in result.unlinked_lines}
    assert reasons[("SO-1042", 2)] == ("no work order names SO-1042 for line 2; product P-310"
                                       " has no MES code in the product map")


def test_unmatched_work_orders_say_why() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-300", 40), po="PO-554")]
    work_orders = [
        wo("W1", "P-300", 40, number="MO-2012", po="PO-555"),
        wo("W2", "P-300", 40, number="MO-2013", order_ref="SO-1042", line_ref=4),
        wo("W3", "P-300", 40, number="MO-2014"),
        wo("W4", "P-300", 40, number="MO-2015", links=[mes_link("O-77", 1, "W4", 40)]),
        wo("W5", "P-300", 40, number="MO-2016", status=WorkOrderStatus.COMPLETED, po="PO-9"),
    ]
    result = link_orders(orders, work_orders, LinkingRules(keys=(KeyKind.ORDER_LINE,
                                                                 KeyKind.CUSTOMER_PO)))
    assert [(u.number, u.reason) for u in result.unlinked_work_orders] == [
        ("MO-2012", "work order MO-2012 names PO-555 which no open order has"),
        ("MO-2013", "work order MO-2013 names line 4 of SO-1042, which is not an open line"),
        ("MO-2014", "work order MO-2014 names no order number or customer PO"),
        ("MO-2015", "the MES links it to order O-77, which the CRM cache does not hold"),
    ]  # a completed work order is not open work, so it is not listed


def test_product_reasons_for_work_orders() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-310", 40))]
    work_orders = [wo("W1", "M-310", 40, due=date(2026, 3, 3)),
                   wo("W2", "M-310", 40, due=date(2026, 3, 4)),
                   wo("W3", "M-999", 40, due=date(2026, 3, 5))]
    result = link_orders(orders, work_orders, LinkingRules(
        keys=(KeyKind.PRODUCT,), product_map={"P-310": "M-310", "P-200": "M-200"}))
    assert [(u.number, u.reason) for u in result.unlinked_work_orders] == [
        ("W2", "the open lines of M-310 are covered by earlier work orders"),
        ("W3", "no CRM product maps to M-999 in the product map"),
    ]


def test_component_work_orders_say_they_feed_other_work_orders() -> None:
    products = [Product(id="P-110", code="P-110", name="Shaft blank", unit="pcs",
                        kind="component"),
                Product(id="P-300", code="P-300", name="Gear unit", unit="pcs")]
    work_orders = [wo("W1", "P-110", 80, due=date(2026, 3, 1)),
                   wo("W2", "P-300", 40, number="MO-2020", due=date(2026, 3, 5))]
    result = link_orders([], work_orders, LinkingRules(), products)
    assert [(u.number, u.reason) for u in result.unlinked_work_orders] == [
        ("MO-2020", "no CRM product maps to P-300 in the product map"),
        ("W1", "P-110 is a component for other work orders, not sold to customers"),
    ]  # components last, whatever their due date


# -- the rules file ----------------------------------------------------------------------------
def test_rules_round_trip_through_json(tmp_path: Path) -> None:
    path = tmp_path / "config" / "linking-rules.json"
    assert LinkingRules.load(path) == LinkingRules()  # no file yet: the defaults
    rules = LinkingRules(keys=(KeyKind.CUSTOMER_PO, KeyKind.PRODUCT),
                         product_map={"P-310": "M-310"}, same_product_codes=True)
    rules.save(path)
    assert LinkingRules.load(path) == rules
    assert json.loads(path.read_text()) == {
        "version": 1, "keys": ["customer_po", "product"], "same_product_codes": True,
        "product_map": {"P-310": "M-310"}}


@pytest.mark.parametrize(("text", "field", "message"), [
    ("{", "rules", "not valid JSON"),
    ('{"keys": ["erp"]}', "keys", "unknown key kind 'erp'"),
    ('{"keys": ["product", "product"]}', "keys", "product is listed twice"),
    ('{"product_map": {"P-1": ""}}', "product_map (entry 1)", "the MES code for P-1 is empty"),
    ('{"same_product_codes": "yes"}', "same_product_codes", "expected true or false"),
])
def test_a_wrong_rules_file_says_where(tmp_path: Path, text: str, field: str,
                                       message: str) -> None:
    path = tmp_path / "rules.json"
    path.write_text(text)
    with pytest.raises(RulesError) as raised:
        LinkingRules.load(path)
    assert raised.value.field == field
    assert message in raised.value.message


def test_product_map_entries_are_checked() -> None:
    entries = [("P-300", "M-300"), ("", "M-1"), ("P-310", " "), ("P-300", "M-301"),
               ("P-320", "M-999")]
    problems = map_problems(entries, known_mes_products={"M-300", "M-301", "M-1"})
    assert [(row, reason.text()) for row, reason in problems] == [
        (1, "the CRM product code is empty"),
        (2, "the MES code for P-310 is empty"),
        (3, "P-300 is mapped twice (also in row 1)"),
        (4, "no cached MES product has the code M-999"),
    ]


# -- progress ----------------------------------------------------------------------------------
def test_progress_is_the_lines_share_of_good_plus_shipped_from_elsewhere() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-310", 30)),
              order("O2", "SO-1043", line(1, "P-310", 60)),
              order("O3", "SO-1044", line(1, "P-300", 100))]
    work_orders = [
        # 120 made for 30 + 60 linked: each line gets good × its share, at most its link
        wo("W1", "P-310", 120, good=45, lot="L-1",
           links=[mes_link("O1", 1, "W1", 30), mes_link("O2", 1, "W1", 60)]),
        wo("W2", "P-300", 80, good=80, lot="L-2", links=[mes_link("O3", 1, "W2", 80)]),
    ]
    shipments = [
        # 20 of SO-1044 came from stock (lot L-0), 50 from W2's own lot: counted once
        Shipment(id="SH1", order_id="O3", line_no=1, customer_id="C1", quantity=D(70),
                 unit="pcs", shipped_at=T0, lots=[ShipmentLot(lot_id="L-0", quantity=D(20)),
                                                  ShipmentLot(lot_id="L-2", quantity=D(50))]),
    ]
    result = link_orders(orders, work_orders)
    progress = progress_by_line(orders, work_orders, shipments, result)
    first, second, third = progress[("O1", 1)], progress[("O2", 1)], progress[("O3", 1)]
    assert (first.made, first.done, first.fraction) == (D(15), D(15), 0.5)
    assert (second.made, second.done, second.fraction) == (D(30), D(30), 0.5)
    assert (third.made, third.shipped, third.shipped_other, third.done) == (
        D(80), D(70), D(20), D(100))
    assert third.complete and third.fraction == 1.0


def test_progress_never_exceeds_the_link_or_the_line() -> None:
    orders = [order("O1", "SO-1042", line(1, "P-310", 30))]
    work_orders = [wo("W1", "P-310", 40, good=40, links=[mes_link("O1", 1, "W1", 30)])]
    shipments = [Shipment(id="SH1", order_id="O1", line_no=1, customer_id="C1",
                          quantity=D(10), unit="pcs", shipped_at=T0)]  # lots unknown
    result = link_orders(orders, work_orders)
    progress = progress_by_line(orders, work_orders, shipments, result)[("O1", 1)]
    assert progress.made == D(30)
    assert progress.done == D(30) and progress.fraction == 1.0
    assert progress.unit == "pcs"


def test_later_batches_of_a_product_go_on_where_earlier_ones_stopped() -> None:
    # Lines are taken in need order; a batch that runs out leaves the rest to the next one,
    # and a line the MES already covers is passed over by every batch.
    orders = [order("O1", "SO-1", line(1, "P-1", 30, promised=date(2026, 3, 5)),
                    line(2, "P-1", 50, promised=date(2026, 3, 6))),
              order("O2", "SO-2", line(1, "P-1", 40, promised=date(2026, 3, 7)),
                    line(2, "P-1", 20, promised=date(2026, 3, 8)))]
    work_orders = [wo("M0", "M-1", 50, links=[mes_link("O1", 2, "M0", 50)]),
                   wo("W1", "M-1", 45, due=date(2026, 3, 1)),
                   wo("W2", "M-1", 25, due=date(2026, 3, 2)),
                   wo("W3", "M-1", 40, due=date(2026, 3, 3))]
    rules = LinkingRules(keys=(KeyKind.PRODUCT,), product_map={"P-1": "M-1"})
    result = link_orders(orders, work_orders, rules)
    assert [(k.order_id, k.line_no, k.work_order_id, k.quantity) for k in result.links] == [
        ("O1", 2, "M0", 50), ("O1", 1, "W1", 30), ("O2", 1, "W1", 15), ("O2", 1, "W2", 25),
        ("O2", 2, "W3", 20)]
    assert result.unlinked_lines == []
