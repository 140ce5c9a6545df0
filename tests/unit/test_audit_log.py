"""The audit log of write-backs: a hash chain that shows edits, deletions and rewrites.

Every case runs on SQLite and on PostgreSQL (tests.cache_db). Tampering is done the way an
administrator with database access would do it: plain SQL on the audit_log table.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from app.agent.agent import AgentEvents
from app.agent.cli import main
from app.audit import log
from app.audit.anchor import AnchorKeeper, AnchorMismatch, read_anchor
from app.audit.log import GENESIS_HASH, compute_entry_hash, record_delivered, record_queued
from app.audit.verify import verify_audit
from app.cache import outbox
from app.cache.database import HEAD_REVISION
from app.cache.outbox import DuplicateAction
from app.cache.schema_audit import audit_log
from app.cache.store import CacheStore

pytest_plugins = ("tests.cache_db",)

AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # the anchor's clock, pinned


def queue(store: CacheStore, order: str, promised: str, who: str = "alice",
          key: str | None = None) -> outbox.OutboxItem:
    """Queue a promised date the way CacheStore.outbox_add does, with its audit entry in the
    same transaction."""
    with store.engine.begin() as conn:
        item = outbox.add(conn, source="demo-crm", action="promise_date",
                          target_feed="crm.orders", target_id=order,
                          payload={"line_no": 1, "promised_date": promised, "by": who},
                          record_version=3, made_by=who, idempotency_key=key)
        record_queued(conn, item)
        return item


def deliver(store: CacheStore, item_id: int) -> None:
    with store.engine.begin() as conn:
        outbox.mark_delivered(conn, item_id)
        record_delivered(conn, item_id)


def entries(store: CacheStore) -> list[log.AuditEntry]:
    with store.engine.connect() as conn:
        return log.entries(conn)


def five_entries(store: CacheStore) -> None:
    first = queue(store, "SO-1001", "2026-03-14")
    queue(store, "SO-1002", "2026-03-20", who="bob")
    deliver(store, first.id)
    queue(store, "SO-1003", "2026-04-01")
    queue(store, "SO-1004", "2026-04-02", who="carol")


def problems(store: CacheStore, anchor: Path | None = None) -> list[str]:
    return verify_audit(store.engine, anchor).problems


def test_each_write_back_is_chained_to_the_one_before(store: CacheStore) -> None:
    five_entries(store)
    found = entries(store)
    assert [e.seq for e in found] == [1, 2, 3, 4, 5]
    assert [e.kind for e in found][:3] == ["promise_date.queued", "promise_date.queued",
                                          "promise_date.delivered"]
    assert [e.who for e in found] == ["alice", "bob", "alice", "alice", "carol"]
    assert found[0].target == "crm.orders/SO-1001" and found[0].source == "demo-crm"
    assert found[0].prev_hash == GENESIS_HASH
    for before, after in zip(found, found[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    # The payload hash is the one anyone can compute from the queued payload.
    assert found[0].payload_hash == log.payload_hash(
        {"by": "alice", "promised_date": "2026-03-14", "line_no": 1})
    report = verify_audit(store.engine)
    assert report.intact, report.problems
    assert report.message().startswith(
        f"audit log intact: 5 entries, last hash {found[-1].entry_hash}")


def test_a_refused_action_leaves_no_audit_entry(store: CacheStore) -> None:
    queue(store, "SO-1001", "2026-03-14", key="same-key")
    with pytest.raises(DuplicateAction):
        queue(store, "SO-1001", "2026-03-15", key="same-key")
    assert len(entries(store)) == 1
    assert len(store.outbox_items()) == 1


def test_edited_payload_hash_or_author_is_detected(store: CacheStore) -> None:
    five_entries(store)
    with store.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2)
                     .values(payload_hash=log.payload_hash({"promised_date": "2026-03-01"})))
        conn.execute(update(audit_log).where(audit_log.c.seq == 4).values(who="mallory"))
    assert problems(store) == ["entry 2 was edited", "entry 4 was edited"]


def test_edit_with_a_recomputed_hash_is_caught_by_the_next_entry(store: CacheStore) -> None:
    five_entries(store)
    third = entries(store)[2]
    fields = {**third.fields(), "who": "mallory"}
    with store.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(
            who="mallory", entry_hash=compute_entry_hash(third.prev_hash, fields)))
    found = problems(store)
    assert len(found) == 1 and found[0].startswith("entry 3 was edited")


def test_deleted_entries_are_detected(store: CacheStore, tmp_path: Path) -> None:
    five_entries(store)
    anchor = tmp_path / "audit.anchor"
    AnchorKeeper(anchor).update(store.engine)
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq.in_([2, 3])))
    assert problems(store, anchor) == ["entries 2–3 are missing"]
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 5))
    # The chain alone cannot see a missing tail; the anchor file can.
    assert problems(store) == ["entries 2–3 are missing"]
    assert problems(store, anchor) == [
        "entries 2–3 are missing", "entry 5 is missing (the anchor file records entry 5)"]


def test_a_consistently_rewritten_chain_does_not_match_the_anchor(
        store: CacheStore, tmp_path: Path) -> None:
    anchor = tmp_path / "audit.anchor"
    keeper = AnchorKeeper(anchor)
    queue(store, "SO-1001", "2026-03-14")
    assert keeper.update(store.engine)
    queue(store, "SO-1002", "2026-03-20")
    assert keeper.update(store.engine)
    assert not keeper.update(store.engine)  # nothing new: no new line
    assert [mark.seq for mark in read_anchor(anchor)] == [1, 2]
    # Someone rewrites the whole log, every hash recomputed: the chain itself looks fine.
    prev = GENESIS_HASH
    with store.engine.begin() as conn:
        for entry in entries(store):
            fields = {**entry.fields(), "who": "mallory"}
            entry_hash = compute_entry_hash(prev, fields)
            conn.execute(update(audit_log).where(audit_log.c.seq == entry.seq).values(
                who="mallory", prev_hash=prev, entry_hash=entry_hash))
            prev = entry_hash
    assert problems(store) == []
    found = problems(store, anchor)
    assert len(found) == 1
    assert found[0].startswith("the chain does not match the anchor file: the log was rewritten")


def test_appends_from_many_desks_at_once_keep_one_chain(cache_url: str) -> None:
    stores = [CacheStore.open(cache_url) for _ in range(3)]
    errors: list[BaseException] = []

    def desk(number: int, store: CacheStore) -> None:
        try:
            for i in range(8):
                queue(store, f"SO-{number}{i:02}", "2026-03-14", who=f"desk-{number}")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(n, s)) for n, s in enumerate(stores)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors
        found = entries(stores[0])
        assert [e.seq for e in found] == list(range(1, 25))
        assert verify_audit(stores[0].engine).intact
    finally:
        for store in stores:
            store.close()


def test_verify_audit_command_exit_codes(store: CacheStore, cache_url: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    anchor = tmp_path / "audit.anchor"
    five_entries(store)
    AnchorKeeper(anchor).update(store.engine)
    last = entries(store)[-1].entry_hash
    assert main(["verify-audit", "--database", cache_url, "--anchor", str(anchor)]) == 0
    assert f"audit log intact: 5 entries, last hash {last}" in capsys.readouterr().out

    config = agent_config(tmp_path, cache_url)
    assert main(["verify-audit", "--config", str(config)]) == 0
    capsys.readouterr()

    with store.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(who="mallory"))
    assert main(["verify-audit", "--config", str(config)]) == 1
    assert "entry 3 was edited" in capsys.readouterr().out

    anchor.unlink()
    assert main(["verify-audit", "--database", cache_url, "--anchor", str(anchor)]) == 1
    assert "does not exist" in capsys.readouterr().out

    config.write_text('database = "mysql://x"\n', encoding="utf-8")
    assert main(["verify-audit", "--config", str(config)]) == 2
    assert f"{config}: database:" in capsys.readouterr().err


def test_postgresql_denies_updates_and_deletes_to_public(store: CacheStore) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("grants exist on PostgreSQL only")
    with store.engine.connect() as conn:
        allowed = {privilege: conn.execute(
            text("SELECT has_table_privilege('public', 'audit_log', :p)"), {"p": privilege}
        ).scalar_one() for privilege in ("UPDATE", "DELETE", "TRUNCATE")}
    assert allowed == {"UPDATE": False, "DELETE": False, "TRUNCATE": False}


def test_the_migration_creates_the_table_at_head(store: CacheStore) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(select(audit_log)).all() == []
        assert conn.execute(text("SELECT version_num FROM alembic_version")
                            ).scalar_one() == HEAD_REVISION


def test_an_anchor_file_that_cannot_be_read_stops_the_agent_with_what_to_do(
        store: CacheStore, cache_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A damaged or forged anchor is said in words with the way out, never as a traceback."""
    (tmp_path / "audit.anchor").write_text("2147483647 not-a-hash 2026-11-25T09:00:00+00:00\n",
                                           encoding="utf-8")
    config = agent_config(tmp_path, cache_url)
    assert main(["--config", str(config), "--once"]) == 3
    err = capsys.readouterr().err
    assert "the audit anchor file cannot be trusted" in err
    assert "line 1: expected 'seq hash at'" in err
    assert f"gemba-sync verify-audit --config {config}" in err
    assert "Traceback" not in err


