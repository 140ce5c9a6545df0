"""One complaint, one age: the Complaints view and the Customer page read the same cache on the
same pinned clock and must show the same age text.

The site is in Taipei (UTC+8) and the clock stands at 04:00 there, so a complaint opened 7 h
ago was opened yesterday by the local calendar: the case a user found on the demo plant
("7 h" in Complaints, "1 d" on the customer page)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.analytics.ages import AgeUnit, bucket
from app.cache.store import CacheStore
from app.domain import Complaint, ComplaintStatus, Customer, Severity, Site
from app.sync.bridge import SyncBridge
from tests.widgets.conftest import FakeClock
from widgets.common.age_text import age_words
from widgets.common.cache_counts import CacheCounts
from widgets.complaints.complaints_model import Column
from widgets.complaints.complaints_view import ComplaintsView
from widgets.customer.customer_page import CustomerPage

CRM, MES = "crm", "mes"
NOW = datetime(2025, 3, 3, 20, 0, tzinfo=UTC)  # 04:00 on 4 March in Taipei
AGE_COLUMN = 2  # the Customer page's complaints table: Complaint, Opened, Age, ...


def fill(store: CacheStore, opened_at: datetime) -> None:
    store.upsert(MES, "mes.sites", [Site(id="S1", name="Hsinchu", time_zone="Asia/Taipei")])
    store.upsert(CRM, "crm.customers", [Customer(id="C1", name="Acme Gears", number="K-1")])
    store.upsert(CRM, "crm.complaints", [Complaint(
        id="K1", number="CC-1", customer_id="C1", category="noise", severity=Severity.HIGH,
        status=ComplaintStatus.OPEN, description="rattles", opened_at=opened_at)])


@pytest.mark.parametrize(("elapsed", "expected"), [
    (timedelta(minutes=30), "30 min"),
    (timedelta(hours=7), "7 h"),
    (timedelta(hours=30), "1 d"),
    (timedelta(days=10), "10 d"),
])
def test_complaints_view_and_customer_page_show_the_same_age(
        qtbot, store: CacheStore, bridge: SyncBridge, elapsed: timedelta,
        expected: str) -> None:
    fill(store, NOW - elapsed)
    clock = FakeClock(NOW)

    view = ComplaintsView(CacheCounts(store, bridge), bridge, store, clock)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    in_complaints = view.proxy.index(0, Column.AGE).data()

    page = CustomerPage(store, CRM, "C1", clock=clock)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    on_customer_page = page.sections["complaints"].cell(0, AGE_COLUMN)

    assert (in_complaints, on_customer_page) == (expected, expected)


def test_every_age_has_zh_tw_words(zh_tw) -> None:
    spans = [timedelta(seconds=s) for s in (0, 30, 120, 7 * 3600, 3 * 86400)]
    short = [age_words(bucket(s, AgeUnit.SECONDS)) for s in spans]
    ago = [age_words(bucket(s, AgeUnit.SECONDS), ago=True) for s in spans]
    assert short == ["剛剛", "30 秒", "2 分鐘", "7 小時", "3 天"]
    assert ago == ["剛剛", "30 秒前", "2 分鐘前", "7 小時前", "3 天前"]
    assert not zh_tw.missing
