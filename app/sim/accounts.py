"""The CRM side that is not orders: customers, contacts, opportunities and activities."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.domain import Activity, ActivityKind, Contact, Customer, Opportunity, OpportunityStage
from app.sim import layout
from app.sim.core import SimCore

_NEXT_STAGE = {
    OpportunityStage.QUALIFY: OpportunityStage.PROPOSE,
    OpportunityStage.PROPOSE: OpportunityStage.NEGOTIATE,
}
_PROBABILITY = {OpportunityStage.QUALIFY: "0.2", OpportunityStage.PROPOSE: "0.4",
                OpportunityStage.NEGOTIATE: "0.7", OpportunityStage.WON: "1",
                OpportunityStage.LOST: "0"}


class Accounts:
    def __init__(self, core: SimCore, zone: ZoneInfo, customers: list[Customer] | None = None,
                 contacts: list[Contact] | None = None) -> None:
        self.core = core
        self.zone = zone
        self.rng = core.rng("accounts")
        self.customers: dict[str, Customer] = {
            c.id: c for c in (layout.customers() if customers is None else customers)}
        self.contacts: dict[str, Contact] = {
            c.id: c for c in (layout.contacts() if contacts is None else contacts)}
        self.opportunities: dict[str, Opportunity] = {}
        self.activities: dict[str, Activity] = {}

    def today(self) -> date:
        return self.core.now.astimezone(self.zone).date()

    def publish(self) -> None:
        for c in self.customers.values():
            self.core.put("crm.customers", c)
        for ct in self.contacts.values():
            self.core.put("crm.contacts", ct)
        # A contact entered twice; the CRM merges the duplicate into the original later on.
        original = self.contacts["CT-0021"]
        dup = Contact(id="CT-0021-DUP", customer_id=original.customer_id, name=original.name,
                      email=original.email.upper(), language=original.language)
        self.contacts[dup.id] = dup
        self.core.put("crm.contacts", dup)
        self.core.after(10 * 3600, self._merge, dup.id, original.id)
        rng = self.rng
        for i in range(12):
            customer = rng.choice(list(self.customers.values()))
            stage = rng.choice(list(_PROBABILITY)[:3])
            pid = rng.choice(layout.SELLABLE)
            opp = Opportunity(id=f"OP-{i + 1:04d}", customer_id=customer.id,
                              name=f"{customer.name.split()[0]} {pid} framework {2025 + i % 2}",
                              product_id=pid, quantity=Decimal(rng.randint(10, 120) * 10),
                              unit="pcs", stage=stage, probability=Decimal(_PROBABILITY[stage]),
                              expected_close=self.today() + timedelta(days=rng.randint(10, 120)))
            self.opportunities[opp.id] = opp
            self.core.put("crm.opportunities", opp)
        self.core.after(round(rng.expovariate(1 / 12) * 3600), self._advance_opportunity)

    def _merge(self, duplicate: str, original: str) -> None:
        if ("crm.contacts", duplicate) not in self.core.deleted:
            self.core.delete("crm.contacts", duplicate, merged_into=original)
            self.contacts.pop(duplicate, None)

    def _advance_opportunity(self) -> None:
        rng = self.rng
        open_ = [o for o in self.opportunities.values()
                 if o.stage not in (OpportunityStage.WON, OpportunityStage.LOST)]
        pick, win = rng.random(), rng.random()
        if open_:
            opp = open_[int(pick * len(open_))]
            if opp.stage in _NEXT_STAGE:
                opp.stage = _NEXT_STAGE[opp.stage]
            else:
                opp.stage = OpportunityStage.WON if win < 0.6 else OpportunityStage.LOST
            opp.probability = Decimal(_PROBABILITY[opp.stage])
            self.core.put("crm.opportunities", opp)
        self.core.after(round(rng.expovariate(1 / 12) * 3600), self._advance_opportunity)

    def add_activity(self, order_id: str, kind: ActivityKind, subject: str,
                     body: str = "") -> Activity:
        try:
            kind = ActivityKind(kind)
        except ValueError:
            raise ValueError(f"activity kind must be one of "
                             f"{', '.join(k.value for k in ActivityKind)}, not {kind!r}") from None
        if not isinstance(subject, str) or not subject.strip():
            raise ValueError("an activity needs a subject")
        n = self.core.next_number("activity")
        act = Activity(id=f"AC-{n:06d}", order_id=order_id, kind=kind, subject=subject.strip(),
                       body=body or "", created_at=self.core.now)
        self.activities[act.id] = act
        self.core.put("crm.activities", act)
        return act
