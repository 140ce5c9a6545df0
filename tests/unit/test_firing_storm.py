"""Rule firings stored in bulk, on SQLite and PostgreSQL: a storm of occurrences is stored once
each, in the order given; a second poll, or another console that stored some first, adds
nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime

from app.automation.rules import store as rules_store
from app.automation.rules.model import ActionState, Occurrence, RuleAction, RuleEvent
from app.automation.rules.store import firings, record_firings, set_action_states
from app.cache.store import CacheStore

pytest_plugins = ("tests.cache_db",)

NOW = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)
ACTIONS = {"order_without_wo": RuleAction.ALERT, "complaint_severe": RuleAction.ACTIVITY}


def no_wo(n: int) -> Occurrence:
    return Occurrence("order_without_wo", RuleEvent.ORDER_WITHOUT_WORK_ORDER,
                      f"order_without_wo:O{n}/1", NOW, f"SO-{n}/1",
                      {"hours": 5, "customer": "Acme"}, "crm", f"O{n}")


def complaint(n: int) -> Occurrence:
    return Occurrence("complaint_severe", RuleEvent.COMPLAINT_SEVERE, f"complaint:C{n}", NOW,
                      f"CC-{n}", {"severity": "high"}, "crm", f"O{n}")


def test_a_storm_is_stored_once_each_in_the_order_given(store: CacheStore,
                                                         cache_url: str) -> None:
    storm = [no_wo(n) for n in range(5000)] + [complaint(n) for n in range(3)]
    new = record_firings(store, storm, ACTIONS, now=NOW)
    assert [(f.rule_id, f.occurrence_key) for f in new] == [(o.rule_id, o.key) for o in storm]
    assert len({f.id for f in new}) == len(storm)
    assert new[-1].action == RuleAction.ACTIVITY and new[0].action == RuleAction.ALERT
    assert {f.action_state for f in new} == {ActionState.PENDING}
    assert new[0].facts == {"hours": 5, "customer": "Acme"} and new[0].fired_at == NOW
    assert record_firings(store, storm, ACTIONS, now=NOW) == []  # the next poll
    reopened = CacheStore.open(cache_url)  # a restart
    try:
        assert record_firings(reopened, storm[::-1], ACTIONS, now=NOW) == []
    finally:
        reopened.close()
    assert len(firings(store)) == len(storm)


def test_only_the_new_ones_and_each_once_within_a_call(store: CacheStore) -> None:
    record_firings(store, [no_wo(n) for n in range(0, 10, 2)], ACTIONS, now=NOW)
    new = record_firings(store, [no_wo(n) for n in (9, 8, 7, 7, 1, 0)], ACTIONS, now=NOW)
    assert [f.occurrence_key for f in new] == [no_wo(n).key for n in (9, 7, 1)]
    assert len(firings(store)) == 8


def test_what_another_console_stored_first_is_skipped(store: CacheStore, monkeypatch) -> None:
    # The other console commits between this one's look and its insert: the unique key and
    # the conflict clause keep it to one firing, and only this console's rows come back.
    record_firings(store, [no_wo(1), no_wo(3)], ACTIONS, now=NOW)
    monkeypatch.setattr(rules_store, "_known", lambda _conn, _occurrences: set())
    new = record_firings(store, [no_wo(n) for n in range(5)], ACTIONS, now=NOW)
    assert [f.occurrence_key for f in new] == [no_wo(n).key for n in (0, 2, 4)]
    assert len(firings(store)) == 5


def test_action_states_are_set_in_bulk(store: CacheStore) -> None:
    new = record_firings(store, [no_wo(n) for n in range(1200)], ACTIONS, now=NOW)
    set_action_states(store, {f.id: (ActionState.RAISED if f.id % 2 else ActionState.QUEUED)
                              for f in new[:1100]})
    states = {f.id: f.action_state for f in firings(store)}
    assert [states[f.id] for f in new[:4]] == [ActionState.RAISED if f.id % 2
                                               else ActionState.QUEUED for f in new[:4]]
    assert sum(s == ActionState.PENDING for s in states.values()) == 100
