"""Edit the plant's linking rules: which keys match work orders to order lines, in which
order, and the product code map. Saved to the user's config folder; a wrong entry is marked
and explained right under the map, and nothing is saved until every entry is right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.analytics.fulfilment import ALL_KEYS, KeyKind, LinkingRules, map_problems
from widgets.orders.order_texts import key_word, reason_text

WRONG = QColor("#fdecea")


class LinkingRulesDialog(QDialog):
    def __init__(self, rules: LinkingRules, path: Path,
                 known_mes_products: set[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkingRulesDialog")
        self.setWindowTitle(self.tr("Linking rules"))
        self.resize(560, 560)
        self.path = path
        self.rules = rules
        self.known = known_mes_products or set()

        intro = QLabel(self.tr(
            "Links the MES gives are always used. For work orders without them, these keys"
            " are tried in this order; a key higher up claims an order line first."))
        intro.setWordWrap(True)
        self.keys = QListWidget()
        self.keys.setObjectName("linkingKeys")
        self.keys.setMaximumHeight(90)
        for kind in (*rules.keys, *(k for k in ALL_KEYS if k not in rules.keys)):
            item = QListWidgetItem(key_word(kind))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if kind in rules.keys
                               else Qt.CheckState.Unchecked)
            self.keys.addItem(item)
        self.keys.setCurrentRow(0)
        self.up = QPushButton(self.tr("Up"))
        self.down = QPushButton(self.tr("Down"))
        key_buttons = QVBoxLayout()
        key_buttons.addWidget(self.up)
        key_buttons.addWidget(self.down)
        key_buttons.addStretch(1)
        key_row = QHBoxLayout()
        key_row.addWidget(self.keys, 1)
        key_row.addLayout(key_buttons)
        keys_box = QGroupBox(self.tr("Match work orders to order lines by"))
        keys_layout = QVBoxLayout(keys_box)
        keys_layout.addWidget(intro)
        keys_layout.addLayout(key_row)

        self.same_codes = QCheckBox(self.tr(
            "CRM and MES use the same product codes (a code not in the map stays as it is)"))
        self.same_codes.setChecked(rules.same_product_codes)
        self.map = QTableWidget(0, 2)
        self.map.setObjectName("productMap")
        self.map.setHorizontalHeaderLabels([self.tr("CRM product"), self.tr("MES product")])
        self.map.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.map.verticalHeader().setDefaultSectionSize(24)
        self.map.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        for crm, mes in sorted(rules.product_map.items()):
            self.add_entry(crm, mes)
        self.add_button = QPushButton(self.tr("Add entry"))
        self.remove_button = QPushButton(self.tr("Remove entry"))
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        map_buttons = QHBoxLayout()
        map_buttons.addWidget(self.add_button)
        map_buttons.addWidget(self.remove_button)
        map_buttons.addStretch(1)
        map_box = QGroupBox(self.tr("Product code map"))
        map_layout = QVBoxLayout(map_box)
        map_layout.addWidget(self.same_codes)
        map_layout.addWidget(self.map, 1)
        map_layout.addWidget(self.message)
        map_layout.addLayout(map_buttons)

        where = QLabel(self.tr("Saved in {path}").format(path=str(path)))
        where.setObjectName("sectionNote")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(keys_box)
        layout.addWidget(map_box, 1)
        layout.addWidget(where)
        layout.addWidget(self.buttons)

        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.add_button.clicked.connect(lambda: self._add_and_edit())
        self.remove_button.clicked.connect(self._remove)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.map.itemChanged.connect(lambda _: self._clear_marks())

    # -- editing -------------------------------------------------------------------------------
    def add_entry(self, crm: str = "", mes: str = "") -> int:
        row = self.map.rowCount()
        self.map.insertRow(row)
        self.map.setItem(row, 0, QTableWidgetItem(crm))
        self.map.setItem(row, 1, QTableWidgetItem(mes))
        return row

    def _add_and_edit(self) -> None:
        row = self.add_entry()
        self.map.setCurrentCell(row, 0)
        self.map.editItem(self.map.item(row, 0))

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.map.selectedIndexes()}, reverse=True)
        if not rows and self.map.currentRow() >= 0:
            rows = [self.map.currentRow()]
        for row in rows:
            self.map.removeRow(row)
        self._clear_marks()

    def _move(self, step: int) -> None:
        row = self.keys.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.keys.count():
            return
        item = self.keys.takeItem(row)
        self.keys.insertItem(target, item)
        self.keys.setCurrentRow(target)

    def key_order(self) -> tuple[KeyKind, ...]:
        # Qt hands the enum back as its plain string.
        return tuple(KeyKind(self.keys.item(i).data(Qt.ItemDataRole.UserRole))
                     for i in range(self.keys.count())
                     if self.keys.item(i).checkState() == Qt.CheckState.Checked)

    def entries(self) -> list[tuple[int, str, str]]:
        """(table row, CRM code, MES code) of every row that is not entirely blank."""
        out = []
        for row in range(self.map.rowCount()):
            crm = self.map.item(row, 0)
            mes = self.map.item(row, 1)
            texts = (crm.text() if crm else "", mes.text() if mes else "")
            if texts[0].strip() or texts[1].strip():
                out.append((row, *texts))
        return out

    # -- checking and saving -------------------------------------------------------------------
    def _clear_marks(self) -> None:
        self.map.blockSignals(True)
        for row in range(self.map.rowCount()):
            for column in range(2):
                item = self.map.item(row, column)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        self.map.blockSignals(False)
        self.message.hide()

    def tell(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    @staticmethod
    def _column_of(code: str) -> int:
        """The field a map problem is about: the CRM code (0) or the MES code (1)."""
        return 0 if code in ("map.crm_empty", "map.twice") else 1

    def save(self) -> None:
        entries = self.entries()
        problems = map_problems([(crm, mes) for _, crm, mes in entries], self.known)
        self._clear_marks()
        if problems:
            self.map.blockSignals(True)
            for index, reason in problems:
                row = entries[index][0]
                text = reason_text(reason)
                column = self._column_of(reason.code)
                for marked in range(2):
                    self.map.item(row, marked).setToolTip(text)
                self.map.item(row, column).setBackground(QBrush(WRONG))
            self.map.blockSignals(False)
            first, reason = problems[0]
            # The first wrong field gets the focus, unselected so that its red shows.
            self.map.setCurrentCell(entries[first][0], self._column_of(reason.code))
            self.map.clearSelection()
            self.tell("\n".join(self.tr("Row {row}: {problem}").format(
                row=entries[i][0] + 1, problem=reason_text(r)) for i, r in problems))
            return
        rules = LinkingRules(keys=self.key_order(), same_product_codes=self.same_codes.isChecked(),
                             product_map={crm.strip(): mes.strip() for _, crm, mes in entries})
        try:
            rules.save(self.path)
        except OSError as error:
            self.tell(self.tr("Could not save the rules to {path}: {error}").format(
                path=str(self.path), error=error.strerror or str(error)))
            return
        self.rules = rules
        self.accept()
