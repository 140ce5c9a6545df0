"""Which work orders make which customer order lines, how far each line has come, and what
could not be linked, with why. Pure: lists of domain records in, plain data out (no Qt, no I/O).

Links, many-to-many with quantities, come first from the MES (`WorkOrder.links`). A work order
the MES gives no links for is matched by the keys the plant switches on in its `LinkingRules`,
in the rules' order. Each key kind is one pass over the work orders still unlinked, so an
explicit reference (order and line, customer PO) claims a line before a plain product match:

- ``order_line``: the work order names the order's number (`sales_order_ref`) and its line
  (`sales_line_ref`); without a line, it serves the order's lines that make its product.
- ``customer_po``: the same with the order's customer PO (`customer_po`).
- ``product``: the product code map gives an order line's MES product; open work orders of
  that product are shared out over the open lines that need it (make-to-stock batches).

A line's product "makes the work order's product" when the product map says so or, for the two
named-order kinds, when both systems use the same code. The plain product kind needs the map
(or `same_product_codes`): nothing else ties a line to a batch.

Deterministic order. Within a pass, work orders go by (due date, number, id), undated last.
A work order's quantity is shared over the lines it matches by (need date = promised date, else
requested date; order number; line number): each line takes what it still needs (ordered
quantity less what earlier links cover) until the work order's quantity runs out; the rest goes
to stock and is no link. Only open lines (order confirmed or in production, or a draft with a
promised date) are matched by keys; the plain product kind shares out open work orders only.

Quantities are taken to be in the line's unit on both sides: converting units is the
connectors' job. Stock set aside for a line is not in the contract, so progress never counts it.

Every reason is a `Reason`: a code, its English template and its values, so the widgets can
put it into the reader's language while logs and tests read the English.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, partial
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from app.domain import (
    OrderLine,
    OrderStatus,
    Product,
    SalesOrder,
    Shipment,
    WorkOrder,
    WorkOrderStatus,
)

LineKey = tuple[str, int]  # (order id, line number), as the scheduler's Plan keys lines

OPEN_WORK_ORDER = frozenset({WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED,
                             WorkOrderStatus.RUNNING})
ZERO = Decimal(0)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# -- reasons in words ----------------------------------------------------------------------
Value = str | int | Decimal | date | timedelta


@dataclass(frozen=True, slots=True)
class Reason:
    """Why, as data: `code` names the case, `template` is its English wording with `{name}`
    fields, `values` fill them (dates, durations and quantities formatted when rendered)."""

    code: str
    template: str
    values: tuple[tuple[str, Value], ...] = ()

    def text(self) -> str:
        return render(self)


def english_date(day: date) -> str:
    """"12 Mar": independent of the process's C locale."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def english_duration(span: timedelta) -> str:
    """"40 min", "5 h", "5 h 20 min", "3 d 4 h" (whole minutes, rounded down)."""
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h" if rest == 0 else f"{hours} h {rest} min"
    days, hours = divmod(hours, 24)
    return f"{days} d" if hours == 0 else f"{days} d {hours} h"


def quantity_text(quantity: Decimal) -> str:
    """100, 12.5 — no exponent, no trailing zeros."""
    return f"{quantity.normalize():f}"


def render(reason: Reason, template: str | None = None, *,
           date_text: Any = english_date, duration_text: Any = english_duration) -> str:
    """The reason in words; a translated `template` and the reader's date and duration
    formats may be given."""
    values: dict[str, str] = {}
    for name, value in reason.values:
        if isinstance(value, date):
            values[name] = date_text(value)
        elif isinstance(value, timedelta):
            values[name] = duration_text(value)
        elif isinstance(value, Decimal):
            values[name] = quantity_text(value)
        else:
            values[name] = str(value)
    return (template or reason.template).format(**values)


def reasons_text(reasons: Iterable[Reason]) -> str:
    return "; ".join(r.text() for r in reasons)


