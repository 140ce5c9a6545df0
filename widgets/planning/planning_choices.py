"""What the feasibility form offers, read from the cache in the worker: products that are
sold, order lines a date can be promised on, and the names people know things by."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.cache.store import CacheStore
from app.domain import EquipmentLevel, OrderStatus

PROMISABLE = frozenset({OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION})


@dataclass(frozen=True, slots=True)
class LineChoice:
    source: str
    order_id: str
    order_number: str
    order_version: int
    line_no: int
    customer: str
    product_id: str
    quantity: Decimal
    unit: str
    requested: date
    promised: date | None
    priority: int
    quote: bool  # a draft order: waiting for the date to be promised


@dataclass(frozen=True, slots=True)
class CustomerChoice:
    id: str
    name: str
    key_account: bool
    language: str
    number: str = ""


@dataclass(frozen=True, slots=True)
class PlanningChoices:
    products: dict[str, str] = field(default_factory=dict)  # id -> "P-300 Gearbox ..."
    units: dict[str, str] = field(default_factory=dict)  # product id -> unit
    lines: tuple[LineChoice, ...] = ()
    work_centers: dict[str, str] = field(default_factory=dict)  # id -> name
    customers: dict[str, str] = field(default_factory=dict)  # id -> name
    orders: dict[str, str] = field(default_factory=dict)  # id -> number
    items: dict[str, str] = field(default_factory=dict)  # every product and material: id -> name
    # Customers to quote for: key accounts first, then by name.
    accounts: tuple[CustomerChoice, ...] = ()
    # Configured products: product id -> option name -> the values orders have used.
    options: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    crm_source: str | None = None  # where quotes go


def read_choices(store: CacheStore) -> PlanningChoices:
    products: dict[str, str] = {}
    items: dict[str, str] = {}
    units: dict[str, str] = {}
    centers: dict[str, str] = {}
    for mes in store.sources_of("mes.products", "mes.equipment"):
        for p in store.all(mes, "mes.products"):
            units[p.id] = p.unit
            items[p.id] = p.name
            if p.kind == "finished" and p.routing.operations:
                products[p.id] = p.name if p.code in p.name else f"{p.code} · {p.name}"
        for e in store.all(mes, "mes.equipment"):
            if e.level == EquipmentLevel.WORK_CENTER:
                centers[e.id] = e.name
    customers: dict[str, str] = {}
    numbers: dict[str, str] = {}
    lines: list[LineChoice] = []
    accounts: list[CustomerChoice] = []
    options: dict[str, dict[str, set[str]]] = {}
    crms = store.sources_of("crm.orders", "crm.customers")
    for crm in crms:
        for c in store.all(crm, "crm.customers"):
            customers[c.id] = c.name
            if crm == crms[0]:
                accounts.append(CustomerChoice(c.id, c.name, c.key_account, c.language,
                                               c.number))
        for order in store.all(crm, "crm.orders"):
            numbers[order.id] = order.number
            for line in order.lines:
                for name, value in line.options.items():
                    options.setdefault(line.product_id, {}).setdefault(name, set()).add(value)
            if order.status not in PROMISABLE:
                continue
            for line in order.lines:
                lines.append(LineChoice(
                    crm, order.id, order.number, order.version, line.line_no,
                    customers.get(order.customer_id, order.customer_id), line.product_id,
                    line.quantity, line.unit, line.requested_date, line.promised_date,
                    order.priority, order.status == OrderStatus.DRAFT))
    # Quotes first (they wait for an answer), then by order number.
    lines.sort(key=lambda c: (not c.quote, c.order_number, c.line_no))
    accounts.sort(key=lambda a: (not a.key_account, a.name.casefold(), a.id))
    return PlanningChoices(
        dict(sorted(products.items())), units, tuple(lines), centers, customers, numbers, items,
        tuple(accounts),
        {pid: {name: tuple(sorted(values)) for name, values in sorted(names.items())}
         for pid, names in options.items()},
        crms[0] if crms else None)