def agent_config(folder: Path, cache_url: str) -> Path:
    """An agent's configuration on the cache, anchored in folder/audit.anchor."""
    config = folder / "agent.toml"
    config.write_text(f'database = "{cache_url}"\naudit_anchor = "audit.anchor"\n'
                      '[[source]]\nname = "demo-mes"\nrole = "mes"\n'
                      'url = "http://127.0.0.1:9"\n', encoding="utf-8")
    return config


def _insert(store: CacheStore, **values: object) -> None:
    """A row written straight into the log, as someone with the owner's rights could."""
    row = {"at": AT, "who": "plant.director", "kind": "priority.delivered", "source": "demo-mes",
           "target": "mes.work_orders/WO-1", "payload_hash": log.payload_hash({}), **values}
    with store.engine.begin() as conn:
        conn.execute(audit_log.insert().values(row))


def test_the_agent_anchors_only_entries_that_follow_on(store: CacheStore,
                                                        tmp_path: Path) -> None:
    keeper = AnchorKeeper(tmp_path / "audit.anchor")
    queue(store, "SO-1001", "2026-03-14")
    queue(store, "SO-1002", "2026-03-20")
    assert keeper.update(store.engine, now=AT)
    second = entries(store)[-1]
    # The row that once made every later append fail: never anchored, the file stays readable.
    _insert(store, seq=2147483647, prev_hash="x", entry_hash="forged")
    with pytest.raises(AnchorMismatch, match="audit entry 3 is missing"):
        keeper.update(store.engine, now=AT)
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 2147483647))
    fields = {"seq": 3, "at": "2026-11-25T09:00:00.000000+00:00", "who": "plant.director",
              "kind": "priority.delivered", "source": "demo-mes",
              "target": "mes.work_orders/WO-1", "payload_hash": log.payload_hash({})}
    _insert(store, seq=3, prev_hash=GENESIS_HASH,
            entry_hash=compute_entry_hash(GENESIS_HASH, fields))
    with pytest.raises(AnchorMismatch, match="audit entry 3 is not chained to entry 2"):
        keeper.update(store.engine, now=AT)
    with store.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(
            prev_hash=second.entry_hash))
    with pytest.raises(AnchorMismatch, match="audit entry 3 was edited"):
        keeper.update(store.engine, now=AT)
    assert [(m.seq, m.entry_hash) for m in read_anchor(keeper.path)][-1] == (
        2, second.entry_hash)

    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 3))
    queue(store, "SO-1003", "2026-04-01")  # an honest entry 3 is anchored as usual
    assert keeper.update(store.engine, now=AT)
    assert read_anchor(keeper.path)[-1].seq == 3
    assert verify_audit(store.engine, keeper.path).intact


