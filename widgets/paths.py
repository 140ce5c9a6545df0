"""Where the console finds its icons, style sheets and translations."""

from __future__ import annotations

from pathlib import Path

# resources/ sits next to widgets/ in the source tree (see DESIGN.md, "Layout").
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
ICONS_DIR = RESOURCES_DIR / "icons"
STYLES_DIR = RESOURCES_DIR / "styles"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
