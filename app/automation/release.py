"""Release to production: a confirmed order line becomes a work order in the MES.

What a release sends (app.contract.WorkOrderRelease): the line's product and quantity, a due
date from the promise (the requested date when nothing is promised), the order's priority, and
the production parameters its options map to through the plant's option mapping: an option
becomes a routing variant, a BOM item or an operation parameter. An option the mapping does not
know refuses the whole release with the reason (`OptionRefused`); nothing is dropped silently.

Pure apart from `load_mappings`/`save_mappings` (the `option_mappings` table, blocking) and
`release_action_for` (reads the cache). The action goes through the outbox with one idempotency
key per line (app.sync.actions.release_key): it is delivered once, whoever asks and however often.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, insert, select

from app.domain import OrderLine, Product, SalesOrder


class MappingKind(StrEnum):
    ROUTING_VARIANT = "routing_variant"  # target: "" (the parameter is "routing_variant")
    BOM_ITEM = "bom_item"  # target: the component the option chooses or replaces
    OPERATION_PARAMETER = "operation_parameter"  # target: "<operation sequence>:<parameter>"


@dataclass(frozen=True, slots=True)
class OptionMapping:
    """Option `option` = `value` ("" any value) of product `product_id` ("" any product) sends
    the parameter `parameter_name` with `setting` ("" the option's own value)."""

    option: str
    kind: MappingKind
    target: str = ""
    product_id: str = ""
    value: str = ""
    setting: str = ""

    @property
    def parameter_name(self) -> str:
        match self.kind:
            case MappingKind.ROUTING_VARIANT:
                return "routing_variant"
            case MappingKind.BOM_ITEM:
                return f"bom:{self.target}"
            case MappingKind.OPERATION_PARAMETER:
                return f"op{self.target}"
        return self.target  # pragma: no cover - every kind is matched above

    def specificity(self) -> int:
        return 2 * bool(self.product_id) + bool(self.value)


class OptionRefused(ValueError):
    """A line's options cannot all be turned into production parameters: `reasons` say why."""

    def __init__(self, reasons: Sequence[str],
                 unknown: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)
        self.unknown = list(unknown)  # (option, value) the mapping does not know


def check_mapping(mapping: OptionMapping, products: Mapping[str, Product] | None = None
                  ) -> str:
    """"" when the mapping can be used, else why not (English: the mapping editor shows it
    next to the row). With `products`, a named product, component or operation must exist."""
    if not mapping.option.strip():
        return "name the option"
    product = None
    if mapping.product_id:
        product = (products or {}).get(mapping.product_id)
        if products is not None and product is None:
            return f"no product {mapping.product_id}"
    match mapping.kind:
        case MappingKind.ROUTING_VARIANT:
            if mapping.target:
                return "a routing variant names no target: the setting is the variant"
        case MappingKind.BOM_ITEM:
            if not mapping.target.strip():
                return "name the BOM item (a component)"
            if product is not None and product.bom and mapping.target not in {
                    b.component_id for b in product.bom} and mapping.target not in (
                    products or {}):
                return f"{mapping.target} is neither in the BOM of {product.id} nor a product"
        case MappingKind.OPERATION_PARAMETER:
            sequence, _, name = mapping.target.partition(":")
            if not sequence.isdigit() or not name.strip():
                return "write the target as <operation sequence>:<parameter>, e.g. 10:paint"
            if product is not None and product.routing.operations and int(sequence) not in {
                    t.sequence for t in product.routing.operations}:
                return f"{product.id}'s routing has no operation {sequence}"
        case _:  # pragma: no cover - MappingKind is closed
            return f"unknown kind {mapping.kind!r}"
    return ""


def line_parameters(product_id: str, options: Mapping[str, str],
                    mappings: Iterable[OptionMapping]) -> dict[str, str]:
    """The production parameters of a line's options; raises OptionRefused naming each option
    the mapping does not know (or that maps one parameter to two values)."""
    known = list(mappings)
    parameters: dict[str, str] = {}
    reasons: list[str] = []
    unknown: list[tuple[str, str]] = []
    for option in sorted(options):
        value = options[option]
        fits = [m for m in known if m.option == option
                and m.product_id in ("", product_id) and m.value in ("", value)]
        if not fits:
            reasons.append(f"option {option} = {value!r} of {product_id} is not in the option "
                           "mapping")
            unknown.append((option, value))
            continue
        best = max(m.specificity() for m in fits)
        for m in fits:
            if m.specificity() != best:
                continue
            name, setting = m.parameter_name, m.setting or value
            if parameters.get(name, setting) != setting:
                reasons.append(f"options give {name} two values: {parameters[name]!r} and "
                               f"{setting!r}")
                continue
            parameters[name] = setting
    if reasons:
        raise OptionRefused(reasons, unknown)
    return parameters


def release_request(order: SalesOrder, line: OrderLine,
                    mappings: Iterable[OptionMapping]) -> dict[str, Any]:
    """The body of POST /mes/v1/work-orders for `line` (JSON-able); raises OptionRefused."""
    parameters = line_parameters(line.product_id, line.options, mappings)
    due = line.promised_date or line.requested_date
    return {"order_id": order.id, "line_no": line.line_no, "product_id": line.product_id,
            "quantity": str(line.quantity), "unit": line.unit,
            "due_date": due.isoformat() if due is not None else None,
            "priority": order.priority, "parameters": parameters,
            "sales_order_ref": order.number, "customer_po": order.customer_po}


def in_family(product: Product | None, product_id: str, family: str) -> bool:
    """Whether a product belongs to the family a rule names: "" is every product; otherwise
    product ids or codes starting with any of the comma-separated prefixes ("GU-3, P-110")."""
    prefixes = [p.strip().casefold() for p in family.split(",") if p.strip()]
    if not prefixes:
        return True
    names = [product_id.casefold()]
    if product is not None:
        names.append(product.code.casefold())
    return any(name.startswith(p) for p in prefixes for name in names)


# --- the mapping in the cache (blocking) ----------------------------------------------------


def load_mappings(store: Any) -> list[OptionMapping]:
    from app.cache.schema_local import option_mappings as table

    with store.engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.position, table.c.id))
        return [OptionMapping(option=r.option, kind=MappingKind(r.kind), target=r.target,
                              product_id=r.product_id, value=r.value, setting=r.setting)
                for r in rows]


