"""The selected order: its lines with their linked work orders (and link quantities), the
operations on a Gantt chart (planned against actual), and the history of its promised dates."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.analytics.fulfilment import quantity_text
from app.analytics.order_risk import material_waits
from app.analytics.schedule.plan import Plan
from app.domain import SalesOrder, WorkOrder
from widgets.orders.order_rows import OrdersData
from widgets.orders.order_texts import (
    day_text,
    predicted_text,
    reasons_text,
    risk_colour,
    risk_word,
    status_word,
    via_word,
    work_order_word,
)

GREY = QColor("#5d6d7e")


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(True)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
    tree.header().setStretchLastSection(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return tree


class OrderDetail(QWidget):
    material_requested = Signal(str)  # an item this order's work waits for
    customer_requested = Signal(str, str)  # (CRM source, customer id) of the order shown
    report_requested = Signal(str)  # the order id shown: make its customer progress report

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderDetail")
        self.order_id: str | None = None
        self.customer: tuple[str, str] | None = None  # (source, customer id) of the order
        self.title = QLabel()
        self.title.setObjectName("orderTitle")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.meta = QLabel()
        self.meta.setObjectName("sectionNote")
        self.meta.setWordWrap(True)

        self.lines = _tree([self.tr("Line / work order"), self.tr("Product"),
                            self.tr("Quantity"), self.tr("Progress"), self.tr("Promised"),
                            self.tr("Predicted"), self.tr("Risk / link")])
        self.lines.setObjectName("orderLines")
        for column, width in enumerate((180, 52, 106, 104, 80, 140)):
            self.lines.setColumnWidth(column, width)

        self.history_caption = QLabel(self.tr("Promised-date changes"))
        self.history_caption.setObjectName("sectionTitle")
        self.history = _tree([self.tr("Changed"), self.tr("Line"), self.tr("From"),
                              self.tr("To"), self.tr("By"), self.tr("Reason")])
        self.history.setObjectName("promiseHistory")
        self.history.setRootIsDecorated(False)
        for column, width in enumerate((116, 36, 80, 80, 96)):
            self.history.setColumnWidth(column, width)
        self.no_history = QLabel(self.tr("The promised dates of this order have not changed."))
        self.no_history.setObjectName("sectionNote")

        self.gantt_caption = QLabel(self.tr("Operations: planned and actual"))
        self.gantt_caption.setObjectName("sectionTitle")
        self.gantt_note = QLabel()
        self.gantt_note.setObjectName("sectionNote")
        self.gantt_note.setWordWrap(True)
        self.gantt: Any = None  # GanttChart, made when the first order is shown
        self.gantt_box = QVBoxLayout()
        self.gantt_box.setContentsMargins(0, 0, 0, 0)
        self.gantt_box.addWidget(self.gantt_caption)
        self.gantt_box.addWidget(self.gantt_note)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        self.customer_button = QPushButton(self.tr("Customer page"))
        self.customer_button.setObjectName("customerPageButton")
        self.customer_button.setToolTip(self.tr(
            "Open this customer's page: orders, deliveries, complaints, lots and contacts"))
        self.customer_button.clicked.connect(self._request_customer)
        self.customer_button.setEnabled(False)
        self.report_button = QPushButton(self.tr("Progress report (PDF)…"))
        self.report_button.setObjectName("progressReportButton")
        self.report_button.setToolTip(self.tr(
            "Write a progress report of this order for the customer, as a PDF"))
        self.report_button.clicked.connect(self._request_report)
        self.report_button.setEnabled(False)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.customer_button)
        title_row.addWidget(self.report_button)
        left_layout.addLayout(title_row)
        left_layout.addWidget(self.meta)
        self.material_button = QPushButton()
        self.material_button.setObjectName("materialLink")
        self.material_button.clicked.connect(
            lambda: self.material_requested.emit(self.material_button.property("item")))
        self.material_button.hide()
        left_layout.addWidget(self.material_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.lines, 3)
        left_layout.addWidget(self.history_caption)
        left_layout.addWidget(self.history, 2)
        left_layout.addWidget(self.no_history)
        right = QWidget()
        right.setLayout(self.gantt_box)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([720, 680])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(splitter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- showing -------------------------------------------------------------------------------
    def show_order(self, data: OrdersData, order_id: str, now: datetime) -> None:
        found = data.orders.get(order_id)
        if found is None:
            return
        source, order = found
        self.order_id = order_id
        self.customer = (source, order.customer_id)
        self.customer_button.setEnabled(True)
        self.report_button.setEnabled(True)
        customer = data.customer_name(source, order.customer_id)
        self.title.setText(self.tr("{number} · {customer}").format(number=order.number,
                                                                  customer=customer))
        meta = [status_word(order.status), self.tr("priority {n}").format(n=order.priority)]
        if order.customer_po:
            meta.insert(0, self.tr("PO {po}").format(po=order.customer_po))
        self.meta.setText(" · ".join(meta))
        self._fill_lines(data, order)
        self._show_material(data, order)
        self._fill_history(order)
        self._fill_gantt(data, order, now)

    def _request_customer(self) -> None:
        if self.customer is not None:
            self.customer_requested.emit(*self.customer)

    def _request_report(self) -> None:
        if self.order_id is not None:
            self.report_requested.emit(self.order_id)

    def _show_material(self, data: OrdersData, order: SalesOrder) -> None:
        """A way to the material that holds this order up, when one does."""
        waits = [] if data.plan is None else [
            wait for line in order.lines
            for wait in material_waits(data.plan, (order.id, line.line_no))]
        self.material_button.setVisible(bool(waits))
        if waits:
            item = waits[0][0]
            self.material_button.setProperty("item", item)
            self.material_button.setText(self.tr("Waiting for {item}: show the material")
                                         .format(item=item))

    def _fill_lines(self, data: OrdersData, order: SalesOrder) -> None:
        self.lines.clear()
        plan = data.plan
        for line in order.lines:
            key = (order.id, line.line_no)
            progress = data.progress[key]
            risk = data.risks[key]
            item = QTreeWidgetItem([
                self.tr("Line {n}").format(n=line.line_no), line.product_id,
                f"{quantity_text(line.quantity)} {line.unit}",
                self.tr("{percent} % ({done} {unit})").format(
                    percent=int(progress.fraction * 100), done=quantity_text(progress.done),
                    unit=line.unit),
                day_text(line.promised_date),
                predicted_text(risk.predicted_date, risk.latest_date),
                risk_word(risk.level)])
            item.setForeground(6, QBrush(risk_colour(risk.level)))
            bold = QFont()
            bold.setBold(True)
            item.setFont(6, bold)
            why = reasons_text(risk.reasons)
            for column in range(7):
                item.setToolTip(column, why)
            links = data.fulfilment.by_line.get(key, [])
            for link in links:
                wo = data.work_orders.get(link.work_order_id)
                item.addChild(self._link_item(link.quantity, link.unit, link.via, wo,
                                              link.work_order_id, plan))
            if not links:
                child = QTreeWidgetItem([self.tr("No work order linked")])
                child.setForeground(0, QBrush(GREY))
                item.addChild(child)
            self.lines.addTopLevelItem(item)
        self.lines.expandAll()

    def _link_item(self, quantity: Any, unit: str, via: str, wo: WorkOrder | None,
                   work_order_id: str, plan: Plan | None) -> QTreeWidgetItem:
        if wo is None:
            return QTreeWidgetItem([work_order_id, "", self.tr("{q} {unit} linked").format(
                q=quantity_text(quantity), unit=unit)])
        span = plan.job_range(wo.id) if plan is not None else None
        local = [plan.local_date(t) for t in (span.p50, span.p90)] if span else None
        child = QTreeWidgetItem([
            f"{wo.number} ({work_order_word(wo.status)})", wo.product_id,
            self.tr("{q} of {total} {unit}").format(q=quantity_text(quantity),
                                                    total=quantity_text(wo.quantity), unit=unit),
            self.tr("{good} good").format(good=quantity_text(wo.good)),
            day_text(wo.due_date), predicted_text(*local) if local else day_text(None),
            via_word(via)])
        child.setToolTip(2, self.tr("This link's quantity, of the work order's quantity"))
        child.setToolTip(4, self.tr("The work order's due date"))
        if wo.parameters:  # what the line's options became when it was released
            child.setToolTip(0, self.tr("Production parameters: {parameters}").format(
                parameters="; ".join(f"{name} = {value}"
                                     for name, value in sorted(wo.parameters.items()))))
        for column in range(7):
            child.setForeground(column, QBrush(GREY))
        return child

    def _fill_history(self, order: SalesOrder) -> None:
        self.history.clear()
        changes = sorted(((line.line_no, change) for line in order.lines
                          for change in line.promise_history),
                         key=lambda pair: pair[1].changed_at, reverse=True)
        for line_no, change in changes:
            self.history.addTopLevelItem(QTreeWidgetItem([
                change.changed_at.astimezone().strftime("%Y-%m-%d %H:%M"), str(line_no),
                day_text(change.old_date), day_text(change.new_date), change.by,
                change.reason]))
        self.history.setVisible(bool(changes))
        self.no_history.setVisible(not changes)

    def _fill_gantt(self, data: OrdersData, order: SalesOrder, now: datetime) -> None:
        rows = self.gantt_rows(data, order, now)
        if not rows:
            if self.gantt is not None:
                self.gantt.hide()
            self.gantt_note.setText(self.tr(
                "No operations to show: no work order is linked to this order and the plan has"
                " none for it."))
            self.gantt_note.show()
            return
        if self.gantt is None:
            from widgets.orders.gantt_chart import GanttChart  # pyqtgraph only when needed

            self.gantt = GanttChart()
            self.gantt.set_legend(self.tr("Planned"), self.tr("Actual"),
                                  self.tr("Running"), self.tr("Now"), self.tr("Promised"))
            self.gantt_box.addWidget(self.gantt, 1)
        zone = data.plan.zone if data.plan is not None else data.inputs.zone
        ends = [datetime.combine(line.promised_date + timedelta(days=1), time(0), tzinfo=zone)
                for line in order.lines if line.promised_date is not None]
        self.gantt.set_rows(rows, now, ends)
        self.gantt.show()
        if data.plan is None:
            self.gantt_note.setText(self.tr(
                "No plan from the scheduler yet: planned bars are the MES's own plan."))
        else:
            self.gantt_note.setText("")
        self.gantt_note.setVisible(bool(self.gantt_note.text()))

    def gantt_rows(self, data: OrdersData, order: SalesOrder, now: datetime) -> list[Any]:
        from widgets.orders.gantt_chart import GanttRow

        plan = data.plan
        # Work centres by name where the MES names them (some backends' ids are bare keys).
        names = {e.id: e.name for e in data.inputs.equipment if e.name}
        rows: list[GanttRow] = []
        seen: set[str] = set()
        for line in order.lines:
            key = (order.id, line.line_no)
            for link in data.fulfilment.by_line.get(key, []):
                wo = data.work_orders.get(link.work_order_id)
                if wo is None or wo.id in seen:
                    continue
                seen.add(wo.id)
                job = plan.jobs.get(wo.id) if plan is not None else None
                planned = {op.sequence: (op.start, op.finish) for op in job.operations} \
                    if job is not None else {}
                for op in sorted(wo.operations, key=lambda o: o.sequence):
                    # The scheduler's plan for what is still to do; the MES's own plan for
                    # what the scheduler no longer plans (operations already done).
                    span = planned.get(op.sequence)
                    if span is None and op.planned_start and op.planned_end:
                        span = (op.planned_start, op.planned_end)
                    actual = None
                    if op.actual_start is not None:
                        actual = (op.actual_start, op.actual_end or max(now, op.actual_start))
                    if span is None and actual is None:
                        continue
                    center = names.get(op.work_center_id, op.work_center_id)
                    rows.append(GanttRow(f"{wo.number} · {op.sequence} · {center}",
                                         span, actual,
                                         running=op.actual_start is not None
                                         and op.actual_end is None))
            if plan is None:
                continue
            for job_id in plan.line_jobs.get(key, ()):
                job = plan.jobs.get(job_id)
                if job is None or job.work_order_id is not None:
                    continue
                for planned_op in job.operations:
                    rows.append(GanttRow(
                        self.tr("Line {n} (no work order) · {seq} · {center}").format(
                            n=line.line_no, seq=planned_op.sequence,
                            center=names.get(planned_op.work_center_id,
                                             planned_op.work_center_id)),
                        (planned_op.start, planned_op.finish), None))
        return rows
