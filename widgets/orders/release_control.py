"""Orders → Not linked → "Release to production": the selected line's release is built from the
cache (app.automation.release) and queued in the outbox, which sends it once; a refusal (an
option the plant's mapping does not know, or the MES saying no) shows under the buttons, and
the mapping opens with it listed next to the rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from app.analytics.fulfilment import UnlinkedLine
from app.automation.release import OptionRefused, release_action_for
from app.cache.outbox import OutboxState
from widgets.common.queued_actions import QueuedActions

if TYPE_CHECKING:
    from widgets.orders.orders_view import OrdersView


class ReleaseControl(QObject):
    def __init__(self, view: OrdersView, engine: Any | None, bridge: Any | None) -> None:
        super().__init__(view)
        self.view = view
        self.panel = view.unlinked
        self.queued = QueuedActions(engine, bridge, self)
        # What the mapping refused, as (line, product, "option=value", reason).
        self.refused: list[tuple[str, str, str, str]] = []
        self.panel.can_release = self.queued.available and view.store is not None
        self.panel.release_requested.connect(self.release)
        self.panel.mapping_requested.connect(self.open_mapping)
        self.queued.changed.connect(self._show_pending)
        self.queued.failed.connect(self._not_stored)
        self._pending_text = ""

    def _crm_source(self, line: UnlinkedLine) -> str:
        data = self.view.data
        if data is not None and line.order_id in data.orders:
            return data.orders[line.order_id][0]
        store = self.view.store
        return (store.sources_of("crm.orders") or [""])[0] if store is not None else ""

    def release(self, line: UnlinkedLine) -> None:
        store = self.view.store
        if store is None or not self.queued.available:
            return
        name = self.tr("{order} line {line}").format(order=line.order_number, line=line.line_no)
        source = self._crm_source(line)
        from app.sync.actions import release_key

        key = release_key(source, line.order_id, line.line_no)
        if any(item.idempotency_key == key and item.state != OutboxState.PARKED
               for item in store.outbox_items()):
            self.panel.show_release_status(self.tr(
                "{line} is released already: its work order is in the outbox or in the MES."
            ).format(line=name))
            return
        from widgets.orders.order_rows import sources

        try:
            action = release_action_for(store, source, line.order_id, line.line_no,
                                        made_by=_user(),
                                        mes_source=(sources(store, "mes.work_orders")
                                                    or [None])[0])
        except OptionRefused as refused:
            self.refused = [(name, line.product_id, f"{option}={value}", str(refused))
                            for option, value in refused.unknown] or [
                (name, line.product_id, "", str(refused))]
            self.panel.show_release_status(self.tr(
                "{line} is not released: {reason}. Map the option in Option mapping…"
            ).format(line=name, reason=str(refused)), refused=True)
            return
        except LookupError as missing:
            self.panel.show_release_status(str(missing), refused=True)
            return
        self._pending_text = name
        self.queued.queue(action, self.tr("Release {line}").format(line=name))

    def _show_pending(self) -> None:
        for pending in self.queued.pending:
            if pending.refused:
                self.panel.show_release_status(self.tr(
                    "The MES refused the release: {reason}").format(reason=pending.reason),
                    refused=True)
                return
        if self.queued.pending:
            self.panel.show_release_status(self.tr(
                "{line}: release waiting to be sent").format(line=self._pending_text))
        elif self._pending_text:
            self.panel.show_release_status(self.tr(
                "{line}: released; its work order shows once the MES is read again"
            ).format(line=self._pending_text))

    def _not_stored(self, text: str, error: str) -> None:
        self.panel.show_release_status(self.tr("{what} could not be queued: {error}").format(
            what=text, error=error), refused=True)

    def open_mapping(self) -> None:
        from widgets.orders.option_mapping_dialog import OptionMappingDialog

        if self.view.store is None:
            return
        dialog = OptionMappingDialog(self.view.store, self.refused, self.view)
        dialog.saved.connect(lambda _m: self.panel.show_release_status(""))
        self.view.mapping_dialog = dialog
        dialog.open()


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name on this system
        return ""
