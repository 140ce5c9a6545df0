"""The Orders view: for now its empty state, with what the cache holds.

It will show order progress, predicted completion against the promised date, and risk.
"""

from __future__ import annotations

from widgets.common.pending_view import PendingView


class OrdersView(PendingView):
    FEEDS = ("crm.orders", "mes.work_orders")

    def empty_title(self) -> str:
        return self.tr("No orders cached yet")

    def empty_explanation(self) -> str:
        return self.tr(
            "Orders appear here once the sync engine has read them from the CRM."
        )

    def cached_title(self, count: str) -> str:
        return self.tr("Orders cached: {count}").format(count=count)

    def arrives_text(self) -> str:
        return self.tr("This view's table arrives with the Orders view.")
