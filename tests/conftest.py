"""Settings every test shares: no display, no user's files."""

from __future__ import annotations

import os

# Headless Qt everywhere, set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
