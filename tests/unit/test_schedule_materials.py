"""Materials in the plan and in capable-to-promise, on a hand-planned plant: P1 takes 2 kg of
RM1 per unit; 400 kg are on hand and 600 kg are expected on Wednesday at 10:00."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.analytics.schedule import PromiseRequest, capable_to_promise, make_plan
from app.domain import BomItem, ExpectedReceipt, Product, ReceiptStatus, StockLevel
from tests.unit.schedule_fixtures import MONDAY, local, product, snapshot, work_order

NOW = local(MONDAY, 6)
WEDNESDAY = MONDAY + timedelta(days=2)


def p1_with_bom():
    made = product()
    made.bom = [BomItem(component_id="RM1", quantity_per_unit=Decimal(2), unit="kg")]
    return made


def stock(item: str, on_hand: int, reserved: int = 0, unit: str = "kg") -> StockLevel:
    return StockLevel(id=f"{item}@MAIN", item_id=item, location="MAIN",
                      on_hand=Decimal(on_hand), reserved=Decimal(reserved),
                      safety_stock=Decimal(0), unit=unit, counted_at=NOW)


def receipt(item: str, quantity: int, at, status=ReceiptStatus.OPEN) -> ExpectedReceipt:
    return ExpectedReceipt(id=f"PO-1/{item}", purchase_order="PO-1", supplier="Steel Co.",
                           item_id=item, quantity=Decimal(quantity), unit="kg",
                           expected_at=at, status=status)


def plant(work_orders=(), finished: int = 0, reserved: int = 0, lead_days: int | None = None):
    """`lead_days`: RM1's lead time as the MES gives it (None: not given)."""
    levels = [stock("RM1", 400)]
    if finished:
        levels.append(stock("P1", finished, reserved, unit="pcs"))
    rm1 = Product(id="RM1", code="RM1", name="Steel", unit="kg", kind="raw",
                  lead_time_days=None if lead_days is None else Decimal(lead_days))
    return snapshot(NOW, work_orders=list(work_orders),
                    products={"P1": p1_with_bom(), "RM1": rm1}, stock=levels,
                    receipts=[receipt("RM1", 600, local(WEDNESDAY, 10))])


def test_operations_wait_for_their_material_in_dispatch_order():
    plan = make_plan(plant([work_order("W1", 200, priority=1),
                            work_order("W2", 100, priority=2)]))
    assert plan.jobs["W1"].operations[0].start == NOW  # 400 kg on hand: enough
    w2 = plan.jobs["W2"]
    assert w2.material_ready == local(WEDNESDAY, 10)
    assert w2.operations[0].start == local(WEDNESDAY, 10)
    assert w2.finish == local(WEDNESDAY, 12)
    (short,) = w2.shortages
    assert (short.item_id, short.missing, short.unit) == ("RM1", 200.0, "kg")
    assert short.resolved_at == local(WEDNESDAY, 10)


def test_started_work_orders_took_their_material_already():
    running = work_order("W1", 200, priority=5)
    running.operations[0].status = running.operations[0].status.RUNNING
    running.operations[0].machine_id = "MA"
    plan = make_plan(plant([running, work_order("W2", 200, priority=1)]))
    assert plan.jobs["W1"].shortages == ()
    assert plan.jobs["W2"].shortages == ()  # the 400 kg are all W2's


def test_shortage_is_named_as_the_bottleneck_with_quantity_and_date():
    snap = plant([work_order("W1", 200, priority=1), work_order("W2", 100, priority=2)])
    answer = capable_to_promise(snap, PromiseRequest("P1", Decimal(300), WEDNESDAY))
    # W1 and W2 take 600 kg; 300 units need 600 more, but only 400 are coming.
    assert answer.material is not None
    assert answer.material.item_id == "RM1" and answer.material.missing == 600.0
    assert answer.material.resolved_at is None  # no receipt covers it
    # Assumed bought in 5 days: Saturday 06:00, so Monday's shift is the first it can use.
    assert answer.finish == local(MONDAY + timedelta(days=7), 12)
    assert not answer.feasible


def test_a_need_nothing_covers_is_bought_in_the_item_s_lead_time():
    works = [work_order("W1", 200, priority=1), work_order("W2", 300, priority=2),
             work_order("W3", 200, priority=3)]
    # W2 needs 600 kg: 200 left on hand, then the receipt's 600 on Wednesday 10:00. W3's
    # 400 kg are on no receipt: bought today, they are there 3 days later (Thursday 06:00).
    plan = make_plan(plant(works, lead_days=3))
    assert plan.jobs["W2"].material_ready == local(WEDNESDAY, 10)
    w3 = plan.jobs["W3"]
    assert w3.material_ready == local(MONDAY + timedelta(days=3), 6)
    assert w3.shortages[0].resolved_at is None  # still named: no receipt covers it
    # Without a lead time the plan assumes its 5 days (Saturday 06:00: Monday's shift).
    assert make_plan(plant(works)).jobs["W3"].material_ready == local(
        MONDAY + timedelta(days=5), 6)


