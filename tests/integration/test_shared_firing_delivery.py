"""Shared mode: the sync agent stores a firing and queues its CRM activity in the shared
outbox; a desk, which may write neither, reads the firing with its outbox item's state, so
its event log follows the delivery without anybody copying the state onto the firing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.automation.rules.model import ActionState, Occurrence, RuleAction, RuleEvent
from app.automation.rules.store import firings, record_firings, set_action_state
from app.cache.database import HEAD_REVISION, create_cache_engine, upgrade_schema
from app.cache.outbox import OutboxState
from app.cache.shared_mode import open_shared
from app.cache.shared_roles import apply_roles, create_login
from app.cache.store import CacheStore

if TYPE_CHECKING:
    from tests.cache_db import PostgresCluster

pytest_plugins = ("tests.cache_db",)

AT = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def agent_and_desk(postgres_cluster: PostgresCluster) -> Iterator[tuple[CacheStore, CacheStore]]:
    name = postgres_cluster.new_database()
    engine = create_cache_engine(postgres_cluster.url(name))
    upgrade_schema(engine, HEAD_REVISION)
    apply_roles(engine)
    create_login(engine, "desk_quality", "quality-secret", "account_manager")
    agent = CacheStore(engine)
    desk = open_shared(f"postgresql+psycopg://desk_quality:quality-secret@127.0.0.1:"
                       f"{postgres_cluster.port}/{name}")
    try:
        yield agent, desk
    finally:
        desk.close()
        agent.close()


def test_a_desk_reads_the_delivery_of_an_agent_firing(
        agent_and_desk: tuple[CacheStore, CacheStore]) -> None:
    agent, desk = agent_and_desk
    (fired,) = record_firings(agent, [Occurrence(
        "complaint_severe", RuleEvent.COMPLAINT_SEVERE, "complaint:C9", AT, "CC-9",
        {"severity": "high", "category": "noise", "customer": "Acme", "lot": ""},
        "crm", "O1")], {"complaint_severe": RuleAction.ACTIVITY}, now=AT)
    item = agent.outbox_add(source="crm", action="activity", target_feed="crm.orders",
                            target_id="O1", payload={"kind": "note", "subject": "CC-9"},
                            made_by="automation", now=AT)
    set_action_state(agent, fired.id, ActionState.QUEUED, outbox_id=item.id)

    def seen() -> tuple[str, str | None]:
        (shown,) = [f for f in firings(desk) if f.id == fired.id]
        return shown.action_state, shown.outbox_state

    assert seen() == (ActionState.QUEUED, OutboxState.QUEUED)
    agent.outbox_mark_delivered(item.id, now=AT)  # the agent's sender, after the CRM's 201
    assert seen() == (ActionState.QUEUED, OutboxState.DELIVERED)

    # Why the firing is not updated instead: a desk may not write firings (an administrator
    # retrying or dropping an item from a desk could not have updated the copy).
    with pytest.raises(DBAPIError), desk.engine.begin() as conn:
        conn.execute(text("UPDATE rule_firings SET action_state = 'delivered'"))
