"""ISA-95 B2MML V0600: the gear plant's sample schedule and performance import into the work
orders a planner expects, the export is valid against MESA's published schema and reads back to
the same quantities, and a bad file says where it is wrong and changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from app.b2mml import (
    B2mmlError,
    export_performance,
    plan_performance,
    plan_performance_import,
    plan_schedule,
    plan_schedule_import,
    read_performance,
    read_schedule,
)
from app.b2mml.cli import main
from app.cache.store import CacheStore
from app.domain import Operation, OperationStatus, Product, WorkOrder, WorkOrderStatus

pytest_plugins = ("tests.cache_db",)

DATA = Path(__file__).resolve().parents[1] / "data" / "b2mml"
SCHEMAS = DATA / "v0600"
SCHEDULE = DATA / "production_schedule.xml"
PERFORMANCE = DATA / "production_performance.xml"
FEED = "mes.work_orders"
NS = "http://www.mesa.org/xml/B2MML-V0600"
PRODUCTS = {p: Product(id=p, code=p, name=p, unit="pcs")
            for p in ("GEAR-S40", "SHAFT-D25", "PINION-Z18")}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def schema(root: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"B2MML-V0600-{root}.xsd")))


def scheduled() -> dict[str, WorkOrder]:
    _, orders = read_schedule(SCHEDULE, products=PRODUCTS, schema_dir=SCHEMAS)
    return {o.id: o for o in orders}


def performed() -> dict[str, WorkOrder]:
    file, responses = read_performance(PERFORMANCE, schema_dir=SCHEMAS)
    held = scheduled()
    return held | {o.id: o for o in plan_performance(file, responses, held).work_orders}


# --- the sample files -----------------------------------------------------------------------


@pytest.mark.parametrize(("path", "root"), [(SCHEDULE, "ProductionSchedule"),
                                            (PERFORMANCE, "ProductionPerformance")])
def test_sample_files_are_valid_b2mml(path: Path, root: str) -> None:
    checker = schema(root)
    assert checker.validate(etree.parse(str(path))), checker.error_log


def test_schedule_imports_as_work_orders_with_operations() -> None:
    orders = scheduled()

    assert list(orders) == ["WO-24017", "WO-24018", "WO-24019"]
    gear = orders["WO-24017"]
    assert (gear.number, gear.product_id, gear.quantity, gear.unit) == (
        "WO-24017", "GEAR-S40", Decimal(500), "pcs")
    assert (gear.priority, gear.status, gear.version) == (1, WorkOrderStatus.RELEASED, 1)
    assert gear.due_date == date(2024, 3, 6)  # EndTime's date as the file writes it (+01:00)
    assert [(op.sequence, op.work_center_id, op.machine_id) for op in gear.operations] == [
        (10, "WC-TURN", "M-TURN-01"), (20, "WC-HOB", "M-HOB-02"), (30, "WC-HEAT", "F-HEAT-01")]
    # Hobbing gives only a duration: it follows turning and lasts 10 h 30 min.
    hob = gear.operations[1]
    assert (hob.planned_start, hob.planned_end) == (at("2024-03-04T14:00:00Z"),
                                                    at("2024-03-05T00:30:00Z"))
    assert all(op.status == OperationStatus.PENDING and op.good == 0 for op in gear.operations)

    pinion = orders["WO-24019"]
    assert (pinion.quantity, pinion.status, pinion.priority) == (
        Decimal(1200), WorkOrderStatus.PLANNED, 3)
    assert [(op.planned_start, op.planned_end) for op in pinion.operations] == [
        (at("2024-03-06T06:00:00Z"), at("2024-03-06T12:00:00Z")),
        (at("2024-03-06T12:00:00Z"), at("2024-03-07T14:00:00Z")),  # P1DT2H
        (at("2024-03-07T14:00:00Z"), at("2024-03-08T06:00:00Z"))]
    assert len(orders["WO-24018"].operations) == 2


def test_performance_updates_quantities_times_and_status() -> None:
    file, responses = read_performance(PERFORMANCE, schema_dir=SCHEMAS)
    plan = plan_performance(file, responses, scheduled())

    assert plan.created == [] and plan.updated == ["WO-24017", "WO-24018"]
    orders = {o.id: o for o in plan.work_orders}
    gear = orders["WO-24017"]
    assert (gear.good, gear.scrap, gear.status, gear.version) == (
        Decimal(493), Decimal(7), WorkOrderStatus.COMPLETED, 2)
    assert [(op.good, op.scrap, op.status) for op in gear.operations] == [
        (500, 0, OperationStatus.DONE), (496, 4, OperationStatus.DONE),
        (493, 3, OperationStatus.DONE)]
    assert gear.operations[1].actual_start == at("2024-03-04T13:10:00Z")  # given as +01:00
    shaft = orders["WO-24018"]
    assert (shaft.good, shaft.scrap, shaft.status) == (150, 2, WorkOrderStatus.RUNNING)
    assert [op.status for op in shaft.operations] == [OperationStatus.DONE,
                                                      OperationStatus.RUNNING]
    assert shaft.operations[1].actual_end is None
    assert any("bearing seat oversize" in note for note in plan.notes)


def test_the_same_performance_twice_changes_nothing_more() -> None:
    file, responses = read_performance(PERFORMANCE)
    again = plan_performance(file, responses, performed())
    assert again.work_orders == [] and again.updated == []


# --- export ---------------------------------------------------------------------------------


def test_export_is_valid_and_reads_back_to_the_same_work_orders() -> None:
    orders = performed()
    bare = WorkOrder(id="WO-9", number="WO-9", product_id="GEAR-S40", quantity=Decimal(20),
                     unit="pcs", good=Decimal("12.5"), scrap=Decimal(1),
                     status=WorkOrderStatus.RUNNING)
    exported = [*orders.values(), bare]

    data = export_performance(exported, document_id="PP-1",
                              published=at("2024-03-05T18:00:00Z"))

    checker = schema("ProductionPerformance")
    assert checker.validate(etree.fromstring(data).getroottree()), checker.error_log
    # Read back onto the work orders as scheduled, before any progress.
    fresh = scheduled() | {"WO-9": replace(bare, good=Decimal(0), scrap=Decimal(0),
                                           status=WorkOrderStatus.RELEASED)}
    file, responses = read_performance(data, schema_dir=SCHEMAS)
    back = fresh | {o.id: o for o in plan_performance(file, responses, fresh).work_orders}
    for order in exported:
        again = back[order.id]
        assert (again.good, again.scrap, again.status) == (order.good, order.scrap,
                                                           order.status)
        assert [(op.good, op.scrap, op.actual_start, op.actual_end, op.status)
                for op in again.operations] == [
            (op.good, op.scrap, op.actual_start, op.actual_end, op.status)
            for op in order.operations]


def test_export_of_nothing_is_still_a_valid_document() -> None:
    data = export_performance([], schema_dir=SCHEMAS)
    assert etree.fromstring(data).tag == f"{{{NS}}}ProductionPerformance"


# --- bad files ------------------------------------------------------------------------------


def broken(tmp_path: Path, text: str, name: str = "bad.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_not_xml_names_file_and_line(tmp_path: Path) -> None:
    path = broken(tmp_path, '<?xml version="1.0"?>\n<ProductionSchedule>\n  <ID>x</Id>\n')
    with pytest.raises(B2mmlError, match=r"bad\.xml, line 3: not well-formed XML") as caught:
        read_schedule(path)
    assert caught.value.line == 3


def test_wrong_root_is_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, f'<ProductionPerformance xmlns="{NS}"/>')
    with pytest.raises(B2mmlError, match="root element is ProductionPerformance.*expected "
                                         "ProductionSchedule"):
        read_schedule(path)
    path = broken(tmp_path, "<ProductionSchedule/>")
    with pytest.raises(B2mmlError, match="without a namespace"):
        read_schedule(path)


def test_schema_invalid_file_names_the_line(tmp_path: Path) -> None:
    lines = SCHEDULE.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "<Priority>2<" in line)
    lines[number - 1] = lines[number - 1].replace("2", "urgent")
    path = broken(tmp_path, "\n".join(lines))

    with pytest.raises(B2mmlError, match=rf"line {number}: not valid ProductionSchedule.*"
                                         "Priority"):
        read_schedule(path, schema_dir=SCHEMAS)
    # Without the schema the importer's own checks still find it.
    with pytest.raises(B2mmlError, match=rf"line {number}: Priority 'urgent'"):
        read_schedule(path)


def test_unknown_product_is_refused() -> None:
    known = {k: v for k, v in PRODUCTS.items() if k != "SHAFT-D25"}
    with pytest.raises(B2mmlError, match="WO-24018: unknown product 'SHAFT-D25'") as caught:
        read_schedule(SCHEDULE, products=known)
    assert caught.value.line is not None


def test_segment_without_sequence_number_is_refused(tmp_path: Path) -> None:
    text = SCHEDULE.read_text(encoding="utf-8").replace("<ID>20</ID>", "<ID>HOB</ID>", 1)
    with pytest.raises(B2mmlError, match="segment ID 'HOB' does not end with"):
        read_schedule(broken(tmp_path, text))


def test_performance_of_unknown_work_order_or_product_is_refused() -> None:
    file, responses = read_performance(PERFORMANCE)
    held = scheduled()
    with pytest.raises(B2mmlError, match="work order 'WO-24018' is not in the cache"):
        plan_performance(file, responses, {"WO-24017": held["WO-24017"]})
    other = held | {"WO-24018": replace(held["WO-24018"], product_id="SHAFT-D30")}
    with pytest.raises(B2mmlError, match="makes SHAFT-D30, not product 'SHAFT-D25'"):
        plan_performance(file, responses, other)


def test_reimported_schedule_keeps_progress() -> None:
    progressed = performed()
    file, orders = read_schedule(SCHEDULE.read_bytes().replace(b">500<", b">520<"),
                                 name="replan.xml")
    plan = plan_schedule(file, orders, progressed)

    assert plan.updated == ["WO-24017"] and plan.created == []
    gear = plan.work_orders[0]
    assert (gear.quantity, gear.good, gear.scrap, gear.status, gear.version) == (
        520, 493, 7, WorkOrderStatus.COMPLETED, 3)
    assert gear.operations[2].actual_end == at("2024-03-05T17:40:00Z")


# --- into the cache -------------------------------------------------------------------------


def test_import_into_the_cache_all_or_nothing(store: CacheStore, tmp_path: Path) -> None:
    plan = plan_schedule_import(store, "b2mml", SCHEDULE, products=PRODUCTS,
                                schema_dir=SCHEMAS)
    assert plan.created == ["WO-24017", "WO-24018", "WO-24019"]
    plan.apply(store, "b2mml")
    assert store.ids("b2mml", FEED) == {"WO-24017", "WO-24018", "WO-24019"}
    assert store.get("b2mml", FEED, "WO-24019").operations[2].work_center_id == "WC-GRIND"

    # One response names an operation WO-24018 does not have: nothing of the file is applied.
    bad = PERFORMANCE.read_text(encoding="utf-8").replace(
        "<ID>20</ID>\n      <ProcessSegmentID>GRIND", "<ID>40</ID>\n      <ProcessSegmentID>GRIND")
    with pytest.raises(B2mmlError, match="WO-24018 has no operation 40"):
        plan_performance_import(store, "b2mml", broken(tmp_path, bad))
    assert store.get("b2mml", FEED, "WO-24017").good == 0

    changes = plan_performance_import(store, "b2mml", PERFORMANCE).apply(store, "b2mml")
    assert changes.ids(FEED) == {("b2mml", "WO-24017"), ("b2mml", "WO-24018")}
    gear = store.get("b2mml", FEED, "WO-24017")
    assert (gear.good, gear.scrap, gear.status, gear.version) == (
        493, 7, WorkOrderStatus.COMPLETED, 2)
    assert store.get("b2mml", FEED, "WO-24018").operations[1].actual_start == at(
        "2024-03-05T13:35:00Z")


def test_cache_holding_a_newer_version_wins(store: CacheStore) -> None:
    plan_schedule_import(store, "b2mml", SCHEDULE).apply(store, "b2mml")
    plan = plan_performance_import(store, "b2mml", PERFORMANCE)
    # Meanwhile the MES sync wrote WO-24017 twice.
    newer = replace(store.get("b2mml", FEED, "WO-24017"), version=3, good=Decimal(100))
    store.upsert("b2mml", FEED, [newer])

    changes = plan.apply(store, "b2mml")

    assert changes.stale[FEED] == {("b2mml", "WO-24017")}
    assert store.get("b2mml", FEED, "WO-24017").good == 100
    assert store.get("b2mml", FEED, "WO-24018").good == 150


# --- command line ---------------------------------------------------------------------------


def test_cli_imports_and_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    out = tmp_path / "out" / "performance.xml"
    out.parent.mkdir()
    common = ["--cache", url, "--source", "erp", "--schemas", str(SCHEMAS)]

    assert main(["import", str(SCHEDULE), *common]) == 0
    assert main(["import", str(PERFORMANCE), *common]) == 0
    assert main(["export", str(out), *common]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{SCHEDULE}: 3 work orders created, 0 updated",
                     f"{PERFORMANCE}: 0 work orders created, 2 updated",
                     f"3 work orders -> {out}"]
    assert schema("ProductionPerformance").validate(etree.parse(str(out)))
    _, responses = read_performance(out)
    assert {r.work_order_id for r in responses} == {"WO-24017", "WO-24018", "WO-24019"}


def test_cli_reports_a_bad_file_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    path = broken(tmp_path, f'<ProductionSchedule xmlns="{NS}">\n<ProductionRequest>\n'
                            "<Priority>1</Priority>\n</ProductionRequest>\n"
                            "</ProductionSchedule>\n")

    assert main(["import", str(path), "--cache", url]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (f"gemba-b2mml: {path}, line 2: ProductionRequest has no ID "
                                    "(the work order's number)")
    store = CacheStore.open(url)
    try:
        assert store.count("b2mml", FEED) == 0
    finally:
        store.close()


def test_cli_checks_products_the_cache_holds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    store = CacheStore.open(url)
    try:
        store.upsert("mes", "mes.products", [PRODUCTS["GEAR-S40"]])
        store.mark_synced("mes", "mes.products")
    finally:
        store.close()

    assert main(["import", str(SCHEDULE), "--cache", url]) == 2
    assert "unknown product 'SHAFT-D25'" in capsys.readouterr().err


def test_operation_without_progress_keeps_pending() -> None:
    order = WorkOrder(id="WO-1", number="WO-1", product_id="GEAR-S40", quantity=Decimal(5),
                      unit="pcs", operations=[Operation(sequence=10, work_center_id="WC-TURN")])
    file, responses = read_performance(export_performance([order]))
    assert plan_performance(file, responses, {"WO-1": order}).work_orders == []
