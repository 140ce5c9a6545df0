"""The Planning view: for now its empty state, with what the cache holds.

It will show capacity load and delivery-date checks (capable-to-promise).
"""

from __future__ import annotations

from widgets.common.pending_view import PendingView


class PlanningView(PendingView):
    FEEDS = ("mes.work_orders", "mes.calendars")

    def empty_title(self) -> str:
        return self.tr("No work orders cached yet")

    def empty_explanation(self) -> str:
        return self.tr(
            "Capacity load and delivery-date checks appear here once the sync engine "
            "has read work orders and calendars from the MES."
        )

    def cached_title(self, count: str) -> str:
        return self.tr("Work orders cached: {count}").format(count=count)

    def arrives_text(self) -> str:
        return self.tr("This view's capacity load arrives with the Planning view.")
