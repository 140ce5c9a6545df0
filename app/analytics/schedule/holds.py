"""Held capacity: what a quote for new demand holds until the customer decides.

"Quote this date" (Planning) queues a `quote` action in the outbox. That outbox item is the
hold: it names the customer, product, quantity, the date quoted and the day the hold expires,
and it is demand in every plan made while it is active, as a draft order line promised on the
quoted date. Its life:

- waiting: queued, not yet in the CRM; the plan holds its capacity already;
- held: the CRM has the draft (the outbox answer names its id and number); the plan holds it
  through that draft order line once the draft is in the cache, else as before;
- confirmed: the CRM's order is confirmed; the order is demand by itself, the hold has done
  its work;
- released: the CRM's draft was cancelled, or the CRM refused the quote (parked);
- expired: past its `expires` day and not confirmed; the plan no longer holds it, and a draft
  it made in the CRM stops counting as demand too (its quoted date is not a promise any more).

Two people cannot promise the same hours: each quote records the newest hold its answer was
planned with (`seen_hold`), and the cache refuses a quote when a hold queued after that one
shares a work center with it (app.cache.store.CacheStore.outbox_add, under a lock on a shared
PostgreSQL cache). The person checks again, with the other hold in the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.domain import OrderLine, OrderStatus, SalesOrder
from app.domain.holds import QUOTE_ACTION, HeldMeanwhile, overlapping

__all__ = ["QUOTE_ACTION", "HeldMeanwhile", "Hold", "HoldState", "holds_of", "overlapping",
           "with_holds"]
HOLD_PREFIX = "hold:"  # the id of the order a hold stands in for, in a snapshot
DEFAULT_HOLD_DAYS = 14


class HoldState(StrEnum):
    WAITING = "waiting"
    HELD = "held"
    CONFIRMED = "confirmed"
    RELEASED = "released"
    EXPIRED = "expired"


ACTIVE = frozenset({HoldState.WAITING, HoldState.HELD})


@dataclass(frozen=True, slots=True)
class Hold:
    hold_id: str
    item_id: int  # the outbox item
    source: str  # the CRM
    customer_id: str
    product_id: str
    quantity: Decimal
    unit: str
    requested: date
    quoted: date
    priority: int
    expires: date
    made_by: str
    created_at: datetime
    state: HoldState
    hours: Mapping[str, float] = field(default_factory=dict)  # work center id -> hours
    options: Mapping[str, str] = field(default_factory=dict)
    order_id: str | None = None  # the CRM's draft, once it answered
    order_number: str = ""

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


def _decimal(text: Any) -> Decimal:
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def hold_of(item: Any, orders: Mapping[str, SalesOrder], today: date) -> Hold | None:
    """The hold an outbox item of action `quote` is (None: another action, or unreadable)."""
    if item.action != QUOTE_ACTION:
        return None
    p = item.payload
    try:
        requested = date.fromisoformat(p["requested_date"])
        quoted = date.fromisoformat(p["quoted_date"])
        expires = date.fromisoformat(p["expires"])
    except (KeyError, TypeError, ValueError):
        return None
    answer = getattr(item, "answer", None) or {}
    order_id = answer.get("id")
    order = orders.get(order_id) if order_id else None
    state = item.state if isinstance(item.state, str) else str(item.state)
    if state == "parked":
        held = HoldState.RELEASED
    elif order is not None and order.status in (OrderStatus.CONFIRMED,
                                                OrderStatus.IN_PRODUCTION,
                                                OrderStatus.SHIPPED, OrderStatus.CLOSED):
        held = HoldState.CONFIRMED
    elif order is not None and order.status is OrderStatus.CANCELLED:
        held = HoldState.RELEASED
    elif expires < today:
        held = HoldState.EXPIRED
    elif state == "delivered":
        held = HoldState.HELD
    else:
        held = HoldState.WAITING
    return Hold(
        hold_id=item.target_id, item_id=item.id, source=item.source,
        customer_id=str(p.get("customer_id", "")), product_id=str(p.get("product_id", "")),
        quantity=_decimal(p.get("quantity")), unit=str(p.get("unit") or ""),
        requested=requested, quoted=quoted, priority=int(p.get("priority") or 3),
        expires=expires, made_by=item.made_by or str(p.get("by") or ""),
        created_at=item.created_at, state=held,
        hours={str(k): float(v) for k, v in (p.get("hours") or {}).items()},
        options={str(k): str(v) for k, v in (p.get("options") or {}).items()},
        order_id=order_id, order_number=str(answer.get("number") or ""))


def holds_of(items: Iterable[Any], orders: Iterable[SalesOrder], today: date,
             source: str | None = None) -> list[Hold]:
    by_id = {o.id: o for o in orders}
    holds = [h for item in items
             if (h := hold_of(item, by_id, today)) is not None
             and (source is None or h.source == source)]
    return sorted(holds, key=lambda h: h.item_id)


def with_holds(orders: list[SalesOrder], holds: Iterable[Hold]) -> list[SalesOrder]:
    """The CRM's orders as the plan must see them with these holds:

    - an active hold whose draft is not in the cache yet (or carries no quoted date, as a
      Tryton quotation does not) is added as a draft order promised on the quoted date;
    - the draft of an expired hold loses its promised dates (it holds nothing any more)."""
    by_id = {o.id: o for o in orders}
    expired = set()
    extra = []
    for hold in holds:
        order = by_id.get(hold.order_id) if hold.order_id else None
        if hold.state is HoldState.EXPIRED and order is not None \
                and order.status is OrderStatus.DRAFT:
            expired.add(order.id)
        if not hold.active:
            continue
        if order is not None and order.status is OrderStatus.DRAFT and any(
                line.promised_date is not None for line in order.lines):
            continue  # the CRM's own draft, promised on the quoted date, holds it
        extra.append(SalesOrder(
            id=HOLD_PREFIX + hold.hold_id, version=0,
            number=hold.order_number or f"HOLD {hold.hold_id}", customer_id=hold.customer_id,
            status=OrderStatus.DRAFT, priority=hold.priority, created_at=hold.created_at,
            lines=[OrderLine(line_no=1, product_id=hold.product_id, quantity=hold.quantity,
                             unit=hold.unit, requested_date=hold.requested,
                             promised_date=hold.quoted, options=dict(hold.options))]))
    if not expired and not extra:
        return orders
    kept = [replace(o, lines=[replace(x, promised_date=None) for x in o.lines])
            if o.id in expired else o for o in orders]
    return kept + extra
