"""Capable-to-promise, for the account manager on a call: customer, product with its options,
quantity, wanted date and priority in; what ships from stock, the earliest date, the bottleneck,
its load and what would slip out, and for a date that cannot be met the alternatives (how much
by the wanted date, and the split). Then "Quote this date" (new demand: a draft order in the
CRM through the outbox, holding the capacity it needs, app.analytics.schedule.holds) or
"Promise" (an open order line), and "Send to customer" (the answer as a notice in the
contact's language). The form keeps the request and the answer until the person clears them;
the call keeps a history of the answers given."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.analytics.schedule import PromiseAnswer, PromiseRequest
from app.analytics.schedule.alternatives import split
from app.analytics.schedule.holds import DEFAULT_HOLD_DAYS, HeldMeanwhile, Hold
from app.sync import actions
from app.sync.actions import ActionKind
from app.sync.write_support import not_taken
from widgets.common.date_edit import DateEdit
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
from widgets.planning.planning_choices import CustomerChoice, LineChoice, PlanningChoices

HOLD_DAYS_KEY = "planning/hold_days"
MAX_QUANTITY = Decimal(1_000_000)
BLINK_MS = 150  # answers quicker than this need no progress bar


class FeasibilityPanel(QWidget):
    answered = Signal(object)  # PromiseAnswer, once shown
    promised = Signal(object)  # the PendingAction of a promise queued
    quoted = Signal(object)  # the PendingAction of a quote queued

    def __init__(self, service: PlanService, queued: QueuedActions,
                 parent: QWidget | None = None, bridge: object | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.bridge = bridge  # the SyncBridge: which backend each source is
        self.queued = queued
        self.choices = PlanningChoices()
        self.today = date.today()
        self.answer: PromiseAnswer | None = None
        self._asked: PromiseRequest | None = None
        self._promises: list[PendingAction] = []
        self.stale = False  # the request changed since the answer shown was given
        self.history: list[tuple[datetime, str]] = []  # the call's answers, in words
        self.holds: list[Hold] = []
        self._build()
        service.answer_ready.connect(self._on_answer)
        service.failed.connect(self._on_failed)
        queued.changed.connect(self._show_waiting)
        queued.failed.connect(lambda *_: self._show_waiting())

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.customer_box = QComboBox()
        self.customer_box.setEditable(True)
        self.customer_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.customer_box.lineEdit().setPlaceholderText(self.tr("type a name; key accounts first"))
        self.customer_box.setMinimumContentsLength(28)
        completer = QCompleter(self.customer_box.model(), self.customer_box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.customer_box.setCompleter(completer)
        self.customer_error = self._error_label()
        self.options_row = QWidget()
        self.options_layout = QHBoxLayout(self.options_row)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        self.option_boxes: dict[str, QComboBox] = {}
        self.hold_days = QSpinBox()
        self.hold_days.setRange(1, 90)
        self.hold_days.setValue(int(QSettings().value(HOLD_DAYS_KEY, DEFAULT_HOLD_DAYS)))
        self.hold_days.setSuffix(self.tr(" day(s)"))
        self.hold_days.valueChanged.connect(
            lambda days: QSettings().setValue(HOLD_DAYS_KEY, days))
        self.line_box = QComboBox()
        self.line_box.setMinimumContentsLength(40)
        self.line_box.currentIndexChanged.connect(self._on_line)
        self.product_box = QComboBox()
        self.product_box.setMinimumContentsLength(24)
        self.quantity_edit = QLineEdit()
        self.quantity_edit.setPlaceholderText(self.tr("for example 500"))
        self.quantity_error = self._error_label()
        self.date_edit = DateEdit()
        self.date_error = self._error_label()
        self.priority_box = QComboBox()
        for level in range(1, 6):
            self.priority_box.addItem(self._priority_text(level), level)
        self.priority_box.setCurrentIndex(2)
        self.check_button = QPushButton(self.tr("Check date"))
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        self.quantity_edit.returnPressed.connect(self.check)
        self.date_edit.line.returnPressed.connect(self.check)
        self.product_box.currentIndexChanged.connect(self._show_options)
        for widget in (self.product_box, self.priority_box):
            widget.currentIndexChanged.connect(self._inputs_changed)
        self.customer_box.currentTextChanged.connect(self._inputs_changed)
        self.quantity_edit.textEdited.connect(self._inputs_changed)
        self.date_edit.dateChanged.connect(self._inputs_changed)

        form = self.form = QFormLayout()
        form.addRow(self.tr("Customer"), self._with_error(self.customer_box, self.customer_error))
        form.addRow(self.tr("Order line"), self.line_box)
        form.addRow(self.tr("Product"), self.product_box)
        form.addRow(self.tr("Options"), self.options_row)
        form.addRow(self.tr("Quantity"), self._with_error(self.quantity_edit, self.quantity_error))
        form.addRow(self.tr("Wanted date"), self._with_error(self.date_edit, self.date_error))
        form.addRow(self.tr("Priority"), self.priority_box)
        form.addRow(self.tr("Hold quoted capacity for"), self.hold_days)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.clear_button)
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
        self.held_table = QTableWidget(0, 6)
        self.held_table.setObjectName("heldCapacity")
        self.held_table.setHorizontalHeaderLabels([
            self.tr("Quote"), self.tr("Customer"), self.tr("Quantity"), self.tr("Quoted"),
            self.tr("Hours held"), self.tr("Held until")])
        self.held_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.held_table.verticalHeader().hide()
        self.held_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.held_table.setMaximumHeight(120)
        self.held_title = QLabel()
        self.history_title = QLabel(self.tr("This call"))
        self.history_list = QListWidget()
        self.history_list.setObjectName("callHistory")
        self.history_list.setWordWrap(True)
        request_layout.addWidget(self.history_title)
        request_layout.addWidget(self.history_list, 1)
        request_layout.addWidget(self.held_title)
        request_layout.addWidget(self.held_table, 1)

        self.answer_label = QLabel(self.tr("Fill in the request and press “Check date”."))
        self.answer_label.setObjectName("answerText")
        self.answer_label.setWordWrap(True)
        self.answer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stock_label = QLabel()
        self.stock_label.setWordWrap(True)
        self.alternatives_label = QLabel()
        self.alternatives_label.setObjectName("alternativesText")
        self.alternatives_label.setWordWrap(True)
        self.held_label = QLabel()
        self.held_label.setObjectName("heldText")
        self.held_label.setWordWrap(True)
        self.stale_label = QLabel()
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet("color: #8a4b00;")
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
        self.quote_button = QPushButton()
        self.quote_button.clicked.connect(self.quote)
        self.send_button = QPushButton(self.tr("Send to customer"))
        self.send_button.clicked.connect(self.send_to_customer)
        self.promise_status = QLabel()
        self.promise_status.setWordWrap(True)
        self.why_not = QLabel()  # why a button is not offered, in words (not only a tooltip)
        self.why_not.setWordWrap(True)
        self.why_not.setStyleSheet("color: #555;")
        promise_row = QHBoxLayout()
        promise_row.addWidget(self.promise_button)
        promise_row.addWidget(self.quote_button)
        promise_row.addWidget(self.send_button)
        promise_row.addStretch(1)

        answer_box = QGroupBox(self.tr("Answer"))
        answer_layout = QVBoxLayout(answer_box)
        answer_layout.addWidget(self.stale_label)
        answer_layout.addWidget(self.stock_label)
        answer_layout.addWidget(self.answer_label)
        answer_layout.addWidget(self.alternatives_label)
        answer_layout.addWidget(self.held_label)
        answer_layout.addWidget(self.material_label)
        answer_layout.addWidget(self.chart_title)
        answer_layout.addWidget(self.chart, 3)
        answer_layout.addWidget(self.slips_title)
        answer_layout.addWidget(self.slips, 1)
        answer_layout.addLayout(promise_row)
        answer_layout.addWidget(self.why_not)
        answer_layout.addWidget(self.promise_status)
        answer_layout.addStretch(1)  # the space a hidden chart leaves goes below, not between

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
        """New choices from a new plan: what the person has typed and the answer stay."""
        self.choices, self.today = choices, today
        current_line = self.line_box.currentData()
        current_product = self.product_box.currentData()
        customer_text = self.customer_box.currentText()
        self.customer_box.blockSignals(True)
        self.customer_box.clear()
        for account in choices.accounts:
            self.customer_box.addItem(self._account_text(account), account)
        self.customer_box.setCurrentIndex(-1)
        self.customer_box.setEditText(customer_text)
        self.customer_box.blockSignals(False)
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
        if not self.date_edit.text().strip():
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(today.year, today.month, today.day))
            self.date_edit.blockSignals(False)
        if current_product is not None:
            self.product_box.setCurrentIndex(max(self.product_box.findData(current_product), 0))
        self.product_box.blockSignals(False)
        self._show_options(keep=True)
        if current_line is not None:  # the same line again, its fields as the person left them
            self.line_box.blockSignals(True)
            for i in range(1, self.line_box.count()):
                line = self.line_box.itemData(i)
                if (line.order_id, line.line_no) == (current_line.order_id,
                                                     current_line.line_no):
                    self.line_box.setCurrentIndex(i)
            self.line_box.blockSignals(False)

    def _account_text(self, account: CustomerChoice) -> str:
        if account.key_account:
            return self.tr("★ {name} (key account)").format(name=account.name)
        return account.name

    def customer(self) -> CustomerChoice | None:
        """The customer named in the field: the one picked, else the one whose name is typed
        (or the only one whose name contains what is typed)."""
        text = self.customer_box.currentText().strip()
        if not text:
            return None
        index = self.customer_box.findText(text)
        if index >= 0:
            return self.customer_box.itemData(index)
        folded = text.casefold()
        exact = [a for a in self.choices.accounts
                 if folded in (a.name.casefold(), a.id.casefold(), a.number.casefold())]
        if exact:
            return exact[0]
        found = [a for a in self.choices.accounts if folded in a.name.casefold()]
        return found[0] if len(found) == 1 else None

    def set_customer(self, customer_id: str) -> None:
        for i in range(self.customer_box.count()):
            if self.customer_box.itemData(i).id == customer_id:
                self.customer_box.setCurrentIndex(i)
                return

    def _show_options(self, *_args, keep: bool = False) -> None:
        """A field per option of a configured product (the values orders have used)."""
        product = self.product_box.currentData()
        wanted = self.choices.options.get(product, {}) if product else {}
        self.form.setRowVisible(self.options_row, bool(wanted))
        if keep and list(wanted) == list(self.option_boxes):
            return
        chosen = self.selected_options()
        for box in self.option_boxes.values():
            self.options_layout.removeWidget(box)
            box.deleteLater()
        self.option_boxes = {}
        for name, values in wanted.items():
            box = QComboBox()
            box.setEditable(True)
            box.setToolTip(name)
            box.addItems(list(values))
            if chosen.get(name) in values:
                box.setCurrentText(chosen[name])
            box.lineEdit().setPlaceholderText(name)
            box.currentTextChanged.connect(self._inputs_changed)
            self.options_layout.addWidget(box)
            self.option_boxes[name] = box

    def selected_options(self) -> dict[str, str]:
        return {name: box.currentText().strip() for name, box in self.option_boxes.items()
                if box.currentText().strip()}

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
        # The line's product stays its own; its quantity may be asked about changed.
        self.product_box.setEnabled(line is None)
        if line is not None:
            self.set_customer(self._customer_of(line))
            self.product_box.setCurrentIndex(max(self.product_box.findData(line.product_id), 0))
            if self.product_box.currentData() != line.product_id:
                self.product_box.addItem(line.product_id, line.product_id)
                self.product_box.setCurrentIndex(self.product_box.count() - 1)
            self.quantity_edit.setText(quantity_text(line.quantity))
            self.date_edit.setDate(QDate(line.requested.year, line.requested.month,
                                         line.requested.day))
            self.priority_box.setCurrentIndex(min(max(line.priority, 1), 5) - 1)
        self._inputs_changed()

    def _customer_of(self, line: LineChoice) -> str:
        return next((a.id for a in self.choices.accounts if a.name == line.customer), "")

    # -- asking --------------------------------------------------------------------------------
    def read_request(self) -> PromiseRequest | None:
        """The request in the form, or None with a message next to each wrong field."""
        self.quantity_error.hide()
        self.date_error.hide()
        self.customer_error.hide()
        quantity = self._quantity()
        typed = self.date_edit.value()
        ok = quantity is not None
        if typed is None:
            self._show_error(self.date_error, self.tr(
                "“{text}” is not a date; type for example {iso} or {local}.").format(
                text=self.date_edit.text(), iso="2027-03-01", local=DateEdit.example()))
            return None
        requested = typed
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
        self.answer_label.setText("")
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
        self._show_alternatives(answer, unit)
        self._show_held(answer)
        self._show_promise_button()
        self._remember(answer, product, unit)
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
        """Promise (an open order line) or Quote (new demand), and why not, in words."""
        line: LineChoice | None = self.line_box.currentData()
        promised = self.promise_date()
        answered = promised is not None and self.answer is not None
        self.promise_button.setVisible(answered and line is not None)
        self.quote_button.setVisible(answered and line is None)
        self.send_button.setVisible(answered)
        why = ""
        if not answered:
            self.why_not.setText("")
            return
        self.promise_button.setText(self.tr("Promise {date}").format(date=day_text(promised)))
        self.quote_button.setText(self.tr("Quote {date}").format(date=day_text(promised)))
        for each in (self.promise_button, self.quote_button, self.send_button):
            each.setMinimumWidth(each.sizeHint().width())
        button = self.promise_button if line is not None else self.quote_button
        if self.stale:
            why = self.tr("The request changed after this answer: press “Check date” before "
                          "promising or quoting.")
        elif not self.queued.available:
            why = self.tr("Offline: no connection to the CRM, so nothing can be promised or "
                          "quoted now.")
        elif line is None and self.customer() is None:
            why = self.tr("Name the customer to quote for: a quote is a draft order for a "
                          "customer.")
        elif line is None and self.choices.crm_source is None:
            why = self.tr("No CRM is connected: there is nowhere to write the quote.")
        elif line is None and not_taken(self.crm_kind(self.choices.crm_source),
                                         ActionKind.QUOTE):
            why = self.tr("This CRM does not take quotes from the console yet: the date can be "
                          "promised on an order line once the order is in the CRM.")
        elif line is None and self._quoted_already():
            why = self.tr("This answer is quoted already.")
        button.setEnabled(not why)
        button.setToolTip(why)
        self.send_button.setEnabled(not self.stale and self._notice_order() is not None)
        if not why and not self.stale and self._notice_order() is None:
            why = self.tr("“Send to customer” is possible once the CRM has the order or "
                          "quotation it is about.")
        self.why_not.setText(why)

    def crm_kind(self, source: str | None) -> str | None:
        """The kind of backend the CRM source is (its health says), None when not known."""
        bridge = self.bridge
        health = bridge.health() if bridge is not None and source else []
        return next((h.backend for h in health if h.source == source), None)

    @staticmethod
    def _is_quote(pending: PendingAction) -> bool:
        answer = pending.answer_of
        return isinstance(answer, PromiseAnswer) and answer.request.order_line is None

    def _quoted_already(self) -> bool:
        return any(p.answer_of is self.answer and not p.not_stored and not p.refused
                   for p in self._promises)

    def quote(self) -> None:
        """Queue the draft order (quotation) and the hold on its capacity, once per answer."""
        answer, customer = self.answer, self.customer()
        quoted = self.promise_date()
        source = self.choices.crm_source
        if (answer is None or quoted is None or customer is None or source is None
                or self.stale or self._quoted_already() or not self.queued.available):
            return
        request = answer.request
        unit = request.unit or self.choices.units.get(request.product_id, "")
        hold_id = "H-" + uuid.uuid4().hex[:10]
        expires = self.today + timedelta(days=self.hold_days.value())
        action = actions.quote(
            source, hold_id, customer_id=customer.id, product_id=request.product_id,
            quantity=str(request.quantity), unit=unit, requested=request.requested_date,
            quoted=quoted, priority=request.priority, expires=expires,
            options=self.selected_options(), hours=dict(answer.hours),
            seen_hold=answer.seen_hold)
        text = self.tr("Quote {quantity} {unit} {product} to {customer} for {date}").format(
            quantity=quantity_text(request.quantity), unit=unit, product=request.product_id,
            customer=customer.name, date=day_text(quoted))
        pending = self.queued.queue(action, text)
        pending.answer_of = answer
        self._promises.append(pending)
        self.quote_button.setEnabled(False)
        self.history_add(self.tr("Quoted: {what}").format(what=text))
        self.quoted.emit(pending)
        self._show_waiting()
        self._show_promise_button()

    def promise(self) -> None:
        line: LineChoice | None = self.line_box.currentData()
        promised = self.promise_date()
        if line is None or promised is None or not self.queued.available or self.stale:
            return
        action = actions.promise_date(
            line.source, line.order_id, line.line_no, promised, line.order_version,
            reason=self.tr("Capable-to-promise check"))
        text = self.tr("Promise {date} on {order} / {line}").format(
            date=day_text(promised), order=line.order_number, line=line.line_no)
        pending = self.queued.queue(action, text)
        pending.answer_of = self.answer
        self._promises.append(pending)
        self.promise_button.setEnabled(False)
        self.history_add(self.tr("Promised: {what}").format(what=text))
        self.promised.emit(pending)
        self._show_waiting()

    def _show_waiting(self) -> None:
        texts = []
        for pending in self._promises:
            if isinstance(pending.error, HeldMeanwhile):
                texts.append(self.tr(
                    "{action}: not quoted: {who} held hours of {centers} after this answer was "
                    "planned; press “Check date” again.").format(
                    action=pending.text, who=pending.error.other.get("by") or self.tr("someone"),
                    centers=", ".join(self.choices.work_centers.get(c, c)
                                      for c in pending.error.centers)))
            elif pending.not_stored:
                texts.append(self.tr("{action}: not queued: {reason}").format(
                    action=pending.text, reason=pending.not_stored))
            elif pending.refused:
                texts.append(self.tr("{action}: refused by the CRM: {reason}").format(
                    action=pending.text, reason=pending.reason))
            elif pending in self.queued.pending:
                texts.append(self.tr("{action}: waiting to be sent").format(action=pending.text))
            elif pending.delivered and pending.answer_of is not None and pending.answer \
                    and pending.answer.get("number") and self._is_quote(pending):
                texts.append(self.tr("{action}: the CRM has it as {number}").format(
                    action=pending.text, number=pending.answer["number"]))
            elif pending.delivered:
                texts.append(self.tr("{action}: the CRM confirmed it").format(
                    action=pending.text))
            else:
                texts.append(self.tr("{action}: sent to the CRM").format(action=pending.text))
        self.promise_status.setText("\n".join(texts[-3:]))
        if self.answer is not None:
            self._show_promise_button()

    def _inputs_changed(self, *_args) -> None:
        # An answer belongs to the question asked: once the question changes it stays in
        # view (the call goes on), marked as the answer to the earlier question.
        if self.answer is not None and not self.stale:
            self.stale = True
            self.stale_label.setText(self.tr(
                "This answer is for the request as it was; press “Check date” to answer the "
                "changed one."))
            self._show_promise_button()

    def clear(self) -> None:
        """The person is done with this request: an empty form and no answer."""
        for box in (self.customer_box,):
            box.setCurrentIndex(-1)
            box.setEditText("")
        self.line_box.setCurrentIndex(0)
        self.quantity_edit.clear()
        self.date_edit.setDate(QDate(self.today.year, self.today.month, self.today.day))
        self.priority_box.setCurrentIndex(2)
        for box in self.option_boxes.values():
            box.setCurrentIndex(0)
        for label in (self.quantity_error, self.date_error, self.customer_error):
            label.hide()
        self._clear_answer()
        self.answer_label.setText(self.tr("Fill in the request and press “Check date”."))

    # -- what the answer offers ------------------------------------------------------------------
    def _show_alternatives(self, answer: PromiseAnswer, unit: str) -> None:
        parts = []
        if answer.by_wanted is not None and not answer.feasible:
            parts.append(self.tr("By {requested}: {quantity} {unit} can be complete.").format(
                requested=day_text(answer.request.requested_date),
                quantity=quantity_text(answer.by_wanted), unit=unit))
            halves = split(answer)
            if halves is not None and answer.earliest is not None:
                parts.append(self.tr(
                    "Split: {now} {unit} on {requested}, the other {rest} {unit} on "
                    "{date}.").format(
                    now=quantity_text(halves[0]), rest=quantity_text(halves[1]), unit=unit,
                    requested=day_text(answer.request.requested_date),
                    date=day_text(answer.earliest)))
        self.alternatives_label.setText("\n".join(parts))
        self.alternatives_label.setVisible(bool(parts))

    def _show_held(self, answer: PromiseAnswer) -> None:
        """Which quotes hold capacity on the work centers this request needs."""
        centers = {center for center, _ in answer.hours}
        held = [h for h in self.holds if h.active and (not centers or centers & set(h.hours))]
        if not held:
            self.held_label.setText("")
            self.held_label.hide()
            return
        hours = sum(hours for h in held for c, hours in h.hours.items()
                    if not centers or c in centers)
        self.held_label.setText(self.tr(
            "Held: {count} quote(s) hold {hours} h of these work centers in this plan; this "
            "answer comes after them.").format(count=len(held), hours=f"{hours:,.1f}"))
        self.held_label.show()

    def set_holds(self, holds: list[Hold]) -> None:
        """The quotes of the plan, shown under the answer."""
        self.holds = list(holds)
        active = [h for h in holds if h.active]
        self.held_title.setText(self.tr("Held capacity: %n quote(s) waiting for the customer",
                                        "", len(active)))
        self.held_table.setRowCount(len(active))
        for row, hold in enumerate(active):
            cells = [hold.order_number or hold.hold_id,
                     self.choices.customers.get(hold.customer_id, hold.customer_id),
                     f"{quantity_text(hold.quantity)} {hold.unit} {hold.product_id}",
                     day_text(hold.quoted), f"{sum(hold.hours.values()):,.1f}",
                     day_text(hold.expires)]
            for column, text in enumerate(cells):
                self.held_table.setItem(row, column, QTableWidgetItem(text))
        self.held_table.setVisible(bool(active))

    # -- the call's history ------------------------------------------------------------------------
    def _remember(self, answer: PromiseAnswer, product: str, unit: str) -> None:
        customer = self.customer()
        who = customer.name if customer is not None else self.tr("no customer named")
        if answer.earliest is None:
            said = self.tr("no date: {problem}").format(problem=answer.problem)
        elif answer.feasible:
            said = self.tr("on time, {date}").format(date=day_text(answer.earliest))
        else:
            said = self.tr("earliest {date}").format(date=day_text(answer.earliest))
        self.history_add(self.tr("{customer}: {quantity} {unit} {product} by {requested}: "
                                 "{said}").format(
            customer=who, quantity=quantity_text(answer.request.quantity), unit=unit,
            product=product, requested=day_text(answer.request.requested_date), said=said))

    def history_add(self, text: str) -> None:
        now = datetime.now()
        self.history.append((now, text))
        self.history_list.insertItem(0, f"{now:%H:%M} · {text}")

    # -- send to customer ------------------------------------------------------------------------
    def _notice_order(self) -> tuple[str, str] | None:
        """(source, order id) the notice is recorded on: the open line's order, or the order
        the quote of this answer created."""
        line: LineChoice | None = self.line_box.currentData()
        if line is not None:
            return line.source, line.order_id
        for pending in self._promises:
            if pending.answer_of is self.answer and pending.answer \
                    and pending.answer.get("id") and self.choices.crm_source:
                return self.choices.crm_source, str(pending.answer["id"])
        return None

    def send_to_customer(self) -> None:
        from widgets.planning.answer_notice import open_answer_notice  # lazy: dialog, mail

        target = self._notice_order()
        if self.answer is None or target is None:
            return
        customer = self.customer()
        self.notice_dialog = open_answer_notice(
            self.answer, self.promise_date(), customer.id if customer else "",
            target[0], target[1], self.service.store, self.queued, self.choices,
            hold_days=self.hold_days.value() if self.line_box.currentData() is None else None,
            parent=self)

    def _clear_answer(self) -> None:
        self.answer = None
        self.stale = False
        self.stale_label.setText("")
        self.alternatives_label.hide()
        self.held_label.hide()
        self.why_not.setText("")
        self.quote_button.hide()
        self.send_button.hide()
        self.stock_label.setText("")
        self.material_label.hide()
        self.chart.hide()
        self.chart_title.setText("")
        self.slips.setRowCount(0)
        self.slips.hide()
        self.slips_title.setText("")
        self.promise_button.hide()
