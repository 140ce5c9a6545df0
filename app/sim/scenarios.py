"""Named situations a demo or a test can put the plant in, at the current simulated time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from app.domain import MachineState, Severity

if TYPE_CHECKING:
    from app.sim.plant import Plant

DESCRIPTIONS: dict[str, str] = {
    "breakdown": "A busy machine breaks down for several hours, delaying the orders it serves.",
    "drift": "A critical characteristic on one line starts drifting; control-chart rules fire.",
    "rush-order": "A key customer places a big urgent order due in four days.",
    "complaint": "A key customer raises a high-severity complaint against a shipped lot.",
    "to-release": "Two confirmed orders the plant makes no work order for: their lines wait in "
                  "Orders → Not linked to be released (one with a colour nobody has mapped).",
    "quiet": "Every machine repaired and handed back; no random breakdowns or drift from now on "
             "(other scenarios still apply).",
}


def breakdown(plant: Plant) -> str:
    m = plant.production.busiest_machine()
    if m is None:  # nothing is running (a weekend): take the first machine of the assembly line
        m = plant.floor.by_id["M-311"]
    plant.floor.breakdown(m, "Main spindle bearing failure, waiting for spare part", 5.0)
    wo = m.job.wo.number if m.job else "no work order"
    return f"{m.id} is down for about 5 hours ({wo})."


def drift(plant: Plant, characteristic_id: str | None = None,
          critical: bool | None = None) -> str:
    """`characteristic_id` names the characteristic to drift; `critical` narrows the choice
    to critical (True) or other (False) characteristics."""
    lab = plant.quality
    pool = [c for c in lab.characteristics
            if (characteristic_id is None or c.id == characteristic_id)
            and (critical is None or c.critical == critical)]
    if not pool:
        raise KeyError(f"no characteristic {characteristic_id or ''} to drift"
                       f"{'' if critical is None else f' with critical={critical}'}")
    # Prefer a characteristic being measured right now, so the chart reacts at once.
    running = [(m.job.wo.product_id, m.job.template.sequence) for m in plant.floor.machines
               if m.job is not None and m.status.state is MachineState.RUNNING]
    candidates = [ch for ch in pool if (ch.product_id, ch.operation_sequence) in running]
    ch = (candidates or [c for c in pool if c.id == "CH-210-10"] or pool)[0]
    machines = lab.machines_for(ch)
    # A line-wide cause (coolant temperature creeping up) moves every machine of the work center.
    lab.start_drift(ch, machines, "shift", 2.0, 10.0)
    return f"{ch.id} ({ch.name}) drifts upward on {', '.join(m.id for m in machines)}."


def rush_order(plant: Plant) -> str:
    today = plant.orders.today()
    order = plant.add_order(customer_id="C-002", priority=1, customer_po="PO-RUSH-1",
                            lines=[{"product_id": "P-300", "quantity": 400,
                                    "requested_date": today + timedelta(days=4)}])
    return f"{order.number}: 400 × P-300 for C-002, requested {today + timedelta(days=4)}."


def complaint(plant: Plant) -> str:
    key_accounts = [s for s in plant.orders.shipments
                    if plant.accounts.customers[s.customer_id].key_account]
    shipment = (key_accounts or plant.orders.shipments or [None])[-1]
    if shipment is None:
        c = plant.add_complaint(customer_id="C-001", category="noise", severity=Severity.HIGH)
    else:
        c = plant.add_complaint(customer_id=shipment.customer_id,
                                lot_id=shipment.lots[0].lot_id, order_id=shipment.order_id,
                                category="noise", severity=Severity.HIGH)
    return f"{c.number} ({c.severity}) from {c.customer_id} on lot {c.lot_id}."


def to_release(plant: Plant) -> str:
    from app.sim import layout

    today = plant.orders.today()
    placed = []
    for customer, colour, quantity in (("C-003", layout.COLOURS[0], 24),
                                       ("C-005", "RAL 1023 traffic yellow", 16)):
        order = plant.add_order(customer_id=customer, customer_po=f"PO-REL-{customer}",
                                plan=False, lines=[{
                                    "product_id": "P-310", "quantity": quantity,
                                    "requested_date": today + timedelta(days=12),
                                    "options": {"colour": colour}}])
        placed.append(f"{order.number} ({quantity} × P-310, {colour})")
    return "Waiting to be released: " + ", ".join(placed) + "."


def quiet(plant: Plant) -> str:
    plant.floor.faults_enabled = False
    plant.quality.drift_enabled = False
    plant.quality.stop_drifts()
    plant.floor.repair_all()
    return "All machines handed back to the simulation; faults and drift are off."


APPLY: dict[str, Callable[[Plant], str]] = {
    "breakdown": breakdown, "drift": drift, "rush-order": rush_order, "complaint": complaint,
    "to-release": to_release, "quiet": quiet,
}
