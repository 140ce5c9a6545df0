"""Where the plant's linking rules are kept: a JSON file in the user's config folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_dir

from app.cache_location import APP_NAME

RULES_FILE = "linking-rules.json"


def default_rules_path() -> Path:
    """~/.config/gemba-console/linking-rules.json on Linux; the platform's equivalent elsewhere."""
    return Path(user_config_dir(APP_NAME, appauthor=False)) / RULES_FILE
