"""From a delivery-date answer to a customer notice for review, through the notice flow every
other notice takes (widgets.notices.notice_dialog): drafted in the contact's language,
recorded on the order in the CRM and mailed only once the person approves it."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QWidget

from app.analytics.schedule import PromiseAnswer
from app.analytics.schedule.alternatives import split
from app.automation.notices import answer_notice, first_contact
from app.cache.store import CacheStore
from widgets.common.queued_actions import QueuedActions
from widgets.notices.notice_dialog import NoticeDialog
from widgets.planning.planning_choices import PlanningChoices


def open_answer_notice(answer: PromiseAnswer, delivery: date | None, customer_id: str,
                       source: str, order_id: str, store: CacheStore | None,
                       queued: QueuedActions, choices: PlanningChoices,
                       hold_days: int | None = None,
                       parent: QWidget | None = None) -> NoticeDialog | None:
    if delivery is None or store is None:
        return None
    request = answer.request
    customer = store.get(source, "crm.customers", customer_id) if customer_id else None
    contact = first_contact(customer_id, store.all(source, "crm.contacts")) \
        if customer_id else None
    order = store.get(source, "crm.orders", order_id)
    unit = request.unit or choices.units.get(request.product_id, "")
    held = (date.today() + timedelta(days=hold_days)) if hold_days else None
    notice = answer_notice(
        choices.products.get(request.product_id, request.product_id), request.quantity, unit,
        request.requested_date, delivery, customer, contact, split=split(answer),
        number=order.number if order is not None else "", held_until=held)
    dialog = NoticeDialog(notice, source, order_id, queued, parent=parent)
    dialog.open()
    return dialog
