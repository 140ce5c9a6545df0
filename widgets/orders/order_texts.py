"""Orders in words: statuses, risk levels and their colours, how a link was made, and every
reason the analytics give, in the reader's language.

Module-level texts name their context literally ("Orders", "OrderReasons"), so lupdate finds
them. The reason templates repeat the analytics' English ones (a test keeps them equal): the
analytics stay free of Qt, the widgets translate.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from app.analytics.fulfilment import BACKEND, KeyKind, Reason, render
from app.analytics.order_risk import RiskLevel
from app.domain import OrderStatus, WorkOrderStatus
from widgets.common.date_text import day_month

translate = QCoreApplication.translate

_STATUS_WORDS: dict[OrderStatus, str] = {
    OrderStatus.DRAFT: QT_TRANSLATE_NOOP("Orders", "draft"),
    OrderStatus.CONFIRMED: QT_TRANSLATE_NOOP("Orders", "confirmed"),
    OrderStatus.IN_PRODUCTION: QT_TRANSLATE_NOOP("Orders", "in production"),
    OrderStatus.SHIPPED: QT_TRANSLATE_NOOP("Orders", "shipped"),
    OrderStatus.CLOSED: QT_TRANSLATE_NOOP("Orders", "closed"),
    OrderStatus.CANCELLED: QT_TRANSLATE_NOOP("Orders", "cancelled"),
}
_WORK_ORDER_WORDS: dict[WorkOrderStatus, str] = {
    WorkOrderStatus.PLANNED: QT_TRANSLATE_NOOP("Orders", "planned"),
    WorkOrderStatus.RELEASED: QT_TRANSLATE_NOOP("Orders", "released"),
    WorkOrderStatus.RUNNING: QT_TRANSLATE_NOOP("Orders", "running"),
    WorkOrderStatus.COMPLETED: QT_TRANSLATE_NOOP("Orders", "completed"),
    WorkOrderStatus.CANCELLED: QT_TRANSLATE_NOOP("Orders", "cancelled"),
}
_RISK_WORDS: dict[RiskLevel, str] = {
    RiskLevel.LATE: QT_TRANSLATE_NOOP("Orders", "late"),
    RiskLevel.AT_RISK: QT_TRANSLATE_NOOP("Orders", "at risk"),
    RiskLevel.ON_TRACK: QT_TRANSLATE_NOOP("Orders", "on track"),
    RiskLevel.DONE: QT_TRANSLATE_NOOP("Orders", "done"),
}
# Badge fill colours, readable with white text; the word is always there too.
_RISK_COLOURS: dict[RiskLevel, str] = {
    RiskLevel.LATE: "#c62828",
    RiskLevel.AT_RISK: "#d35400",
    RiskLevel.ON_TRACK: "#2e7d32",
    RiskLevel.DONE: "#78909c",
}
_VIA_WORDS: dict[str, str] = {
    BACKEND: QT_TRANSLATE_NOOP("Orders", "from the MES"),
    KeyKind.ORDER_LINE.value: QT_TRANSLATE_NOOP("Orders", "by order number"),
    KeyKind.CUSTOMER_PO.value: QT_TRANSLATE_NOOP("Orders", "by customer PO"),
    KeyKind.PRODUCT.value: QT_TRANSLATE_NOOP("Orders", "by product map"),
}
KEY_WORDS: dict[KeyKind, str] = {
    KeyKind.ORDER_LINE: QT_TRANSLATE_NOOP("Orders", "Order number and line"),
    KeyKind.CUSTOMER_PO: QT_TRANSLATE_NOOP("Orders", "Customer PO"),
    KeyKind.PRODUCT: QT_TRANSLATE_NOOP("Orders", "Product code map"),
}

# The analytics' reasons, by code (app/analytics/fulfilment.py and order_risk.py TEMPLATES).
REASON_TEMPLATES: dict[str, str] = {
    "line.no_keys": QT_TRANSLATE_NOOP(
        "OrderReasons", "the MES gives no link for it and no matching key is switched on"),
    "line.order_not_named": QT_TRANSLATE_NOOP(
        "OrderReasons", "no work order has order number {order}"),
    "line.order_named_elsewhere": QT_TRANSLATE_NOOP(
        "OrderReasons", "no work order names {ref} for line {line}"),
    "line.order_used_up": QT_TRANSLATE_NOOP(
        "OrderReasons", "the work orders naming {ref} for this line are used up by other lines"),
    "line.no_po": QT_TRANSLATE_NOOP("OrderReasons", "order {order} has no customer PO"),
    "line.po_not_named": QT_TRANSLATE_NOOP("OrderReasons", "no work order names PO {po}"),
    "line.product_unmapped": QT_TRANSLATE_NOOP(
        "OrderReasons", "product {product} has no MES code in the product map"),
    "line.product_no_work_order": QT_TRANSLATE_NOOP(
        "OrderReasons", "no open work order makes {product}"),
    "line.product_used_up": QT_TRANSLATE_NOOP(
        "OrderReasons", "the open work orders of {product} are used up by earlier lines"),
    "wo.no_keys": QT_TRANSLATE_NOOP(
        "OrderReasons", "the MES gives no link for it and no matching key is switched on"),
    "wo.links_unknown": QT_TRANSLATE_NOOP(
        "OrderReasons", "the MES links it to order {order}, which the CRM cache does not hold"),
    "wo.no_reference": QT_TRANSLATE_NOOP(
        "OrderReasons", "work order {work_order} names no order number or customer PO"),
    "wo.ref_unknown": QT_TRANSLATE_NOOP(
        "OrderReasons", "work order {work_order} names {ref} which no open order has"),
    "wo.line_unknown": QT_TRANSLATE_NOOP(
        "OrderReasons",
        "work order {work_order} names line {line} of {ref}, which is not an open line"),
    "wo.no_line_of_product": QT_TRANSLATE_NOOP(
        "OrderReasons", "{ref} has no open line of product {product}"),
    "wo.lines_covered": QT_TRANSLATE_NOOP(
        "OrderReasons", "the lines of {ref} it could serve are covered by other work orders"),
    "wo.product_unmapped": QT_TRANSLATE_NOOP(
        "OrderReasons", "no CRM product maps to {product} in the product map"),
    "wo.product_no_line": QT_TRANSLATE_NOOP("OrderReasons", "no open order line needs {product}"),
    "wo.product_covered": QT_TRANSLATE_NOOP(
        "OrderReasons", "the open lines of {product} are covered by earlier work orders"),
    "wo.component": QT_TRANSLATE_NOOP(
        "OrderReasons",
        "{product} is a component for other work orders, not sold to customers"),
    "map.not_text": QT_TRANSLATE_NOOP("OrderReasons", "codes must be text"),
    "map.crm_empty": QT_TRANSLATE_NOOP("OrderReasons", "the CRM product code is empty"),
    "map.mes_empty": QT_TRANSLATE_NOOP("OrderReasons", "the MES code for {product} is empty"),
    "map.twice": QT_TRANSLATE_NOOP(
        "OrderReasons", "{product} is mapped twice (also in row {row})"),
    "map.unknown_mes": QT_TRANSLATE_NOOP(
        "OrderReasons", "no cached MES product has the code {product}"),
    "predicted_late_1": QT_TRANSLATE_NOOP(
        "OrderReasons", "predicted {predicted}, 1 day after the promised {promised}"),
    "predicted_late": QT_TRANSLATE_NOOP(
        "OrderReasons", "predicted {predicted}, {days} days after the promised {promised}"),
    "past_due_1": QT_TRANSLATE_NOOP(
        "OrderReasons", "1 day past due ({due}), {done} of {ordered} {unit} done"),
    "past_due": QT_TRANSLATE_NOOP(
        "OrderReasons", "{days} days past due ({due}), {done} of {ordered} {unit} done"),
    "machine_down": QT_TRANSLATE_NOOP("OrderReasons", "{machine} down {down}, slack {slack}"),
    "no_work_order_today": QT_TRANSLATE_NOOP("OrderReasons", "no work order, due today"),
    "no_work_order_1": QT_TRANSLATE_NOOP("OrderReasons", "no work order, due tomorrow"),
    "no_work_order": QT_TRANSLATE_NOOP("OrderReasons", "no work order, due in {days} days"),
    "waiting_material": QT_TRANSLATE_NOOP("OrderReasons", "waiting for {item} until {until}"),
    "waiting_material_none": QT_TRANSLATE_NOOP(
        "OrderReasons", "waiting for {item}: no receipt expected"),
    "unplanned": QT_TRANSLATE_NOOP("OrderReasons", "the scheduler could not plan it"),
    "unplanned_because": QT_TRANSLATE_NOOP(
        "OrderReasons", "the scheduler could not plan it: {problem}"),
    "predicted_on_time": QT_TRANSLATE_NOOP(
        "OrderReasons", "predicted {predicted}, promised {promised}"),
    "likely_late": QT_TRANSLATE_NOOP(
        "OrderReasons", "90 % likely by {latest}, after the promised {promised}"),
    "predicted_range": QT_TRANSLATE_NOOP(
        "OrderReasons", "predicted {predicted}, 90 % likely by {latest}, promised {promised}"),
    "no_prediction": QT_TRANSLATE_NOOP("OrderReasons", "no predicted completion yet"),
    "no_work_order_yet": QT_TRANSLATE_NOOP("OrderReasons", "no work order yet, due {due}"),
    "draft": QT_TRANSLATE_NOOP("OrderReasons", "draft without a promised date"),
    "shipped": QT_TRANSLATE_NOOP("OrderReasons", "all {ordered} {unit} shipped"),
    "made": QT_TRANSLATE_NOOP("OrderReasons", "all made, {shipped} of {ordered} {unit} shipped"),
    "order_shipped": QT_TRANSLATE_NOOP("OrderReasons", "order shipped"),
    "order_closed": QT_TRANSLATE_NOOP("OrderReasons", "order closed"),
    "order_cancelled": QT_TRANSLATE_NOOP("OrderReasons", "order cancelled"),
}


def status_word(status: OrderStatus) -> str:
    return translate("Orders", _STATUS_WORDS[status])


def work_order_word(status: WorkOrderStatus) -> str:
    return translate("Orders", _WORK_ORDER_WORDS[status])


def risk_word(level: RiskLevel) -> str:
    return translate("Orders", _RISK_WORDS[level])


def risk_colour(level: RiskLevel) -> QColor:
    return QColor(_RISK_COLOURS[level])


def via_word(via: str) -> str:
    source = _VIA_WORDS.get(via)
    return translate("Orders", source) if source else via


def key_word(kind: KeyKind) -> str:
    return translate("Orders", KEY_WORDS[kind])


def day_text(day: date | None) -> str:
    """A plain date in the table: 2026-03-09 reads the same in every language and sorts."""
    return day.isoformat() if day is not None else "—"


def predicted_text(predicted: date | None, latest: date | None = None) -> str:
    """The predicted (P50) date with the date it is 90 % likely by (the P90), when the plan
    gives a later one: "2026-12-07 (≤ 9 Dec)"; the tooltip says it in words."""
    if predicted is None or latest is None or latest <= predicted:
        return day_text(predicted)
    return translate("Orders", "{predicted} (≤ {latest})").format(
        predicted=day_text(predicted), latest=short_day(latest))


def latest_of(reasons) -> date | None:
    """The P90 date a line's risk reasons carry (None: no range)."""
    for reason in reasons:
        if reason.code in ("likely_late", "predicted_range"):
            return dict(reason.values).get("latest")
    return None


