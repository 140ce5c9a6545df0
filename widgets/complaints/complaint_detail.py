"""The selected complaint: its fields and findings, the traces of its lot, and its actions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.analytics.trace import LotInfo
from widgets.common.queued_actions import PendingAction
from widgets.complaints.complaint_data import ComplaintRow, LotKey
from widgets.complaints.complaint_text import severity_colour, severity_word, status_word


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class InlineForm(QWidget):
    """One field, a confirm button and a message next to the field (hidden until needed)."""

    submitted = Signal(str)

    def __init__(self, placeholder: str, confirm: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText(placeholder)
        self.confirm = QPushButton(confirm)
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.confirm.clicked.connect(lambda: self.submitted.emit(self.field.text()))
        self.field.returnPressed.connect(lambda: self.submitted.emit(self.field.text()))
        self.field.textEdited.connect(lambda _: self.message.hide())

    def tell(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def clear(self) -> None:
        self.field.clear()
        self.tell("")


class ComplaintDetail(QWidget):
    backward_requested = Signal(object)  # LotKey
    forward_requested = Signal(object)  # LotKey
    link_requested = Signal(str)  # the lot number typed
    finding_requested = Signal(str)  # the finding's text
    customer_requested = Signal(str, str)  # (CRM source, customer id) of the complaint shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintDetail")
        self.row: ComplaintRow | None = None
        self.title = QLabel()
        self.title.setObjectName("complaintTitle")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.title.setWordWrap(True)
        self.customer_button = QPushButton(self.tr("Customer page"))
        self.customer_button.setObjectName("customerPageButton")
        self.customer_button.setToolTip(self.tr(
            "Open this customer's page: orders, deliveries, complaints, lots and contacts"))
        self.customer_button.setEnabled(False)

        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label in (("customer", self.tr("Customer")), ("order", self.tr("Order")),
                            ("product", self.tr("Product")), ("lot", self.tr("Lot")),
                            ("serial", self.tr("Serial")), ("category", self.tr("Category")),
                            ("severity", self.tr("Severity")), ("status", self.tr("Status")),
                            ("opened", self.tr("Opened")),
                            ("description", self.tr("Description"))):
            self.fields[name] = _value_label()
            form.addRow(label, self.fields[name])

        self.findings = _value_label()
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.waiting = _value_label()
        self.waiting.setObjectName("complaintWaiting")
        self.waiting.setTextFormat(Qt.TextFormat.RichText)
        findings_box = QGroupBox(self.tr("Findings"))
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.addWidget(self.findings)
        findings_layout.addWidget(self.waiting)

        # Traces of the lot: backward to what it was made from; forward from a suspect input.
        self.backward_button = QPushButton(self.tr("Backward trace of its lot"))
        self.backward_button.setToolTip(self.tr(
            "Open the Traceability view on what this lot was made from"))
        self.suspects = QComboBox()
        self.suspects.setToolTip(self.tr("Raw and supplier lots this lot was made from"))
        self.forward_button = QPushButton(self.tr("Who else got this?"))
        self.forward_button.setToolTip(self.tr(
            "Forward trace of the chosen input lot: every lot, order and customer it reached"))
        self.trace_hint = QLabel()
        self.trace_hint.setWordWrap(True)
        self.trace_hint.setObjectName("traceHint")
        trace_box = QGroupBox(self.tr("Trace"))
        trace_layout = QVBoxLayout(trace_box)
        trace_layout.addWidget(self.backward_button)
        suspect_row = QHBoxLayout()
        suspect_row.addWidget(self.suspects, 1)
        suspect_row.addWidget(self.forward_button)
        trace_layout.addLayout(suspect_row)
        trace_layout.addWidget(self.trace_hint)

        self.link_button = QPushButton(self.tr("Link to lot…"))
        self.finding_button = QPushButton(self.tr("Add finding…"))
        self.link_form = InlineForm(self.tr("Lot number, e.g. L-000778"), self.tr("Link"))
        self.finding_form = InlineForm(self.tr("What was found"), self.tr("Add"))
        self.link_form.hide()
        self.finding_form.hide()
        self.offline = QLabel()
        self.offline.setWordWrap(True)
        self.offline.setObjectName("actionsOffline")
        self.offline.hide()
        self.not_taken = QLabel()
        self.not_taken.setWordWrap(True)
        self.not_taken.setObjectName("actionNotTaken")
        self.not_taken.hide()
        self._link_reason = ""
        actions_box = QGroupBox(self.tr("Actions"))
        actions_layout = QVBoxLayout(actions_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.finding_button)
        buttons.addStretch(1)
        actions_layout.addLayout(buttons)
        actions_layout.addWidget(self.link_form)
        actions_layout.addWidget(self.finding_form)
        actions_layout.addWidget(self.offline)
        actions_layout.addWidget(self.not_taken)

        layout = QVBoxLayout(self)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.customer_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(title_row)
        layout.addLayout(form)
        layout.addWidget(findings_box)
        layout.addWidget(trace_box)
        layout.addWidget(actions_box)
        layout.addStretch(1)

        self.backward_button.clicked.connect(self._backward)
        self.customer_button.clicked.connect(self._request_customer)
        self.forward_button.clicked.connect(self._forward)
        self.link_button.clicked.connect(lambda: self._open_form(self.link_form))
        self.finding_button.clicked.connect(lambda: self._open_form(self.finding_form))
        self.link_form.submitted.connect(self.link_requested)
        self.finding_form.submitted.connect(self.finding_requested)
        self.set_suspects(None)

    # -- showing -----------------------------------------------------------------------------
    def show_row(self, row: ComplaintRow, opened: str) -> None:
        changed = self.row is None or self.row.key != row.key
        self.row = row
        c = row.complaint
        self.customer_button.setEnabled(True)
        self.title.setText(self.tr("{number} from {customer}").format(
            number=c.number, customer=row.customer))
        colour = severity_colour(c.severity).name()
        texts = {
            "customer": row.customer, "order": row.order or "—",
            "product": row.product or "—", "lot": row.lot or "—", "serial": c.serial or "—",
            "category": c.category, "status": status_word(c.status), "opened": opened,
            "description": c.description or "—",
        }
        for name, text in texts.items():
            self.fields[name].setText(text)
        self.fields["severity"].setText(
            f'<span style="color:{colour}; font-weight:600">'
            f"{escape(severity_word(c.severity))}</span>")
        self.findings.setText(
            "<ul style='margin-left:-20px'>" + "".join(
                f"<li>{escape(f)}</li>" for f in c.findings) + "</ul>"
            if c.findings else escape(self.tr("No findings yet.")))
        self.backward_button.setEnabled(row.lot_key is not None)
        if changed:
            self.link_form.clear()
            self.finding_form.clear()
            self.link_form.hide()
            self.finding_form.hide()
            self.set_suspects(None)

    def set_suspects(self, suspects: list[tuple[LotKey, LotInfo]] | None) -> None:
        """None: not known (yet); a list: the raw lots of the lot's backward trace."""
        self.suspects.clear()
        row = self.row
        if row is None or row.lot_key is None:
            hint = self.tr("No cached lot is linked to this complaint: link one to trace it.")
        elif suspects is None:
            hint = self.tr("Reading the lot's genealogy…")
        elif not suspects:
            hint = self.tr("The cache knows no raw or supplier lot that went into this lot.")
        else:
            hint = ""
            for key, lot in suspects:
                supplier = f" · {lot.supplier} {lot.supplier_lot or ''}".rstrip() \
                    if lot.supplier else ""
                self.suspects.addItem(f"{lot.number}{supplier}", key)
        self.trace_hint.setText(hint)
        self.trace_hint.setVisible(bool(hint))
        self.suspects.setEnabled(self.suspects.count() > 0)
        self.forward_button.setEnabled(self.suspects.count() > 0)

    def set_waiting(self, pending: list[PendingAction]) -> None:
        lines = []
        for action in pending:
            if action.refused:
                state = self.tr("refused: {reason}").format(reason=action.reason)
                lines.append(f"<span style='color:#b71c1c'>{escape(action.text)} — "
                             f"{escape(state)}</span>")
            else:
                lines.append(f"<i>{escape(action.text)} — "
                             f"{escape(self.tr('waiting to be sent'))}</i>")
        self.waiting.setText("<br>".join(lines))
        self.waiting.setVisible(bool(lines))

    def set_link_not_taken(self, reason: str) -> None:
        """Empty: the CRM links complaints to lots; else why it does not (said under the
        buttons, not only in a tooltip)."""
        self._link_reason = reason
        self.link_button.setEnabled(not reason and not self.offline.isVisibleTo(self))
        self.link_button.setToolTip(reason)
        self.not_taken.setText(reason)
        self.not_taken.setVisible(bool(reason))
        if reason:
            self.link_form.hide()

    def set_offline(self, reason: str) -> None:
        """Empty: actions available; else why they are not."""
        for button in (self.link_button, self.finding_button):
            button.setEnabled(not reason)
            button.setToolTip(reason)
        if not reason and self._link_reason:  # back online: still not a link this CRM takes
            self.link_button.setEnabled(False)
            self.link_button.setToolTip(self._link_reason)
        self.offline.setText(reason)
        self.offline.setVisible(bool(reason))
        if reason:
            self.link_form.hide()
            self.finding_form.hide()

    # -- acting ------------------------------------------------------------------------------
    def _open_form(self, form: InlineForm) -> None:
        form.show()
        form.field.setFocus()

    def _request_customer(self) -> None:
        if self.row is not None:
            self.customer_requested.emit(self.row.source, self.row.complaint.customer_id)

    def _backward(self) -> None:
        if self.row is not None and self.row.lot_key is not None:
            self.backward_requested.emit(self.row.lot_key)

    def _forward(self) -> None:
        key = self.suspects.currentData()
        if key is not None:
            self.forward_requested.emit(key)