# Every linking reason, by code. The widgets keep a translatable copy of each.
TEMPLATES: dict[str, str] = {
    # order lines no work order could be found for
    "line.no_keys": "the MES gives no link for it and no matching key is switched on",
    "line.order_not_named": "no work order has order number {order}",
    "line.order_named_elsewhere": "no work order names {ref} for line {line}",
    "line.order_used_up": "the work orders naming {ref} for this line are used up by other lines",
    "line.no_po": "order {order} has no customer PO",
    "line.po_not_named": "no work order names PO {po}",
    "line.product_unmapped": "product {product} has no MES code in the product map",
    "line.product_no_work_order": "no open work order makes {product}",
    "line.product_used_up": "the open work orders of {product} are used up by earlier lines",
    # open work orders no order line could be found for
    "wo.no_keys": "the MES gives no link for it and no matching key is switched on",
    "wo.links_unknown": "the MES links it to order {order}, which the CRM cache does not hold",
    "wo.no_reference": "work order {work_order} names no order number or customer PO",
    "wo.ref_unknown": "work order {work_order} names {ref} which no open order has",
    "wo.line_unknown": "work order {work_order} names line {line} of {ref}, which is not an"
                       " open line",
    "wo.no_line_of_product": "{ref} has no open line of product {product}",
    "wo.lines_covered": "the lines of {ref} it could serve are covered by other work orders",
    "wo.product_unmapped": "no CRM product maps to {product} in the product map",
    "wo.product_no_line": "no open order line needs {product}",
    "wo.product_covered": "the open lines of {product} are covered by earlier work orders",
    "wo.component": "{product} is a component for other work orders, not sold to customers",
    # product-map entries that cannot be used
    "map.not_text": "codes must be text",
    "map.crm_empty": "the CRM product code is empty",
    "map.mes_empty": "the MES code for {product} is empty",
    "map.twice": "{product} is mapped twice (also in row {row})",
    "map.unknown_mes": "no cached MES product has the code {product}",
}


def _reason(code: str, **values: Value) -> Reason:
    return Reason(code, TEMPLATES[code], tuple(values.items()))


# -- the plant's rules ---------------------------------------------------------------------
class KeyKind(StrEnum):
    ORDER_LINE = "order_line"  # ERP order number and line
    CUSTOMER_PO = "customer_po"
    PRODUCT = "product"  # product code map, CRM id -> MES id


ALL_KEYS: tuple[KeyKind, ...] = (KeyKind.ORDER_LINE, KeyKind.CUSTOMER_PO, KeyKind.PRODUCT)
RULES_VERSION = 1


