"""ISA-95 equipment hierarchy: site (with its time zone) → area → line → work center → machine."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.common import Record


@dataclass(slots=True, kw_only=True)
class Site(Record):
    name: str
    time_zone: str  # IANA name, e.g. "Asia/Taipei"


class EquipmentLevel(StrEnum):
    AREA = "area"
    LINE = "line"
    WORK_CENTER = "work_center"
    MACHINE = "machine"


@dataclass(slots=True, kw_only=True)
class Equipment(Record):
    """One node below a site; `parent_id` is None for an area (whose parent is the site)."""

    site_id: str
    level: EquipmentLevel
    name: str
    parent_id: str | None = None
