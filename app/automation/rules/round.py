"""One round of the automation rules, the same on a desk and in the sync agent (gemba-sync).

Blocking and without Qt: `run_round` evaluates the rules, stores the new firings (once per
occurrence), decides what each firing's action comes to and stores, in one write, the states
decided without the outbox (alert raised, notice offered, no CRM record, webhook not
configured). Left to the caller: queueing the outbox actions (`queue_actions`, on the event
loop) and the alerts' words, which are the desk's (it translates them; the agent raises no
alert, each desk raises them from the firings it reads). `firing_alert` lays out an alert from a
firing and the words given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from app.automation.alarms import RULE_KEY_PREFIX
from app.automation.alerts import Alert, AlertKind
from app.automation.rules.actions import outbox_action
from app.automation.rules.cycle import run_rules
from app.automation.rules.model import ActionState, Firing, Rule, RuleAction, RuleEvent
from app.automation.rules.store import set_action_states
from app.cache.outbox import DuplicateAction, OutboxItem
from app.cache.store import CacheStore

if TYPE_CHECKING:
    from app.analytics.schedule.plan import Plan
    from app.sync.actions import Action

log = logging.getLogger(__name__)


class ActionQueue(Protocol):
    """The sync engine (or a desk's outbox) as far as a round needs it."""

    async def queue_action(self, action: Action) -> OutboxItem: ...


@dataclass(frozen=True, slots=True)
class RuleRound:
    """A round's outcome: what is stored, and what is left to do."""

    firings: list[Firing]  # the new firings, as recorded (their state read "pending" then)
    rules: dict[str, Rule]  # by id
    alerts: list[Firing]  # the firings that raise an alert (state "raised" stored)
    to_queue: list[tuple[int, Action]]  # (firing id, outbox action) still to queue
    states: dict[int, str]  # the states decided and stored by the round (firing id -> state)


def decide(firing: Firing, rule: Rule | None) -> tuple[Action | None, str]:
    """What a firing's action comes to: (the outbox action to queue, "") or (None, its state;
    "" for an action this console does not know)."""
    if firing.action == RuleAction.ALERT:
        return None, ActionState.RAISED  # the desk shows it (a shared desk from what it reads)
    if firing.action == RuleAction.NOTICE:
        return None, ActionState.NOTICE_OFFERED  # an account manager drafts and approves it
    target = str(rule.params.get("webhook_target", "")) if rule is not None else ""
    return outbox_action(firing, target)


def run_round(store: CacheStore, now: datetime, plan: Plan | None) -> RuleRound:
    """Blocking: evaluate, record the new firings, store the states known without the
    outbox in one write, and list the outbox actions to queue."""
    firings, rules = run_rules(store, now, plan)
    alerts: list[Firing] = []
    to_queue: list[tuple[int, Action]] = []
    states: dict[int, str] = {}
    for firing in firings:
        if firing.action == RuleAction.RELEASE:
            action, state = release_action(store, firing)
        else:
            action, state = decide(firing, rules.get(firing.rule_id))
        if action is not None:
            to_queue.append((firing.id, action))
        elif state:
            states[firing.id] = state
        if firing.action == RuleAction.ALERT:
            alerts.append(firing)
    if states:
        set_action_states(store, states)
    # Progress back to the CRM, on the same plan, by whoever runs the rounds (the agent, or
    # the one desk without an agent): straight into the outbox, only what changed.
    from app.runtime.progress_writeback import write_progress_if_due

    write_progress_if_due(store, now, plan)
    return RuleRound(firings, rules, alerts, to_queue, states)


def release_action(store: CacheStore, firing: Firing) -> tuple[Action | None, str]:
    """A release firing's outbox action (app.automation.release), or why there is none: no
    line to release, or "refused: <reason>" when its options are not in the mapping."""
    from app.automation.release import OptionRefused, release_action_for

    line_no = firing.facts.get("line_no")
    if not firing.order_id or not firing.order_source or not isinstance(line_no, int):
        return None, ActionState.NO_RECORD
    try:
        return release_action_for(store, firing.order_source, firing.order_id, line_no,
                                   made_by="automation"), ""
    except OptionRefused as refused:
        log.info("rule firing %s: release refused: %s", firing.id, refused)
        return None, f"{ActionState.REFUSED.value}: {refused}"
    except LookupError:
        return None, ActionState.NO_RECORD


@dataclass(slots=True)
class Queued:
    """What queueing a round's outbox actions came to so far, to store in one write."""

    states: dict[int, str] = field(default_factory=dict)  # firing id -> queued, failed...
    outbox_ids: dict[int, int] = field(default_factory=dict)  # firing id -> outbox item id

    def store(self, store: CacheStore) -> None:
        """Blocking: the states, and the outbox items the event log follows from now on."""
        if self.states:
            set_action_states(store, self.states, self.outbox_ids)


async def queue_actions(queue: ActionQueue, to_queue: Iterable[tuple[int, Action]],
                        done: Queued) -> None:
    """Queue each action once, one after another, noting each in `done` as it goes: a caller
    cancelled half-way still stores what was queued."""
    for firing_id, action in to_queue:
        try:
            item = await queue.queue_action(action)
        except DuplicateAction:  # released from a desk (or by another rule) already: once
            done.states[firing_id] = ActionState.ALREADY_QUEUED
        except Exception:  # this one failed; the others still go
            log.exception("rule firing %s: its action could not be queued", firing_id)
            done.states[firing_id] = ActionState.FAILED
        else:
            done.states[firing_id] = ActionState.QUEUED
            done.outbox_ids[firing_id] = item.id


def firing_alert(firing: Firing, now: datetime, rule_name: str, happened: str) -> Alert:
    """The alert a firing raises, with the words given (`rule_name`: the rule's name,
    `happened`: what happened, both in the person's language). The alert centre knows two
    kinds: a machine-down firing shows as the machine's alert, every other firing as a rule
    on its subject."""
    key = f"{RULE_KEY_PREFIX}{firing.rule_id}:{firing.occurrence_key}"
    if firing.event == RuleEvent.MACHINE_DOWN_SLACK:
        return Alert(key=key, kind=AlertKind.MACHINE_DOWN, source=firing.order_source,
                     subject_id=str(firing.facts.get("machine", firing.subject)),
                     subject_name=firing.subject, since=firing.fired_at, raised_at=now,
                     reason=happened)
    if firing.event == RuleEvent.SPC_KEY_CUSTOMER:
        return Alert(key=key, kind=AlertKind.SPC_RULE, source=firing.order_source,
                     subject_id=str(firing.facts.get("characteristic", "")),
                     subject_name=firing.subject, since=firing.fired_at, raised_at=now,
                     rule=str(firing.facts.get("rule", "")), reason=rule_name)
    return Alert(key=key, kind=AlertKind.SPC_RULE, source=firing.order_source,
                 subject_id=firing.order_id or firing.subject, subject_name=rule_name,
                 since=firing.fired_at, raised_at=now, rule=happened)
