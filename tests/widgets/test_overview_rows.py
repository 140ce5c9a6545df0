"""The rows behind a figure at plant size (30,000 at-risk lines): made in the worker as plain
columns, shown and sorted on the UI thread without asking the model about every row."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from app import domain as d
from app.analytics.fulfilment import Reason
from app.analytics.kpi import Kpi, RowKind
from app.analytics.order_risk import LineRisk, RiskLevel
from app.runtime.overview_figures import OverviewFigures
from widgets.common.cache_counts import CacheCounts
from widgets.overview.kpi_rows import Kind, KpiRowsModel, all_rows
from widgets.overview.overview_view import OverviewView

NOW = datetime(2025, 3, 5, 4, 0, tzinfo=UTC)
LINES = 30_000


def at_risk_figures(lines: int = LINES, shift: int = 0) -> OverviewFigures:
    """`lines` at-risk order lines, three per order; `shift` moves every predicted date."""
    customers = {("crm", f"C{c}"): d.Customer(id=f"C{c}", name=f"Customer {c:03d}",
                                              number=f"C-{c}") for c in range(50)}
    orders, risks = {}, {}
    for i in range(lines // 3):
        order = d.SalesOrder(
            id=f"O{i}", number=f"SO-{(i * 7919) % 100_000:05d}", customer_id=f"C{i % 50}",
            status=d.OrderStatus.CONFIRMED, created_at=NOW, lines=[d.OrderLine(
                line_no=no, product_id=f"P-{(i + no) % 40}", quantity=Decimal((i * 13) % 500),
                unit="pcs", requested_date=date(2025, 3, 1) + timedelta(days=i % 60),
                promised_date=None if i % 11 == 0 else date(2025, 3, 1) + timedelta(days=i % 50))
                for no in (1, 2, 3)])
        orders[order.id] = ("crm", order)
        for no in (1, 2, 3):
            predicted = None if i % 17 == 0 else date(2025, 3, 10) + timedelta(
                days=(i + no) % 40 + shift)
            risks[(order.id, no)] = LineRisk(
                RiskLevel.LATE if (i + no) % 3 == 0 else RiskLevel.AT_RISK,
                (Reason("x", "{n} days late", (("n", (i * no) % 9),)),), None, predicted)
    keys = tuple(sorted(risks))
    kpi = Kpi("orders_at_risk", float(len(keys)), "lines", (), keys, RowKind.ORDER_LINE)
    return OverviewFigures(now=NOW, zone=ZoneInfo("Asia/Taipei"), kpis={kpi.name: kpi},
                           orders=orders, customers=customers, risks=risks)


class CountingModel(KpiRowsModel):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.calls = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: ANN001
        self.calls += 1
        return super().data(index, role)


@pytest.fixture(scope="module")
def figures() -> OverviewFigures:
    return at_risk_figures()


@pytest.fixture
def view(figures, bridge, qtbot) -> OverviewView:
    view = OverviewView(CacheCounts(None, bridge), lambda: NOW)
    qtbot.addWidget(view)
    view.rows_model = CountingModel(view)
    view.rows_proxy.setSourceModel(view.rows_model)
    view.resize(1280, 800)
    view.show()
    view.pages.setCurrentWidget(view.content)
    view._on_computed((figures, all_rows(figures)))  # as the worker hands them over
    return view


def sort_key(kind: Kind, value: Any) -> Any:
    """What a person expects each column to sort by."""
    if kind is Kind.LABEL:
        return value.value  # a RiskLevel
    if kind is Kind.TEXT:
        return str(value or "")
    if value is None:
        return float("-inf")
    return float(value) if kind is Kind.NUMBER else value.toordinal()


def test_thirty_thousand_rows_are_shown_and_sorted_without_a_call_per_row(view) -> None:
    model, proxy, table = view.rows_model, view.rows_proxy, view.rows_table
    assert proxy.rowCount() == LINES
    assert "30,000 rows" in view.rows_title.text()
    columns = model.table.columns
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(columns))] == [
        "Order", "Line", "Customer", "Product", "Quantity", "Unit", "Promised", "Risk",
        "Predicted", "Why"]
    for c, column in enumerate(columns):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.calls = 0
            table.sortByColumn(c, order)
            assert model.calls < 100, (column.header, model.calls)  # not 30,000 nor 500,000
            shown = [sort_key(column.kind, column.values[i]) for i in model._order]
            expected = sorted(shown, reverse=order == Qt.SortOrder.DescendingOrder)
            assert shown == expected, column.header
    # What the table shows follows the sort, cell texts as before.
    table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 4).data() == "499"
    assert proxy.index(0, 4).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    table.sortByColumn(8, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 8).data() == "—"  # no prediction first, as before
    assert proxy.index(0, 8).data(Qt.ItemDataRole.ToolTipRole) is None
    table.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 7).data() == "Late"
    assert proxy.index(LINES - 1, 7).data() == "At risk"


def test_fresh_figures_with_the_same_rows_change_cells_not_the_model(view, qtbot) -> None:
    model, table = view.rows_model, view.rows_table
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # the person's own sort
    table.selectionModel().select(view.rows_proxy.index(5, 0), QItemSelectionModel.SelectionFlag
                                  .ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    picked = model.table.keys[int(model._order[5])]
    resets: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))
    later = at_risk_figures(shift=1)
    model.calls = 0
    with qtbot.waitSignal(model.dataChanged):
        view._on_computed((later, all_rows(later)))
    assert resets == []
    assert model.calls < 100
    assert (model.sort_column, model.sort_order) == (2, Qt.SortOrder.DescendingOrder)
    selected = view.rows_proxy.mapToSource(table.selectionModel().selectedRows()[0])
    assert model.table.keys[int(model._order[selected.row()])] == picked
    first = model.table.keys[int(model._order[0])]
    predicted = later.risks[first].predicted_date
    assert view.rows_proxy.index(0, 8).data() == (predicted.isoformat() if predicted else "—")

    # Other rows (a line more or less at risk): the model resets, the sort stays.
    fewer = dataclasses.replace(later, kpis={"orders_at_risk": dataclasses.replace(
        later.kpis["orders_at_risk"], keys=later.kpis["orders_at_risk"].keys[1:])})
    view._on_computed((fewer, all_rows(fewer)))
    assert len(resets) == 1
    assert view.rows_proxy.rowCount() == LINES - 1
    assert model.sort_column == 2


def test_another_figure_starts_sorted_on_its_first_column(view) -> None:
    view.rows_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    figures = view.figures
    assert figures is not None
    complaints = Kpi("open_complaints", 0.0, "complaints", (), (), RowKind.COMPLAINT)
    both = dataclasses.replace(figures, kpis={**figures.kpis, complaints.name: complaints})
    view._on_computed((both, all_rows(both)))
    view.show_rows("open_complaints")
    assert view.rows_proxy.rowCount() == 0
    assert view.rows_model.headerData(0, Qt.Orientation.Horizontal) == "Complaint"
    view.show_rows("orders_at_risk")
    assert (view.rows_model.sort_column, view.rows_model.sort_order) == (
        0, Qt.SortOrder.AscendingOrder)
    orders = [view.rows_proxy.index(r, 0).data() for r in range(50)]
    assert orders == sorted(orders)


def test_the_model_keeps_qts_rules(qtmodeltester) -> None:
    model = KpiRowsModel()
    model.set_table(all_rows(at_risk_figures(30))["orders_at_risk"])
    qtmodeltester.check(model)
    model.sort(8, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_why_reads_as_orders_words_it_in_the_consoles_language(zh_tw) -> None:
    """The Overview's "Why" is the Orders view's reason text, translated (not English)."""
    figures = at_risk_figures(3)
    waiting = Reason("waiting_material", "waiting for {item} until {until}",
                     (("item", "RM-BRG"), ("until", date(2025, 12, 5))))
    key = next(iter(figures.risks))
    figures.risks[key] = figures.risks[key]._replace(reasons=(waiting,))  # a named tuple
    table = all_rows(figures)["orders_at_risk"]
    why = table.columns[-1].text(table.columns[-1].values[table.keys.index(key)])
    assert why == "等待 RM-BRG，至 12月5日 到貨"
