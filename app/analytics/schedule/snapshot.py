"""Everything the scheduler reads, in one plain object: built from the cache, or by hand in
tests. Pending outbox actions (promises, expedites) are applied on top of the cached records,
because once a person has decided them they are part of the demand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

from app.domain import Calendar, MachineStatus, Product, SalesOrder, WorkOrder

if TYPE_CHECKING:
    from app.analytics.schedule.holds import Hold
    from app.domain import Downtime, ExpectedReceipt, StockLevel

LineKey = tuple[str, int]
T = TypeVar("T")


@dataclass(slots=True, kw_only=True)
class PlanSettings:
    # Share of the routing's ideal rate the floor really achieves (performance x quality).
    efficiency: float = 1.0
    # A machine down now is assumed back this long from now (the MES gives no repair estimate).
    repair_hours: float = 2.0
    horizon_days: int = 366
    # Material that neither stock nor an expected receipt covers is bought in the item's
    # lead time (Product.lead_time_days) or, where the MES gives none, assumed bought in this
    # many days, so the plan still gives a date, marked as such.
    uncovered_material_days: float = 5.0
    # Open order lines: confirmed or in production, plus drafts that carry a promise.
    plan_uncovered_lines: bool = True
    # Setup and run times, downtime and the load of more urgent orders learned from the
    # floor's history (app.analytics.schedule.floor_model); off: the routing's ideal alone.
    learn_from_history: bool = True


@dataclass(slots=True, kw_only=True)
class PlantSnapshot:
    now: datetime
    zone: ZoneInfo
    machines: dict[str, str]  # machine id -> work center id
    calendars: list[Calendar]
    products: dict[str, Product]
    work_orders: list[WorkOrder]
    orders: list[SalesOrder]
    statuses: dict[str, MachineStatus] = field(default_factory=dict)
    # Decided but not yet confirmed by the backend (waiting in the outbox).
    pending_promises: dict[LineKey, date] = field(default_factory=dict)
    pending_priorities: dict[str, int] = field(default_factory=dict)
    # Stock and expected receipts; both empty: the source gives none, materials not checked.
    stock: list[StockLevel] = field(default_factory=list)
    receipts: list[ExpectedReceipt] = field(default_factory=list)
    settings: PlanSettings = field(default_factory=PlanSettings)
    # The MES's downtime records (breakdowns and planned maintenance), for each machine's
    # failure history; empty: no downtime allowance.
    downtime: list[Downtime] = field(default_factory=list)
    # Quotes and the capacity they hold (app.analytics.schedule.holds): the active ones are
    # in `orders` already; `seen_hold` is the newest quote's outbox item id (0: none).
    holds: list[Hold] = field(default_factory=list)
    seen_hold: int = 0
    # What is derived from the snapshot alone (working time, demand), computed once: a
    # capable-to-promise answer plans twice over the same snapshot. `replace()` starts afresh.
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False,
                                     compare=False)

    def cached(self, name: str, compute: Callable[[], T]) -> T:
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]

    @property
    def horizon_end(self) -> datetime:
        return self.now + timedelta(days=self.settings.horizon_days)
