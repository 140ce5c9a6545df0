"""Maintenance planned on this desk and still waiting in the outbox is planned around at once:
the plan does not wait for the MES to confirm the window (as it does not for a promise)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from app.cache.store import CacheStore
from app.runtime.plan_inputs import plan_from_cache
from app.sync.actions import plan_maintenance
from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot, work_order

NOW = local(MONDAY, 6)


def test_a_window_waiting_in_the_outbox_moves_the_work_it_covers(tmp_path: Path) -> None:
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    try:
        fill_cache(store, snapshot(NOW, work_orders=[work_order("W1", 100,
                                                                links=(("O1", 1, 100),))],
                                   orders=[order("O1", "SO-1", 100, promised=MONDAY)]))
        before = plan_from_cache(store, NOW)
        assert before is not None
        finish = before.plan.line_finish[("O1", 1)]
        assert finish is not None and finish.date() == MONDAY  # Turning 06-07, Paint 07-08

        # Turning's machine is serviced 06:00-10:00: the line now finishes after it.
        action = plan_maintenance("mes", "CAL", "MA", NOW, NOW + timedelta(hours=4),
                                  "bearing")
        store.outbox_add(source=action.source, action=action.kind.value,
                         target_feed=action.target_feed, target_id=action.target_id,
                         payload=action.payload, now=NOW)
        after = plan_from_cache(store, NOW)
        assert after is not None
        moved = after.plan.line_finish[("O1", 1)]
        assert moved is not None and moved >= NOW + timedelta(hours=4) > finish
        (calendar,) = after.snapshot.calendars
        assert [(m.machine_id, m.reason) for m in calendar.maintenance] == [("MA", "bearing")]
    finally:
        store.close()
