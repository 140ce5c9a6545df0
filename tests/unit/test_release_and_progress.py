"""The pure parts of release and progress: the option mapping (with its refusals), the stage of
a line, the customer's sentence, and which progress writes are due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from app.analytics.fulfilment import LineProgress
from app.automation.release import (
    MappingKind,
    OptionMapping,
    OptionRefused,
    check_mapping,
    in_family,
    line_parameters,
)
from app.domain import (
    Operation,
    OperationStatus,
    OperationTemplate,
    Product,
    Routing,
    WorkOrder,
    WorkOrderStatus,
)
from app.reports.progress_report import LineReport
from app.reports.progress_sentence import line_stage, order_sentence
from app.runtime.progress_writeback import Written, due_writes

PAINT = OptionMapping(option="colour", kind=MappingKind.OPERATION_PARAMETER, target="10:paint")
BLACK = OptionMapping(option="colour", kind=MappingKind.OPERATION_PARAMETER, target="10:paint",
                      product_id="P-310", value="black", setting="RAL9005")
PRODUCT = Product(id="P-310", code="GU-310", name="Gear unit", unit="pcs", routing=Routing(
    operations=[OperationTemplate(sequence=10, name="Assemble and paint", work_center_id="W1",
                                  setup_minutes=Decimal(1), run_seconds_per_unit=Decimal(1)),
                OperationTemplate(sequence=5, name="Turn", work_center_id="W0",
                                  setup_minutes=Decimal(1), run_seconds_per_unit=Decimal(1))]))


def test_the_most_specific_mapping_wins_and_an_unknown_option_is_refused() -> None:
    assert line_parameters("P-310", {"colour": "black"}, [PAINT, BLACK]) == {
        "op10:paint": "RAL9005"}
    assert line_parameters("P-310", {"colour": "teal"}, [PAINT, BLACK]) == {
        "op10:paint": "teal"}
    with pytest.raises(OptionRefused) as refused:
        line_parameters("P-310", {"colour": "black", "size": "XL"}, [BLACK])
    assert refused.value.unknown == [("size", "XL")]
    assert "option size = 'XL' of P-310 is not in the option mapping" in str(refused.value)
    assert line_parameters("P-300", {}, []) == {}


def test_a_mapping_row_is_checked_against_the_product() -> None:
    products = {"P-310": PRODUCT}
    assert check_mapping(BLACK, products) == ""
    assert "no operation 20" in check_mapping(
        OptionMapping(option="colour", kind=MappingKind.OPERATION_PARAMETER, target="20:x",
                      product_id="P-310"), products)
    assert "<operation sequence>:<parameter>" in check_mapping(
        OptionMapping(option="colour", kind=MappingKind.OPERATION_PARAMETER, target="paint"))
    assert check_mapping(OptionMapping(option="", kind=MappingKind.ROUTING_VARIANT)) == (
        "name the option")


def test_a_product_family_is_ids_or_codes_by_prefix() -> None:
    assert in_family(PRODUCT, "P-310", "GU-3")
    assert in_family(PRODUCT, "P-310", "X, p-31")
    assert not in_family(PRODUCT, "P-310", "GU-2")
    assert in_family(None, "P-310", "")


def _wo(status: WorkOrderStatus, *ops: OperationStatus) -> WorkOrder:
    return WorkOrder(id="W", number="MO", product_id="P-310", quantity=Decimal(10), unit="pcs",
                     status=status, operations=[Operation(sequence=s, work_center_id="W",
                                                          status=o)
                                                for s, o in zip((5, 10), ops, strict=False)])


def test_the_stage_comes_from_the_operation_a_work_order_is_at() -> None:
    products = {"P-310": PRODUCT}
    open_line = LineProgress(Decimal(10), Decimal(0), Decimal(0), Decimal(0), "pcs")
    running = _wo(WorkOrderStatus.RUNNING, OperationStatus.DONE, OperationStatus.RUNNING)
    assert line_stage(open_line, [running], products) == "assembly"
    turning = _wo(WorkOrderStatus.RUNNING, OperationStatus.RUNNING, OperationStatus.PENDING)
    assert line_stage(open_line, [turning], products) == "machining"
    waiting = _wo(WorkOrderStatus.RELEASED, OperationStatus.PENDING, OperationStatus.PENDING)
    assert line_stage(open_line, [waiting, running], products) == "not_started"
    assert line_stage(open_line, [], products) == "not_started"
    made = LineProgress(Decimal(10), Decimal(10), Decimal(0), Decimal(0), "pcs")
    assert line_stage(made, [running], products) == "packed"
    shipped = LineProgress(Decimal(10), Decimal(10), Decimal(10), Decimal(0), "pcs")
    assert line_stage(shipped, [], products) == "shipped"


def _line(no: int, stage: str, expected: date | None) -> LineReport:
    return LineReport(line_no=no, product_id="P", quantity=Decimal(1), unit="pcs",
                      done=Decimal(0), shipped=Decimal(0), promised_date=None,
                      expected_date=expected, expected_note="", work_orders=(), stage=stage)


def test_one_sentence_per_order_in_the_contacts_language() -> None:
    lines = [_line(1, "assembly", date(2026, 12, 10)), _line(2, "assembly", date(2026, 12, 12)),
             _line(3, "shipped", None)]
    assert order_sentence(lines) == (
        "2 of 3 lines in assembly, 1 of 3 lines shipped, expected 12 Dec.")
    assert order_sentence(lines, "zh_TW") == (
        "3 項中 2 項組裝中，3 項中 1 項已出貨，預計 12月12日 完成。")
    assert order_sentence([_line(1, "machining", date(2026, 3, 2))]) == (
        "The line is in machining, expected 2 Mar.")
    assert order_sentence([_line(1, "shipped", None), _line(2, "shipped", None)]) == (
        "All 2 lines shipped.")
    assert order_sentence([]) == ""


def test_a_line_is_written_when_it_changed_and_its_interval_passed() -> None:
    now = datetime(2026, 3, 2, 12, tzinfo=UTC)
    every = timedelta(minutes=15)
    a, b = {"progress_percent": 10}, {"progress_percent": 20}
    written = {("O", 1): Written(a, now - timedelta(minutes=20)),
               ("O", 2): Written(a, now - timedelta(minutes=5)),
               ("O", 3): Written(a, now - timedelta(minutes=5))}
    values = {("O", 1): b, ("O", 2): b, ("O", 3): a, ("O", 4): a}
    # 1 changed, interval passed; 2 changed too soon; 3 unchanged; 4 never written.
    assert due_writes(values, written, now, every) == [("O", 1), ("O", 4)]
