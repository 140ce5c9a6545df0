"""The console's style sheet."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from widgets.paths import STYLES_DIR

STYLE_SHEET = STYLES_DIR / "gemba.qss"


def apply_style(app: QApplication) -> None:
    # Fusion renders the same on every platform, so screenshots and docs match what users see.
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
