"""End to end on the demo plant: a delivery-date check in the Planning view, then "promise this
date", which travels through the outbox to the plant's CRM.

Set GEMBA_SCREENSHOTS to a folder to also save the view with its answer (the README's
screenshot): `GEMBA_SCREENSHOTS=docs/screenshots make screenshots`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import httpx
from PySide6.QtCore import QTimer

from app.cache.store import CacheStore
from app.sim.launcher import start_demo_plant
from app.sync.sources import demo_sources
from tests.integration.conftest import read_all
from tests.integration.live_console import shown_window
from widgets.console_run import run_console
from widgets.style import apply_style


def promised_in_plant(url: str, order_id: str, line_no: int) -> str | None:
    with httpx.Client(base_url=url, timeout=10) as client:
        orders, _ = read_all(client, "/crm/v1/orders")
    order = next(o for o in orders if o["id"] == order_id)
    return next(x for x in order["lines"] if x["line_no"] == line_no)["promised_date"]


def test_a_promise_from_the_planning_view_reaches_the_plant(qapp, tmp_path: Path) -> None:
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    seen: dict = {}
    if os.environ.get("GEMBA_SCREENSHOTS"):
        apply_style(qapp)  # as the console looks when started from `gemba`
    # The console plans from its own clock: the plant starts paused at the top of this hour,
    # so the plant's today is the console's today.
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0).isoformat()
    with start_demo_plant(seed=11, speed=60, extra_args=[
            "--paused", "--start", start, "--history-days", "1"]) as plant:

        def step() -> None:
            """One look at the live console every 100 ms; each stage waits for the last."""
            try:
                window = shown_window()
            except StopIteration:
                QTimer.singleShot(100, step)
                return
            view = window.views["planning"]
            panel = view.feasibility
            stage = seen.get("stage", "plan")
            # Ask once the plan has the plant's stock too (the first syncs bring it).
            if stage == "plan" and view.pages.currentIndex() == 1 \
                    and panel.line_box.count() > 1 and view.planner.result is not None \
                    and view.planner.result.snapshot.stock:
                window.switch_view("planning")
                # The largest open line: the one whose date is hardest to keep.
                sizes = [panel.line_box.itemData(i).quantity
                         for i in range(1, panel.line_box.count())]
                panel.line_box.setCurrentIndex(1 + sizes.index(max(sizes)))
                line = panel.line_box.currentData()
                seen["line"] = (line.order_id, line.line_no)
                panel.check_button.click()
                seen["stage"] = "answer"
            elif stage == "answer" and panel.answer is not None \
                    and panel.promise_button.width() >= panel.promise_button.sizeHint().width():
                # (The picture waits for the layout to give the promise button its text's width.)
                seen["date"] = panel.promise_date()
                seen["answer"] = panel.answer_label.text()
                shots = os.environ.get("GEMBA_SCREENSHOTS")
                if shots:
                    window.grab().save(str(Path(shots) / "planning.png"))
                panel.promise_button.click()
                seen["stage"] = "sent"
            elif stage == "sent" and promised_in_plant(plant.url, *seen["line"]) \
                    == seen["date"].isoformat():
                seen["ok"] = True
                window.close()
                return
            QTimer.singleShot(100, step)

        QTimer.singleShot(100, step)
        try:
            assert run_console(qapp, demo_sources(plant.url), "planning", 90, None, store) == 0
        finally:
            store.close()
    assert seen.get("ok"), f"stopped at stage {seen.get('stage')}: {seen}"
    assert "can be complete on" in seen["answer"] or "the earliest is" in seen["answer"]
