"""Refilling a filter's combo box from fresh data without losing what the person chose."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QBoxLayout, QComboBox, QLabel, QLineEdit, QWidget


def refill(combo: QComboBox, values: list[str], all_text: str) -> bool:
    """Offer `all_text` (no filter) then `values`, keeping the current choice when it is still
    there. Returns True when the chosen value is gone and the filter fell back to all."""
    current = combo.currentData()
    if [combo.itemData(i) for i in range(1, combo.count())] == values:
        return False
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_text, None)
    for value in values:
        combo.addItem(value, value)
    found = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)
    return found < 0


def add_captioned(layout: QBoxLayout, fields: Iterable[tuple[str, QWidget]]) -> None:
    """Each field after its caption (the caption's buddy, for the keyboard), spaced apart."""
    for label, widget in fields:
        caption = QLabel(label)
        caption.setBuddy(widget)
        layout.addWidget(caption)
        layout.addWidget(widget)
        layout.addSpacing(8)


def emit_on_change(changed: SignalInstance, combos: Iterable[QComboBox],
                   search: QLineEdit) -> None:
    """`changed` fires whenever a filter combo or the search text changes. Signal to signal:
    Qt drops the connections with the widgets, so nothing fires into a half-destroyed bar."""
    for combo in combos:
        combo.currentIndexChanged.connect(changed)
    search.textChanged.connect(changed)
