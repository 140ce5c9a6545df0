"""Releases to production as a B2MML V0600 ProductionSchedule (for SAP, Opcenter and other MES
that take files): valid against MESA's published schema, and read back by the console's own
schedule import to the work orders released, with the options' production parameters in it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from app.automation.release import MappingKind, OptionMapping, release_request
from app.b2mml import read_schedule
from app.b2mml.schedule_export import export_schedule, write_schedule
from app.domain import (
    OperationTemplate,
    OrderLine,
    OrderStatus,
    Product,
    Routing,
    SalesOrder,
)

ROOT = Path(__file__).resolve().parents[2]
NS = {"b": "http://www.mesa.org/xml/B2MML-V0600"}
# The schemas the project ships for its tests, and MESA's as laid beside the repository.
SCHEMA_DIRS = list(dict.fromkeys(
    d.resolve() for d in (ROOT / "tests" / "data" / "b2mml" / "v0600",
                          ROOT.parent / "shared" / "b2mml" / "v0600") if d.is_dir()))

PAINTED = Product(id="P-310", code="GU-310", name="Gear unit, painted", unit="pcs",
                  routing=Routing(operations=[
                      OperationTemplate(sequence=10, name="Assemble and paint",
                                        work_center_id="WC-310", setup_minutes=Decimal(25),
                                        run_seconds_per_unit=Decimal(300)),
                      OperationTemplate(sequence=20, name="Test", work_center_id="WC-320",
                                        setup_minutes=Decimal(10),
                                        run_seconds_per_unit=Decimal(120))]))
MAPPING = [
    OptionMapping(option="colour", kind=MappingKind.OPERATION_PARAMETER, target="10:paint",
                  product_id="P-310"),
    OptionMapping(option="colour", kind=MappingKind.BOM_ITEM, target="RM-PAINT",
                  product_id="P-310", setting="0.4"),
    OptionMapping(option="fit", kind=MappingKind.ROUTING_VARIANT, setting="EXPORT"),
]


def _releases() -> list[dict]:
    order = SalesOrder(id="O-7", number="SO-1007", customer_id="C-1",
                       status=OrderStatus.CONFIRMED, priority=2, customer_po="PO-55",
                       created_at=datetime(2026, 3, 1, tzinfo=UTC), lines=[
                           OrderLine(line_no=1, product_id="P-310", quantity=Decimal(12),
                                     unit="pcs", requested_date=date(2026, 3, 20),
                                     promised_date=date(2026, 3, 24),
                                     options={"colour": "RAL 9005", "fit": "export"}),
                           OrderLine(line_no=2, product_id="P-300", quantity=Decimal(5),
                                     unit="pcs", requested_date=date(2026, 3, 21))])
    return [release_request(order, line, MAPPING) for line in order.lines]


@pytest.mark.parametrize("schemas", SCHEMA_DIRS, ids=lambda d: d.parent.parent.name)
def test_the_schedule_export_is_valid_against_mesas_schema(schemas: Path) -> None:
    data = export_schedule(_releases(), products={"P-310": PAINTED}, schema_dir=schemas,
                           published=datetime(2026, 3, 2, tzinfo=UTC), document_id="PS-1")
    checker = etree.XMLSchema(etree.parse(str(schemas / "B2MML-V0600-ProductionSchedule.xsd")))
    checker.assertValid(etree.fromstring(data))


def test_the_export_reads_back_as_the_released_work_orders(tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    assert write_schedule(path, _releases(), products={"P-310": PAINTED},
                          schema_dir=SCHEMA_DIRS[0]) == 2
    _, orders = read_schedule(path, schema_dir=SCHEMA_DIRS[0])
    painted, plain = orders
    assert (painted.id, painted.product_id, painted.quantity, painted.unit) == (
        "SO-1007-1", "P-310", Decimal(12), "pcs")
    assert painted.due_date == date(2026, 3, 24) and painted.priority == 2
    assert [(o.sequence, o.work_center_id) for o in painted.operations] == [
        (10, "WC-310"), (20, "WC-320")]
    assert (plain.id, plain.due_date, [o.sequence for o in plain.operations]) == (
        "SO-1007-2", date(2026, 3, 21), [10])
    root = etree.parse(str(path)).getroot()
    first = root.find("b:ProductionRequest/b:SegmentRequirement", NS)
    parameters = {p.findtext("b:Parameter/b:ID", namespaces=NS):
                  p.findtext("b:Parameter/b:Value/b:ValueString", namespaces=NS)
                  for p in first.findall("b:ProductionParameter", NS)}
    assert parameters == {"paint": "RAL 9005", "routing_variant": "EXPORT"}
    consumed = first.find("b:MaterialConsumedRequirement", NS)
    assert consumed.findtext("b:MaterialDefinitionID", namespaces=NS) == "RM-PAINT"
    assert consumed.findtext("b:Quantity/b:QuantityString", namespaces=NS) == "0.4"


def test_gemba_b2mml_release_writes_the_unlinked_lines_and_lists_refusals(
        tmp_path: Path, capsys) -> None:
    from app.automation.release import save_mappings
    from app.b2mml.cli import main
    from app.cache.store import CacheStore

    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    store = CacheStore.open(url)
    order = SalesOrder(id="O-8", number="SO-1008", customer_id="C-1",
                       status=OrderStatus.CONFIRMED, created_at=datetime(2026, 3, 1, tzinfo=UTC),
                       lines=[OrderLine(line_no=1, product_id="P-310", quantity=Decimal(3),
                                        unit="pcs", requested_date=date(2026, 3, 20),
                                        options={"colour": "RAL 9005"}),
                              OrderLine(line_no=2, product_id="P-310", quantity=Decimal(4),
                                        unit="pcs", requested_date=date(2026, 3, 20),
                                        options={"colour": "teal"})])
    store.upsert("crm", "crm.orders", [order])
    store.mark_synced("crm", "crm.orders")
    save_mappings(store, [OptionMapping(option="colour", value="RAL 9005",
                                        kind=MappingKind.OPERATION_PARAMETER, target="10:paint")])
    store.close()
    out = tmp_path / "release.xml"
    assert main(["release", str(out), "--cache", url, "--schemas", str(SCHEMA_DIRS[0])]) == 0
    printed = capsys.readouterr().out
    assert "SO-1008 line 2 refused: option colour = 'teal'" in printed
    assert printed.strip().endswith(f"1 order lines -> {out}")
    _, orders = read_schedule(out, schema_dir=SCHEMA_DIRS[0])
    assert [o.id for o in orders] == ["SO-1008-1"]
