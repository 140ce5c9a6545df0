"""One Customer page per customer: asking again for an open one brings it to the front."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.cache.store import CacheStore
from widgets.customer.customer_page import CustomerPage
from widgets.status.source_health import utc_now

_OPEN: dict[tuple[int, str, str], CustomerPage] = {}


def open_customer_page(store: CacheStore | None, source: str, customer_id: str,
                       planner: Any = None, clock: Callable[[], datetime] = utc_now,
                       parent: QWidget | None = None) -> CustomerPage:
    """The page of (source, customer_id) over `store`: the open one if there is one, else a
    new one; shown, raised and activated either way. A closed page is deleted and forgotten."""
    key = (id(store), source, customer_id)
    page = _OPEN.get(key)
    if page is None:
        page = CustomerPage(store, source, customer_id, planner, clock, parent)
        page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _OPEN[key] = page
        page.destroyed.connect(lambda _=None, k=key: _OPEN.pop(k, None))
    page.show()
    page.raise_()
    page.activateWindow()
    return page


def open_pages() -> list[CustomerPage]:
    return list(_OPEN.values())
