"""The person's own settings (language for now), as JSON in the user's config folder; a file
that cannot be read is reported and ignored, never fatal."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from app.cache_location import APP_NAME

log = logging.getLogger(__name__)
SETTINGS_FILE = "settings.json"


def settings_path() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE


def load_settings(path: Path | None = None) -> dict[str, Any]:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("settings in %s not read (%s); using defaults", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(name: str, value: Any, path: Path | None = None) -> None:
    path = path or settings_path()
    data = load_settings(path)
    if value is None:
        data.pop(name, None)
    else:
        data[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)  # never a half-written file