def range_tooltip(predicted: date, earliest: date, latest: date) -> str:
    return translate(
        "Orders", "Predicted {predicted}: 80 % likely between {earliest} and {latest}, "
        "90 % likely by {latest}.").format(predicted=short_day(predicted),
                                           earliest=short_day(earliest),
                                           latest=short_day(latest))


def short_day(day: date) -> str:
    """"9 Mar" in the reader's language ("3月9日" in zh_TW), for reasons."""
    return day_month(day)


def duration_text(span: timedelta) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return translate("OrderReasons", "{minutes} min").format(minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        if rest == 0:
            return translate("OrderReasons", "{hours} h").format(hours=hours)
        return translate("OrderReasons", "{hours} h {minutes} min").format(
            hours=hours, minutes=rest)
    days, hours = divmod(hours, 24)
    if hours == 0:
        return translate("OrderReasons", "{days} d").format(days=days)
    return translate("OrderReasons", "{days} d {hours} h").format(days=days, hours=hours)


def reason_text(reason: Reason) -> str:
    source = REASON_TEMPLATES.get(reason.code)
    template = translate("OrderReasons", source) if source else None
    try:
        return render(reason, template, date_text=short_day, duration_text=duration_text)
    except (KeyError, IndexError, ValueError):  # a translation with a broken field
        return reason.text()


def reasons_text(reasons: tuple[Reason, ...]) -> str:
    return translate("OrderReasons", "; ").join(reason_text(r) for r in reasons)
