"""What the demo plant's HTTP server holds: the plant, its clock driver, faults, idempotency."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from app.sim.faults import FaultBook

if TYPE_CHECKING:
    from app.sim.plant import Plant

TICK_SECONDS = 0.1  # how often the running clock advances the plant, in real time
IDEMPOTENCY_KEEP_SECONDS = 8 * 24 * 3600  # the contract promises at least 7 days


@dataclass(slots=True)
class StoredAnswer:
    fingerprint: str  # method, path and body of the request that made it
    status: int
    body: bytes
    stored_at: float  # monotonic seconds


@dataclass
class SimState:
    plant: Plant
    speed: float = 60.0
    paused: bool = False
    faults: FaultBook = field(default_factory=FaultBook)
    answers: dict[str, StoredAnswer] = field(default_factory=dict)
    _ticker: asyncio.Task[None] | None = None

    # -- clock -------------------------------------------------------------------------------
    async def run_clock(self) -> None:
        """Advance the simulation in real time at `speed` while not paused."""
        last = time.monotonic()
        while True:
            await asyncio.sleep(TICK_SECONDS)
            now = time.monotonic()
            if not self.paused and self.speed > 0:
                self.plant.advance_to(self.plant.now + timedelta(seconds=(now - last) * self.speed))
            last = now

    def start(self) -> None:
        self._ticker = asyncio.get_running_loop().create_task(self.run_clock())

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker

    # -- idempotency -------------------------------------------------------------------------
    @staticmethod
    def fingerprint(method: str, path: str, body: bytes) -> str:
        return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()

    def stored_answer(self, key: str) -> StoredAnswer | None:
        self._forget_old()
        return self.answers.get(key)

    def store_answer(self, key: str, fingerprint: str, status: int, body: bytes) -> None:
        self.answers[key] = StoredAnswer(fingerprint, status, body, time.monotonic())

    def _forget_old(self) -> None:
        horizon = time.monotonic() - IDEMPOTENCY_KEEP_SECONDS
        for key in [k for k, a in self.answers.items() if a.stored_at < horizon]:
            del self.answers[key]
