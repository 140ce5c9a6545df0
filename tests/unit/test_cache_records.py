"""Records in the cache: round trips, versions, children, deletions, change sets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from app import domain as d
from app.cache.feed_maps import FEED_MAPS
from app.cache.store import CacheStore
from app.contract import FEEDS

pytest_plugins = ("tests.cache_db",)

T0 = datetime(2026, 3, 2, 6, 30, 15, 123456, tzinfo=UTC)
TAIPEI = timezone(timedelta(hours=8))


def order(version: int = 1, lines: int = 2) -> d.SalesOrder:
    return d.SalesOrder(
        id="SO-1", version=version, number="SO-1042", customer_id="C1",
        status=d.OrderStatus.CONFIRMED, priority=2, customer_po="PO-77", created_at=T0,
        lines=[d.OrderLine(
            line_no=n, product_id=f"P-{n}", quantity=Decimal("12.5000"), unit="pcs",
            requested_date=date(2026, 3, 14), promised_date=date(2026, 3, 16) if n == 1 else None,
            options={"colour": "red", "size": "L"} if n == 1 else {},
            promise_history=[
                d.PromiseChange(changed_at=T0, old_date=None, new_date=date(2026, 3, 15),
                                by="amy", reason="first promise"),
                d.PromiseChange(changed_at=T0 + timedelta(days=1), old_date=date(2026, 3, 15),
                                new_date=date(2026, 3, 16), by="bo", reason="machine down"),
            ] if n == 1 else [],
        ) for n in range(1, lines + 1)],
    )


def samples() -> dict[str, list[Any]]:
    """One or two records of every feed, with every list filled and every optional field set."""
    return {
        "crm.customers": [d.Customer(id="C1", version=3, name="Acme", number="K-1",
                                     key_account=True, language="zh_TW", country="TW")],
        "crm.contacts": [d.Contact(id="CT1", customer_id="C1", name="Li", email="li@acme.tw",
                                   phone="+886", language="zh_TW")],
        "crm.orders": [order()],
        "crm.opportunities": [d.Opportunity(
            id="OP1", customer_id="C1", name="Q3 frames", product_id="P-1",
            quantity=Decimal("500"), unit="pcs", stage=d.OpportunityStage.NEGOTIATE,
            probability=Decimal("0.35"), expected_close=date(2026, 6, 30))],
        "crm.complaints": [d.Complaint(
            id="CP1", number="CMP-9", customer_id="C1", order_id="SO-1", product_id="P-1",
            lot_id="L-778", serial="SN-1", category="dimension", severity=d.Severity.HIGH,
            status=d.ComplaintStatus.INVESTIGATING, description="bore too wide",
            opened_at=T0, findings=["measured 10.12 mm", "lot quarantined"])],
        "crm.shipments": [d.Shipment(
            id="SH1", order_id="SO-1", line_no=1, customer_id="C1", quantity=Decimal("12.5"),
            unit="pcs", shipped_at=T0,
            lots=[d.ShipmentLot(lot_id="L-9", quantity=Decimal("7")),
                  d.ShipmentLot(lot_id="L-2", quantity=Decimal("5.5"))])],
        "crm.activities": [d.Activity(id="A1", order_id="SO-1", kind=d.ActivityKind.NOTE,
                                      subject="Called", body="ok", created_at=T0)],
        "mes.sites": [d.Site(id="S1", name="Taichung", time_zone="Asia/Taipei")],
        "mes.equipment": [
            d.Equipment(id="AR1", site_id="S1", level=d.EquipmentLevel.AREA, name="Area 1"),
            d.Equipment(id="M1", site_id="S1", level=d.EquipmentLevel.MACHINE, name="Lathe",
                        parent_id="WC1")],
        "mes.calendars": [d.Calendar(
            id="CAL1", site_id="S1", work_center_ids=["WC1", "WC2"],
            shifts=[d.Shift(name="night", weekdays=[0, 1, 2, 3, 4], start=time(22),
                            end=time(6))],
            holidays=[d.Holiday(day=date(2026, 4, 4), name="Children's Day")],
            maintenance=[d.PlannedMaintenance(machine_id="M1", start=T0,
                                              end=T0 + timedelta(hours=4), reason="spindle")])],
        "mes.products": [d.Product(
            id="P-1", code="P-200", name="Frame", unit="pcs", kind="finished",
            conversions=[d.UnitConversion(from_unit="box", to_unit="pcs", factor=Decimal("24")),
                         d.UnitConversion(from_unit="pallet", to_unit="box",
                                          factor=Decimal("40"))],
            routing=d.Routing(operations=[
                d.OperationTemplate(sequence=10, name="turn", work_center_id="WC1",
                                    setup_minutes=Decimal("30"),
                                    run_seconds_per_unit=Decimal("42.5")),
                d.OperationTemplate(sequence=20, name="mill", work_center_id="WC2",
                                    setup_minutes=Decimal("15"),
                                    run_seconds_per_unit=Decimal("0.000001"))]),
            bom=[d.BomItem(component_id="R-5", quantity_per_unit=Decimal("1.25"), unit="kg"),
                 d.BomItem(component_id="R-1", quantity_per_unit=Decimal("2"), unit="pcs")])],
        "mes.work_orders": [d.WorkOrder(
            id="WO1", number="WO-1", product_id="P-1", quantity=Decimal("100"), unit="pcs",
            good=Decimal("40"), scrap=Decimal("2"), status=d.WorkOrderStatus.RUNNING,
            priority=1, due_date=date(2026, 3, 12), output_lot_id="L-9", sales_order_ref="SO-1042",
            sales_line_ref=2, customer_po="PO-77",
            operations=[
                d.Operation(sequence=10, work_center_id="WC1", machine_id="M1",
                            status=d.OperationStatus.DONE, planned_start=T0,
                            planned_end=T0 + timedelta(hours=2), actual_start=T0,
                            actual_end=T0 + timedelta(hours=3), good=Decimal("42"),
                            scrap=Decimal("2")),
                d.Operation(sequence=20, work_center_id="WC2")],
            links=[d.FulfilmentLink(order_id="SO-2", line_no=1, work_order_id="WO1",
                                    quantity=Decimal("60"), unit="pcs"),
                   d.FulfilmentLink(order_id="SO-1", line_no=2, work_order_id="WO1",
                                    quantity=Decimal("40"), unit="pcs")])],
        "mes.machine_status": [d.MachineStatus(
            id="M1", state=d.MachineState.DOWN, since=T0, work_order_id="WO1",
            good_count=Decimal("40"), scrap_count=Decimal("2"),
            signals={"temperature_c": 61.5, "spindle_rpm": 1200.0}, reason="tool broke")],
        "mes.machine_events": [
            d.StateEvent(id="E1", machine_id="M1", state=d.MachineState.RUNNING, start=T0,
                         end=T0 + timedelta(minutes=5)),
            d.StateEvent(id="E2", machine_id="M1", state=d.MachineState.DOWN,
                         start=T0 + timedelta(minutes=5), reason="tool broke")],
        "mes.production_counts": [d.ProductionCount(
            id="PC1", machine_id="M1", work_order_id="WO1", product_id="P-1", start=T0,
            end=T0 + timedelta(minutes=15), good=Decimal("12"), scrap=Decimal("0"))],
        "mes.downtime": [d.Downtime(id="D1", machine_id="M1", start=T0, end=None,
                                    reason="tool broke", planned=False)],
        "mes.characteristics": [d.Characteristic(
            id="CH1", product_id="P-1", operation_sequence=10, name="bore", unit="mm",
            lsl=Decimal("9.95"), usl=Decimal("10.05"), target=Decimal("10.00"),
            subgroup_size=5, critical=True)],
        "mes.measurements": [d.Measurement(
            id="ME1", characteristic_id="CH1", value=Decimal("10.0123456789012345678901"),
            measured_at=T0, lot_id="L-9", work_order_id="WO1", machine_id="M1", subgroup=7)],
        "mes.defects": [d.DefectRecord(id="DF1", code="SCRATCH", quantity=Decimal("3"),
                                       recorded_at=T0, product_id="P-1", lot_id="L-9",
                                       work_order_id="WO1", machine_id="M1")],
        "mes.lots": [d.Lot(id="L-9", number="L-778", product_id="P-1", kind=d.LotKind.FINISHED,
                           quantity=Decimal("42"), unit="pcs", created_at=T0,
                           work_order_id="WO1", machine_id="M1", supplier="Steel Co",
                           supplier_lot="R-55")],
        "mes.genealogy": [d.LotLink(id="LL1", parent_lot_id="L-1", child_lot_id="L-9",
                                    quantity=Decimal("10.5"), unit="kg", linked_at=T0)],
        "mes.serials": [d.Serial(id="SN-1", lot_id="L-9", product_id="P-1", created_at=T0)],
        "mes.stock": [d.StockLevel(
            id="RM-1@RAW", item_id="RM-1", location="RAW", on_hand=Decimal("812.500"),
            reserved=Decimal("120.25"), safety_stock=Decimal("400"), unit="kg", counted_at=T0)],
        "mes.receipts": [d.ExpectedReceipt(
            id="POL-4711-1", purchase_order="PO-4711", supplier="Steel Co", item_id="RM-1",
            quantity=Decimal("900"), unit="kg", expected_at=T0 + timedelta(hours=7),
            status=d.ReceiptStatus.OPEN)],
    }


def test_every_contract_feed_has_a_table() -> None:
    assert {feed.name for feed in FEEDS} == set(FEED_MAPS)
    assert set(samples()) == set(FEED_MAPS)


@pytest.mark.parametrize("feed", sorted(FEED_MAPS))
def test_round_trip_equals_the_domain_object(store: CacheStore, feed: str) -> None:
    records = samples()[feed]
    changes = store.upsert("src", feed, records)
    assert changes.ids(feed) == {("src", r.id) for r in records}
    assert store.all("src", feed) == sorted(records, key=lambda r: r.id)
    assert store.get("src", feed, records[0].id) == records[0]
    assert store.get("other-source", feed, records[0].id) is None


def test_times_come_back_aware_utc_from_any_zone(store: CacheStore) -> None:
    local = order()
    local.created_at = T0.astimezone(TAIPEI)
    store.upsert("src", "crm.orders", [local])
    stored = store.get("src", "crm.orders", "SO-1")
    assert stored.created_at == T0
    assert stored.created_at.tzinfo is UTC
    assert stored.lines[0].promise_history[0].changed_at.tzinfo is UTC


def test_naive_times_are_refused(store: CacheStore) -> None:
    naive = order()
    naive.created_at = datetime(2026, 3, 2, 6, 30)
    with pytest.raises(Exception, match="naive datetime"):
        store.upsert("src", "crm.orders", [naive])
    assert store.count("src", "crm.orders") == 0


def test_same_ids_in_two_sources_are_two_records(store: CacheStore) -> None:
    first, second = order(), order()
    second.number = "SO-9999"
    store.upsert("crm-a", "crm.orders", [first])
    store.upsert("crm-b", "crm.orders", [second])
    assert store.get("crm-a", "crm.orders", "SO-1") == first
    assert store.get("crm-b", "crm.orders", "SO-1") == second


def test_changed_record_replaces_its_children(store: CacheStore) -> None:
    store.upsert("src", "crm.orders", [order(version=1, lines=3)])
    smaller = order(version=2, lines=1)
    smaller.lines[0].promise_history.pop()
    changes = store.upsert("src", "crm.orders", [smaller])
    assert changes.upserted == {"crm.orders": {("src", "SO-1")}}
    assert store.get("src", "crm.orders", "SO-1") == smaller


def test_older_version_does_not_overwrite(store: CacheStore) -> None:
    newer = order(version=5, lines=1)
    store.upsert("src", "crm.orders", [newer])
    older = order(version=4, lines=3)
    older.status = d.OrderStatus.CANCELLED
    changes = store.upsert("src", "crm.orders", [older])
    assert not changes
    assert changes.stale == {"crm.orders": {("src", "SO-1")}}
    assert store.get("src", "crm.orders", "SO-1") == newer


def test_repeated_id_in_one_batch_keeps_the_newest(store: CacheStore) -> None:
    store.upsert("src", "crm.orders", [order(version=3, lines=1), order(version=2, lines=2)])
    assert store.get("src", "crm.orders", "SO-1") == order(version=3, lines=1)


def test_delete_removes_children(store: CacheStore) -> None:
    for feed in ("crm.orders", "mes.products", "mes.work_orders", "crm.shipments"):
        records = samples()[feed]
        store.upsert("src", feed, records)
        changes = store.delete("src", feed, [r.id for r in records] + ["never-held"])
        assert changes.deleted == {feed: {("src", r.id) for r in records}}
        assert store.all("src", feed) == []
    with store.engine.connect() as conn:
        for child in ("order_lines", "promise_changes", "unit_conversions",
                      "routing_operations", "bom_items", "work_order_operations",
                      "fulfilment_links", "shipment_lots"):
            count = conn.exec_driver_sql(f"SELECT count(*) FROM {child}").scalar_one()
            assert count == 0, child


def test_change_set_names_kinds_and_ids(store: CacheStore) -> None:
    data = samples()
    changes = store.upsert("src", "mes.equipment", data["mes.equipment"])
    changes.merge(store.upsert("src", "crm.customers", data["crm.customers"]))
    assert changes.kinds == {"mes.equipment", "crm.customers"}
    assert changes.ids("mes.equipment") == {("src", "AR1"), ("src", "M1")}
    assert changes.ids("crm.orders") == set()
    deleted = store.delete("src", "mes.equipment", ["M1"])
    assert deleted.kinds == {"mes.equipment"}
    assert deleted.deleted["mes.equipment"] == {("src", "M1")}
    assert not store.delete("src", "mes.equipment", ["M1"])


def test_apply_handles_tombstones_and_stores_the_token(store: CacheStore) -> None:
    equipment = samples()["mes.equipment"]
    store.upsert("src", "mes.equipment", equipment)
    tombstone = d.Tombstone(id="AR1", deleted_at=T0)
    changes = store.apply("src", "mes.equipment", [tombstone, equipment[1]], token="t-42")
    assert changes.deleted == {"mes.equipment": {("src", "AR1")}}
    assert changes.upserted == {"mes.equipment": {("src", "M1")}}
    assert store.ids("src", "mes.equipment") == {"M1"}
    assert store.sync_token("src", "mes.equipment") == "t-42"


def test_many_records_and_get_many(store: CacheStore) -> None:
    customers = [d.Customer(id=f"C{i:04d}", name=f"Customer {i}", number=str(i))
                 for i in range(1200)]
    store.upsert("src", "crm.customers", customers)
    assert store.count("src", "crm.customers") == 1200
    wanted = [c.id for c in customers[::2]]
    assert [c.id for c in store.get_many("src", "crm.customers", wanted)] == sorted(wanted)


def test_overwrite_puts_an_older_version_over_a_newer_one(store: CacheStore) -> None:
    """A full re-read of a source that went back to older data (see Poller)."""
    store.upsert("src", "crm.orders", [order(version=5, lines=1)])
    older = order(version=4, lines=3)
    older.status = d.OrderStatus.DRAFT
    changes = store.apply("src", "crm.orders", [older], overwrite={"SO-1"})
    assert changes.upserted == {"crm.orders": {("src", "SO-1")}}
    assert changes.replaced == {"crm.orders": {("src", "SO-1")}}
    assert not changes.stale
    assert store.get("src", "crm.orders", "SO-1") == older  # its lines too


def test_overwrite_leaves_other_records_guarded(store: CacheStore) -> None:
    first, second = order(version=5, lines=1), order(version=5, lines=1)
    second.id = "SO-2"
    store.upsert("src", "crm.orders", [first, second])
    back, stale = order(version=2, lines=2), order(version=3, lines=2)
    stale.id = "SO-2"
    changes = store.apply("src", "crm.orders", [back, stale], overwrite={"SO-1", "SO-9"})
    assert changes.replaced == {"crm.orders": {("src", "SO-1")}}
    assert changes.stale == {"crm.orders": {("src", "SO-2")}}
    assert store.get("src", "crm.orders", "SO-1") == back
    assert store.get("src", "crm.orders", "SO-2") == second
