"""The outbox in the status bar: indicator, refusal notice, the Outbox dialog, and Sync now."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app import domain as d
from app.cache.outbox import OutboxItem, OutboxState
from app.sync.health import SourceHealth
from widgets.outbox.outbox_model import Column
from widgets.outbox.outbox_text import describe

REFUSAL = ("demo-crm refused it (HTTP 412): record has changed since you saw it "
           "(version 3, now 4)")


def promise(item_id: int, clock, state=OutboxState.QUEUED, **changes) -> OutboxItem:
    item = OutboxItem(
        id=item_id, idempotency_key=f"key-{item_id}", source="demo-crm", action="promise_date",
        target_feed="crm.orders", target_id="O-000012",
        payload={"line_no": 1, "promised_date": "2026-04-30", "reason": "", "by": "ana"},
        record_version=3, state=state, attempts=0, last_error="",
        created_at=clock.now - timedelta(minutes=2), next_attempt_at=clock.now,
        made_by="ana", delivered_at=None)
    return replace(item, **changes)


def parked(item: OutboxItem) -> OutboxItem:
    return replace(item, state=OutboxState.PARKED, attempts=1, last_error=REFUSAL)


@pytest.fixture
def window(make_window, engine, bridge):
    made = make_window(engine=engine)
    bridge.publish_health(SourceHealth(source="demo-crm", kind="crm", url="http://127.0.0.1:1"))
    return made


def test_indicator_is_hidden_while_nothing_waits(window, bridge) -> None:
    assert not window.outbox_indicator.isVisible()
    bridge.publish_outbox([])
    assert not window.outbox_indicator.isVisible()


def test_indicator_counts_waiting_actions_then_warns_of_a_refusal(
    window, bridge, clock, qtbot
) -> None:
    indicator = window.outbox_indicator
    first, second = promise(1, clock), promise(2, clock, state=OutboxState.SENDING)
    with qtbot.waitSignal(bridge.outbox_changed):
        bridge.publish_outbox([first])
    assert indicator.isVisible() and indicator.text() == "1 action waiting to be sent"
    bridge.publish_outbox([first, second])
    assert indicator.text() == "2 actions waiting to be sent"
    assert indicator.property("warning") is False

    with qtbot.waitSignal(indicator.refused) as refused:
        bridge.publish_outbox([first, parked(second)])
    assert refused.args[0].id == 2
    assert indicator.text() == "1 action refused — review · 1 action waiting to be sent"
    assert indicator.property("warning") is True  # the style sheet's warning look

    bridge.publish_outbox([replace(first, state=OutboxState.DELIVERED)])
    assert not indicator.isVisible()


def test_a_new_refusal_is_told_in_words_in_the_status_bar(window, bridge, clock, qtbot) -> None:
    item = promise(7, clock)
    bridge.publish_outbox([item])
    bridge.publish_outbox([parked(item)])
    notice = window.outbox_notice
    qtbot.waitUntil(notice.isVisible)
    assert notice.text_label.text() == (
        "The CRM refused your change to O-000012: record has changed since you saw it "
        "(version 3, now 4)")
    assert notice.review_button.text() == "Review"
    # Non-blocking: no dialog opened by itself.
    assert window.outbox_indicator.dialog is None

    qtbot.mouseClick(notice.review_button, Qt.MouseButton.LeftButton)
    dialog = window.outbox_indicator.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.selected_item().id == 7
    assert not notice.isVisible()


def test_an_action_refused_in_an_earlier_session_does_not_pop_up_again(
    window, bridge, clock
) -> None:
    bridge.publish_outbox([parked(promise(3, clock))])
    assert window.outbox_indicator.text() == "1 action refused — review"
    assert not window.outbox_notice.isVisible()


def test_refusals_name_the_order_by_its_number_when_the_cache_holds_it(
    make_window, store, bridge, clock, qtbot
) -> None:
    store.upsert("demo-crm", "crm.orders", [d.SalesOrder(
        id="O-000012", number="SO-1012", customer_id="C1", status=d.OrderStatus.CONFIRMED,
        created_at=clock.now)])
    window = make_window(store=store)
    bridge.publish_health(SourceHealth(source="demo-crm", kind="crm", url="http://127.0.0.1:1"))
    item = promise(4, clock)
    bridge.publish_outbox([item])
    bridge.publish_outbox([parked(item)])
    assert window.outbox_notice.text_label.text().startswith(
        "The CRM refused your change to SO-1012: ")


def open_dialog(window, qtbot):
    qtbot.mouseClick(window.outbox_indicator, Qt.MouseButton.LeftButton)
    dialog = window.outbox_indicator.dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_dialog_lists_each_action_in_words(window, bridge, clock, qtbot) -> None:
    bridge.publish_outbox([promise(1, clock), parked(promise(2, clock))])
    dialog = open_dialog(window, qtbot)
    model = dialog.model

    def row(r: int) -> list[str]:
        return [model.index(r, c).data() for c in Column]

    made_at = (clock.now - timedelta(minutes=2)).astimezone().strftime("%Y-%m-%d %H:%M")
    assert row(0) == ["Promised date of O-000012 line 1 → 2026-04-30", "ana", made_at,
                      "waiting", "0", ""]
    assert row(1) == ["Promised date of O-000012 line 1 → 2026-04-30", "ana", made_at,
                      "refused", "1", "record has changed since you saw it (version 3, now 4)"]
    # The dialog follows the outbox while it is open.
    bridge.publish_outbox([parked(promise(2, clock))])
    assert model.rowCount() == 1


def test_retry_and_drop_only_for_refused_actions(window, bridge, clock, qtbot) -> None:
    bridge.publish_outbox([promise(1, clock), parked(promise(2, clock))])
    dialog = open_dialog(window, qtbot)
    assert not dialog.retry_button.isEnabled()  # nothing selected
    dialog.table.selectRow(0)
    assert not dialog.retry_button.isEnabled() and not dialog.drop_button.isEnabled()
    dialog.table.selectRow(1)
    assert dialog.retry_button.isEnabled() and dialog.drop_button.isEnabled()


def click_and_wait(qloop, engine, button) -> None:
    """Click as a person would, on the loop the console runs, until the engine was called."""
    async def scenario() -> None:
        button.click()
        await asyncio.wait_for(engine.outbox.called.wait(), 5)

    qloop.run_until_complete(scenario())


def test_retry_asks_the_engine_to_send_again(window, engine, bridge, clock, qtbot, qloop) -> None:
    item = promise(5, clock)
    bridge.publish_outbox([item])
    bridge.publish_outbox([parked(item)])
    dialog = open_dialog(window, qtbot)
    dialog.select_item(5)
    click_and_wait(qloop, engine, dialog.retry_button)
    assert engine.outbox.calls == [("retry", 5)]


def test_drop_asks_first_then_tells_the_engine(
    window, engine, bridge, clock, qtbot, qloop
) -> None:
    bridge.publish_outbox([parked(promise(6, clock))])
    dialog = open_dialog(window, qtbot)
    dialog.select_item(6)
    asked: list[str] = []
    dialog.confirm_drop = lambda what: asked.append(what) or False
    dialog.drop_button.click()
    assert asked == ["Promised date of O-000012 line 1 → 2026-04-30"]
    assert engine.outbox.calls == []

    dialog.confirm_drop = lambda what: True
    click_and_wait(qloop, engine, dialog.drop_button)
    assert engine.outbox.calls == [("drop", 6)]


def test_without_an_engine_refused_actions_cannot_be_retried(make_window, bridge, clock,
                                                            qtbot) -> None:
    window = make_window()
    bridge.publish_outbox([parked(promise(8, clock))])
    dialog = open_dialog(window, qtbot)
    dialog.select_item(8)
    assert not dialog.retry_button.isEnabled()


def test_sync_now_asks_the_engine(window, engine, qtbot) -> None:
    assert window.sync_now_button.isVisible() and window.sync_now_button.isEnabled()
    qtbot.mouseClick(window.sync_now_button, Qt.MouseButton.LeftButton)
    assert engine.sync_now_calls == 1


def test_sync_now_is_off_without_sources(make_window) -> None:
    window = make_window()
    assert not window.sync_now_button.isEnabled()
    assert "No sources configured" in window.sync_now_button.toolTip()


@pytest.mark.parametrize(
    ("action", "payload", "words"),
    [
        ("activity", {"kind": "customer_notice", "subject": "Delay"},
         "Customer notice on O-000012: Delay"),
        ("activity", {"kind": "note", "subject": "Called"}, "Note on O-000012: Called"),
        ("finding", {"text": "Burr on edge"}, "Finding on complaint O-000012: Burr on edge"),
        ("priority", {"priority": 1}, "Priority of work order O-000012 → 1"),
        ("webhook", {"event": "order.slipped"}, "Event order.slipped to webhook demo-crm"),
        ("recall", {}, "recall on O-000012"),
    ],
)
def test_every_kind_of_action_is_described(clock, action, payload, words) -> None:
    assert describe(promise(1, clock, action=action, payload=payload)) == words


def test_delivered_actions_stay_in_a_done_today_list_with_the_sources_answer(
        window, bridge, clock, qtbot) -> None:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    quoted = replace(promise(5, clock), action="quote", target_id="H-1",
                     payload={"customer_id": "C-001", "product_id": "P-300",
                              "quantity": "500", "unit": "pcs", "quoted_date": "2026-04-30"},
                     state=OutboxState.DELIVERED, delivered_at=now,
                     answer={"id": "O-000120", "number": "SO-1120"})
    yesterday = replace(promise(6, clock), state=OutboxState.DELIVERED,
                        delivered_at=now - timedelta(days=1))
    bridge.publish_outbox([quoted, yesterday])
    # Nothing waits, yet what went today is one click away.
    assert window.outbox_indicator.isVisible()
    assert window.outbox_indicator.text() == "1 action(s) sent today"
    dialog = open_dialog(window, qtbot)
    assert dialog.model.rowCount() == 0  # nothing waiting or refused
    done = dialog.done_model
    assert done.rowCount() == 1  # yesterday's is not today's
    assert done.index(0, Column.ACTION).data() == (
        "Quote: 500 pcs P-300 for C-001, 2026-04-30")
    assert done.index(0, Column.REASON).data() == "created order SO-1120"
    assert dialog.done_title.text() == "Done today: 1 action(s) the source accepted"