def test_a_lead_time_shorter_than_the_wait_for_a_receipt_is_bought_instead():
    # A supplier that delivers at once (lead time 0): W2 does not wait for Wednesday.
    plan = make_plan(plant([work_order("W1", 200, priority=1),
                            work_order("W2", 100, priority=2)], lead_days=0))
    assert plan.jobs["W2"].operations[0].start == local(MONDAY, 8)  # after W1 (2 h)
    assert plan.jobs["W2"].shortages[0].resolved_at == local(WEDNESDAY, 10)


def test_a_request_that_fits_the_receipt_waits_for_it():
    answer = capable_to_promise(plant([work_order("W1", 200, priority=1)]),
                                PromiseRequest("P1", Decimal(100), WEDNESDAY))
    assert answer.material.resolved_at == local(WEDNESDAY, 10)
    assert answer.finish == local(WEDNESDAY, 12)
    assert answer.feasible


def test_finished_stock_ships_first_and_only_the_rest_is_made():
    snap = plant(finished=50, reserved=20)
    answer = capable_to_promise(snap, PromiseRequest("P1", Decimal(100), MONDAY))
    assert answer.atp.from_stock == 30 and answer.atp.to_make == 70
    assert answer.plan.jobs["request"].quantity == 70.0
    enough = capable_to_promise(snap, PromiseRequest("P1", Decimal(25), MONDAY))
    assert enough.atp.all_from_stock and enough.earliest == MONDAY and enough.feasible
    assert enough.finish is None  # nothing to make


def test_without_stock_data_materials_are_not_checked():
    snap = snapshot(NOW, work_orders=[work_order("W1", 200)], products={"P1": p1_with_bom()})
    plan = make_plan(snap)
    assert plan.jobs["W1"].material_ready is None and plan.jobs["W1"].shortages == ()
    assert capable_to_promise(snap, PromiseRequest("P1", Decimal(10), MONDAY)).atp is None


def test_a_shortage_moves_to_the_next_receipt_when_the_first_is_taken():
    friday = MONDAY + timedelta(days=4)
    receipts = [receipt("RM1", 200, local(WEDNESDAY, 10)),
                receipt("RM1", 400, local(friday, 8))]
    receipts[1].id = "PO-2/RM1"
    alone = snapshot(NOW, work_orders=[work_order("W1", 200, priority=1)],
                     products={"P1": p1_with_bom()}, stock=[stock("RM1", 400)],
                     receipts=receipts)
    ask = PromiseRequest("P1", Decimal(100), friday)
    # W1 takes the 400 kg on hand; 100 units (200 kg) wait for Wednesday's receipt.
    assert capable_to_promise(alone, ask).material.resolved_at == local(WEDNESDAY, 10)
    # A more urgent order takes Wednesday's 200 kg first: the request moves to Friday's.
    busier = snapshot(NOW, work_orders=[work_order("W1", 200, priority=1),
                                        work_order("W3", 100, priority=2)],
                      products={"P1": p1_with_bom()}, stock=[stock("RM1", 400)],
                      receipts=receipts)
    answer = capable_to_promise(busier, ask)
    assert answer.material.resolved_at == local(friday, 8)
    assert answer.plan.jobs["request"].operations[0].start == local(friday, 8)


def test_an_order_line_names_the_material_it_waits_for():
    from app.analytics.order_risk import material_waits
    from tests.unit.schedule_fixtures import order

    snap = plant([work_order("W1", 200, priority=1),
                  work_order("W2", 100, priority=2, links=(("O1", 1, 100),))])
    snap.orders = [order("O1", "SO-0001", 100, promised=MONDAY)]
    plan = make_plan(snap)
    assert material_waits(plan, ("O1", 1)) == [("RM1", WEDNESDAY)]


def test_every_item_that_holds_a_job_up_is_named_but_only_taken_by_a_job_that_can_start():
    """P1 takes one seal and one carton a unit; seals run out for good (no receipt), cartons
    would do for W2 alone: W1 waits on both, and its cartons stay free for W2."""
    made = product()
    made.bom = [BomItem(component_id="SEAL", quantity_per_unit=Decimal(1), unit="pcs"),
                BomItem(component_id="CARTON", quantity_per_unit=Decimal(1), unit="pcs")]
    other = product()
    other.id = "P2"
    other.bom = [BomItem(component_id="CARTON", quantity_per_unit=Decimal(1), unit="pcs")]
    w2 = work_order("W2", 60, priority=2)
    w2.product_id = "P2"
    snap = snapshot(NOW, work_orders=[work_order("W1", 100, priority=1), w2],
                    products={"P1": made, "P2": other},
                    stock=[stock("SEAL", 40, unit="pcs"), stock("CARTON", 80, unit="pcs")],
                    receipts=[])
    plan = make_plan(snap)
    short = {s.item_id: s.missing for s in plan.jobs["W1"].shortages}
    assert short == {"SEAL": 60.0, "CARTON": 20.0}
    assert plan.jobs["W2"].shortages == ()  # the 80 cartons were not set aside for W1
    assert plan.jobs["W2"].operations[0].start == NOW