class RulesError(ValueError):
    """A linking-rules file or entry that cannot be used; `field` says where."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True, slots=True)
class LinkingRules:
    """Which key kinds are on, in which order (first claims first), and the product code map
    from CRM product ids to MES product ids. MES links are always used where they exist."""

    keys: tuple[KeyKind, ...] = ALL_KEYS
    product_map: Mapping[str, str] = field(default_factory=dict)
    same_product_codes: bool = False  # a product without a map entry keeps its code in the MES

    def mes_product(self, crm_product_id: str) -> str | None:
        """The MES product of a CRM product, or None when the rules do not know it."""
        mapped = self.product_map.get(crm_product_id)
        if mapped:
            return mapped
        return crm_product_id if self.same_product_codes else None

    # JSON: {"version": 1, "keys": [...], "same_product_codes": false, "product_map": {...}}
    def to_json(self) -> dict[str, Any]:
        return {"version": RULES_VERSION, "keys": [k.value for k in self.keys],
                "same_product_codes": self.same_product_codes,
                "product_map": dict(sorted(self.product_map.items()))}

    @classmethod
    def from_json(cls, data: Any) -> LinkingRules:
        if not isinstance(data, dict):
            raise RulesError("rules", "expected a JSON object")
        raw_keys = data.get("keys", [k.value for k in ALL_KEYS])
        if not isinstance(raw_keys, list):
            raise RulesError("keys", "expected a list of key kinds")
        keys: list[KeyKind] = []
        for raw in raw_keys:
            try:
                kind = KeyKind(raw)
            except ValueError:
                raise RulesError("keys", f"unknown key kind {raw!r}") from None
            if kind in keys:
                raise RulesError("keys", f"{kind.value} is listed twice")
            keys.append(kind)
        same = data.get("same_product_codes", False)
        if not isinstance(same, bool):
            raise RulesError("same_product_codes", "expected true or false")
        raw_map = data.get("product_map", {})
        if not isinstance(raw_map, dict):
            raise RulesError("product_map", "expected an object of CRM id to MES id")
        problems = map_problems(list(raw_map.items()))
        if problems:
            row, reason = problems[0]
            raise RulesError(f"product_map (entry {row + 1})", reason.text())
        return cls(keys=tuple(keys), same_product_codes=same,
                   product_map={str(k).strip(): str(v).strip() for k, v in raw_map.items()})

    @classmethod
    def load(cls, path: Path) -> LinkingRules:
        """The rules saved at `path`; the defaults when there is no file yet. A file that
        cannot be read or understood raises RulesError (OSError for the disk's own trouble)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise RulesError("rules", f"not valid JSON ({error.msg}, line {error.lineno})")\
                from None
        return cls.from_json(data)

    def save(self, path: Path) -> None:
        """Written to a temporary file first, then moved into place: never half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        os.replace(temporary, path)


def map_problems(entries: Sequence[tuple[Any, Any]],
                 known_mes_products: set[str] | None = None) -> list[tuple[int, Reason]]:
    """What is wrong with product-map entries (CRM id, MES id), as (row, reason); rows count
    from 0. `known_mes_products`, when given and not empty, must hold every MES id."""
    problems: list[tuple[int, Reason]] = []
    seen: dict[str, int] = {}
    for row, (crm, mes) in enumerate(entries):
        crm_id = crm.strip() if isinstance(crm, str) else ""
        mes_id = mes.strip() if isinstance(mes, str) else ""
        if not isinstance(crm, str) or not isinstance(mes, str):
            problems.append((row, _reason("map.not_text")))
        elif not crm_id:
            problems.append((row, _reason("map.crm_empty")))
        elif not mes_id:
            problems.append((row, _reason("map.mes_empty", product=crm_id)))
        elif crm_id in seen:
            problems.append((row, _reason("map.twice", product=crm_id, row=seen[crm_id] + 1)))
        elif known_mes_products and mes_id not in known_mes_products:
            problems.append((row, _reason("map.unknown_mes", product=mes_id)))
        if crm_id and crm_id not in seen:
            seen[crm_id] = row
    return problems


# -- links ---------------------------------------------------------------------------------
BACKEND = "backend"  # a link's `via` when the MES gave it


class Link(NamedTuple):
    """A NamedTuple, like the other per-line records here: a hundred thousand of them are
    made in one refresh, at a third of a frozen dataclass's cost each; read by name."""

    order_id: str
    line_no: int
    work_order_id: str
    quantity: Decimal
    unit: str
    via: str  # BACKEND or a KeyKind value

    @property
    def line(self) -> LineKey:
        return (self.order_id, self.line_no)


@dataclass(frozen=True, slots=True, eq=False)
class UnlinkedLine:
    order_id: str
    order_number: str
    customer_id: str
    line_no: int
    product_id: str
    quantity: Decimal
    unit: str
    need_date: date
    # The reasons, or what works them out when `reasons` is first read: a plant can have tens
    # of thousands of unlinked lines, and explaining each while linking cost a large share of
    # it, yet only the "Not linked" panel (and tests) ever read them. Called once, then kept.
    explain: tuple[Reason, ...] | Callable[[], tuple[Reason, ...]] = field(repr=False)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        explain = self.explain
        if callable(explain):
            explain = explain()
            object.__setattr__(self, "explain", explain)  # frozen: the cache is set once
        return explain

    @property
    def reason(self) -> str:
        return reasons_text(self.reasons)

    def _fields(self) -> tuple[Any, ...]:
        return (self.order_id, self.order_number, self.customer_id, self.line_no,
                self.product_id, self.quantity, self.unit, self.need_date)

    # Equal as before, reasons included (the view keeps an equal list to skip a reset); the
    # reasons are worked out only when everything else is equal.
    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, UnlinkedLine)
        return self._fields() == other._fields() and self.reasons == other.reasons

    def __hash__(self) -> int:
        return hash((*self._fields(), self.reasons))


