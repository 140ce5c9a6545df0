"""A rule's firing about a slipping order line opens a drafted customer notice for review."""

from __future__ import annotations

from app.automation.rules.model import Firing, RuleAction, RuleEvent
from app.domain import Contact
from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot, work_order
from tests.widgets.conftest import save_screenshot
from tests.widgets.recording_queue import RecordingQueue
from widgets.common.queued_actions import QueuedActions
from widgets.notices.notice_opener import firing_line, open_notice_for_firing

NOW = local(MONDAY, 6)


def slip_firing(**changes) -> Firing:
    values = dict(id=1, rule_id="slip", occurrence_key="slip:O1/1:2026-03-02", fired_at=NOW,
                  event=RuleEvent.COMPLETION_SLIP, subject="SO-0001 / 1",
                  facts={"predicted": "2026-03-04", "promised": "2026-03-02"},
                  order_source="crm", order_id="O1", action=RuleAction.NOTICE,
                  action_state="notice offered")
    values.update(changes)
    return Firing(**values)


def test_the_line_comes_from_the_occurrence_key() -> None:
    assert firing_line(slip_firing()) == 1
    assert firing_line(slip_firing(occurrence_key="machine_down_slack:M1:2026-03-02T06:00"
                                                   ":O1/3")) == 3
    assert firing_line(slip_firing(occurrence_key="complaint:K1")) is None


def test_a_slip_firing_drafts_a_notice_in_the_contacts_language(qtbot, store, bridge,
                                                                qloop) -> None:
    fill_cache(store, snapshot(NOW, orders=[order("O1", "SO-0001", 100, promised=MONDAY)],
                               work_orders=[work_order("W1", 100, links=(("O1", 1, 100),))]))
    store.upsert("crm", "crm.contacts", [Contact(id="K1", customer_id="C-1", name="林小姐",
                                                 email="lin@example.com", language="zh_TW")])
    engine = RecordingQueue()
    dialog = open_notice_for_firing(slip_firing(), store, None,
                                    QueuedActions(engine, bridge), None)
    qtbot.addWidget(dialog)
    assert dialog is not None and dialog.isVisible()
    # The contact reads Traditional Chinese: the draft is in it, with the new date.
    assert "SO-0001" in dialog.subject_edit.text() and "交期" in dialog.subject_edit.text()
    assert "2026年3月4日" in dialog.body_edit.toPlainText()
    assert engine.calls == []  # nothing goes anywhere before a person approves it
    save_screenshot(dialog, "notice-zh_TW.png")


def test_an_event_without_an_order_line_says_no_notice_was_drafted(make_window, store,
                                                                  qtbot) -> None:
    window = make_window(store=store)
    firing = slip_firing(occurrence_key="complaint:K1", order_id="")
    assert window.draft_notice(firing) is None
    assert "No notice drafted" in window.statusBar().currentMessage()
