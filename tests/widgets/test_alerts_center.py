"""The alert centre: raised once per key, shown in the bar and the list, dismissed."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.automation.alerts import AffectedOrder, Alert, AlertKind
from widgets.alerts.alert_bar import AlertBar
from widgets.alerts.alert_center import AlertCenter
from widgets.alerts.alert_list import AlertList
from widgets.alerts.alert_text import impact_text

SINCE = datetime(2026, 3, 2, 14, 32, tzinfo=UTC)


def _order(number: str, customer: str, key: bool, promised: date | None = None
           ) -> AffectedOrder:
    return AffectedOrder("crm", number, number, customer, customer, key, promised, ("WO-1",))


def _alert(key: str = "k1", affected: tuple[AffectedOrder, ...] = ()) -> Alert:
    return Alert(key=key, kind=AlertKind.MACHINE_DOWN, source="mes", subject_id="M-211",
                 subject_name="CNC 2-1", since=SINCE, raised_at=SINCE,
                 reason="spindle bearing", affected=affected)


AFFECTED = (_order("SO-1", "Beta", False, date(2026, 3, 5)),
            _order("SO-2", "Acme", True, date(2026, 3, 9)),
            _order("SO-3", "Beta", False))


def test_raised_once_shown_and_dismissed(qtbot, bridge) -> None:
    center = AlertCenter()
    host = QWidget()  # as in the window: the bar shows and hides itself inside its parent
    bar = AlertBar(center, host)
    QVBoxLayout(host).addWidget(bar)
    qtbot.addWidget(host)
    host.show()
    assert not bar.isVisible()
    with qtbot.waitSignal(center.raised):
        assert center.raise_alert(_alert(affected=AFFECTED))
    assert not center.raise_alert(_alert(affected=AFFECTED))  # the same occurrence
    assert bar.isVisible()
    text = bar.message.text()
    assert text.startswith("CNC 2-1 is down since ")
    assert text.endswith("(spindle bearing) — 3 orders of 2 customers affected; "
                         "key account: Acme")
    center.raise_alert(_alert("k2"))
    assert bar.show_all_button.text() == "Open alerts (2)"

    dialog = AlertList(center)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 2
    second = dialog.tree.topLevelItem(1)
    orders = [second.child(i).text(0) for i in range(second.childCount())]
    assert orders == ["SO-2 · Acme (key account) · promised 2026-03-09",
                      "SO-1 · Beta · promised 2026-03-05", "SO-3 · Beta"]
    dialog.tree.setCurrentItem(second.child(0))
    dialog.dismiss_button.click()
    assert [a.key for a in center.open_alerts()] == ["k2"]
    dialog.dismiss_all_button.click()
    assert center.open_alerts() == [] and not bar.isVisible()
    assert not center.raise_alert(_alert())  # dismissed stays dismissed


def test_impact_wording() -> None:
    assert impact_text(_alert()) == "no open orders affected"
    assert impact_text(_alert(affected=AFFECTED[:1])) == "1 order of 1 customer affected"
    assert impact_text(_alert(affected=(AFFECTED[0], AFFECTED[2]))) == (
        "2 orders of 1 customer affected")


def test_many_raised_in_one_change_in_the_order_one_by_one_would_show(qtbot, bridge) -> None:
    # Occurrences out of time order, with ties on `since`: the newest first, ties by the later
    # raise, exactly as raising them one by one (a sort of everything per raise) showed them.
    sinces = [SINCE.replace(minute=m) for m in (5, 1, 5, 9, 1, 9, 3, 5)]
    alerts = [dataclasses.replace(_alert(f"k{n}"), since=s) for n, s in enumerate(sinces)]
    one_by_one = AlertCenter()
    for alert in alerts:
        one_by_one.raise_alert(alert)
    center = AlertCenter()
    bar = AlertBar(center)
    qtbot.addWidget(bar)
    changes: list[int] = []
    raised: list[Alert] = []
    center.changed.connect(lambda: changes.append(1))
    center.raised.connect(raised.append)
    new = center.raise_alerts([*alerts[:4], alerts[0], *alerts[4:], alerts[3]])  # doubles
    assert new == alerts and raised == alerts and changes == [1]
    assert [a.key for a in center.open_alerts()] == [a.key for a in one_by_one.open_alerts()]
    assert [a.key for a in center.open_alerts()][:3] == ["k5", "k3", "k7"]
    assert center.raise_alerts(alerts) == [] and changes == [1]  # all seen: no change
    for key in ("k5", "k7", "k3"):  # dismissing the newest shows the next
        center.dismiss(key)
        one_by_one.dismiss(key)
        assert center.newest() == center.open_alerts()[0] == one_by_one.open_alerts()[0]
        assert bar.shown_key() == center.newest().key
        assert bar.show_all_button.text() == f"Open alerts ({center.open_count()})"
    center.raise_alert(dataclasses.replace(_alert("k8"), since=SINCE.replace(minute=0)))
    assert center.newest().key == "k2" and center.open_alerts()[-1].key == "k8"
    center.dismiss_all()
    assert center.newest() is None and center.open_count() == 0
