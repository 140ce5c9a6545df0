"""A stand-in for SyncEngine.queue_action that records each action, as the outbox keeps it."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from app.sync.actions import Action


class RecordingQueue:
    def __init__(self) -> None:
        self.calls: list[Action] = []

    async def queue_action(self, action: Action) -> Any:
        self.calls.append(action)
        await asyncio.sleep(0)
        return SimpleNamespace(id=len(self.calls))
