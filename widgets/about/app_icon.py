"""The application icon: the window icon, and the About dialog's picture."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from widgets.paths import ICONS_DIR

ICON_SVG = ICONS_DIR / "gemba.svg"
ICON_PNG = ICONS_DIR / "gemba.png"  # 256x256, for when Qt's SVG icon engine is missing


def app_icon() -> QIcon:
    """Gemba Console's icon (empty when the icon files are missing)."""
    icon = QIcon()
    for path in (ICON_SVG, ICON_PNG):
        if path.exists():
            icon.addFile(str(path))
    return icon
