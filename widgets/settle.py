"""When the console has caught up, for a screenshot taken without `--quit-after`.

Caught up: every source has read each of its feeds to its end once, or is down; a plan made
after that has reached the views (or there is nothing left to plan); and the views' own cache
reads are done. A picture taken sooner shows "No plan from the scheduler yet", or a feed half
read, which is not the view a person works with.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime

from app.sync.health import SourceHealth, SourceState
from widgets.common.background import reads_in_flight
from widgets.common.runtime_link import RuntimeLink

POLL_S = 0.25
QUIET_POLLS = 2  # the views' reads idle this many polls in a row: a refresh may follow a read


def sources_caught_up(health: Iterable[SourceHealth]) -> bool:
    """Every source has answered, and read each feed to its end once unless it is down now
    (then the cache holds all there is to show)."""
    return all(h.state is not SourceState.CONNECTING
               and (not h.first_reads or h.state is SourceState.DOWN) for h in health)


def plan_current(runtime: RuntimeLink | None, since: datetime) -> bool:
    """A plan begun at or after `since` has reached the views, or the runtime has nothing
    to plan (an empty cache gives no plan at all)."""
    if runtime is None:
        return True
    latest = runtime.latest
    if latest is not None and latest.plan is not None and latest.at >= since:
        return True
    work = runtime.runtime
    return work.started and work.idle and not work.replan_waiting


async def until_settled(health: Callable[[], list[SourceHealth]], runtime: RuntimeLink | None,
                        clock: Callable[[], datetime], limit: float) -> bool:
    """Wait until the console has caught up (True), or `limit` seconds (False)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    caught_up_at: datetime | None = None
    quiet = 0
    while loop.time() < deadline:
        if caught_up_at is None:
            if sources_caught_up(health()):
                caught_up_at = clock()
        elif plan_current(runtime, caught_up_at):
            quiet = quiet + 1 if reads_in_flight() == 0 else 0
            if quiet >= QUIET_POLLS:
                return True
        await asyncio.sleep(POLL_S)
    return False