@dataclass(frozen=True, slots=True)
class UnlinkedWorkOrder:
    work_order_id: str
    number: str
    product_id: str
    quantity: Decimal
    unit: str
    status: WorkOrderStatus
    due_date: date | None
    reasons: tuple[Reason, ...]

    @property
    def reason(self) -> str:
        return reasons_text(self.reasons)


@dataclass(slots=True)
class Fulfilment:
    links: list[Link]
    unlinked_lines: list[UnlinkedLine]
    unlinked_work_orders: list[UnlinkedWorkOrder]
    by_line: dict[LineKey, list[Link]] = field(default_factory=dict)
    by_work_order: dict[str, list[Link]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.by_line or self.by_work_order:  # given, by `link_orders`, made as it linked
            return
        by_line: dict[LineKey, list[Link]] = defaultdict(list)
        by_work_order: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            by_line[(link.order_id, link.line_no)].append(link)
            by_work_order[link.work_order_id].append(link)
        self.by_line, self.by_work_order = dict(by_line), dict(by_work_order)


def is_open_line(order: SalesOrder, line: OrderLine) -> bool:
    """Demand still to meet: a confirmed order, one in production, or a draft with a promise."""
    return (order.status in (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION)
            or (order.status == OrderStatus.DRAFT and line.promised_date is not None))


def need_date(line: OrderLine) -> date:
    return line.promised_date or line.requested_date


def _fold(text: str) -> str:
    return text.strip().casefold()


def _in_work_order_order(work_orders: Iterable[WorkOrder]) -> list[WorkOrder]:
    """By (due date, number, id), undated last; the keys made by attrgetter, in C."""
    dated: list[WorkOrder] = []
    undated: list[WorkOrder] = []
    for wo in work_orders:
        (undated if wo.due_date is None else dated).append(wo)
    dated.sort(key=attrgetter("due_date", "number", "id"))
    undated.sort(key=attrgetter("number", "id"))
    return dated + undated


def _makes(rules: LinkingRules, line: OrderLine, wo: WorkOrder) -> bool:
    """For named orders: the line makes the work order's product (map, or the same code)."""
    return line.product_id == wo.product_id or rules.mes_product(line.product_id) == wo.product_id


class _Matcher:
    """One run of `link_orders`: indexes, what each line still needs, and the links made."""

    def __init__(self, orders: Sequence[SalesOrder], work_orders: Sequence[WorkOrder],
                 rules: LinkingRules, products: Sequence[Product] = ()) -> None:
        self.rules = rules
        # Work orders for components and raw material feed other work orders, never a customer.
        self.components = {p.id for p in products if p.kind != "finished"}
        self.lines: dict[LineKey, tuple[SalesOrder, OrderLine]] = {}
        self.open_lines: list[LineKey] = []
        self.open_orders: list[SalesOrder] = []  # with an open line
        for order in orders:
            has_open = False
            for line in order.lines:
                key = (order.id, line.line_no)
                self.lines[key] = (order, line)
                if is_open_line(order, line):
                    has_open = True
                    self.open_lines.append(key)
            if has_open:
                self.open_orders.append(order)
        self.first_open: dict[str, int] = {}
        self.work_orders = _in_work_order_order(
            wo for wo in work_orders if wo.status != WorkOrderStatus.CANCELLED)
        self.covered: dict[LineKey, Decimal] = defaultdict(Decimal)
        self.links: list[Link] = []
        self.by_line: dict[LineKey, list[Link]] = defaultdict(list)
        self.by_work_order: dict[str, list[Link]] = defaultdict(list)
        self.keyed: list[WorkOrder] = []  # without MES links: the ones keys may match

    def need_order(self, key: LineKey) -> tuple[date, str, int]:
        order, line = self.lines[key]
        return (need_date(line), order.number, line.line_no)

    def still_needed(self, key: LineKey) -> Decimal:
        return self.lines[key][1].quantity - self.covered[key]

    def add(self, key: LineKey, wo_id: str, quantity: Decimal, unit: str, via: str) -> None:
        link = Link(key[0], key[1], wo_id, quantity, unit, via)
        self.links.append(link)
        self.by_line[key].append(link)
        self.by_work_order[wo_id].append(link)
        self.covered[key] += quantity

    # -- what a work order's keys point at ---------------------------------------------------
    def makes(self, line: OrderLine, wo: WorkOrder) -> bool:
        return _makes(self.rules, line, wo)

    def named_orders(self, kind: KeyKind, wo: WorkOrder) -> tuple[str, list[SalesOrder]]:
        ref = wo.sales_order_ref if kind == KeyKind.ORDER_LINE else wo.customer_po
        if not ref.strip():
            return "", []
        return ref.strip(), self.by_ref.get((kind, _fold(ref)), [])

    # The indexes keys match by, made when first asked: when the MES links every work order
    # (the usual case), no key is tried and they are never made.
    @cached_property
    def by_ref(self) -> dict[tuple[KeyKind, str], list[SalesOrder]]:
        """Orders with an open line, by order number and by customer PO (case-folded)."""
        index: dict[tuple[KeyKind, str], list[SalesOrder]] = defaultdict(list)
        for order in self.open_orders:
            index[(KeyKind.ORDER_LINE, _fold(order.number))].append(order)
            if order.customer_po.strip():
                index[(KeyKind.CUSTOMER_PO, _fold(order.customer_po))].append(order)
        return index

    @cached_property
    def by_mes_product(self) -> dict[str, list[LineKey]]:
        """Open lines by the MES product they need, in the order work orders are shared out
        over them: sorted once (not per work order); `first_open` skips the lines at the
        front already covered."""
        index: dict[str, list[LineKey]] = defaultdict(list)
        for order in self.open_orders:
            for line in order.lines:
                if is_open_line(order, line):
                    mes = self.rules.mes_product(line.product_id)
                    if mes is not None:
                        index[mes].append((order.id, line.line_no))
        for keys in index.values():
            keys.sort(key=self.need_order)
        return index

    def named_lines(self, orders: list[SalesOrder], wo: WorkOrder) -> list[LineKey]:
        keys = []
        for order in orders:
            for line in order.lines:
                if not is_open_line(order, line):
                    continue
                if wo.sales_line_ref is not None:
                    if line.line_no == wo.sales_line_ref:
                        keys.append((order.id, line.line_no))
                elif self.makes(line, wo):
                    keys.append((order.id, line.line_no))
        return keys

    def candidates(self, kind: KeyKind, wo: WorkOrder) -> Iterable[LineKey]:
        """The lines `wo` may serve by `kind`, in need order."""
        if kind == KeyKind.PRODUCT:
            if wo.status not in OPEN_WORK_ORDER:
                return ()
            keys = self.by_mes_product.get(wo.product_id, [])
            start = self.first_open.get(wo.product_id, 0)
            while start < len(keys) and self.still_needed(keys[start]) <= 0:
                start += 1  # covered lines stay covered: later work orders need not look
            self.first_open[wo.product_id] = start
            return islice(keys, start, None)
        _, orders = self.named_orders(kind, wo)
        return sorted(self.named_lines(orders, wo), key=self.need_order)

    def allocate(self, wo: WorkOrder, keys: Iterable[LineKey], via: str) -> bool:
        left = wo.quantity
        linked = False
        for key in keys:
            if left <= 0:
                break
            need = self.still_needed(key)
            if need <= 0:
                continue
            take = min(need, left)
            self.add(key, wo.id, take, self.lines[key][1].unit, via)
            left -= take
            linked = True
        return linked

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> Fulfilment:
        unknown: dict[str, list[str]] = {}
        pending: list[WorkOrder] = []
        # `add` written out, with its lists and dicts held locally: this loop makes about one
        # link per order line (100,000 of them in a large plant).
        lines, covered, links = self.lines, self.covered, self.links
        by_line, by_work_order = self.by_line, self.by_work_order
        for wo in self.work_orders:
            if not wo.links:
                pending.append(wo)
                continue
            for link in wo.links:
                key = (link.order_id, link.line_no)
                if key in lines:
                    made = Link(key[0], key[1], wo.id, link.quantity, link.unit, BACKEND)
                    links.append(made)
                    by_line[key].append(made)
                    by_work_order[wo.id].append(made)
                    covered[key] += link.quantity
                else:
                    unknown.setdefault(wo.id, []).append(link.order_id)
        self.keyed = list(pending)
        for kind in self.rules.keys:
            pending = [wo for wo in pending
                       if not self.allocate(wo, self.candidates(kind, wo), kind.value)]
        unlinked_wos = [self.work_order_reasons(wo) for wo in pending
                        if wo.status in OPEN_WORK_ORDER]
        linked_wos = {link.work_order_id for link in self.links} if unknown else set()
        unlinked_wos += [
            _unlinked_wo(wo, (_reason("wo.links_unknown", order=", ".join(
                dict.fromkeys(unknown[wo.id]))),))
            for wo in self.work_orders
            if wo.id in unknown and wo.id not in linked_wos and wo.status in OPEN_WORK_ORDER]
        # Components last: nobody expects them to be linked, the list says so to be complete.
        unlinked_wos.sort(key=lambda u: (u.product_id in self.components, u.due_date is None,
                                         u.due_date or date.max, u.number, u.work_order_id))
        why = _LineWhy(self.rules, self.keyed)  # the reasons are worked out when read
        unlinked_lines = [why.unlinked(*self.lines[key]) for key in self.open_lines
                          if self.covered.get(key, ZERO) <= 0]
        unlinked_lines.sort(key=lambda u: (u.need_date, u.order_number, u.line_no))
        return Fulfilment(self.links, unlinked_lines, unlinked_wos, dict(self.by_line),
                          dict(self.by_work_order))

    # -- why not -----------------------------------------------------------------------------
    # Indexes for the reasons, made once when first asked, so that explaining every unlinked
    # work order never scans the whole product map again.
    @cached_property
    def mapped_mes_products(self) -> set[str]:
        return set(self.rules.product_map.values())

    def work_order_reasons(self, wo: WorkOrder) -> UnlinkedWorkOrder:
        if wo.product_id in self.components and not (wo.sales_order_ref or wo.customer_po):
            return _unlinked_wo(wo, (_reason("wo.component", product=wo.product_id),))
        reasons: list[Reason] = []
        for kind in self.rules.keys:
            if kind == KeyKind.PRODUCT:
                reasons.append(self.product_reason_for_wo(wo))
                continue
            ref, orders = self.named_orders(kind, wo)
            if not ref:
                continue
            if not orders:
                reasons.append(_reason("wo.ref_unknown", work_order=wo.number, ref=ref))
            elif wo.sales_line_ref is not None and not self.named_lines(orders, wo):
                reasons.append(_reason("wo.line_unknown", work_order=wo.number,
                                       line=wo.sales_line_ref, ref=ref))
            elif not self.named_lines(orders, wo):
                reasons.append(_reason("wo.no_line_of_product", ref=ref, product=wo.product_id))
            else:
                reasons.append(_reason("wo.lines_covered", ref=ref))
        if not self.rules.keys:
            reasons.append(_reason("wo.no_keys"))
        elif not reasons:
            reasons.append(_reason("wo.no_reference", work_order=wo.number))
        return _unlinked_wo(wo, tuple(reasons))

    def product_reason_for_wo(self, wo: WorkOrder) -> Reason:
        keys = self.by_mes_product.get(wo.product_id)
        if keys:
            return _reason("wo.product_covered", product=wo.product_id)
        mapped = wo.product_id in self.mapped_mes_products or self.rules.same_product_codes
        if not mapped:
            return _reason("wo.product_unmapped", product=wo.product_id)
        return _reason("wo.product_no_line", product=wo.product_id)

class _LineWhy:
    """Why open order lines stayed unlinked, worked out when a line's reasons are first read.
    Holds only the rules and the work orders keys may match, not the whole run; its indexes
    are made once, when first asked, so explaining every line never scans all work orders."""

    def __init__(self, rules: LinkingRules, keyed: list[WorkOrder]) -> None:
        self.rules = rules
        self.keyed = keyed

    @cached_property
    def keyed_by_ref(self) -> dict[tuple[KeyKind, str], list[WorkOrder]]:
        index: dict[tuple[KeyKind, str], list[WorkOrder]] = defaultdict(list)
        for wo in self.keyed:
            index[(KeyKind.ORDER_LINE, _fold(wo.sales_order_ref))].append(wo)
            index[(KeyKind.CUSTOMER_PO, _fold(wo.customer_po))].append(wo)
        return index

    @cached_property
    def keyed_open_products(self) -> set[str]:
        return {wo.product_id for wo in self.keyed if wo.status in OPEN_WORK_ORDER}

    def unlinked(self, order: SalesOrder, line: OrderLine) -> UnlinkedLine:
        return UnlinkedLine(order_id=order.id, order_number=order.number,
                            customer_id=order.customer_id, line_no=line.line_no,
                            product_id=line.product_id, quantity=line.quantity, unit=line.unit,
                            need_date=need_date(line),
                            explain=partial(self.line_reasons, order, line))

    def line_reasons(self, order: SalesOrder, line: OrderLine) -> tuple[Reason, ...]:
        reasons: list[Reason] = []
        for kind in self.rules.keys:
            if kind == KeyKind.PRODUCT:
                reasons.append(self.product_reason_for_line(line))
                continue
            ref = order.number if kind == KeyKind.ORDER_LINE else order.customer_po
            if not ref.strip():
                if kind == KeyKind.CUSTOMER_PO:
                    reasons.append(_reason("line.no_po", order=order.number))
                continue
            naming = self.keyed_by_ref.get((kind, _fold(ref)), [])
            for_line = [wo for wo in naming
                        if (wo.sales_line_ref == line.line_no if wo.sales_line_ref is not None
                            else _makes(self.rules, line, wo))]
            if not naming:
                reasons.append(_reason("line.order_not_named", order=order.number)
                               if kind == KeyKind.ORDER_LINE
                               else _reason("line.po_not_named", po=ref.strip()))
            elif not for_line:
                reasons.append(_reason("line.order_named_elsewhere", ref=ref.strip(),
                                       line=line.line_no))
            else:
                reasons.append(_reason("line.order_used_up", ref=ref.strip()))
        if not reasons:
            reasons.append(_reason("line.no_keys"))
        return tuple(reasons)

    def product_reason_for_line(self, line: OrderLine) -> Reason:
        mes = self.rules.mes_product(line.product_id)
        if mes is None:
            return _reason("line.product_unmapped", product=line.product_id)
        if mes not in self.keyed_open_products:
            return _reason("line.product_no_work_order", product=mes)
        return _reason("line.product_used_up", product=mes)


def _unlinked_wo(wo: WorkOrder, reasons: tuple[Reason, ...]) -> UnlinkedWorkOrder:
    return UnlinkedWorkOrder(work_order_id=wo.id, number=wo.number, product_id=wo.product_id,
                             quantity=wo.quantity, unit=wo.unit, status=wo.status,
                             due_date=wo.due_date, reasons=reasons)


def link_orders(orders: Sequence[SalesOrder], work_orders: Sequence[WorkOrder],
                rules: LinkingRules | None = None, products: Sequence[Product] = ()
                ) -> Fulfilment:
    """Every order line ↔ work order link, and what stayed unlinked with why (see the module
    docstring for the order things are matched in). `products` tells components (kind other
    than "finished") apart: their work orders are unlinked for a reason of their own."""
    return _Matcher(orders, work_orders, rules or LinkingRules(), products).run()


# -- progress ------------------------------------------------------------------------------
class LineProgress(NamedTuple):
    """How far a line has come, in the line's unit.

    `made`: the line's share of its linked work orders' good quantity — good × link quantity /
    all link quantities of that work order, never more than the link quantity. `shipped`: all
    shipped for the line; `shipped_other`: the part of it not from a linked work order's output
    lot (from stock, or unknown lots), which `made` does not already count.
    """

    ordered: Decimal
    made: Decimal
    shipped: Decimal
    shipped_other: Decimal
    unit: str

    @property
    def done(self) -> Decimal:
        return min(self.ordered, max(self.shipped, self.made + self.shipped_other))

    @property
    def fraction(self) -> float:
        return done_fraction(self.done, self.ordered)

    @property
    def complete(self) -> bool:
        return self.done >= self.ordered


def done_fraction(done: Decimal, ordered: Decimal) -> float:
    """LineProgress.fraction, for a caller that holds `done` already."""
    if done == ordered:  # a line done (a third of them, often): 1.0 either way, no division
        return 1.0
    return float(done / ordered) if ordered > 0 else 1.0


def line_progress(line: OrderLine, links: Sequence[Link], work_orders: Mapping[str, WorkOrder],
                  links_by_work_order: Mapping[str, Sequence[Link]],
                  shipments: Sequence[Shipment] = ()) -> LineProgress:
    """`links_by_work_order`: every link of each work order, as `Fulfilment.by_work_order`
    (a work order's good quantity is shared over all its links)."""
    made = ZERO
    for link in links:
        wo = work_orders.get(link.work_order_id)
        if wo is None:
            continue
        shared = links_by_work_order.get(wo.id, (link,))
        # Most work orders serve one line: no generator to sum one number.
        total = ZERO + shared[0].quantity if len(shared) == 1 else sum(
            (other.quantity for other in shared), ZERO)
        if total <= 0:
            continue
        made += min(link.quantity, wo.good * link.quantity / total)
    if not shipments:  # most lines: no lots to look at
        return LineProgress(line.quantity, made, ZERO, ZERO, line.unit)
    output_lots = {wo.output_lot_id for wo in map(work_orders.get, (
        link.work_order_id for link in links)) if wo is not None and wo.output_lot_id}
    shipped = ZERO
    other = ZERO
    for shipment in shipments:
        shipped += shipment.quantity
        from_linked = sum((lot.quantity for lot in shipment.lots if lot.lot_id in output_lots),
                          ZERO)
        other += max(ZERO, shipment.quantity - from_linked)
    return LineProgress(line.quantity, made, shipped, other, line.unit)


def progress_by_line(orders: Sequence[SalesOrder], work_orders: Sequence[WorkOrder] | Mapping[
                         str, WorkOrder], shipments: Sequence[Shipment],
                     fulfilment: Fulfilment) -> dict[LineKey, LineProgress]:
    """Progress of every line of every order. `work_orders` may be given by id already."""
    wos = work_orders if isinstance(work_orders, Mapping) else {wo.id: wo for wo in work_orders}
    by_work_order = fulfilment.by_work_order
    shipped = shipments_by_line(shipments)
    by_line = fulfilment.by_line
    out: dict[LineKey, LineProgress] = {}
    for order in orders:
        for line in order.lines:
            key = (order.id, line.line_no)
            out[key] = line_progress(line, by_line.get(key, ()), wos, by_work_order,
                                     shipped.get(key, ()))
    return out


def shipments_by_line(shipments: Iterable[Shipment]) -> dict[LineKey, list[Shipment]]:
    shipped: dict[LineKey, list[Shipment]] = defaultdict(list)
    for shipment in shipments:
        shipped[(shipment.order_id, shipment.line_no)].append(shipment)
    return shipped
