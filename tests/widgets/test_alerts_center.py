"""The alarm centre as a plant manager works it: occurrences folded into alarms, shown most
urgent first in the bar and the list; every acknowledgement, shelving, assignment and comment
changes the alarm's state and is kept in the cache's alarm journal, which a second desk reads."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.automation.alarms import JournalAction, Priority
from app.automation.alerts import AffectedOrder, Alert, AlertKind
from app.cache.alarm_journal import entries_after
from app.cache.store import CacheStore
from widgets.alerts.alert_bar import AlertBar
from widgets.alerts.alert_center import AlertCenter
from widgets.alerts.alert_list import AlertList, ShelveDialog
from widgets.alerts.alert_text import impact_text

SINCE = datetime(2026, 3, 2, 14, 32, tzinfo=UTC)
NOW = SINCE + timedelta(minutes=10)


def _order(number: str, customer: str, key: bool, promised: date | None = None
           ) -> AffectedOrder:
    return AffectedOrder("crm", number, number, customer, customer, key, promised, ("WO-1",))


def _alert(key: str = "k1", affected: tuple[AffectedOrder, ...] = (), machine: str = "M-211",
           since: datetime = SINCE) -> Alert:
    return Alert(key=key, kind=AlertKind.MACHINE_DOWN, source="mes", subject_id=machine,
                 subject_name=f"CNC {machine}", since=since, raised_at=since,
                 reason="spindle bearing", affected=affected)


def _spc(n: int, characteristic: str = "CH-BORE", rule: str = "nelson-1") -> Alert:
    """The n-th violation of `rule` on a characteristic, one second apart."""
    at = SINCE + timedelta(seconds=n)
    return Alert(key=f"spc_rule:mes:{characteristic}:{rule}:{at.isoformat()}",
                 kind=AlertKind.SPC_RULE, source="mes", subject_id=characteristic,
                 subject_name="Bore diameter", since=at, raised_at=at, rule=rule)


AFFECTED = (_order("SO-1", "Beta", False, date(2026, 3, 5)),
            _order("SO-2", "Acme", True, date(2026, 3, 9)),
            _order("SO-3", "Beta", False))


def journal(store: CacheStore) -> list[tuple[str, JournalAction, str, dict]]:
    return [(e.alarm_key, e.action, e.made_by, e.detail) for e in entries_after(store)]


def desk(desk_runtime, store: CacheStore, person: str) -> AlertCenter:
    return AlertCenter(desk_runtime(store, lambda: NOW, rules=False), clock=lambda: NOW,
                       person=person)


def test_impact_wording() -> None:
    assert impact_text(_alert()) == "no open orders affected"
    assert impact_text(_alert(affected=AFFECTED[:1])) == "1 order of 1 customer affected"
    assert impact_text(_alert(affected=(AFFECTED[0], AFFECTED[2]))) == (
        "2 orders of 1 customer affected")


def test_a_flood_of_fifty_violations_in_a_minute_is_one_alarm_with_a_count(qtbot) -> None:
    center = AlertCenter(clock=lambda: NOW)
    changes: list[int] = []
    center.changed.connect(lambda: changes.append(1))
    flood = [_spc(n) for n in range(50)]
    assert center.raise_alerts(flood) == flood and changes == [1]
    assert center.raise_alerts(flood) == []  # the next poll: the same occurrences
    (alarm,) = center.alarms()
    assert alarm.count == 50
    assert alarm.since == SINCE  # when the condition began, not when it was noticed
    assert not alarm.acknowledged and alarm.active
    # Another rule on the same characteristic is another alarm.
    center.raise_alert(_spc(0, rule="nelson-2"))
    assert sorted(a.count for a in center.alarms()) == [1, 50]


def test_priority_follows_consequence_and_the_bar_shows_the_most_urgent(qtbot) -> None:
    center = AlertCenter(clock=lambda: NOW)
    host = QWidget()  # as in the window: the bar shows and hides itself inside its parent
    bar = AlertBar(center, host)
    QVBoxLayout(host).addWidget(bar)
    qtbot.addWidget(host)
    host.show()
    assert not bar.isVisible()
    center.raise_alert(_alert("none", machine="M-1", since=SINCE + timedelta(minutes=5)))
    center.raise_alert(_alert("orders", affected=AFFECTED[:1], machine="M-2"))
    center.raise_alert(_alert("key", affected=AFFECTED, machine="M-3"))
    assert [a.priority for a in center.alarms()] == [Priority.KEY_ACCOUNT, Priority.ORDERS,
                                                     Priority.NONE]
    assert bar.isVisible() and bar.shown_key() == "key"
    assert bar.message.text().endswith("3 orders of 2 customers affected; key account: Acme")
    assert bar.show_all_button.text() == "Alarms (3)"


def test_every_state_change_is_applied_and_journaled(qtbot, store: CacheStore,
                                                     desk_runtime) -> None:
    center = desk(desk_runtime, store, "ana")
    center.raise_alerts([_alert("k1", AFFECTED), *[_spc(n) for n in range(3)]])
    down_key = "machine_down:mes:M-211:"
    spc_key = "spc_rule:mes:CH-BORE:nelson-1"
    made: list = []
    center.journaled.connect(made.append)

    center.assign(down_key, "ben")
    assert center.alarm(down_key).assignee == "ben"
    center.comment(down_key, "bearing ordered")
    assert center.alarm(down_key).comments == ((NOW, "ana", "bearing ordered"),)
    center.shelve(spc_key, NOW + timedelta(hours=8), "gauge being recalibrated")
    assert center.alarm(spc_key).shelved(NOW)
    assert [a.key for a in center.alarms()] == [down_key]  # shelved: out of the list
    assert [a.key for a in center.alarms(shelved=True)] == [spc_key]
    center.unshelve(spc_key)
    assert not center.alarm(spc_key).shelved(NOW)
    center.acknowledge(down_key)
    down = center.alarm(down_key)
    assert down.acknowledged and down.acknowledged_by == "ana"
    assert down.active  # the machine is still down: it stays in the list, acknowledged
    assert down_key in [a.key for a in center.alarms()]
    center.acknowledge(spc_key)  # latched: acknowledging clears it
    assert spc_key not in [a.key for a in center.alarms()]
    center.acknowledge(spc_key)  # nothing left to acknowledge: nothing journaled
    assert len(made) == 6

    qtbot.waitUntil(lambda: len(journal(store)) == 6, timeout=10_000)
    assert journal(store) == [
        (down_key, JournalAction.ASSIGNED, "ana", {"to": "ben"}),
        (down_key, JournalAction.COMMENTED, "ana", {"text": "bearing ordered"}),
        (spc_key, JournalAction.SHELVED, "ana",
         {"until": (NOW + timedelta(hours=8)).isoformat(),
          "reason": "gauge being recalibrated"}),
        (spc_key, JournalAction.UNSHELVED, "ana", {}),
        (down_key, JournalAction.ACKNOWLEDGED, "ana", {"since": SINCE.isoformat()}),
        (spc_key, JournalAction.ACKNOWLEDGED, "ana", {"since": SINCE.isoformat()})]


def test_a_cleared_machine_alarm_leaves_once_acknowledged_and_a_new_down_raises_it_again(
        qtbot) -> None:
    center = AlertCenter(clock=lambda: NOW)
    center.raise_alert(_alert("first"))
    key = "machine_down:mes:M-211:"
    center.clear_alarms([key])  # running again, nobody acknowledged yet: still listed
    assert not center.alarm(key).active and [a.key for a in center.alarms()] == [key]
    center.acknowledge(key)
    assert center.alarms() == []
    center.raise_alert(_alert("again", since=SINCE + timedelta(hours=1)))
    alarm = center.alarm(key)
    assert alarm.active and not alarm.acknowledged and alarm.count == 1
    assert alarm.since == SINCE + timedelta(hours=1)


def test_a_latched_alarm_raised_again_after_acknowledgement_is_unacknowledged(qtbot) -> None:
    center = AlertCenter(clock=lambda: NOW)
    center.raise_alert(_spc(0))
    center.acknowledge("spc_rule:mes:CH-BORE:nelson-1")
    assert center.alarms() == []
    center.raise_alert(_spc(30))
    (alarm,) = center.alarms()
    assert not alarm.acknowledged and alarm.count == 1


def test_a_second_desk_reads_what_the_first_did(qtbot, store: CacheStore,
                                                desk_runtime) -> None:
    ana, ben = desk(desk_runtime, store, "ana"), desk(desk_runtime, store, "ben")
    for center in (ana, ben):
        center.raise_alert(_alert("k1", AFFECTED))
    key = "machine_down:mes:M-211:"
    ana.assign(key, "ben")
    ana.acknowledge(key)
    qtbot.waitUntil(lambda: len(journal(store)) == 2, timeout=10_000)
    ben.read_journal()  # as its timer does every few seconds
    qtbot.waitUntil(lambda: ben.alarm(key).acknowledged, timeout=10_000)
    assert ben.alarm(key).acknowledged_by == "ana" and ben.alarm(key).assignee == "ben"
    # A desk started later replays the journal onto the alarms it raises.
    late = desk(desk_runtime, store, "cai")
    qtbot.waitUntil(lambda: len(late.journal_of(key)) == 2, timeout=10_000)
    late.raise_alert(_alert("k1", AFFECTED))
    assert late.alarm(key).acknowledged and late.alarm(key).assignee == "ben"


def test_the_list_works_an_alarm_and_shows_its_journal(qtbot, store: CacheStore,
                                                       desk_runtime) -> None:
    center = desk(desk_runtime, store, "ana")
    center.raise_alerts([_alert("k1", AFFECTED), _spc(0)])
    dialog = AlertList(center)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 2
    first = dialog.tree.topLevelItem(0)  # a key account's order: the most urgent
    assert first.text(0) == "High: key account"
    assert first.text(1) == "Active, unacknowledged"
    orders = [first.child(i).text(3) for i in range(first.childCount())]
    assert orders == ["SO-2 · Acme (key account) · promised 2026-03-09",
                      "SO-1 · Beta · promised 2026-03-05", "SO-3 · Beta"]
    dialog.tree.setCurrentItem(first)
    dialog.acknowledge_button.click()
    # Acknowledged, it goes below what is not; it stays selected, its journal shown.
    first = dialog.tree.topLevelItem(1)
    assert dialog.tree.currentItem() is first
    assert first.text(1) == "Active, acknowledged"
    assert dialog.journal.item(0).text().endswith("ana · acknowledged")
    assert not dialog.acknowledge_button.isEnabled()

    # Double-clicks ask the window to open what they name.
    opened: list = []
    dialog.open_alarm.connect(opened.append)
    dialog.open_order.connect(opened.append)
    dialog.tree.itemDoubleClicked.emit(first, 0)
    dialog.tree.itemDoubleClicked.emit(first.child(0), 3)
    assert opened[0].key == "machine_down:mes:M-211:"
    assert opened[1].order_number == "SO-2"

    # "Unacknowledged" leaves out what is acknowledged.
    dialog.filter.setCurrentIndex(1)
    assert dialog.tree.topLevelItemCount() == 1
    assert dialog.tree.topLevelItem(0).text(3).startswith("Bore diameter")


def test_shelving_asks_why(qtbot) -> None:
    dialog = ShelveDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._accept()
    assert dialog.problem.isVisible() and "why" in dialog.problem.text()
    assert dialog.result() == 0
    dialog.reason.setText("known issue")
    dialog._accept()
    assert dialog.result() == 1


def test_thousands_raised_at_once_fold_in_one_change(qtbot) -> None:
    center = AlertCenter(clock=lambda: NOW)
    alerts = [dataclasses.replace(_alert(f"k{n}", machine=f"M-{n}"),
                                  since=SINCE + timedelta(seconds=n)) for n in range(3000)]
    changes: list[int] = []
    center.changed.connect(lambda: changes.append(1))
    assert len(center.raise_alerts(alerts)) == 3000 and changes == [1]
    assert center.open_count() == 3000
    assert center.newest().key == "k2999"  # the newest condition first among equals
