"""The Quality view: for now its empty state, with what the cache holds.

It will show control charts with rule violations, capability and the defect Pareto.
"""

from __future__ import annotations

from widgets.common.pending_view import PendingView


class QualityView(PendingView):
    FEEDS = ("mes.measurements", "mes.characteristics", "mes.defects")

    def empty_title(self) -> str:
        return self.tr("No measurements cached yet")

    def empty_explanation(self) -> str:
        return self.tr(
            "Control charts, capability and the defect Pareto appear here once the "
            "sync engine has read measurements from the MES."
        )

    def cached_title(self, count: str) -> str:
        return self.tr("Measurements cached: {count}").format(count=count)

    def arrives_text(self) -> str:
        return self.tr("This view's control charts arrive with the Quality view.")
