"""Sync tokens, feed sync times and the outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.cache.outbox import DuplicateAction, OutboxState
from app.cache.store import CacheStore

pytest_plugins = ("tests.cache_db",)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_sync_tokens(store: CacheStore) -> None:
    assert store.sync_token("demo-crm", "crm.orders") is None
    store.set_sync_token("demo-crm", "crm.orders", "abc", now=T0)
    store.set_sync_token("demo-crm", "crm.orders", "def", now=T0)
    store.set_sync_token("demo-mes", "crm.orders", "other")
    assert store.sync_token("demo-crm", "crm.orders") == "def"
    assert store.sync_token("demo-mes", "crm.orders") == "other"


def test_upsert_stores_the_token_with_the_records(store: CacheStore) -> None:
    store.upsert("demo-crm", "crm.customers", [], token="empty-page")
    assert store.sync_token("demo-crm", "crm.customers") == "empty-page"


def test_last_synced_per_feed_and_per_source(store: CacheStore) -> None:
    assert store.last_synced("demo-mes") is None
    store.mark_synced("demo-mes", "mes.sites", at=T0)
    store.mark_synced("demo-mes", "mes.lots", at=T0 + timedelta(minutes=3))
    assert store.last_synced("demo-mes", "mes.lots") == T0 + timedelta(minutes=3)
    oldest = store.last_synced("demo-mes")
    assert oldest == T0
    assert oldest.tzinfo is UTC
    assert store.synced_feeds("demo-mes") == {"mes.sites": T0,
                                              "mes.lots": T0 + timedelta(minutes=3)}


def _add(store: CacheStore, key: str | None = None, now: datetime = T0):
    return store.outbox_add(
        source="demo-crm", action="promise_date", target_feed="crm.orders", target_id="SO-1",
        payload={"line_no": 1, "promised_date": "2026-03-16"}, record_version=4,
        made_by="amy", idempotency_key=key, now=now)


def test_outbox_idempotency_key_is_unique(store: CacheStore) -> None:
    first = _add(store, "key-1")
    assert first.state is OutboxState.QUEUED
    assert first.idempotency_key == "key-1"
    with pytest.raises(DuplicateAction):
        _add(store, "key-1")
    assert len(store.outbox_items()) == 1
    assert _add(store).idempotency_key not in ("", "key-1")  # generated when not given


def test_outbox_lifecycle(store: CacheStore) -> None:
    item = _add(store)
    assert item.payload == {"line_no": 1, "promised_date": "2026-03-16"}
    assert item.created_at == T0

    claimed = store.outbox_next_due(now=T0)
    assert [i.id for i in claimed] == [item.id]
    assert claimed[0].state is OutboxState.SENDING and claimed[0].attempts == 1
    assert store.outbox_next_due(now=T0) == []  # claimed: not handed out twice

    # A 503: try again in a minute.
    store.outbox_retry(item.id, error="503 Service Unavailable", at=T0 + timedelta(minutes=1))
    assert store.outbox_next_due(now=T0 + timedelta(seconds=30)) == []
    again = store.outbox_next_due(now=T0 + timedelta(minutes=1))
    assert again[0].attempts == 2 and again[0].last_error == "503 Service Unavailable"

    store.outbox_mark_delivered(item.id, now=T0 + timedelta(minutes=2))
    delivered = store.outbox_get(item.id)
    assert delivered.state is OutboxState.DELIVERED
    assert delivered.delivered_at == T0 + timedelta(minutes=2)
    assert store.outbox_next_due(now=T0 + timedelta(days=1)) == []


def test_outbox_parked_with_reason_then_retried_or_dropped(store: CacheStore) -> None:
    item = _add(store)
    store.outbox_next_due(now=T0)
    store.outbox_mark_parked(item.id, "412 Precondition Failed: the order changed")
    parked = store.outbox_items({OutboxState.PARKED})
    assert [p.last_error for p in parked] == ["412 Precondition Failed: the order changed"]
    assert store.outbox_next_due(now=T0 + timedelta(days=1)) == []

    store.outbox_retry(item.id, now=T0 + timedelta(hours=1))  # a person tries again
    assert [i.id for i in store.outbox_next_due(now=T0 + timedelta(hours=1))] == [item.id]
    assert store.outbox_drop(item.id)
    assert store.outbox_get(item.id) is None
    assert not store.outbox_drop(item.id)


def test_outbox_claim_that_ran_out_is_due_again(store: CacheStore) -> None:
    item = _add(store)
    store.outbox_next_due(now=T0)  # the sender crashed while sending
    assert store.outbox_next_due(now=T0 + timedelta(seconds=10)) == []
    resent = store.outbox_next_due(now=T0 + timedelta(minutes=10))
    assert [(i.id, i.attempts) for i in resent] == [(item.id, 2)]


def test_outbox_due_in_order_and_limited(store: CacheStore) -> None:
    ids = [_add(store, now=T0 + timedelta(seconds=s)).id for s in (5, 1, 3)]
    due = store.outbox_next_due(now=T0 + timedelta(minutes=1), limit=2)
    assert [i.id for i in due] == [ids[1], ids[2]]


def test_prune_drops_old_delivered_items_only(store: CacheStore) -> None:
    old, queued = _add(store), _add(store)
    store.outbox_mark_delivered(old.id, now=T0)
    result = store.prune(outbox_days=7, now=T0 + timedelta(days=8))
    assert result["outbox_delivered"] == 1
    assert [i.id for i in store.outbox_items()] == [queued.id]
