"""Alerts in words, in the person's language: one sentence for the bar, one line per order."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.automation.alerts import AffectedOrder, Alert, AlertKind
from widgets.common.rule_texts import rule_text


def clock_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def headline(alert: Alert) -> str:
    """"CNC 2-1 is down since 14:32 (spindle bearing)"."""
    if alert.kind == AlertKind.SPC_RULE:
        text = QCoreApplication.translate(
            "AlertText", "{subject}: {rule}, since {time}").format(
            subject=alert.subject_name, rule=rule_text(alert.rule), time=clock_time(alert.since))
    else:
        text = QCoreApplication.translate(
            "AlertText", "{machine} is down since {time}").format(
            machine=alert.subject_name, time=clock_time(alert.since))
    if alert.reason:
        text += f" ({alert.reason})"
    return text


def impact_text(alert: Alert) -> str:
    """"3 orders of 2 customers affected; key account: Acme"."""
    orders = len(alert.affected)
    customers = len({(a.order_source, a.customer_id) for a in alert.affected})
    if orders == 0:
        return QCoreApplication.translate("AlertText", "no open orders affected")
    if orders == 1:
        text = QCoreApplication.translate("AlertText", "1 order of 1 customer affected")
    elif customers == 1:
        text = QCoreApplication.translate(
            "AlertText", "{orders} orders of 1 customer affected").format(orders=orders)
    else:
        text = QCoreApplication.translate(
            "AlertText", "{orders} orders of {customers} customers affected").format(
            orders=orders, customers=customers)
    keys = list(dict.fromkeys(a.customer_name for a in alert.affected_by_importance()
                              if a.key_account))
    if len(keys) == 1:
        text += QCoreApplication.translate(
            "AlertText", "; key account: {names}").format(names=keys[0])
    elif keys:
        text += QCoreApplication.translate(
            "AlertText", "; key accounts: {names}").format(names=", ".join(keys))
    return text


def sentence(alert: Alert) -> str:
    return f"{headline(alert)} — {impact_text(alert)}"


def order_line(order: AffectedOrder) -> str:
    """"SO-1042 · Acme (key account) · promised 2026-03-14"."""
    parts = [order.order_number, order.customer_name]
    if order.key_account:
        parts[1] = QCoreApplication.translate(
            "AlertText", "{customer} (key account)").format(customer=order.customer_name)
    if order.promised_date is not None:
        parts.append(QCoreApplication.translate("AlertText", "promised {date}").format(
            date=order.promised_date.isoformat()))
    return " · ".join(parts)
