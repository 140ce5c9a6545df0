"""The Complaints view: for now its empty state, with what the cache holds.

It will show customer complaints and the lots they point to.
"""

from __future__ import annotations

from widgets.common.pending_view import PendingView


class ComplaintsView(PendingView):
    FEEDS = ("crm.complaints",)

    def empty_title(self) -> str:
        return self.tr("No complaints cached yet")

    def empty_explanation(self) -> str:
        return self.tr(
            "Customer complaints and the lots they point to appear here once the sync"
            " engine has read them from the CRM."
        )

    def cached_title(self, count: str) -> str:
        return self.tr("Complaints cached: {count}").format(count=count)

    def arrives_text(self) -> str:
        return self.tr("This view's table arrives with the Complaints view.")