def save_mappings(store: Any, mappings: Sequence[OptionMapping]) -> None:
    """Replace the whole mapping (every row checked first: ValueError names the first bad)."""
    from app.cache.schema_local import option_mappings as table

    for n, mapping in enumerate(mappings, 1):
        why = check_mapping(mapping)
        if why:
            raise ValueError(f"row {n}: {why}")
    with store.engine.begin() as conn:
        conn.execute(delete(table))
        if mappings:
            conn.execute(insert(table), [
                {"product_id": m.product_id, "option": m.option, "value": m.value,
                 "kind": m.kind.value, "target": m.target, "setting": m.setting,
                 "position": n} for n, m in enumerate(mappings)])


def release_action_for(store: Any, crm_source: str, order_id: str, line_no: int,
                       made_by: str = "", mes_source: str | None = None):  # -> Action
    """The outbox action that releases one cached order line to `mes_source` (None: the first
    MES source synced). Raises LookupError (no such line, no MES) or OptionRefused. Blocking."""
    from app.sync.actions import release

    order = store.get(crm_source, "crm.orders", order_id)
    line = next((x for x in order.lines if x.line_no == line_no), None) if order else None
    if order is None or line is None:
        raise LookupError(f"no order line {order_id}/{line_no} in the cache")
    mes = [mes_source] if mes_source else store.sources_of("mes.work_orders")
    if not mes:
        raise LookupError("no MES source to release to")
    body = release_request(order, line, load_mappings(store))
    return release(mes[0], crm_source, order.id, line.line_no, body, made_by)
