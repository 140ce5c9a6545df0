"""What the cache holds: the Overview's "Cached data" table and the other views' empty states,
over a real CacheStore on a temp SQLite file."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from app import domain as d
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.common.cache_counts import MIN_REFRESH_SECONDS, CacheCounts
from widgets.overview.cached_feeds_model import SORT_ROLE, STALE_COLOUR, CachedFeedsModel, Column
from widgets.overview.overview_view import OverviewView


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def customers(*ids: str) -> list[d.Customer]:
    return [d.Customer(id=i, name=f"Customer {i}", number=i) for i in ids]


def machines(clock, *ids: str) -> list[d.MachineStatus]:
    return [d.MachineStatus(id=i, state=d.MachineState.RUNNING, since=clock.now) for i in ids]


@pytest.fixture
def filled(store: CacheStore, clock) -> CacheStore:
    store.upsert("demo-crm", "crm.customers", customers("C1", "C2", "C3"))
    store.mark_synced("demo-crm", "crm.customers", at=clock.now - timedelta(seconds=30))
    store.upsert("demo-mes", "mes.machine_status", machines(clock, "M1", "M2"))
    store.mark_synced("demo-mes", "mes.machine_status", at=clock.now - timedelta(minutes=5))
    return store


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def counts(filled, bridge, monotonic, qtbot) -> CacheCounts:
    counts = CacheCounts(filled, bridge, monotonic=monotonic)
    qtbot.waitUntil(lambda: not counts.busy)  # the first counts come from the worker
    return counts


def column(model: CachedFeedsModel, col: Column) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_one_row_per_feed_and_source_with_names_people_read(
    counts, clock, qtmodeltester
) -> None:
    model = CachedFeedsModel(counts, clock)
    qtmodeltester.check(model)
    assert column(model, Column.FEED) == ["Customers", "Machine status"]
    assert column(model, Column.SOURCE) == ["demo-crm", "demo-mes"]
    assert column(model, Column.RECORDS) == ["3", "2"]
    synced = clock.now - timedelta(seconds=30)
    assert column(model, Column.LAST_SYNCED)[0] == synced.astimezone().strftime("%H:%M:%S")
    assert column(model, Column.AGE) == ["30 s ago", "5 min ago · stale"]
    # Stale in colour as well as in words.
    assert model.index(1, Column.AGE).data(Qt.ItemDataRole.ForegroundRole) == STALE_COLOUR
    assert model.index(0, Column.AGE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, Column.FEED).data(Qt.ItemDataRole.ToolTipRole) == "crm.customers"
    assert model.headerData(Column.RECORDS, Qt.Orientation.Horizontal) == "Records held"


def test_changes_and_new_feeds_refresh_it_at_most_once_per_interval(
    counts, filled, bridge, clock, monotonic, qtbot, qtmodeltester
) -> None:
    model = CachedFeedsModel(counts, clock)
    qtmodeltester.check(model)
    refreshed: list[None] = []
    counts.changed.connect(lambda: refreshed.append(None))

    with qtbot.waitSignal(counts.changed):
        counts.refresh()  # a refresh by the sync layer's reports ...
    refreshed.clear()
    monotonic.now += 0.2  # ... and soon after it, the next waits for the rest of the interval
    more = filled.upsert("demo-crm", "crm.customers", customers("C4", "C5"))
    bridge.publish_changes(more)
    filled.upsert("demo-crm", "crm.complaints", [])  # nothing, but a new feed's first sync:
    filled.mark_synced("demo-crm", "crm.complaints", at=clock.now)
    bridge.publish_synced("demo-crm", "crm.complaints", clock.now)
    assert refreshed == []
    wait_ms = round((MIN_REFRESH_SECONDS - 0.2) * 1000)
    assert counts.refresh_timer.isActive() and counts.refresh_timer.interval() == wait_ms
    with qtbot.waitSignal(counts.changed):
        counts.refresh_timer.start(0)  # the interval has passed
    assert len(refreshed) == 1
    assert column(model, Column.FEED) == ["Customers", "Complaints", "Machine status"]
    assert column(model, Column.RECORDS) == ["5", "0", "2"]
    assert column(model, Column.AGE)[1] == "just now"


def test_ages_move_with_the_clock(counts, clock, qtbot) -> None:
    model = CachedFeedsModel(counts, clock)
    clock.advance(60)
    with qtbot.waitSignal(model.dataChanged):
        model.refresh_ages()
    assert column(model, Column.AGE)[0] == "1 min ago"


def test_sorting_by_records_held(counts, clock, qtbot) -> None:
    view = OverviewView(counts, clock)
    qtbot.addWidget(view)
    view.table.sortByColumn(Column.RECORDS, Qt.SortOrder.AscendingOrder)
    first = view.proxy.index(0, Column.FEED).data()
    assert first == "Machine status"
    assert view.proxy.index(0, Column.RECORDS).data(SORT_ROLE) == 2
    view.table.sortByColumn(Column.RECORDS, Qt.SortOrder.DescendingOrder)
    assert view.proxy.index(0, Column.FEED).data() == "Customers"


def test_the_overview_shows_its_empty_state_until_the_cache_holds_something(
    store, bridge, clock, qtbot, monotonic
) -> None:
    counts = CacheCounts(store, bridge, monotonic=monotonic)
    view = OverviewView(counts, clock)
    qtbot.addWidget(view)
    assert view.pages.currentWidget() is view.empty_state
    assert view.empty_state.title_label.text() == "No figures yet"
    store.mark_synced("demo-mes", "mes.lots", at=clock.now)
    with qtbot.waitSignal(counts.changed, timeout=2000):
        bridge.publish_synced("demo-mes", "mes.lots", clock.now)
    # The cached-data table is a tab beside the figures.
    assert view.pages.currentWidget() is view.content
    assert view.tabs.indexOf(view.table_page) >= 0


def test_a_cache_opened_later_shows_what_it_held(filled, clock, qtbot) -> None:
    # Offline start: sync times and counts come from the cache itself, with no sync running.
    counts = CacheCounts(filled, SyncBridge())
    qtbot.waitUntil(lambda: not counts.busy)
    assert [(r.feed, r.records) for r in counts.rows()] == [
        ("crm.customers", 3), ("mes.machine_status", 2)]


def test_other_views_say_how_many_records_of_their_feeds_are_cached(
    make_window, filled, bridge, clock, qtbot
) -> None:
    window = make_window(store=filled)
    complaints = window.views["complaints"]
    assert complaints.empty_state.title_label.text() == "No complaints cached yet"
    # Views whose feeds hold nothing keep their honest empty state.
    assert window.views["orders"].empty_state.title_label.text() == "No orders cached yet"

    orders = [d.SalesOrder(id=f"O-{n:06d}", number=f"SO-{1000 + n}", customer_id="C1",
                           status=d.OrderStatus.CONFIRMED, created_at=clock.now)
              for n in range(1234)]
    changes = filled.upsert("demo-crm", "crm.orders", orders)
    bridge.publish_changes(changes)  # counted in the worker, shown when the count is back
    qtbot.waitUntil(lambda: window.views["orders"].empty_state.title_label.text()
                    == "Orders cached: 1,234", timeout=2000)


def test_counts_run_in_the_worker_never_on_the_gui_thread(filled, bridge, qtbot) -> None:
    threads: list[threading.Thread] = []
    counted: list[tuple[str, str]] = []

    writing = threading.Event()  # the test's own upsert below is not the counts' SQL

    def record(*_args) -> None:
        if not (writing.is_set() and threading.current_thread() is threading.main_thread()):
            threads.append(threading.current_thread())

    event.listen(filled.engine, "before_cursor_execute", record)
    count = filled.count

    def counting(source: str, feed: str) -> int:
        counted.append((source, feed))
        return count(source, feed)

    filled.count = counting  # type: ignore[method-assign]
    try:
        counts = CacheCounts(filled, bridge)
        # Constructing it reads nothing on this thread (its worker may have started).
        assert threading.main_thread() not in threads
        qtbot.waitUntil(lambda: not counts.busy)
        assert counts.records("crm.customers") == 3
        counted.clear()
        # A burst of sync reports while a count runs costs one more run, not one per report.
        writing.set()
        more = filled.upsert("demo-crm", "crm.customers", customers("C4"))
        writing.clear()
        for _ in range(10):
            bridge.publish_changes(more)
            counts.refresh()
        qtbot.waitUntil(lambda: not counts.busy and not counts.refresh_timer.isActive()
                        and counts.records("crm.customers") == 4, timeout=10_000)
        assert counted.count(("demo-crm", "crm.customers")) <= 2
    finally:
        event.remove(filled.engine, "before_cursor_execute", record)
    assert threads, "the counts were read"
    assert threading.main_thread() not in threads
