"""The alarm list: every alarm that needs attention, most urgent first, with its state, since
when, how many occurrences, who has it and the orders it affects; acknowledge, shelve, assign
and comment on one, and read its journal. Double-clicking an alarm opens what it names (the
machine, or the characteristic's chart); double-clicking an order opens the order."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.automation.alarms import Alarm, JournalAction, JournalEntry, Priority
from app.automation.alerts import AffectedOrder
from widgets.alerts.alert_center import AlertCenter
from widgets.alerts.alert_text import headline, impact_text, order_line
from widgets.common.date_text import moment_text

translate = QCoreApplication.translate
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ORDER_ROLE = Qt.ItemDataRole.UserRole + 2
# Okabe-Ito: vermillion, orange, blue-grey; readable for the colour-blind.
PRIORITY_COLOURS = {Priority.KEY_ACCOUNT: "#D55E00", Priority.ORDERS: "#E69F00",
                    Priority.NONE: "#56707f"}
NEEDS_ATTENTION, UNACKNOWLEDGED, SHELVED = range(3)


class ShelveDialog(QDialog):
    """How long, and why: a shelved alarm leaves the bar and the list until then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Shelve alarm"))
        self.hours = QSpinBox()
        self.hours.setRange(1, 72)
        self.hours.setValue(8)
        self.hours.setSuffix(self.tr(" h"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("e.g. known issue, maintenance booked"))
        self.problem = QLabel()
        self.problem.setObjectName("fieldProblem")
        self.problem.setStyleSheet("color: #b03a00;")
        self.problem.hide()
        ok, cancel = QPushButton(self.tr("Shelve")), QPushButton(self.tr("Cancel"))
        ok.setDefault(True)
        ok.clicked.connect(self._accept)
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("For"), self.hours)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow("", self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.problem.setText(self.tr("Say why it is shelved: the journal keeps it."))
            self.problem.show()
            return
        self.accept()


class AlertList(QDialog):
    # What a double-click asks the window to open.
    open_alarm = Signal(object)  # Alarm
    open_order = Signal(object)  # AffectedOrder

    def __init__(self, center: AlertCenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertList")
        self.setWindowTitle(self.tr("Alarms"))
        self.resize(1040, 560)
        self.center = center
        self.filter = QComboBox()
        self.filter.addItems([self.tr("Needs attention"), self.tr("Unacknowledged"),
                              self.tr("Shelved")])
        self.filter.currentIndexChanged.connect(self.refresh)
        self.tree = QTreeWidget()
        self.tree.setObjectName("alertTree")
        self.tree.setHeaderLabels([self.tr("Priority"), self.tr("State"), self.tr("Since"),
                                   self.tr("Alarm"), self.tr("Count"), self.tr("Assigned to"),
                                   self.tr("Orders affected")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        # The alarm's words take the room left; who is affected keeps a readable width, its
        # whole text in the tooltip.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(6, 260)
        self.tree.itemDoubleClicked.connect(self._open)
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected())
        self.empty = QLabel(self.tr("No alarms need attention"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.journal = QListWidget()
        self.journal.setObjectName("alarmJournal")
        self.journal.setWordWrap(True)
        self.journal_title = QLabel(self.tr("Journal"))
        self.acknowledge_button = QPushButton(self.tr("Acknowledge"))
        self.acknowledge_all_button = QPushButton(self.tr("Acknowledge all"))
        self.shelve_button = QPushButton(self.tr("Shelve…"))
        self.unshelve_button = QPushButton(self.tr("Unshelve"))
        self.assign_button = QPushButton(self.tr("Assign…"))
        self.comment_button = QPushButton(self.tr("Comment…"))
        close = QPushButton(self.tr("Close"))
        self.acknowledge_button.clicked.connect(lambda: self._on_selected(center.acknowledge))
        self.acknowledge_all_button.clicked.connect(center.acknowledge_all)
        self.shelve_button.clicked.connect(self._shelve)
        self.unshelve_button.clicked.connect(lambda: self._on_selected(center.unshelve))
        self.assign_button.clicked.connect(self._assign)
        self.comment_button.clicked.connect(self._comment)
        close.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.filter)
        top.addStretch(1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.journal_title)
        side_layout.addWidget(self.journal, 1)
        # The journal under the list: the list keeps the window's width for the alarm's words.
        split = QSplitter(Qt.Orientation.Vertical)
        alarms = QWidget()
        alarms_layout = QVBoxLayout(alarms)
        alarms_layout.setContentsMargins(0, 0, 0, 0)
        alarms_layout.addWidget(self.tree, 1)
        alarms_layout.addWidget(self.empty, 1)
        split.addWidget(alarms)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        for button in (self.acknowledge_button, self.acknowledge_all_button, self.shelve_button,
                       self.unshelve_button, self.assign_button, self.comment_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        center.changed.connect(self.refresh)
        self.refresh()

    # -- what it shows ---------------------------------------------------------------------
    def shown(self) -> list[Alarm]:
        which = self.filter.currentIndex()
        if which == SHELVED:
            return self.center.alarms(shelved=True)
        alarms = self.center.alarms()
        return [a for a in alarms if not a.acknowledged] if which == UNACKNOWLEDGED else alarms

    def refresh(self) -> None:
        selected = self.selected_key()
        alarms = self.shown()
        self.tree.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        now = self.center._clock()
        chosen = None
        for alarm in alarms:
            alert = alarm.alert
            top = QTreeWidgetItem([
                priority_text(alarm.priority), state_text(alarm, now),
                moment_text(alarm.since), headline(alert), str(alarm.count),
                alarm.assignee, impact_text(alert)])
            top.setForeground(0, QBrush(QColor(PRIORITY_COLOURS[alarm.priority])))
            if not alarm.acknowledged:
                for column in range(self.tree.columnCount()):
                    top.setFont(column, bold)
            top.setData(0, KEY_ROLE, alarm.key)
            top.setToolTip(3, headline(alert))
            top.setToolTip(6, impact_text(alert))
            for order in alert.affected_by_importance():
                child = QTreeWidgetItem(["", "", "", order_line(order)])
                child.setData(0, KEY_ROLE, alarm.key)
                child.setData(0, ORDER_ROLE, order)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            if alarm.key == selected:
                chosen = top
        for column in (0, 1, 2, 4, 5):
            self.tree.resizeColumnToContents(column)
        self.tree.setVisible(bool(alarms))
        self.empty.setVisible(not alarms)
        self.acknowledge_all_button.setEnabled(any(not a.acknowledged for a in alarms))
        if alarms:
            self.tree.setCurrentItem(chosen or self.tree.topLevelItem(0))
        self._show_selected()

    def selected_key(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, KEY_ROLE) if item is not None else None

    def _show_selected(self) -> None:
        key = self.selected_key()
        alarm = self.center.alarm(key) if key is not None else None
        now = self.center._clock()
        self.acknowledge_button.setEnabled(alarm is not None and not alarm.acknowledged)
        for button in (self.shelve_button, self.assign_button, self.comment_button):
            button.setEnabled(alarm is not None)
        self.unshelve_button.setEnabled(alarm is not None and alarm.shelved(now))
        self.journal.clear()
        if alarm is None:
            return
        for entry in reversed(self.center.journal_of(alarm.key)):
            self.journal.addItem(journal_text(entry))
        if not self.journal.count():
            self.journal.addItem(self.tr("Nobody has acted on this alarm yet."))

    # -- what a person does ----------------------------------------------------------------
    def _on_selected(self, act) -> None:
        key = self.selected_key()
        if key is not None:
            act(key)

    def _shelve(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        dialog = ShelveDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            until = self.center._clock() + timedelta(hours=dialog.hours.value())
            self.center.shelve(key, until, dialog.reason.text().strip())

    def _assign(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        person, ok = QInputDialog.getText(self, self.tr("Assign alarm"),
                                          self.tr("Assign to (name or login)"))
        if ok and person.strip():
            self.center.assign(key, person.strip())

    def _comment(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Comment on alarm"),
                                                 self.tr("Comment"))
        if ok and text.strip():
            self.center.comment(key, text.strip())

    def _open(self, item: QTreeWidgetItem, _column: int) -> None:
        order: AffectedOrder | None = item.data(0, ORDER_ROLE)
        if order is not None:
            self.open_order.emit(order)
            return
        alarm = self.center.alarm(item.data(0, KEY_ROLE))
        if alarm is not None:
            self.open_alarm.emit(alarm)


def priority_text(priority: Priority) -> str:
    return {Priority.KEY_ACCOUNT: translate("AlertList", "High: key account"),
            Priority.ORDERS: translate("AlertList", "Medium: orders"),
            Priority.NONE: translate("AlertList", "Low: no orders")}[priority]


def state_text(alarm: Alarm, now: datetime) -> str:
    state = translate("AlertList", "Active") if alarm.active else translate("AlertList", "Cleared")
    ack = (translate("AlertList", "acknowledged") if alarm.acknowledged
           else translate("AlertList", "unacknowledged"))
    text = translate("AlertList", "{state}, {acknowledgement}").format(
        state=state, acknowledgement=ack)
    if alarm.shelved(now):
        text += translate("AlertList", ", shelved until {time}").format(
            time=moment_text(alarm.shelved_until))
    return text


def journal_text(entry: JournalEntry) -> str:
    when, who = moment_text(entry.made_at), entry.made_by or translate("AlertList", "someone")
    detail = entry.detail
    if entry.action == JournalAction.ACKNOWLEDGED:
        what = translate("AlertList", "acknowledged")
    elif entry.action == JournalAction.SHELVED:
        until = detail.get("until")
        what = translate("AlertList", "shelved until {time}: {reason}").format(
            time=moment_text(datetime.fromisoformat(until)) if until else "",
            reason=detail.get("reason", ""))
    elif entry.action == JournalAction.UNSHELVED:
        what = translate("AlertList", "unshelved")
    elif entry.action == JournalAction.ASSIGNED:
        what = translate("AlertList", "assigned it to {person}").format(person=detail.get("to", ""))
    else:
        what = translate("AlertList", "commented: {text}").format(text=detail.get("text", ""))
    return f"{when} · {who} · {what}"
