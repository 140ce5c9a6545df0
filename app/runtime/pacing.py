"""How soon a recomputation in the background may run again: at most a share of one core.

At plant size a plan or the Overview's figures take a second or more of Python, which holds
the interpreter lock the window's thread needs; run back to back on every poll, they keep one
core busy and the window stutters. Paced, the wait after a run grows with the run: a small
plant recomputes within a fraction of a second, a large one every half minute or so.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class Pacing:
    def __init__(self, share: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        """`share`: of one core's time, between 0 (exclusive) and 1."""
        if not 0 < share <= 1:
            raise ValueError(f"share of a core must be in (0, 1], not {share}")
        self.share = share
        self._monotonic = monotonic
        self._began: float | None = None
        self._next_at = -math.inf
        self.last_run_seconds: float | None = None

    def started(self) -> None:
        self._began = self._monotonic()

    def finished(self) -> None:
        if self._began is None:
            return
        now = self._monotonic()
        took = now - self._began
        self._began = None
        self.last_run_seconds = took
        # took / (took + rest) == share
        self._next_at = now + took * (1 / self.share - 1)

    def wait_seconds(self) -> float:
        """How long from now until the next run keeps to the share (0: it may run now)."""
        return max(0.0, self._next_at - self._monotonic())
