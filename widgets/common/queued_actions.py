"""Queueing a person's actions through the sync engine's outbox, and following them until the
source has them: "waiting to be sent" until the outbox reports them delivered, or refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from app.cache.outbox import OutboxItem, OutboxState
from app.sync.actions import Action
from app.sync.bridge import SyncBridge
from widgets.common.engine_control import start_task


class ActionQueue(Protocol):
    """The part of SyncEngine that takes a person's action: stored first, sent later."""

    async def queue_action(self, action: Action) -> OutboxItem: ...


@dataclass(slots=True)
class PendingAction:
    target: tuple[str, str]  # (source, id of the record it changes)
    text: str  # what it does, in words
    item_id: int | None = None  # the outbox item, once stored
    refused: bool = False
    reason: str = ""  # the source's words, when it refused
    delivered: bool = False  # the source has it
    answer: dict | None = None  # what the source answered (e.g. the order a quote created)
    not_stored: str = ""  # why the action could not even be stored (e.g. hours held since)
    answer_of: object | None = None  # what the person acted on (e.g. the PromiseAnswer)
    error: BaseException | None = None  # what kept it from being stored


class QueuedActions(QObject):
    # After an action was stored, delivered, refused, or failed to be stored.
    changed = Signal()
    # An action could not even be stored (the cache is broken): its words and the error.
    failed = Signal(str, str)

    def __init__(self, engine: ActionQueue | None, bridge: SyncBridge | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.pending: list[PendingAction] = []
        if bridge is not None:
            bridge.outbox_changed.connect(self._on_outbox)

    @property
    def available(self) -> bool:
        return self.engine is not None

    def queue(self, action: Action, text: str) -> PendingAction:
        if self.engine is None:
            raise RuntimeError("no sync engine: actions cannot be queued offline")
        pending = PendingAction((action.source, action.target_id), text)
        self.pending.append(pending)
        self.changed.emit()

        async def store() -> None:
            assert self.engine is not None
            item = await self.engine.queue_action(action)
            pending.item_id = getattr(item, "id", None)
            self.changed.emit()

        start_task(store(), f"queue {action.kind} on {action.target_id}",
                   on_error=lambda error: self._not_stored(pending, error))
        return pending

    def of(self, key: tuple[str, str]) -> list[PendingAction]:
        return [p for p in self.pending if p.target == key]

    def _not_stored(self, pending: PendingAction, error: BaseException) -> None:
        if pending in self.pending:
            self.pending.remove(pending)
        from widgets.shared.refusal import refusal_text  # lazy: it pulls in psycopg

        # A shared database's refusal of the person's role, in words; other errors as they are.
        pending.error = error
        pending.not_stored = refusal_text(error) or str(error)
        self.failed.emit(pending.text, pending.not_stored)
        self.changed.emit()

    def _on_outbox(self, items: list[OutboxItem]) -> None:
        states = {item.id: item for item in items}
        kept: list[PendingAction] = []
        for pending in self.pending:
            item = states.get(pending.item_id) if pending.item_id is not None else None
            if pending.item_id is not None and (item is None
                                                or item.state == OutboxState.DELIVERED):
                if item is not None:
                    pending.delivered, pending.answer = True, item.answer
                continue  # delivered (or dropped by the person in the outbox dialog)
            if item is not None and item.state == OutboxState.PARKED:
                pending.refused, pending.reason = True, item.last_error
            kept.append(pending)
        if kept != self.pending or any(p.refused for p in kept):
            self.pending = kept
            self.changed.emit()
