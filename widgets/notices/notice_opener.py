"""From a rule's firing (an order line slipping) to a drafted customer notice for review."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from app.analytics.order_risk import material_waits
from app.analytics.schedule.plan import Plan
from app.automation.notices import notice_for_slip
from app.automation.rules.model import Firing
from app.cache.store import CacheStore
from widgets.common.queued_actions import QueuedActions
from widgets.notices.notice_dialog import NoticeDialog


def firing_line(firing: Firing) -> int | None:
    """The order line a firing is about: its key holds "<order id>/<line>"."""
    prefix = f"{firing.order_id}/"
    for part in firing.occurrence_key.split(":"):
        if part.startswith(prefix) and part[len(prefix):].isdigit():
            return int(part[len(prefix):])
    return None


def open_notice_for_firing(firing: Firing, store: CacheStore, plan: Plan | None,
                           queued: QueuedActions, parent: QWidget | None = None
                           ) -> NoticeDialog | None:
    """Draft the notice in the contact's language and show it for review; nothing is sent
    until the person approves it. None when the firing names no order line still cached."""
    line_no = firing_line(firing)
    order = store.get(firing.order_source, "crm.orders", firing.order_id) if line_no else None
    if order is None or line_no is None:
        return None
    key = (order.id, line_no)
    new_date = plan.line_completion_date(key) if plan is not None else None
    if new_date is None and firing.facts.get("predicted"):
        new_date = date.fromisoformat(str(firing.facts["predicted"]))
    if new_date is None:
        return None
    if firing.facts.get("machine"):
        code, values = "machine_breakdown", {"machine": firing.facts["machine"]}
    elif plan is not None and (waits := material_waits(plan, key)):
        code, values = "material_shortage", {"item": waits[0][0]}
    else:
        code, values = "capacity", {}
    customer = store.get(firing.order_source, "crm.customers", order.customer_id)
    contacts = store.all(firing.order_source, "crm.contacts")
    notice = notice_for_slip(order, line_no, customer, contacts, new_date, code, values)
    dialog = NoticeDialog(notice, firing.order_source, order.id, queued, parent=parent)
    dialog.open()
    return dialog
