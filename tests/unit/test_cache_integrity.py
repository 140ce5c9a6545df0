"""A damaged cache is found, set aside and replaced, and the actions waiting in its outbox are
queued again with their idempotency keys: nothing a person did is lost or sent twice."""

from __future__ import annotations

import contextlib
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


def keys_waiting(store: CacheStore) -> dict[str, OutboxState]:
    return {item.idempotency_key: item.state for item in store.outbox_items()}


def test_a_cache_emptied_to_zero_bytes_keeps_its_waiting_actions(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    filled_cache(path)
    path.write_bytes(b"")

    store, repair = open_checked(f"sqlite:///{path}", NOW)
    try:
        assert repair is not None and "empty" in repair.problem
        assert repair.actions_kept == 2 and not repair.actions_unread
        # the delivered action is not sent again, the refused one keeps its reason
        assert keys_waiting(store) == {"k-waiting": OutboxState.QUEUED,
                                       "k-refused": OutboxState.PARKED}
        assert repair.damaged is not None and repair.damaged.stat().st_size == 0
    finally:
        store.close()


def test_a_deleted_cache_gives_back_its_waiting_actions(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    filled_cache(path)
    path.unlink()

    store, repair = open_checked(f"sqlite:///{path}", NOW)
    try:
        assert repair is not None and repair.damaged is None and repair.actions_kept == 2
        assert set(keys_waiting(store)) == {"k-waiting", "k-refused"}
    finally:
        store.close()
    # told once: the next start finds everything in place
    store, repair = open_checked(f"sqlite:///{path}", NOW)
    store.close()
    assert repair is None


def test_a_cache_replaced_by_an_older_file_gets_the_later_actions_back(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    older = tmp_path / "backup.sqlite3"
    store = CacheStore.open(f"sqlite:///{path}")
    store.outbox_add(source="crm", action="activity", target_feed="crm.orders", target_id="O1",
                     payload={"text": "before the backup"}, idempotency_key="k-old")
    store.close()
    older.write_bytes(path.read_bytes())
    store = CacheStore.open(f"sqlite:///{path}")
    store.outbox_add(source="crm", action="activity", target_feed="crm.orders", target_id="O2",
                     payload={"text": "after the backup"}, idempotency_key="k-new")
    store.close()
    older.replace(path)

    store, repair = open_checked(f"sqlite:///{path}", NOW)
    try:
        assert repair is not None and repair.damaged is None and repair.actions_kept == 1
        assert set(keys_waiting(store)) == {"k-old", "k-new"}
    finally:
        store.close()


def test_a_dropped_or_delivered_action_never_comes_back(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    store = CacheStore.open(f"sqlite:///{path}")
    keep = store.outbox_add(source="crm", action="activity", target_feed="crm.orders",
                            target_id="O1", payload={}, idempotency_key="k-keep")
    dropped = store.outbox_add(source="crm", action="activity", target_feed="crm.orders",
                               target_id="O2", payload={}, idempotency_key="k-dropped")
    sent = store.outbox_add(source="crm", action="activity", target_feed="crm.orders",
                            target_id="O3", payload={}, idempotency_key="k-sent")
    store.outbox_drop(dropped.id)
    store.outbox_mark_delivered(sent.id, now=NOW)
    store.close()
    path.unlink()

    store, repair = open_checked(f"sqlite:///{path}", NOW)
    try:
        assert repair is not None and repair.actions_kept == 1
        assert keys_waiting(store) == {keep.idempotency_key: OutboxState.QUEUED}
    finally:
        store.close()


def test_a_read_that_meets_damage_tells_once(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    filled_cache(path)
    damage_near_the_end(path)
    store = CacheStore.open(f"sqlite:///{path}")
    told: list[str] = []
    store.damage_found.append(told.append)
    try:
        for _ in range(2):
            with contextlib.suppress(Exception):  # the read fails; what matters is being told
                store.all("crm", "crm.orders")
    finally:
        store.close()
    assert len(told) == 1 and "malformed" in told[0]
