"""The Quality view's pickers: product, characteristic (critical ones marked), machine,
window, chart type, and the "Recompute limits" button."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QPushButton, QWidget

from app.analytics.quality_watch import default_chart
from app.analytics.spc import ChartKind
from widgets.quality.quality_catalogue import Catalogue, CharacteristicItem
from widgets.quality.quality_compute import Window

KEY = Qt.ItemDataRole.UserRole
# The windows both the chart and the matrix offer, in one context so they read the same.
WINDOW_TEXTS = ((Window.LAST_8H, QT_TRANSLATE_NOOP("QualityPickers", "Last 8 h")),
                (Window.LAST_24H, QT_TRANSLATE_NOOP("QualityPickers", "Last 24 h")),
                (Window.LAST_7D, QT_TRANSLATE_NOOP("QualityPickers", "Last 7 days")),
                (Window.ALL, QT_TRANSLATE_NOOP("QualityPickers", "All")))


def window_combo() -> QComboBox:
    """A pick of the window, the last 24 hours first."""
    combo = QComboBox()
    for window, text in WINDOW_TEXTS:
        combo.addItem(QCoreApplication.translate("QualityPickers", text), window)
    combo.setCurrentIndex(1)
    return combo


def _select_data(combo: QComboBox, value: Any) -> bool:
    index = combo.findData(value)
    if index < 0:
        return False
    combo.setCurrentIndex(index)
    return True


class QualityPickers(QWidget):
    # Something that changes what is charted was picked (not emitted while filling).
    changed = Signal()
    recompute_requested = Signal()
    # The x axis switched between subgroup numbers (False) and time (True).
    time_axis_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = Catalogue()
        self._filling = False
        self.product = QComboBox()
        self.characteristic = QComboBox()
        self.characteristic.setMinimumContentsLength(26)
        self.machine = QComboBox()
        self.machine.setMinimumContentsLength(12)
        self.window = window_combo()
        self.chart = QComboBox()
        for choice, text in ((ChartKind.XBAR_R, self.tr("X̄-R (means and ranges)")),
                             (ChartKind.XBAR_S, self.tr("X̄-S (means and std. deviations)")),
                             (ChartKind.I_MR, self.tr("I-MR (individuals)"))):
            self.chart.addItem(text, choice)
        self.recompute = QPushButton(self.tr("Recompute limits"))
        self.recompute.setToolTip(self.tr(
            "Take the control limits again from the first subgroups of the window shown. "
            "Until then new points are judged against the limits you have."))
        self.machine.addItem(self.tr("All machines"), None)
        self.time_axis = QCheckBox(self.tr("Time axis"))
        self.time_axis.setToolTip(self.tr(
            "Place the points at the time they were measured, in the site's time zone, "
            "instead of one after the other."))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        pairs = ((self.tr("Product"), self.product, 0, 0),
                 (self.tr("Characteristic"), self.characteristic, 0, 2),
                 (self.tr("Machine"), self.machine, 0, 4),
                 (self.tr("Window"), self.window, 1, 0),
                 (self.tr("Chart"), self.chart, 1, 2))
        for text, combo, row, column in pairs:
            label = QLabel(text)
            label.setBuddy(combo)
            grid.addWidget(label, row, column)
            grid.addWidget(combo, row, column + 1)
        grid.addWidget(self.time_axis, 1, 4)
        grid.addWidget(self.recompute, 1, 5, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 2)

        self.product.currentIndexChanged.connect(self._on_product)
        self.characteristic.currentIndexChanged.connect(self._on_characteristic)
        for combo in (self.machine, self.window, self.chart):
            combo.currentIndexChanged.connect(self._emit_changed)
        self.recompute.clicked.connect(self.recompute_requested)
        self.time_axis.toggled.connect(self.time_axis_toggled)

    # -- what is picked ----------------------------------------------------------------------
    def current_characteristic(self) -> CharacteristicItem | None:
        # Combo data are list positions: Qt would turn tuple keys into lists.
        row = self.characteristic.currentData(KEY)
        return self.catalogue.characteristics[row] if row is not None else None

    def current_machine(self) -> str | None:
        return self.machine.currentData(KEY)

    def current_window(self) -> Window:
        return Window(self.window.currentData(KEY))

    def current_chart(self) -> ChartKind:
        return ChartKind(self.chart.currentData(KEY))

    # -- filling -----------------------------------------------------------------------------
    def set_catalogue(self, catalogue: Catalogue) -> None:
        """New choices; keeps what was picked if it still exists, else the catalogue's default."""
        keep = self.current_characteristic()
        self.catalogue = catalogue
        choice = (catalogue.find(keep.key) if keep is not None else None) or catalogue.default()
        self._filling = True
        try:
            self.product.clear()
            for row, product in enumerate(catalogue.products):
                text = (product.name if product.name == product.product_id
                        else f"{product.name} ({product.product_id})")
                self.product.addItem(text, row)
            if choice is not None:
                _select_data(self.product, self._product_row(choice))
            self._fill_characteristics(choice)
        finally:
            self._filling = False

    def select_characteristic(self, key: tuple[str, str], window: Window | None = None
                              ) -> bool:
        """Pick this characteristic (its product first), all machines and, if given, the
        window; emits `changed` once. False when the catalogue does not hold it."""
        item = self.catalogue.find(key)
        if item is None:
            return False
        self._filling = True
        try:
            _select_data(self.product, self._product_row(item))
            self._fill_characteristics(item)
            self.machine.setCurrentIndex(0)
            if window is not None:
                _select_data(self.window, window)
        finally:
            self._filling = False
        self.changed.emit()
        return True

    def set_machines(self, machines: Sequence[tuple[str, str]]) -> None:
        """Machines with data in the window; the one picked stays, even without data now."""
        current = self.current_machine()
        wanted = list(machines)
        if current is not None and current not in {m for m, _ in wanted}:
            wanted.append((current, current))
        have = [self.machine.itemData(i, KEY) for i in range(1, self.machine.count())]
        if have == [m for m, _ in wanted]:
            return  # unchanged: no flicker of the open list
        self._filling = True
        try:
            while self.machine.count() > 1:
                self.machine.removeItem(1)
            for machine_id, name in wanted:
                self.machine.addItem(name, machine_id)
            _select_data(self.machine, current)
        finally:
            self._filling = False

    def _fill_characteristics(self, choice: CharacteristicItem | None) -> None:
        self.characteristic.clear()
        bold = QFont(self.characteristic.font())
        bold.setBold(True)
        for item in self._items_of_current_product():
            ch = item.characteristic
            text = f"{ch.name} ({ch.unit})"
            if ch.critical:
                text = self.tr("{name} · critical").format(name=text)
            self.characteristic.addItem(text, self.catalogue.characteristics.index(item))
            if ch.critical:
                self.characteristic.setItemData(self.characteristic.count() - 1, bold,
                                                Qt.ItemDataRole.FontRole)
        if choice is not None and choice in self.catalogue.characteristics:
            _select_data(self.characteristic, self.catalogue.characteristics.index(choice))
        self._sync_chart_choices()

    def _product_row(self, item: CharacteristicItem) -> int:
        key = (item.source, item.characteristic.product_id)
        return next(i for i, p in enumerate(self.catalogue.products) if p.key == key)

    def _items_of_current_product(self) -> list[CharacteristicItem]:
        row = self.product.currentData(KEY)
        if row is None:
            return []
        return self.catalogue.of_product(self.catalogue.products[row].key)

    def _sync_chart_choices(self) -> None:
        item = self.current_characteristic()
        size = item.characteristic.subgroup_size if item is not None else 1
        model = self.chart.model()
        for row in range(self.chart.count()):
            wants_subgroups = self.chart.itemData(row, KEY) != ChartKind.I_MR
            model.item(row).setEnabled(size > 1 or not wants_subgroups)
        _select_data(self.chart, default_chart(size))

    # -- person picks --------------------------------------------------------------------------
    def _on_product(self) -> None:
        if self._filling:
            return
        self._filling = True
        try:
            items = self._items_of_current_product()
            with_data = [i for i in items if i.measurements] or items
            self._fill_characteristics(with_data[0] if with_data else None)
            self.machine.setCurrentIndex(0)
        finally:
            self._filling = False
        self.changed.emit()

    def _on_characteristic(self) -> None:
        if self._filling:
            return
        self._filling = True
        try:
            self._sync_chart_choices()
        finally:
            self._filling = False
        self.changed.emit()

    def _emit_changed(self) -> None:
        if not self._filling:
            self.changed.emit()
