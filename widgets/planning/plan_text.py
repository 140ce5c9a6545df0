"""Dates, numbers and answers in the words of the person's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from app.analytics.schedule import PromiseAnswer


def day_text(day: date) -> str:
    # The format is translated: "3 March" in English, "3月3日" in Traditional Chinese.
    return QLocale().toString(
        QDate(day.year, day.month, day.day), QCoreApplication.translate("PlanText", "d MMMM")
    )


def quantity_text(quantity: Decimal | float) -> str:
    # Digit grouping with a comma reads right in English and Traditional Chinese alike.
    value = float(quantity)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def stock_text(answer: PromiseAnswer, unit: str) -> str:
    """Available-to-promise, before capacity: what ships from stock, what comes, what is made."""
    atp = answer.atp
    if answer.planned_line:
        return ""  # an open line is made as the plan makes it: no stock is handed to it
    if atp is None:
        return QCoreApplication.translate(
            "PlanText", "Stock is not checked: the source provides no stock levels."
        )
    parts = [
        QCoreApplication.translate(
            "PlanText", "{quantity} {unit} can ship from finished stock now"
        ).format(quantity=quantity_text(atp.from_stock), unit=unit)
    ]
    for day, quantity in atp.receipts:
        parts.append(
            QCoreApplication.translate("PlanText", "{quantity} {unit} arrive on {date}").format(
                quantity=quantity_text(quantity), unit=unit, date=day_text(day)
            )
        )
    if atp.to_make > 0:
        parts.append(
            QCoreApplication.translate("PlanText", "{quantity} {unit} have to be made").format(
                quantity=quantity_text(atp.to_make), unit=unit
            )
        )
    return "; ".join(parts) + "."


def material_text(answer: PromiseAnswer, items: dict[str, str]) -> str:
    short = answer.material
    if short is None:
        return ""
    values = {
        "item": items.get(short.item_id, short.item_id),
        "quantity": quantity_text(short.missing),
        "unit": short.unit,
    }
    local = (
        answer.plan.local_date(short.resolved_at)
        if answer.plan is not None and short.resolved_at is not None
        else None
    )
    if short.resolved_at is None or local is None:
        return QCoreApplication.translate(
            "PlanText",
            "The bottleneck is material: {quantity} {unit} of {item} short, and no "
            "receipt is expected (assumed bought within the purchasing lead time).",
        ).format(**values)
    return QCoreApplication.translate(
        "PlanText",
        "The bottleneck is material: {quantity} {unit} of {item} short until the "
        "receipt on {date}.",
    ).format(date=day_text(local), **values)


def answer_text(answer: PromiseAnswer, product: str, centers: dict[str, str]) -> str:
    request = answer.request
    if answer.earliest is None:
        return QCoreApplication.translate("PlanText", "No date can be given: {problem}.").format(
            problem=answer.problem
        )
    values = {
        "quantity": quantity_text(request.quantity),
        "product": product,
        "date": day_text(answer.earliest),
        "requested": day_text(request.requested_date),
    }
    if answer.feasible:
        head = QCoreApplication.translate(
            "PlanText", "{quantity} × {product} can be complete on {date}"
        ).format(**values)
    else:
        head = QCoreApplication.translate(
            "PlanText",
            "{quantity} × {product} cannot be complete by {requested}; the earliest is {date}",
        ).format(**values)
    if answer.confident is not None and answer.confident > answer.earliest:
        head += QCoreApplication.translate(
            "PlanText", ", and by {confident} with 90 % confidence"
        ).format(confident=day_text(answer.confident))
    elif answer.confident is not None:
        head += QCoreApplication.translate("PlanText", ", with 90 % confidence")
    week = answer.bottleneck_week
    if answer.material is not None or answer.bottleneck is None or week is None:
        return head + "."
    tail = QCoreApplication.translate(
        "PlanText", "; the bottleneck is {center}, {load} % loaded in week {week}."
    ).format(
        center=centers.get(answer.bottleneck, answer.bottleneck),
        load=f"{week.load * 100:.0f}",
        week=week.week_start.isocalendar().week,
    )
    return head + tail
