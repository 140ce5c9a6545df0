"""The Traceability view: for now its empty state, with what the cache holds.

It will show backward and forward traces from a lot to shipments and customers.
"""

from __future__ import annotations

from widgets.common.pending_view import PendingView


class TraceabilityView(PendingView):
    FEEDS = ("mes.lots", "mes.genealogy", "crm.shipments")

    def empty_title(self) -> str:
        return self.tr("No lots cached yet")

    def empty_explanation(self) -> str:
        return self.tr(
            "Backward and forward traces appear here once the sync engine has read "
            "lots and their genealogy from the MES."
        )

    def cached_title(self, count: str) -> str:
        return self.tr("Lots cached: {count}").format(count=count)

    def arrives_text(self) -> str:
        return self.tr("This view's traces arrive with the Traceability view.")
