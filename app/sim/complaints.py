"""Customer complaints against shipped lots, and how an investigation moves them along."""

from __future__ import annotations

from datetime import datetime

from app.domain import Complaint, ComplaintStatus, Severity, Shipment
from app.sim.accounts import Accounts
from app.sim.core import SimCore
from app.sim.lots import LotStore
from app.sim.orders import OrderDesk

CATEGORIES = ("dimension", "noise", "leakage", "torque", "cosmetic", "packaging")
TEXT = {
    "dimension": "Shaft does not fit the coupling; diameter measured oversize.",
    "noise": "Gear unit noisy at rated speed after a few hours of operation.",
    "leakage": "Oil leaking at the output shaft seal.",
    "torque": "Output torque below specification on the customer's test bench.",
    "cosmetic": "Paint damage and scratches on the housing.",
    "packaging": "Cartons crushed on arrival, units loose in the box.",
}
FINDINGS = ("Retained samples of the lot re-measured.",
             "Process data of the producing machine reviewed for the lot's time window.",
             "Containment: remaining stock of the lot blocked.",
             "Root cause: tool wear not compensated; tool change interval shortened.")
_FLOW = (ComplaintStatus.INVESTIGATING, ComplaintStatus.CONTAINED, ComplaintStatus.CLOSED)


class ComplaintDesk:
    def __init__(self, core: SimCore, accounts: Accounts, orders: OrderDesk,
                 lots: LotStore) -> None:
        self.core = core
        self.accounts = accounts
        self.orders = orders
        self.lots = lots
        self.rng = core.rng("complaints")
        self.complaints: dict[str, Complaint] = {}
        self._first_scheduled = False

    def start(self) -> None:
        self.orders.on_shipment.append(self._after_shipment)
        self.core.after(round(self.rng.expovariate(1 / 30) * 3600), self._random)

    def _after_shipment(self, shipment: Shipment) -> None:
        # The first shipment draws a complaint a few hours later, so even a short history has one.
        if not self._first_scheduled:
            self._first_scheduled = True
            self.core.after(round(self.rng.uniform(3, 9) * 3600), self._raise_random)

    def _random(self) -> None:
        self._raise_random()
        self.core.after(round(self.rng.expovariate(1 / 30) * 3600), self._random)

    def _raise_random(self) -> None:
        if self.orders.shipments:
            self.raise_complaint()

    def raise_complaint(self, *, customer_id: str | None = None, lot_id: str | None = None,
                        order_id: str | None = None, category: str | None = None,
                        severity: Severity | None = None, description: str = "") -> Complaint:
        rng = self.rng
        if customer_id is not None and customer_id not in self.accounts.customers:
            raise KeyError(f"unknown customer {customer_id!r}")
        if lot_id is not None and lot_id not in self.lots.lots:
            raise KeyError(f"unknown lot {lot_id!r}")
        if order_id is not None and order_id not in self.orders.orders:
            raise KeyError(f"unknown order {order_id!r}")
        if category is not None and category not in CATEGORIES:
            raise ValueError(f"category must be one of {', '.join(CATEGORIES)}, not {category!r}")
        if severity is not None:
            try:
                severity = Severity(severity)
            except ValueError:
                raise ValueError(f"unknown severity {severity!r}") from None
        # Fill the gaps from a shipment that matches what was given.
        shipments = [s for s in self.orders.shipments
                     if (customer_id is None or s.customer_id == customer_id)
                     and (order_id is None or s.order_id == order_id)
                     and (lot_id is None or any(x.lot_id == lot_id for x in s.lots))]
        pick = rng.random()
        shipment = shipments[int(pick * len(shipments))] if shipments else None
        if customer_id is None:
            if shipment is None and (lot_id or order_id):
                raise ValueError("no shipment matches that lot or order: name the customer")
            # Nothing shipped yet (a fresh plant without history): a complaint without a lot.
            customer_id = shipment.customer_id if shipment else rng.choice(
                sorted(self.accounts.customers))
        if shipment is not None:
            order_id = order_id or shipment.order_id
            lot_id = lot_id or shipment.lots[0].lot_id
        category = category or rng.choice(CATEGORIES)
        severity = severity or rng.choices(list(Severity), (30, 45, 20, 5))[0]
        lot = self.lots.lots.get(lot_id or "")
        serials = self.lots.serials_of.get(lot_id or "", [])
        serial = serials[int(rng.random() * len(serials))] if serials else None
        n = self.core.next_number("complaint")
        c = Complaint(id=f"CMP-{n:04d}", number=f"CC-{self.core.now:%y}-{n:04d}",
                      customer_id=customer_id, order_id=order_id,
                      product_id=lot.product_id if lot else None, lot_id=lot_id, serial=serial,
                      category=category, severity=severity, status=ComplaintStatus.OPEN,
                      description=description or TEXT[category], opened_at=self.core.now)
        self.complaints[c.id] = c
        self.core.put("crm.complaints", c)
        self.core.after(round(rng.uniform(2, 8) * 3600), self._progress, c.id, 0)
        return c

    def follow_up(self, complaint_id: str, step: int, at: datetime) -> None:
        """Take an investigation (from the generated history) to its next step at `at`."""
        self.core.at(at, self._progress, complaint_id, step)

    def _progress(self, complaint_id: str, step: int) -> None:
        c = self.complaints[complaint_id]
        if c.status is ComplaintStatus.CLOSED:
            return
        c.status = _FLOW[step]
        if step < len(FINDINGS):
            c.findings.append(FINDINGS[step if step < 2 else step + 1])
        self.core.put("crm.complaints", c)
        if step + 1 < len(_FLOW):
            self.core.after(round(self.rng.uniform(20, 60) * 3600), self._progress,
                            complaint_id, step + 1)

    def link_lot(self, complaint_id: str, lot_id: str) -> Complaint:
        c = self.complaints.get(complaint_id)
        if c is None or ("crm.complaints", complaint_id) in self.core.deleted:
            raise KeyError(f"unknown complaint {complaint_id!r}")
        if lot_id not in self.lots.lots:
            raise ValueError(f"no lot {lot_id!r} in this plant")
        c.lot_id = lot_id
        self.core.put("crm.complaints", c)
        return c

    def add_finding(self, complaint_id: str, text: str) -> Complaint:
        c = self.complaints.get(complaint_id)
        if c is None or ("crm.complaints", complaint_id) in self.core.deleted:
            raise KeyError(f"unknown complaint {complaint_id!r}")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("a finding needs text")
        c.findings.append(text.strip())
        if c.status is ComplaintStatus.OPEN:
            c.status = ComplaintStatus.INVESTIGATING
        self.core.put("crm.complaints", c)
        return c
