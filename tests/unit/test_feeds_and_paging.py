"""Change feeds and paging without HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import domain as d
from app.sim.feeds import FeedStore
from app.sim.paging import BadRequest, PageRequest, parse_page_request, read_page

T0 = datetime(2026, 3, 2, tzinfo=UTC)


def _store_with_customers(n: int) -> FeedStore:
    store = FeedStore()
    for i in range(n):
        store.put("crm.customers", d.Customer(id=f"C{i}", name=f"C {i}", number=str(i)),
                  T0 + timedelta(minutes=i))
    return store


def _walk(store: FeedStore, request: PageRequest) -> tuple[list[dict], str]:
    feed = store["crm.customers"]
    items: list[dict] = []
    while True:
        page = read_page(feed, request)
        items += page["items"]
        if page["next_cursor"] is None:
            return items, page["sync_token"]
        request = parse_page_request("crm.customers", {"cursor": page["next_cursor"],
                                                       "limit": "3"}, ["cursor", "limit"])


def test_updates_move_a_record_to_the_end_with_a_new_version() -> None:
    store = _store_with_customers(5)
    customer = d.Customer(id="C1", name="Renamed", number="1")
    store.put("crm.customers", customer, T0 + timedelta(hours=1))
    items, _ = _walk(store, PageRequest(limit=3))
    assert [i["id"] for i in items] == ["C0", "C2", "C3", "C4", "C1"]
    assert items[-1]["version"] == 2 and items[-1]["name"] == "Renamed"


def test_sync_token_gives_only_later_changes_including_deletions() -> None:
    store = _store_with_customers(10)
    _, token = _walk(store, PageRequest(limit=3))
    store.delete("crm.customers", "C3", T0 + timedelta(hours=2))
    store.put("crm.customers", d.Customer(id="C99", name="New", number="99"), T0)
    request = parse_page_request("crm.customers", {"sync_token": token}, ["sync_token"])
    items, _ = _walk(store, request)
    assert items[0] == {"id": "C3", "deleted": True, "deleted_at": "2026-03-02T02:00:00Z"}
    assert [i["id"] for i in items] == ["C3", "C99"]


def test_many_rewrites_keep_paging_exact() -> None:
    store = _store_with_customers(50)
    for round_ in range(60):  # enough rewrites to compact the log
        for i in range(0, 50, 7):
            store.put("crm.customers", d.Customer(id=f"C{i}", name=f"r{round_}", number=str(i)),
                      T0)
    items, _ = _walk(store, PageRequest(limit=3))
    assert sorted(i["id"] for i in items) == sorted(f"C{i}" for i in range(50))
    assert len(store["crm.customers"]) == 50


def test_updated_since_skips_older_changes() -> None:
    store = _store_with_customers(10)
    request = parse_page_request("crm.customers", {"updated_since": "2026-03-02T00:05:00Z"},
                                 ["updated_since"])
    items, _ = _walk(store, request)
    assert [i["id"] for i in items] == [f"C{i}" for i in range(5, 10)]


@pytest.mark.parametrize("query", [{"limit": "-1"}, {"cursor": "eyJrIjoxfQ"},
                                   {"updated_since": "2026-13-01T00:00:00Z"}])
def test_bad_parameters_are_refused_with_a_reason(query: dict) -> None:
    with pytest.raises(BadRequest) as refused:
        parse_page_request("crm.customers", query, list(query))
    assert next(iter(query)) in str(refused.value)


def test_deleting_an_unknown_record_is_an_error() -> None:
    with pytest.raises(KeyError):
        FeedStore().delete("crm.customers", "nobody", T0)
