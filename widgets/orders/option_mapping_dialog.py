"""Orders → Not linked → "Option mapping…": what a configured line's options become in
production (a routing variant, a BOM item, an operation parameter), edited by the plant.

Each row is checked as it is edited and its problem shows next to it; the releases the mapping
refused (an option it does not know) are listed under the table with their reasons, and "Add a
row for it" starts the row that would let them through. Saved to the cache
(app.automation.release), where the desk's Release and the automation rules read it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.automation.release import (
    MappingKind,
    OptionMapping,
    check_mapping,
    load_mappings,
    save_mappings,
)
from app.cache.store import CacheStore

PRODUCT, OPTION, VALUE, KIND, TARGET, SETTING, PROBLEM = range(7)


def kind_word(kind: MappingKind) -> str:
    from PySide6.QtCore import QCoreApplication

    words = {
        MappingKind.ROUTING_VARIANT: QCoreApplication.translate("OptionMapping",
                                                                "Routing variant"),
        MappingKind.BOM_ITEM: QCoreApplication.translate("OptionMapping", "BOM item"),
        MappingKind.OPERATION_PARAMETER: QCoreApplication.translate("OptionMapping",
                                                                    "Operation parameter"),
    }
    return words[kind]


class OptionMappingDialog(QDialog):
    saved = Signal(list)  # list[OptionMapping] as stored

    def __init__(self, store: CacheStore, refused: list[tuple[str, str, str, str]] | None = None,
                 parent: QWidget | None = None) -> None:
        """`refused`: releases the mapping refused, as (line, product, option, reason)."""
        super().__init__(parent)
        self.store = store
        self.refused = list(refused or [])
        self.buttons: QDialogButtonBox | None = None
        self.setWindowTitle(self.tr("Option mapping"))
        self.resize(900, 420)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("optionMappingTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Product"), self.tr("Option"), self.tr("Value"), self.tr("Becomes"),
            self.tr("Target"), self.tr("Setting"), self.tr("Problem")])
        self.table.horizontalHeader().setSectionResizeMode(PROBLEM,
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for mapping in load_mappings(store):
            self.add_row(mapping)
        self.table.itemChanged.connect(lambda _item: self.check())
        add = QPushButton(self.tr("Add row"))
        add.clicked.connect(lambda: self.add_row(None))
        remove = QPushButton(self.tr("Remove row"))
        remove.clicked.connect(self._remove)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        self.refusals = QLabel()
        self.refusals.setObjectName("optionRefusals")
        self.refusals.setWordWrap(True)
        self.refusals.setStyleSheet("color: #c62828;")
        self.add_refused = QPushButton(self.tr("Add a row for it"))
        self.add_refused.setObjectName("addRefusedOption")
        self.add_refused.clicked.connect(self._add_for_refused)
        self._show_refusals()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "An option of a configured product becomes a routing variant, a BOM item or an "
            "operation parameter of its work order (Target: the component, or "
            "<operation>:<parameter> such as 10:paint; Setting: what is sent, empty for the "
            "option's own value; Product or Value empty: any). A release whose options are "
            "not all here is refused.")))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons_row)
        layout.addWidget(self.refusals)
        layout.addWidget(self.add_refused, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.check()

    def add_row(self, mapping: OptionMapping | None) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        m = mapping or OptionMapping(option="", kind=MappingKind.OPERATION_PARAMETER)
        for column, text in ((PRODUCT, m.product_id), (OPTION, m.option), (VALUE, m.value),
                             (TARGET, m.target), (SETTING, m.setting)):
            self.table.setItem(row, column, QTableWidgetItem(text))
        problem = QTableWidgetItem("")
        problem.setFlags(Qt.ItemFlag.ItemIsEnabled)
        problem.setForeground(Qt.GlobalColor.darkRed)
        self.table.setItem(row, PROBLEM, problem)
        combo = QComboBox()
        for kind in MappingKind:
            combo.addItem(kind_word(kind), kind.value)
        combo.setCurrentIndex(combo.findData(m.kind.value))
        combo.currentIndexChanged.connect(lambda _i: self.check())
        self.table.setCellWidget(row, KIND, combo)
        self.table.blockSignals(False)
        self.check()
        return row

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.check()

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def mapping(self, row: int) -> OptionMapping:
        combo = self.table.cellWidget(row, KIND)
        kind = MappingKind(combo.currentData()) if isinstance(combo, QComboBox) else (
            MappingKind.OPERATION_PARAMETER)
        return OptionMapping(option=self._text(row, OPTION), kind=kind,
                             target=self._text(row, TARGET),
                             product_id=self._text(row, PRODUCT), value=self._text(row, VALUE),
                             setting=self._text(row, SETTING))

    def problem(self, row: int) -> str:
        return self._text(row, PROBLEM)

    def check(self) -> bool:
        """Each row's problem next to it; True when every row can be saved."""
        from widgets.orders.order_rows import sources

        products = {p.id: p for source in sources(self.store, "mes.products")
                    for p in self.store.all(source, "mes.products")} or None
        ok = True
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            why = check_mapping(self.mapping(row), products)
            item = self.table.item(row, PROBLEM)
            if item is not None:
                item.setText(why)
            ok = ok and not why
        self.table.blockSignals(False)
        if self.buttons is not None:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)
        return ok

    def _show_refusals(self) -> None:
        if not self.refused:
            self.refusals.hide()
            self.add_refused.hide()
            return
        lines = [self.tr("Refused: {line} ({product}): {reason}").format(
            line=line, product=product, reason=reason)
            for line, product, _option, reason in self.refused]
        self.refusals.setText("\n".join(lines))
        self.refusals.show()
        self.add_refused.show()

    def _add_for_refused(self) -> None:
        for _line, product, option, _reason in self.refused:
            name, _, value = option.partition("=")
            row = self.add_row(OptionMapping(option=name.strip(), product_id=product,
                                             value=value.strip(),
                                             kind=MappingKind.OPERATION_PARAMETER))
            self.table.setCurrentCell(row, TARGET)

    def save(self) -> bool:
        if not self.check():
            return False
        mappings = [self.mapping(row) for row in range(self.table.rowCount())]
        try:
            save_mappings(self.store, mappings)
        except Exception as error:  # e.g. a desk of a shared cache whose role may not edit it
            from widgets.shared.refusal import refusal_text

            self.refusals.setText(self.tr("Not saved: {error}").format(
                error=refusal_text(error) or str(error)))
            self.refusals.show()
            return False
        self.saved.emit(mappings)
        self.accept()
        return True