def test_the_running_agent_says_once_why_it_does_not_anchor(
        store: CacheStore, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    events = AgentEvents(store, AnchorKeeper(tmp_path / "audit.anchor"))
    queue(store, "SO-1001", "2026-03-14")
    _insert(store, seq=5, prev_hash="x", entry_hash="forged")
    with caplog.at_level(logging.ERROR, logger="app.agent.agent"):
        asyncio.run(events.update_anchor())
        asyncio.run(events.update_anchor())
    assert [(r.getMessage(), r.exc_info) for r in caplog.records] == [
        ("audit entry 2 is missing (the next is 5): not anchored (check the log with "
         "gemba-sync verify-audit)", None)]
    assert events.anchor_problem.startswith("audit entry 2 is missing")
    assert [m.seq for m in read_anchor(tmp_path / "audit.anchor")] == [1]


def test_an_anchor_the_log_no_longer_matches_stops_the_agent_with_what_to_do(
        store: CacheStore, cache_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    five_entries(store)
    AnchorKeeper(tmp_path / "audit.anchor").update(store.engine, now=AT)
    with store.engine.begin() as conn:  # the last anchored entry, rewritten with a new hash
        conn.execute(update(audit_log).where(audit_log.c.seq == 5).values(entry_hash="f" * 64))
    config = agent_config(tmp_path, cache_url)
    assert main(["--config", str(config), "--once"]) == 3
    err = capsys.readouterr().err
    assert "the audit log does not match the anchor file" in err
    assert "entry 5 has hash ffffffffffff…" in err
    assert f"gemba-sync verify-audit --config {config}" in err
    assert "move the anchor file aside" in err
    assert "Traceback" not in err
