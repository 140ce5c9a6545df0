"""Machine state history (what OEE is computed from) and the live status snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from app.domain.common import Record


class MachineState(StrEnum):
    RUNNING = "running"
    IDLE = "idle"
    SETUP = "setup"
    DOWN = "down"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"


@dataclass(slots=True, kw_only=True)
class MachineStatus(Record):
    """Live snapshot; `id` is the machine's id."""

    state: MachineState
    since: datetime
    work_order_id: str | None = None
    good_count: Decimal = Decimal(0)
    scrap_count: Decimal = Decimal(0)
    signals: dict[str, float] = field(default_factory=dict)  # e.g. temperature_c
    reason: str = ""


@dataclass(slots=True, kw_only=True)
class StateEvent(Record):
    machine_id: str
    state: MachineState
    start: datetime
    end: datetime | None = None  # None while the state lasts
    reason: str = ""


@dataclass(slots=True, kw_only=True)
class ProductionCount(Record):
    machine_id: str
    work_order_id: str | None
    product_id: str | None
    start: datetime
    end: datetime
    good: Decimal
    scrap: Decimal


@dataclass(slots=True, kw_only=True)
class Downtime(Record):
    machine_id: str
    start: datetime
    end: datetime | None
    reason: str
    planned: bool = False
