"""Checks on validated records that pydantic's types do not make.

The contract's times are UTC with a zone (RFC 3339); a time without one would be taken as
local time somewhere and shift every figure computed from it, so such an item is rejected.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any


def naive_time_at(value: Any, path: str = "") -> str | None:
    """The path of the first datetime without a time zone inside `value`, or None."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return path or "time"
        return None
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            found = naive_time_at(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = naive_time_at(item, f"{path}.{i}")
            if found:
                return found
    return None
