"""Held capacity (app.analytics.schedule.holds): a quote's outbox item holds the hours it needs
until it expires or its order is confirmed; new demand is planned after it; the alternatives
to a wanted date that cannot be met (app.analytics.schedule.alternatives)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.analytics.schedule import PromiseRequest, capable_to_promise, make_plan
from app.analytics.schedule.alternatives import split, with_alternatives
from app.analytics.schedule.holds import HOLD_PREFIX, HoldState, holds_of, with_holds
from app.cache.outbox import OutboxItem, OutboxState
from app.cache.store import CacheStore
from app.domain import Equipment, EquipmentLevel, OrderStatus, Site
from app.runtime.plan_inputs import assumed_floor, snapshot_from_cache
from app.sync.actions import quote
from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot

NOW = local(MONDAY, 6)
TODAY = MONDAY


def item(item_id: int, *, state=OutboxState.QUEUED, quantity: int = 300, expires_in: int = 14,
         answer: dict | None = None, hold: str = "H-1") -> OutboxItem:
    action = quote("crm", hold, customer_id="C-1", product_id="P1", quantity=str(quantity),
                   unit="pcs", requested=MONDAY + timedelta(days=2),
                   quoted=MONDAY + timedelta(days=4), priority=3,
                   expires=TODAY + timedelta(days=expires_in), hours={"WC-A": 3.0},
                   made_by="ann")
    return OutboxItem(
        id=item_id, idempotency_key=f"k{item_id}", source="crm", action="quote",
        target_feed="crm.orders", target_id=hold, payload=action.payload, record_version=None,
        state=state, attempts=0, last_error="", created_at=NOW, next_attempt_at=NOW,
        made_by="ann", delivered_at=None, answer=answer)


def test_a_hold_lives_from_queued_until_confirmed_or_expired() -> None:
    draft = order("O-9", "SO-9", 300, promised=MONDAY + timedelta(days=4),
                  status=OrderStatus.DRAFT)
    delivered = item(1, state=OutboxState.DELIVERED, answer={"id": "O-9", "number": "SO-9"})
    assert [h.state for h in holds_of([item(1)], [], TODAY)] == [HoldState.WAITING]
    assert [h.state for h in holds_of([delivered], [draft], TODAY)] == [HoldState.HELD]
    confirmed = replace(draft, status=OrderStatus.CONFIRMED)
    assert [h.state for h in holds_of([delivered], [confirmed], TODAY)] == [
        HoldState.CONFIRMED]
    cancelled = replace(draft, status=OrderStatus.CANCELLED)
    assert [h.state for h in holds_of([delivered], [cancelled], TODAY)] == [
        HoldState.RELEASED]
    assert [h.state for h in holds_of([item(1, state=OutboxState.PARKED)], [], TODAY)] == [
        HoldState.RELEASED]
    later = TODAY + timedelta(days=15)  # past its 14 days, not confirmed
    assert [h.state for h in holds_of([delivered], [draft], later)] == [HoldState.EXPIRED]
    (hold,) = holds_of([delivered], [draft], TODAY)
    assert (hold.order_number, hold.quantity, hold.hours) == ("SO-9", Decimal(300),
                                                              {"WC-A": 3.0})


def test_the_plan_holds_a_quote_until_it_expires() -> None:
    waiting = holds_of([item(1)], [], TODAY)
    orders = with_holds([], waiting)
    assert [o.id for o in orders] == [HOLD_PREFIX + "H-1"]
    assert orders[0].status is OrderStatus.DRAFT
    assert orders[0].lines[0].promised_date == MONDAY + timedelta(days=4)
    plan = make_plan(snapshot(NOW, orders=orders))
    assert plan.line_finish[(HOLD_PREFIX + "H-1", 1)] is not None  # demand in the plan
    # The CRM's draft, promised on the quoted date, holds it instead of the stand-in...
    draft = order("O-9", "SO-9", 300, promised=MONDAY + timedelta(days=4),
                  status=OrderStatus.DRAFT)
    delivered = item(1, state=OutboxState.DELIVERED, answer={"id": "O-9", "number": "SO-9"})
    assert with_holds([draft], holds_of([delivered], [draft], TODAY)) == [draft]
    # ... until the hold expires: then the draft's date is no promise any more.
    expired = holds_of([delivered], [draft], TODAY + timedelta(days=15))
    (kept,) = with_holds([draft], expired)
    assert kept.lines[0].promised_date is None
    assert (("O-9", 1) not in make_plan(snapshot(NOW, orders=[kept])).line_finish)


def test_new_demand_is_planned_after_the_held_hours() -> None:
    holds = holds_of([item(1, quantity=600)], [], TODAY)
    held = snapshot(NOW, orders=with_holds([], holds))
    held.holds = holds
    free = snapshot(NOW)
    # An urgent request (priority 1, an earlier date) would go first by the dispatch rule; the
    # hold's hours are not on offer, so it comes after them.
    ask = PromiseRequest("P1", Decimal(100), MONDAY, priority=1)
    before = capable_to_promise(free, ask)
    after = capable_to_promise(held, ask)
    assert after.finish > before.finish
    assert (HOLD_PREFIX + "H-1", 1) not in {s.line for s in after.slips}
    assert dict(after.hours).keys() == {"WC-A", "WC-B"}


def test_how_much_by_the_wanted_date_and_the_split() -> None:
    busy = snapshot(NOW, orders=[order("O1", "SO-1", 700, promised=MONDAY)])
    ask = PromiseRequest("P1", Decimal(800), MONDAY + timedelta(days=1))
    answer = capable_to_promise(busy, ask)
    assert not answer.feasible
    full = with_alternatives(busy, answer)
    assert full.by_wanted is not None and 0 < full.by_wanted < 800
    smaller = capable_to_promise(busy, replace(ask, quantity=full.by_wanted))
    assert smaller.earliest <= ask.requested_date  # it really is ready by then
    assert split(full) == (full.by_wanted, Decimal(800) - full.by_wanted)
    on_time = capable_to_promise(busy, replace(ask, quantity=Decimal(10),
                                               requested_date=MONDAY + timedelta(days=20)))
    assert with_alternatives(busy, on_time).by_wanted is None and split(on_time) is None


def test_an_mes_without_calendars_or_machines_is_planned_on_assumptions(tmp_path) -> None:
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    fill_cache(store, snapshot(NOW))
    store.delete("mes", "mes.calendars", ["CAL"])
    store.delete("mes", "mes.equipment", ["MA", "MB"])
    snap = snapshot_from_cache(store, NOW.astimezone(UTC))
    store.close()
    assert set(snap.machines.values()) == {"WC-A", "WC-B"}
    assert [c.id for c in snap.calendars] == ["assumed"]
    plan = make_plan(replace(snap, orders=[order("O1", "SO-1", 100, promised=MONDAY)]))
    assert plan.line_finish[("O1", 1)] is not None
    centers = [Equipment(id="wc-1", site_id="wh-1", level=EquipmentLevel.WORK_CENTER,
                         name="Lathe")]
    machines, (calendar,) = assumed_floor(centers, {}, [Site(id="wh-1", name="W",
                                                            time_zone="UTC")])
    assert machines == {"wc-1:assumed": "wc-1"} and calendar.work_center_ids == ["wc-1"]
    assert isinstance(NOW, datetime)
