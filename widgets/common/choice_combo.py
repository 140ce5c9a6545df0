"""Refilling a filter's combo box from fresh data without losing what the person chose."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


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
