"""Capable-to-promise, for the account manager on a call: product, quantity, date and priority
in; the earliest date, the bottleneck, its load and what would slip out; and "promise this
date", which writes the date to the CRM through the outbox."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.analytics.schedule import PromiseAnswer, PromiseRequest
from app.sync import actions
from widgets.common.plan_service import PlanService
from widgets.common.queued_actions import PendingAction, QueuedActions
from widgets.planning.load_chart import LoadChart
from widgets.planning.plan_text import (
    answer_text,
    day_text,
    material_text,
    quantity_text,
    stock_text,
)
from widgets.planning.planning_choices import LineChoice, PlanningChoices

MAX_QUANTITY = Decimal(1_000_000)
BLINK_MS = 150  # answers quicker than this need no progress bar


class FeasibilityPanel(QWidget):
    answered = Signal(object)  # PromiseAnswer, once shown
    promised = Signal(object)  # the PendingAction of a promise queued

    def __init__(self, service: PlanService, queued: QueuedActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.queued = queued
        self.choices = PlanningChoices()
        self.today = date.today()
        self.answer: PromiseAnswer | None = None
        self._asked: PromiseRequest | None = None
        self._promises: list[PendingAction] = []
        self._build()
        service.answer_ready.connect(self._on_answer)
        service.failed.connect(self._on_failed)
        queued.changed.connect(self._show_waiting)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.line_box = QComboBox()
        self.line_box.setMinimumContentsLength(40)
        self.line_box.currentIndexChanged.connect(self._on_line)
        self.product_box = QComboBox()
        self.product_box.setMinimumContentsLength(24)
        self.quantity_edit = QLineEdit()
        self.quantity_edit.setPlaceholderText(self.tr("for example 500"))
        self.quantity_error = self._error_label()
        self.date_edit = QDateEdit(calendarPopup=True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_error = self._error_label()
        self.priority_box = QComboBox()
        for level in range(1, 6):
            self.priority_box.addItem(self._priority_text(level), level)
        self.priority_box.setCurrentIndex(2)
        self.check_button = QPushButton(self.tr("Check date"))
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.quantity_edit.returnPressed.connect(self.check)
        for widget in (self.product_box, self.priority_box):
            widget.currentIndexChanged.connect(self._inputs_changed)
        self.quantity_edit.textEdited.connect(self._inputs_changed)
        self.date_edit.dateChanged.connect(self._inputs_changed)

        form = QFormLayout()
        form.addRow(self.tr("Order line"), self.line_box)
        form.addRow(self.tr("Product"), self.product_box)
        form.addRow(self.tr("Quantity"), self._with_error(self.quantity_edit, self.quantity_error))
        form.addRow(self.tr("Requested date"), self._with_error(self.date_edit, self.date_error))
        form.addRow(self.tr("Priority"), self.priority_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the scheduler gives no percentage
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        form.addRow(buttons)
        request_box = QGroupBox(self.tr("Request"))
        request_layout = QVBoxLayout(request_box)
        request_layout.addLayout(form)
        request_layout.addStretch(1)

        self.answer_label = QLabel(self.tr("Fill in the request and press “Check date”."))
        self.answer_label.setObjectName("answerText")
        self.answer_label.setWordWrap(True)
        self.answer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stock_label = QLabel()
        self.stock_label.setWordWrap(True)
        self.material_label = QLabel()
        self.material_label.setWordWrap(True)
        self.material_label.setStyleSheet("color: #8a4b00;")
        self.chart_title = QLabel()
        self.chart = LoadChart()
        self.slips_title = QLabel()
        self.slips_title.setWordWrap(True)
        self.slips = QTableWidget(0, 5)
        self.slips.setHorizontalHeaderLabels([
            self.tr("Order"), self.tr("Customer"), self.tr("Promised"), self.tr("Predicted"),
            self.tr("Late by")])
        self.slips.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.slips.verticalHeader().hide()
        self.slips.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.slips.setMinimumHeight(110)
        self.promise_button = QPushButton()
        self.promise_button.clicked.connect(self.promise)
        self.promise_status = QLabel()
        self.promise_status.setWordWrap(True)
        promise_row = QHBoxLayout()
        promise_row.addWidget(self.promise_button)
        promise_row.addWidget(self.promise_status, 1)

        answer_box = QGroupBox(self.tr("Answer"))
        answer_layout = QVBoxLayout(answer_box)
        answer_layout.addWidget(self.stock_label)
        answer_layout.addWidget(self.answer_label)
        answer_layout.addWidget(self.material_label)
        answer_layout.addWidget(self.chart_title)
        answer_layout.addWidget(self.chart, 2)
        answer_layout.addWidget(self.slips_title)
        answer_layout.addWidget(self.slips, 1)
        answer_layout.addLayout(promise_row)

        layout = QHBoxLayout(self)
        layout.addWidget(request_box, 2)
        layout.addWidget(answer_box, 3)
        self._busy_timer = QTimer(self, singleShot=True, interval=BLINK_MS)
        self._busy_timer.timeout.connect(self.progress.show)
        self._clear_answer()

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.setStyleSheet("color: #b00020;")
        label.setWordWrap(True)
        label.hide()
        return label

    @staticmethod
    def _with_error(field: QWidget, error: QLabel) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(error)
        return box

    def _priority_text(self, level: int) -> str:
        if level == 1:
            return self.tr("1 (most urgent)")
        if level == 5:
            return self.tr("5 (least urgent)")
        return str(level)

    # -- choices from the cache ----------------------------------------------------------------
    def set_choices(self, choices: PlanningChoices, today: date) -> None:
        self.choices, self.today = choices, today
        current_line = self.line_box.currentData()
        current_product = self.product_box.currentData()
        self.line_box.blockSignals(True)
        self.line_box.clear()
        self.line_box.addItem(self.tr("New request (no order line yet)"), None)
        for line in choices.lines:
            self.line_box.addItem(self._line_text(line), line)
        self.line_box.blockSignals(False)
        self.product_box.blockSignals(True)
        self.product_box.clear()
        for pid, name in choices.products.items():
            self.product_box.addItem(name, pid)
        self.product_box.blockSignals(False)
        if self.date_edit.date() < QDate(today.year, today.month, today.day):
            self.date_edit.setDate(QDate(today.year, today.month, today.day))
        if current_product is not None:
            self.product_box.setCurrentIndex(max(self.product_box.findData(current_product), 0))
        if current_line is not None:
            self.select_line(current_line.order_id, current_line.line_no)

    def _line_text(self, line: LineChoice) -> str:
        text = self.tr("{order} / {line} · {customer} · {product} × {quantity} {unit}").format(
            order=line.order_number, line=line.line_no, customer=line.customer,
            product=line.product_id, quantity=quantity_text(line.quantity), unit=line.unit)
        if line.quote:
            return text + " · " + self.tr("quote")
        if line.promised is not None:
            return text + " · " + self.tr("promised {date}").format(date=day_text(line.promised))
        return text

    def select_line(self, order_id: str, line_no: int) -> bool:
        for i in range(1, self.line_box.count()):
            line = self.line_box.itemData(i)
            if line.order_id == order_id and line.line_no == line_no:
                self.line_box.setCurrentIndex(i)
                return True
        return False

    def _on_line(self) -> None:
        line: LineChoice | None = self.line_box.currentData()
        for widget in (self.product_box, self.quantity_edit):
            widget.setEnabled(line is None)
        if line is not None:
            self.product_box.setCurrentIndex(max(self.product_box.findData(line.product_id), 0))
            if self.product_box.currentData() != line.product_id:
                self.product_box.addItem(line.product_id, line.product_id)
                self.product_box.setCurrentIndex(self.product_box.count() - 1)
            self.quantity_edit.setText(quantity_text(line.quantity))
            self.date_edit.setDate(QDate(line.requested.year, line.requested.month,
                                         line.requested.day))
            self.priority_box.setCurrentIndex(min(max(line.priority, 1), 5) - 1)
        self._inputs_changed()

    # -- asking --------------------------------------------------------------------------------
    def read_request(self) -> PromiseRequest | None:
        """The request in the form, or None with a message next to each wrong field."""
        self.quantity_error.hide()
        self.date_error.hide()
        quantity = self._quantity()
        requested = self.date_edit.date().toPython()
        ok = quantity is not None
        if requested < self.today:
            self._show_error(self.date_error,
                             self.tr("The requested date is in the past; today is {date}.")
                             .format(date=day_text(self.today)))
            ok = False
        product = self.product_box.currentData()
        if product is None:
            self.answer_label.setText(self.tr("No product to plan: the MES has sent none yet."))
            ok = False
        if not ok:
            return None
        line: LineChoice | None = self.line_box.currentData()
        return PromiseRequest(product, quantity, requested, self.priority_box.currentData(),
                              unit=line.unit if line is not None else None,
                              order_line=(line.order_id, line.line_no) if line else None)

    def _quantity(self) -> Decimal | None:
        text = self.quantity_edit.text().strip()
        try:
            # Digit grouping ("1,500") is how people write it in English and Chinese alike.
            value: Decimal | None = Decimal(text.replace(",", "")) if text else None
        except InvalidOperation:
            value = None
        if not text:
            self._show_error(self.quantity_error, self.tr("Enter the quantity to make."))
        elif value is None or not value.is_finite():
            self._show_error(self.quantity_error,
                             self.tr("“{text}” is not a number; enter for example 500.")
                             .format(text=text))
        elif value <= 0:
            self._show_error(self.quantity_error, self.tr("The quantity must be more than 0."))
        elif value > MAX_QUANTITY:
            self._show_error(self.quantity_error,
                             self.tr("More than {limit} cannot be planned at once.")
                             .format(limit=quantity_text(MAX_QUANTITY)))
        else:
            return value
        return None

    @staticmethod
    def _show_error(label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()

    def check(self) -> None:
        request = self.read_request()
        if request is None:
            return
        self._clear_answer()
        self._asked = request
        self.answer_label.setText(self.tr("Planning…"))
        self.check_button.setEnabled(False)
        self._busy_timer.start()
        self.service.ask(request)

    def _on_answer(self, answer: PromiseAnswer) -> None:
        if answer.request != self._asked:
            return  # an answer to an earlier question
        self._done_asking()
        self.answer = answer
        product = self.choices.products.get(answer.request.product_id,
                                            answer.request.product_id)
        self.answer_label.setText(answer_text(answer, product, self.choices.work_centers))
        unit = answer.request.unit or self.choices.units.get(answer.request.product_id, "")
        self.stock_label.setText(stock_text(answer, unit))
        self.material_label.setText(material_text(answer, self.choices.items))
        self.material_label.setVisible(answer.material is not None)
        if answer.bottleneck is not None and answer.material is None:
            name = self.choices.work_centers.get(answer.bottleneck, answer.bottleneck)
            self.chart_title.setText(self.tr("Load of {center}, week by week").format(
                center=name))
            self.chart.show_load(answer.weekly_load, answer.bottleneck_week)
            self.chart.show()
        self._show_slips(answer)
        self._show_promise_button()
        self.answered.emit(answer)

    def _on_failed(self, message: str) -> None:
        if self._asked is None:
            return
        self._done_asking()
        self._asked = None
        self.answer_label.setText(self.tr("The plan could not be made: {reason}")
                                  .format(reason=message))

    def _done_asking(self) -> None:
        self._busy_timer.stop()
        self.progress.hide()
        self.check_button.setEnabled(True)

    def _show_slips(self, answer: PromiseAnswer) -> None:
        lines = {(c.order_id, c.line_no): c for c in self.choices.lines}
        self.slips.setRowCount(len(answer.slips))
        for row, slip in enumerate(answer.slips):
            line = lines.get(slip.line)
            order = self.choices.orders.get(slip.line[0], slip.line[0])
            cells = [f"{order} / {slip.line[1]}", line.customer if line else "",
                     day_text(slip.promised) if slip.promised else "",
                     day_text(slip.after) if slip.after else "",
                     self.tr("%n day(s)", "", slip.days_late)]
            for column, text in enumerate(cells):
                self.slips.setItem(row, column, QTableWidgetItem(text))
        if answer.earliest is None:
            self.slips_title.setText("")
        elif answer.slips:
            self.slips_title.setText(self.tr(
                "With this priority, these order lines would miss their promised date:"))
        else:
            self.slips_title.setText(self.tr("No order line would miss its promised date."))
        self.slips.setVisible(bool(answer.slips))

    # -- promising -----------------------------------------------------------------------------
    def promise_date(self) -> date | None:
        """The date a promise would write: the requested date when it can be met with 90 %
        confidence, else the date it can (the P90; the earliest, without a range): a promise
        is only worth what comes true."""
        if self.answer is None or self.answer.earliest is None:
            return None
        safe = self.answer.confident or self.answer.earliest
        requested = self.answer.request.requested_date
        return requested if self.answer.feasible and safe <= requested else safe

    def _show_promise_button(self) -> None:
        line: LineChoice | None = self.line_box.currentData()
        promised = self.promise_date()
        self.promise_button.setVisible(promised is not None)
        if promised is None:
            return
        self.promise_button.setText(self.tr("Promise {date}").format(date=day_text(promised)))
        can = line is not None and self.queued.available
        self.promise_button.setEnabled(can)
        if line is None:
            self.promise_button.setToolTip(self.tr(
                "Choose the order line to promise on: a date is promised on an order."))
        elif not self.queued.available:
            self.promise_button.setToolTip(self.tr("Offline: no connection to the CRM."))
        else:
            self.promise_button.setToolTip("")

    def promise(self) -> None:
        line: LineChoice | None = self.line_box.currentData()
        promised = self.promise_date()
        if line is None or promised is None or not self.queued.available:
            return
        action = actions.promise_date(
            line.source, line.order_id, line.line_no, promised, line.order_version,
            reason=self.tr("Capable-to-promise check"))
        text = self.tr("Promise {date} on {order} / {line}").format(
            date=day_text(promised), order=line.order_number, line=line.line_no)
        pending = self.queued.queue(action, text)
        self._promises.append(pending)
        self.promise_button.setEnabled(False)
        self.promised.emit(pending)
        self._show_waiting()

    def _show_waiting(self) -> None:
        texts = []
        for pending in self._promises:
            if pending.refused:
                texts.append(self.tr("{action}: refused by the CRM: {reason}").format(
                    action=pending.text, reason=pending.reason))
            elif pending in self.queued.pending:
                texts.append(self.tr("{action}: waiting to be sent").format(action=pending.text))
            else:
                texts.append(self.tr("{action}: sent to the CRM").format(action=pending.text))
        self.promise_status.setText("\n".join(texts[-3:]))

    def _inputs_changed(self, *_args) -> None:
        # An answer belongs to the question asked: once the question changes, ask again.
        if self.answer is not None:
            self._clear_answer()
            self.answer_label.setText(self.tr("The request changed: press “Check date”."))

    def _clear_answer(self) -> None:
        self.answer = None
        self.stock_label.setText("")
        self.material_label.hide()
        self.chart.hide()
        self.chart_title.setText("")
        self.slips.setRowCount(0)
        self.slips.hide()
        self.slips_title.setText("")
        self.promise_button.hide()
