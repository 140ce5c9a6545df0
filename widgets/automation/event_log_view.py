"""The automation event log: every rule firing, newest first — when, which rule, what happened
in words, the action and how far it got — filtered by rule, with "Draft notice…" for the
firings whose action is a customer notice (the window connects `notice_requested` to the
notice drafting, app.automation.notices.draft_notice).

How far an action that went through the outbox got is its outbox item's state, read with the
firings and said in the Outbox dialog's words; the log reads again when one of those items
changes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.automation.rules.model import Firing, Rule, RuleAction
from app.automation.rules.store import firings, load_rules
from app.cache.outbox import OutboxItem, OutboxState
from app.cache.store import CacheStore
from widgets.automation.firing_text import (
    action_name,
    rule_name,
    state_name,
    what_happened,
    when_text,
)
from widgets.common.background import Background
from widgets.common.empty_state import EmptyState
from widgets.outbox.outbox_text import state_word

SHOWN = 2000  # the newest firings the log shows


class EventLogView(QWidget):
    FEEDS: tuple[str, ...] = ()
    notice_requested = Signal(object)  # Firing
    loaded = Signal()  # the table shows the cache's firings

    def __init__(self, store: CacheStore | None, runner: object | None = None,
                 parent: QWidget | None = None, *, bridge: object | None = None) -> None:
        """`runner` (RuleRunner): the log reloads when it stores firings; `bridge`
        (SyncBridge): when a shown firing's outbox item changes."""
        super().__init__(parent)
        self.store = store
        self.background = Background(self)
        self.rows: list[Firing] = []
        self.rules: dict[str, Rule] = {}
        self._loading = False
        self._again = False

        self.filter = QComboBox()
        self.filter.setObjectName("ruleFilter")
        self.filter.addItem(self.tr("All rules"), None)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.notice_button = QPushButton(self.tr("Draft notice…"))
        self.notice_button.setObjectName("draftNotice")
        self.notice_button.setEnabled(False)
        self.notice_button.clicked.connect(self._request_notice)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Rule"),
                                              self.tr("What happened"), self.tr("Action"),
                                              self.tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # one line per firing; the whole text is the tooltip
        self.table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._request_notice())
        self.empty = EmptyState(self.tr("No rule has fired yet"), self.tr(
            "Firings are listed here once the sync engine brings a change a rule watches for: "
            "a slipping order, a machine down longer than an order's slack, a severe "
            "complaint."))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Rule:")))
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.notice_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)

        if runner is not None:
            runner.changed.connect(self.reload)  # type: ignore[attr-defined]
        if bridge is not None:
            bridge.outbox_changed.connect(self._outbox_changed)  # type: ignore[attr-defined]
        self.reload()

    def selected_rule(self) -> str | None:
        return self.filter.currentData()

    def reload(self) -> None:
        if self.store is None:
            self._show([], {})
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        store, rule_id = self.store, self.selected_rule()
        self.background.run(
            lambda: (firings(store, rule_id, SHOWN), {r.id: r for r in load_rules(store)}),
            lambda result: self._loaded(*result), lambda _error: self._done())

    def _done(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.reload()

    def _loaded(self, rows: list[Firing], rules: dict[str, Rule]) -> None:
        self._done()
        if self._loading:
            return  # a newer read is under way
        self._show(rows, rules)

    def _show(self, rows: list[Firing], rules: dict[str, Rule]) -> None:
        self.rules = rules
        self._fill_filter()
        selected = self._selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, firing in enumerate(rows):
            rule = rules.get(firing.rule_id)
            cells = [when_text(firing.fired_at),
                     rule_name(firing.rule_id, rule.name if rule else ""),
                     what_happened(firing), action_name(firing.action),
                     self._state_text(firing)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, firing.id)
                self.table.setItem(r, c, item)
            if selected is not None and firing.id == selected.id:
                self.table.selectRow(r)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._selection_changed()
        self.loaded.emit()

    def _state_text(self, firing: Firing) -> str:
        if firing.outbox_id is None or firing.outbox_state is None:
            return state_name(firing.action_state)
        if firing.outbox_state in OutboxState._value2member_map_:
            return state_word(OutboxState(firing.outbox_state))
        return self.tr("no longer in the outbox")  # delivered long ago and pruned, or dropped

    def _outbox_changed(self, items: list[OutboxItem]) -> None:
        """Read again only when an item of a shown firing changed: the outbox changes on every
        action queued or sent, most of them no firing's."""
        states = {item.id: item.state.value for item in items}
        if any(f.outbox_id is not None and states.get(f.outbox_id, "") != f.outbox_state
               for f in self.rows):
            self.reload()

    def _fill_filter(self) -> None:
        current = self.selected_rule()
        wanted = [(rule_name(r.id, r.name), r.id) for r in
                  sorted(self.rules.values(), key=lambda r: (r.position, r.id))]
        have = [(self.filter.itemText(i), self.filter.itemData(i))
                for i in range(1, self.filter.count())]
        if wanted == have:
            return
        self.filter.blockSignals(True)
        while self.filter.count() > 1:
            self.filter.removeItem(1)
        for text, rule_id in wanted:
            self.filter.addItem(text, rule_id)
        index = self.filter.findData(current) if current is not None else 0
        self.filter.setCurrentIndex(max(index, 0))
        self.filter.blockSignals(False)

    def set_rule_filter(self, rule_id: str | None) -> None:
        index = self.filter.findData(rule_id) if rule_id is not None else 0
        if index >= 0:
            self.filter.setCurrentIndex(index)

    def _selected(self) -> Firing | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _selection_changed(self) -> None:
        firing = self._selected()
        self.notice_button.setEnabled(firing is not None
                                      and firing.action == RuleAction.NOTICE)

    def _request_notice(self) -> None:
        firing = self._selected()
        if firing is not None and firing.action == RuleAction.NOTICE:
            self.notice_requested.emit(firing)
