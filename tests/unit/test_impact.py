"""Which orders a machine's downtime (or a set of work orders) puts at risk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app import domain as d
from app.cache.store import CacheStore
from app.runtime.machine_impact import orders_affected_by_machine, orders_for_work_orders

MES, CRM = "mes", "crm"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    try:
        yield opened
    finally:
        opened.close()


def _wo(wo_id: str, ops: list[d.Operation], links: list[tuple[str, int]],
        status: d.WorkOrderStatus = d.WorkOrderStatus.RELEASED) -> d.WorkOrder:
    return d.WorkOrder(
        id=wo_id, number=f"WO-{wo_id}", product_id="P-1", quantity=Decimal(10), unit="pcs",
        status=status, operations=ops,
        links=[d.FulfilmentLink(order_id=o, line_no=n, work_order_id=wo_id,
                                quantity=Decimal(5), unit="pcs") for o, n in links])


def _op(seq: int, wc: str, machine: str | None,
        status: d.OperationStatus = d.OperationStatus.PENDING) -> d.Operation:
    return d.Operation(sequence=seq, work_center_id=wc, machine_id=machine, status=status)


def _order(order_id: str, customer: str, promised: list[date | None],
           status: d.OrderStatus = d.OrderStatus.CONFIRMED) -> d.SalesOrder:
    lines = [d.OrderLine(line_no=n, product_id="P-1", quantity=Decimal(5), unit="pcs",
                         requested_date=date(2026, 3, 20), promised_date=p)
             for n, p in enumerate(promised, start=1)]
    return d.SalesOrder(id=order_id, number=f"SO-{order_id}", customer_id=customer,
                        status=status, created_at=NOW, lines=lines)


@pytest.fixture
def plant(store: CacheStore) -> CacheStore:
    store.upsert(MES, "mes.equipment", [
        d.Equipment(id="WC-1", site_id="S", level=d.EquipmentLevel.WORK_CENTER, name="CNC"),
        d.Equipment(id="M-1", site_id="S", level=d.EquipmentLevel.MACHINE, name="CNC 1",
                    parent_id="WC-1"),
        d.Equipment(id="M-2", site_id="S", level=d.EquipmentLevel.MACHINE, name="CNC 2",
                    parent_id="WC-1"),
    ])
    store.upsert(MES, "mes.work_orders", [
        _wo("A", [_op(10, "WC-1", "M-1")], [("O1", 1)]),  # on the machine
        _wo("B", [_op(10, "WC-1", None)], [("O2", 2)]),  # on its centre, no machine yet
        _wo("C", [_op(10, "WC-1", "M-1", d.OperationStatus.DONE), _op(20, "WC-9", "M-9")],
            [("O3", 1)]),  # done with this machine
        _wo("D", [_op(10, "WC-1", "M-2")], [("O4", 1)]),  # the other machine
        _wo("E", [_op(10, "WC-1", "M-1")], [("O1", 2)], d.WorkOrderStatus.COMPLETED),
        _wo("F", [_op(10, "WC-1", "M-1")], [("O5", 1)]),  # its order is shipped
        _wo("G", [_op(10, "WC-1", "M-1")], [("O6", 1), ("O2", 1)]),
    ])
    store.upsert(CRM, "crm.orders", [
        _order("O1", "C-small", [date(2026, 3, 10), date(2026, 3, 5)]),
        _order("O2", "C-key", [date(2026, 3, 25), date(2026, 3, 30)]),
        _order("O3", "C-small", [date(2026, 3, 1)]),
        _order("O4", "C-small", [date(2026, 3, 1)]),
        _order("O5", "C-key", [date(2026, 3, 1)], d.OrderStatus.SHIPPED),
        _order("O6", "C-unknown", [None]),
    ])
    store.upsert(CRM, "crm.customers", [
        d.Customer(id="C-small", name="Small Co", number="100"),
        d.Customer(id="C-key", name="Acme", number="200", key_account=True),
    ])
    return store


def test_orders_waiting_on_the_machine_or_its_centre_key_accounts_first(plant) -> None:
    affected = orders_affected_by_machine(plant, MES, CRM, "M-1")
    assert [a.order_id for a in affected] == ["O2", "O1", "O6"]
    acme, small, unknown = affected
    assert (acme.customer_name, acme.key_account) == ("Acme", True)
    assert acme.work_order_ids == ("B", "G")
    # Only the affected lines' promises count: line 1 via G, line 2 via B.
    assert acme.promised_date == date(2026, 3, 25)
    assert small.promised_date == date(2026, 3, 10)  # line 1 only; line 2 came through E
    assert (small.order_number, small.order_source) == ("SO-O1", CRM)
    # A customer not cached yet is still listed, under its id.
    assert (unknown.customer_name, unknown.promised_date) == ("C-unknown", None)


def test_a_machine_without_open_work_has_no_affected_orders(plant) -> None:
    assert orders_affected_by_machine(plant, MES, CRM, "M-unknown") == []
    assert orders_affected_by_machine(plant, MES, "other-crm", "M-1") == []


def test_orders_for_work_orders(plant) -> None:
    affected = orders_for_work_orders(plant, MES, CRM, ["C", "D", "E", "missing"])
    assert [(a.order_id, a.work_order_ids) for a in affected] == [
        ("O3", ("C",)), ("O4", ("D",)), ("O1", ("E",))]
    assert orders_for_work_orders(plant, MES, CRM, []) == []
