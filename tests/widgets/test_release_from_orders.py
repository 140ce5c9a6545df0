"""Orders → Not linked → "Release to production": the selected line's release goes to the
outbox with its options as production parameters; an option the plant's mapping does not know
is refused with the reason, shown next to the mapping, where a row for it lets it through."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.automation.release import MappingKind, OptionMapping, save_mappings
from app.cache.store import CacheStore
from app.domain import OrderLine, OrderStatus
from app.domain.actions import ActionKind
from app.sync.bridge import SyncBridge
from tests.widgets.conftest import FakeClock
from tests.widgets.recording_queue import RecordingQueue
from tests.widgets.test_orders_view import FakePlanner, _order, fill, make_plan
from widgets.common.cache_counts import CacheCounts
from widgets.orders.option_mapping_dialog import OPTION, TARGET, OptionMappingDialog
from widgets.orders.orders_view import OrdersView

CRM = "crm"


@pytest.fixture
def rules_path(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "gemba-console" / "linking-rules.json"


@pytest.fixture
def view(qtbot, store: CacheStore, bridge: SyncBridge, clock: FakeClock, rules_path: Path,
         qloop):
    fill(store)
    store.upsert(CRM, "crm.orders", [_order(
        "O7", "SO-1047", "C2", OrderStatus.CONFIRMED, "PO-900",
        OrderLine(line_no=1, product_id="P-310", quantity=D(16), unit="pcs",
                  requested_date=date(2025, 3, 21), promised_date=date(2025, 3, 24),
                  options={"colour": "RAL 9005 black"}))])
    engine = RecordingQueue()
    made = OrdersView(CacheCounts(store, bridge), bridge, store, clock,
                      FakePlanner(make_plan()), engine=engine)
    made.engine_for_test = engine
    qtbot.addWidget(made)
    made.resize(1400, 850)
    with qtbot.waitSignal(made.loaded):
        made.show()
    made.tabs.setCurrentIndex(1)
    return made


def _select(view: OrdersView, number: str) -> None:
    model = view.unlinked.model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 1).data() == f"{number} line 1")
    view.unlinked.table.selectRow(row)


def test_release_queues_the_line_once_with_its_due_date_and_priority(qtbot, view) -> None:
    panel = view.unlinked
    assert not panel.release_button.isEnabled()  # nothing selected
    _select(view, "SO-1045")
    assert panel.release_button.isEnabled()
    panel.release_button.click()
    engine = view.engine_for_test
    qtbot.waitUntil(lambda: bool(engine.calls))
    [action] = engine.calls
    assert action.kind is ActionKind.RELEASE and action.source == "mes"
    assert action.key == "release:crm:O5:1"
    assert action.payload == {
        "order_id": "O5", "line_no": 1, "product_id": "P-310", "quantity": "25",
        "unit": "pcs", "due_date": "2025-03-20", "priority": 3, "parameters": {},
        "sales_order_ref": "SO-1045", "customer_po": ""}
    assert "release waiting to be sent" in panel.release_status.text()


def test_an_unknown_option_is_refused_and_shown_next_to_the_mapping(qtbot, view,
                                                                    store) -> None:
    panel = view.unlinked
    _select(view, "SO-1047")
    panel.release_button.click()
    assert view.engine_for_test.calls == []
    assert panel.release_status.isVisible()
    assert ("SO-1047 line 1 is not released: option colour = 'RAL 9005 black' of P-310 is "
            "not in the option mapping") in panel.release_status.text()

    panel.mapping_button.click()
    dialog: OptionMappingDialog = view.mapping_dialog
    qtbot.addWidget(dialog)
    assert dialog.refusals.isVisible()
    assert "Refused: SO-1047 line 1 (P-310): option colour" in dialog.refusals.text()
    dialog.add_refused.click()
    row = dialog.table.rowCount() - 1
    assert dialog.table.item(row, OPTION).text() == "colour"
    assert "operation" in dialog.problem(row)  # no target yet: refused next to the row
    assert not dialog.save()
    dialog.table.item(row, TARGET).setText("10:paint")
    assert dialog.problem(row) == ""
    assert dialog.save()

    panel.release_button.click()
    qtbot.waitUntil(lambda: bool(view.engine_for_test.calls))
    assert view.engine_for_test.calls[0].payload["parameters"] == {"op10:paint":
                                                                   "RAL 9005 black"}


def test_a_mapping_row_naming_a_missing_operation_is_refused(qtbot, store) -> None:
    fill(store)
    save_mappings(store, [OptionMapping(option="colour", kind=MappingKind.ROUTING_VARIANT)])
    dialog = OptionMappingDialog(store)
    qtbot.addWidget(dialog)
    row = dialog.add_row(OptionMapping(option="size", kind=MappingKind.BOM_ITEM,
                                       product_id="P-999"))
    assert dialog.problem(0) == ""
    assert dialog.problem(row) == "no product P-999"
    assert not dialog.save()



def test_the_order_detail_names_a_released_work_orders_parameters(view) -> None:
    from app.domain import WorkOrder, WorkOrderStatus

    wo = WorkOrder(id="W9", number="MO-2099", product_id="P-310", quantity=D(16), unit="pcs",
                   status=WorkOrderStatus.RELEASED, parameters={"op10:paint": "RAL9005"})
    item = view.detail._link_item(D(16), "pcs", "mes", wo, "W9", None)
    assert item.text(0).startswith("MO-2099")
    assert item.toolTip(0) == "Production parameters: op10:paint = RAL9005"
