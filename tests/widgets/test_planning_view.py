"""The Planning view on a hand-planned plant (tests/unit/schedule_fixtures): the delivery-date
check with its validation, answer, slips and promise; expedite with its effect."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.sync.actions import ActionKind
from tests.unit.schedule_fixtures import (
    MONDAY,
    OrderStatus,
    fill_cache,
    local,
    order,
    snapshot,
    work_order,
)
from tests.widgets.recording_queue import RecordingQueue
from widgets.common.cache_counts import CacheCounts
from widgets.common.plan_service import PlanService
from widgets.planning.planning_view import PlanningView

TUESDAY = MONDAY + timedelta(days=1)
NOW = local(MONDAY, 6)


@pytest.fixture
def make_view(qtbot, store, bridge, qloop):
    def make(snap, engine=None) -> PlanningView:
        fill_cache(store, snap)
        planner = PlanService(bridge, store, lambda: NOW)
        view = PlanningView(CacheCounts(store, bridge), bridge, store, lambda: NOW,
                            planner=planner, engine=engine)
        planner.setParent(view)  # goes with the view: no plan timer outlives the test
        qtbot.addWidget(view)
        view.resize(1300, 800)
        view.show()
        qtbot.waitUntil(lambda: view.pages.currentIndex() == 1)
        qtbot.waitUntil(lambda: view.feasibility.line_box.count() > 0)
        return view

    return make


def plant_with_urgent_line():
    orders = [order("O1", "SO-0001", 200, promised=MONDAY),
              order("Q1", "SO-0002", 400, promised=None, status=OrderStatus.DRAFT)]
    wos = [work_order("W1", 200, priority=2, links=(("O1", 1, 200),)),
           work_order("W2", 400, priority=1)]
    return snapshot(NOW, work_orders=wos, orders=orders)


def ask(view, qtbot, quantity: str, priority: int = 3):
    panel = view.feasibility
    panel.quantity_edit.setText(quantity)
    panel.priority_box.setCurrentIndex(priority - 1)
    with qtbot.waitSignal(panel.answered, timeout=10000) as answered:
        panel.check_button.click()
    return answered.args[0]


@pytest.mark.parametrize(("text", "message"), [
    ("", "Enter the quantity to make."),
    ("five hundred", "“five hundred” is not a number; enter for example 500."),
    ("0", "The quantity must be more than 0."),
    ("-20", "The quantity must be more than 0."),
    ("2000000", "More than 1,000,000 cannot be planned at once."),
])
def test_a_wrong_quantity_is_refused_next_to_the_field(make_view, text, message) -> None:
    view = make_view(plant_with_urgent_line())
    panel = view.feasibility
    panel.quantity_edit.setText(text)
    panel.check_button.click()
    assert panel.quantity_error.isVisible()
    assert panel.quantity_error.text() == message
    assert panel.answer is None and panel.check_button.isEnabled()


def test_a_date_in_the_past_is_refused(make_view) -> None:
    view = make_view(plant_with_urgent_line())
    panel = view.feasibility
    panel.quantity_edit.setText("10")
    panel.date_edit.setDate(panel.date_edit.date().addDays(-3))
    panel.check_button.click()
    assert panel.date_error.isVisible()
    assert "in the past" in panel.date_error.text()


def test_answer_in_plain_words_with_bottleneck_and_load_chart(make_view, qtbot) -> None:
    view = make_view(plant_with_urgent_line())
    answer = ask(view, qtbot, "200")
    # W2 (priority 1) and W1 (priority 2) go first: MA free from 12:00, MB on Tuesday 08:00.
    assert answer.earliest == TUESDAY and answer.bottleneck == "WC-B"
    text = view.feasibility.answer_label.text()
    assert text.startswith("200 × P1 cannot be complete by 2 March; the earliest is 3 March")
    assert "the bottleneck is Paint" in text and "in week 10" in text
    assert view.feasibility.chart.isVisible()
    assert len(view.feasibility.chart.weeks) == 8
    # A new request has no order to promise on: it is quoted, once a customer is named,
    # and the form says why not yet (not only in a tooltip).
    assert view.feasibility.promise_button.isHidden()
    assert not view.feasibility.quote_button.isEnabled()
    assert view.feasibility.why_not.text()


def test_a_higher_priority_lists_the_lines_that_would_slip(make_view, qtbot) -> None:
    orders = [order("O1", "SO-0001", 200, promised=MONDAY)]
    # Alone, W1 is done on Monday: MA 06-08, MB 08-10.
    view = make_view(snapshot(NOW, orders=orders, work_orders=[
        work_order("W1", 200, priority=2, links=(("O1", 1, 200),))]))
    answer = ask(view, qtbot, "400", priority=1)
    assert [s.line for s in answer.slips] == [("O1", 1)]
    slips = view.feasibility.slips
    assert slips.isVisible() and slips.rowCount() == 1
    assert [slips.item(0, c).text() for c in range(5)] == [
        "SO-0001 / 1", "Customer C-1", "2 March", "3 March", "1 day(s)"]


def test_changing_the_request_keeps_the_answer_marked_as_earlier(make_view, qtbot) -> None:
    view = make_view(plant_with_urgent_line())
    panel = view.feasibility
    answer = ask(view, qtbot, "200")
    panel.quantity_edit.setText("300")
    panel.quantity_edit.textEdited.emit("300")
    # The call goes on: the answer stays in view, marked as the answer to the earlier request,
    # and nothing can be promised or quoted on it.
    assert panel.answer is answer and panel.stale
    assert "for the request as it was" in panel.stale_label.text()
    assert not panel.quote_button.isEnabled()
    assert panel.quantity_edit.text() == "300"
    assert panel.history_list.count() == 1  # the call's history keeps the answer given
    panel.clear_button.click()
    assert panel.answer is None and panel.quantity_edit.text() == ""


def test_promise_on_a_quote_goes_to_the_outbox(make_view, qtbot) -> None:
    engine = RecordingQueue()
    view = make_view(plant_with_urgent_line(), engine=engine)
    panel = view.feasibility
    assert panel.select_line("Q1", 1)
    assert not panel.product_box.isEnabled()  # the line's own product
    answer = ask(view, qtbot, panel.quantity_edit.text())
    assert answer.request.order_line == ("Q1", 1)
    assert panel.promise_button.isEnabled()
    assert panel.promise_button.text() == f"Promise {answer.earliest.day} March"
    panel.promise_button.click()
    qtbot.waitUntil(lambda: bool(engine.calls))
    (action,) = engine.calls
    assert action.kind == ActionKind.PROMISE_DATE and action.source == "crm"
    assert action.target_id == "Q1"
    assert action.payload["line_no"] == 1
    assert action.payload["promised_date"] == answer.earliest.isoformat()
    assert "waiting to be sent" in panel.promise_status.text()


def test_expedite_shows_gains_and_losses_then_sends(make_view, qtbot) -> None:
    orders = [order("O1", "SO-0001", 400, promised=TUESDAY),
              order("O2", "SO-0002", 400, promised=TUESDAY)]
    wos = [work_order("W1", 400, links=(("O1", 1, 400),)),
           work_order("W2", 400, links=(("O2", 1, 400),))]
    engine = RecordingQueue()
    view = make_view(snapshot(NOW, work_orders=wos, orders=orders), engine=engine)
    view.tabs.setCurrentWidget(view.expedite)
    panel = view.expedite
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert panel.select("W2")
    panel.priority_box.setCurrentIndex(0)  # priority 1
    with qtbot.waitSignal(panel.previewed, timeout=10000):
        panel.preview_button.click()
    assert [panel.gains.item(i).text() for i in range(panel.gains.count())] == [
        "SO-0002 / 1: 3 March → 2 March (promised 3 March)"]
    assert [panel.losses.item(i).text() for i in range(panel.losses.count())] == [
        "SO-0001 / 1: 2 March → 3 March (promised 3 March)"]
    panel.send_button.click()
    qtbot.waitUntil(lambda: bool(engine.calls))
    (action,) = engine.calls
    assert action.kind == ActionKind.PRIORITY and action.target_id == "W2"
    assert action.payload == {"priority": 1} and action.source == "mes"


def test_empty_cache_says_what_is_missing(qtbot, store, bridge) -> None:
    view = PlanningView(CacheCounts(store, bridge), bridge, store, lambda: NOW)
    qtbot.addWidget(view)
    view.show()
    assert view.pages.currentIndex() == 0
    assert view.empty.title_label.text() == "Nothing to plan yet"


def test_send_to_customer_drafts_the_answer_in_the_contacts_language(make_view, qtbot,
                                                                     store) -> None:
    from app.domain import Contact

    store.upsert("crm", "crm.contacts", [Contact(id="K1", customer_id="C-1", name="林美",
                                                 email="mei@example.tw", language="zh_TW")])
    view = make_view(plant_with_urgent_line(), engine=RecordingQueue())
    panel = view.feasibility
    assert panel.select_line("O1", 1)
    answer = ask(view, qtbot, panel.quantity_edit.text())
    assert panel.send_button.isEnabled()
    panel.send_button.click()
    dialog = panel.notice_dialog
    assert dialog is not None and dialog.isVisible()
    notice = dialog.notice
    assert notice.language == "zh_TW" and notice.to_email == "mei@example.tw"
    assert "林美 您好" in notice.body and "交付" in notice.body
    assert f"{answer.earliest.month}月" in notice.subject
    dialog.close()


def test_a_new_plan_after_a_promise_keeps_the_request_and_the_answer(make_view, qtbot) -> None:
    engine = RecordingQueue()
    view = make_view(plant_with_urgent_line(), engine=engine)
    panel = view.feasibility
    assert panel.select_line("Q1", 1)
    panel.date_edit.setDate(TUESDAY + timedelta(days=7))
    answer = ask(view, qtbot, "350")
    panel.promise_button.click()
    qtbot.waitUntil(lambda: bool(engine.calls))
    # The outbox changed: a new plan brings new choices, as after every promise.
    panel.set_choices(panel.choices, panel.today)
    assert panel.answer is answer and not panel.stale
    assert panel.quantity_edit.text() == "350"
    assert panel.date_edit.value() == TUESDAY + timedelta(days=7)
    assert panel.line_box.currentData().order_id == "Q1"
    assert "Promise" in panel.promise_status.text()
