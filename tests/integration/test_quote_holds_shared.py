"""Held capacity cannot be promised twice: two account managers' quotes for the same hours, on
one cache (SQLite and PostgreSQL) and from two desks on a shared PostgreSQL cache, at the same
moment. The second quote is refused with words saying the hours were held meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from app.analytics.schedule.holds import HeldMeanwhile, HoldState, holds_of
from app.cache.database import HEAD_REVISION, create_cache_engine, upgrade_schema
from app.cache.shared_mode import open_shared
from app.cache.shared_roles import apply_roles, create_login
from app.cache.store import CacheStore
from app.sync.actions import quote

if TYPE_CHECKING:
    from tests.cache_db import PostgresCluster

pytest_plugins = ("tests.cache_db",)

AT = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
TODAY = AT.date()


def _quote(store: CacheStore, seen: int, centers: dict[str, float], by: str = "",
           expires: date | None = None) -> Any:
    action = quote("crm", f"H-{by or 'x'}-{len(centers)}-{seen}", customer_id="C-001",
                   product_id="P-300", quantity="500", unit="pcs", requested=TODAY,
                   quoted=TODAY + timedelta(days=20), priority=3,
                   expires=expires or TODAY + timedelta(days=14), hours=centers,
                   seen_hold=seen, made_by=by)
    return store.outbox_add(source=action.source, action=action.kind.value,
                            target_feed=action.target_feed, target_id=action.target_id,
                            payload=action.payload, made_by=by, now=AT)


def test_a_quote_planned_before_another_took_its_hours_is_refused(store: CacheStore) -> None:
    first = _quote(store, 0, {"WC-ASSY": 30.0}, by="ann")
    with pytest.raises(HeldMeanwhile, match="WC-ASSY.*check the date again"):
        _quote(store, 0, {"WC-ASSY": 12.0, "WC-MILL": 4.0}, by="bob")
    # Other work centers are not held: that quote goes through; so does one planned with the
    # first hold in view.
    _quote(store, 0, {"WC-PAINT": 3.0}, by="bob")
    _quote(store, first.id + 1, {"WC-ASSY": 12.0}, by="bob")
    assert len(store.outbox_items()) == 3


def test_expired_and_refused_quotes_hold_nothing(store: CacheStore) -> None:
    _quote(store, 0, {"WC-ASSY": 30.0}, by="ann", expires=TODAY - timedelta(days=1))
    _quote(store, 0, {"WC-ASSY": 30.0}, by="bob")
    holds = holds_of(store.outbox_items(), [], TODAY)
    assert [h.state for h in holds] == [HoldState.EXPIRED, HoldState.WAITING]


def test_two_quotes_at_the_same_moment_only_one_holds(store: CacheStore) -> None:
    """Both planned from the same plan (neither saw the other), both pressed at once."""
    barrier = threading.Barrier(2)
    results: list[str] = []

    def press(by: str) -> None:
        barrier.wait()
        try:
            _quote(store, 0, {"WC-ASSY": 30.0}, by=by)
            results.append("held")
        except HeldMeanwhile:
            results.append("refused")

    threads = [threading.Thread(target=press, args=(by,)) for by in ("ann", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["held", "refused"]


@pytest.fixture(scope="module")
def shared(postgres_cluster: PostgresCluster) -> Iterator[str]:
    name = postgres_cluster.new_database()
    engine = create_cache_engine(postgres_cluster.url(name))
    upgrade_schema(engine, HEAD_REVISION)
    apply_roles(engine)
    for login in ("desk_ann", "desk_bob"):
        create_login(engine, login, f"{login}-secret", "account_manager")
    engine.dispose()
    yield (f"postgresql+psycopg://{{0}}:{{0}}-secret@127.0.0.1:{postgres_cluster.port}/"
           f"{name}")


@pytest.fixture
def desk(shared: str) -> Iterator[Callable[[str], CacheStore]]:
    opened: list[CacheStore] = []

    def open_as(login: str) -> CacheStore:
        opened.append(open_shared(shared.format(login)))
        return opened[-1]

    yield open_as
    for store in opened:
        store.close()


def test_two_desks_on_a_shared_cache_cannot_promise_the_same_hours(desk) -> None:
    ann, bob = desk("desk_ann"), desk("desk_bob")
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def press(store: CacheStore, by: str) -> None:
        barrier.wait()
        try:
            _quote(store, 0, {"WC-ASSY": 30.0}, by=by)
            results[by] = "held"
        except HeldMeanwhile as refused:
            results[by] = str(refused)

    threads = [threading.Thread(target=press, args=(ann, "ann")),
               threading.Thread(target=press, args=(bob, "bob"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert list(results.values()).count("held") == 1, results
    (refusal,) = [text for text in results.values() if text != "held"]
    assert "check the date again" in refusal
    quotes = [i for i in ann.outbox_items() if i.action == "quote"]
    assert len(quotes) == 1
