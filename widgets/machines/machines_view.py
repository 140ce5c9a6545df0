"""The Machines view: for now its empty state, with what the cache holds.

It will show live machine state, OEE and the current job.
"""

from __future__ import annotations

from widgets.common.pending_view import PendingView


class MachinesView(PendingView):
    FEEDS = ("mes.machine_status", "mes.machine_events")

    def empty_title(self) -> str:
        return self.tr("No machine data yet")

    def empty_explanation(self) -> str:
        return self.tr(
            "Machine states, OEE and current work orders appear here once the sync "
            "engine has read them from the MES."
        )

    def cached_title(self, count: str) -> str:
        return self.tr("Machines cached: {count}").format(count=count)

    def arrives_text(self) -> str:
        return self.tr("This view's dashboard arrives with the Machines view.")
