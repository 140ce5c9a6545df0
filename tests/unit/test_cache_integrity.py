"""A damaged cache is found, set aside and replaced, and the actions waiting in its outbox are
queued again with their idempotency keys: nothing a person did is lost or sent twice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from app import domain as d
from app.cache.integrity import MARKER_SUFFIX, check_and_mark, open_checked, problem_of
from app.cache.outbox import OutboxState
from app.cache.store import CacheStore

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def filled_cache(path: Path) -> None:
    """Three actions (waiting, refused, delivered), then enough orders that the outbox's pages
    lie well before the file's last ones."""
    store = CacheStore.open(f"sqlite:///{path}")
    store.outbox_add(source="crm", action="promise_date", target_feed="crm.orders",
                     target_id="O1", payload={"date": "2026-12-10"}, made_by="anna",
                     idempotency_key="k-waiting")
    refused = store.outbox_add(source="crm", action="activity", target_feed="crm.orders",
                               target_id="O2", payload={"text": "call"}, made_by="anna",
                               idempotency_key="k-refused")
    sent = store.outbox_add(source="crm", action="activity", target_feed="crm.orders",
                            target_id="O3", payload={"text": "done"}, made_by="ben",
                            idempotency_key="k-sent")
    store.outbox_mark_parked(refused.id, "422: the date is in the past")
    store.outbox_mark_delivered(sent.id, now=NOW)
    store.upsert("crm", "crm.orders", [
        d.SalesOrder(id=f"O{i}", number=f"SO-{i}", customer_id="C1",
                     status=d.OrderStatus.CONFIRMED, created_at=NOW,
                     lines=[d.OrderLine(line_no=1, product_id="P1", quantity=Decimal(5),
                                        unit="pcs", requested_date=date(2026, 12, 1))])
        for i in range(3000)])
    store.close()


def damage_near_the_end(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size - 20 * 4096 + 100)
        file.write(b"\xff" * 3000)


def test_damage_found_by_the_full_check_is_repaired_at_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    filled_cache(path)
    url = f"sqlite:///{path}"
    damage_near_the_end(path)
    assert problem_of(path, full=False) is None  # it still opens: only the full check sees it

    problem = check_and_mark(url)
    assert problem is not None and "out of range" in problem
    assert (tmp_path / f"cache.sqlite3{MARKER_SUFFIX}").is_file()

    store, repair = open_checked(url, NOW)
    try:
        assert repair is not None
        assert repair.damaged == tmp_path / "cache.sqlite3.damaged-20261125T090000"
        assert repair.damaged.is_file() and repair.problem == problem
        assert repair.actions_kept == 2 and not repair.actions_unread
        waiting = {i.idempotency_key: i for i in store.outbox_items()}
        assert set(waiting) == {"k-waiting", "k-refused"}  # the delivered one is not resent
        assert waiting["k-waiting"].state is OutboxState.QUEUED
        assert waiting["k-waiting"].payload == {"date": "2026-12-10"}
        assert waiting["k-waiting"].made_by == "anna"
        assert waiting["k-refused"].state is OutboxState.PARKED
        assert waiting["k-refused"].last_error == "422: the date is in the past"
        assert store.count("crm", "crm.orders") == 0  # the rest comes again from the sources
        assert not (tmp_path / f"cache.sqlite3{MARKER_SUFFIX}").exists()
        assert check_and_mark(url) is None  # the new one is sound
    finally:
        store.close()


def test_a_file_that_is_no_database_is_replaced_at_start(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"not a database, " * 512)
    store, repair = open_checked(f"sqlite:///{path}", NOW)
    try:
        assert repair is not None and "not a database" in repair.problem
        assert repair.actions_kept == 0 and repair.actions_unread
        assert repair.damaged.read_bytes().startswith(b"not a database")
        assert store.outbox_items() == []
    finally:
        store.close()


def test_a_sound_cache_is_opened_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    filled_cache(path)
    url = f"sqlite:///{path}"
    assert check_and_mark(url) is None
    store, repair = open_checked(url, NOW)
    try:
        assert repair is None
        assert store.count("crm", "crm.orders") == 3000
        assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []
    finally:
        store.close()


def test_only_a_sqlite_file_is_checked() -> None:
    assert check_and_mark("sqlite:///:memory:") is None
    assert check_and_mark("postgresql+psycopg://desk@db/gemba") is None
