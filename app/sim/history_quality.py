"""Quality in the generated history: a measured subgroup per lot, drifts, defects, complaints.

Each operation that has characteristics measures one subgroup per lot (not one every twenty
minutes, as the detailed simulation does), from the same process per machine as the quality lab
(app.sim.quality), moved by drift episodes that last a day or several. Parts outside the limits
are scrapped. A lot made while a critical characteristic drifted, or made from a suspect supplier
lot, is the one customers complain about.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from app.domain import (
    Characteristic,
    Complaint,
    ComplaintStatus,
    DefectRecord,
    Lot,
    Measurement,
    Severity,
    Shipment,
    WorkOrder,
)
from app.sim.complaints import CATEGORIES, FINDINGS, TEXT, ComplaintDesk
from app.sim.core import SimCore
from app.sim.journal import Journal
from app.sim.quality import DEFECT_CODES, Drift, QualityLab, drifted_mean, out_of_spec

DRIFT_EVERY_DAYS = 30.0  # per characteristic and machine, on average
BASE_COMPLAINT_SHARE = 0.008
SUSPECT_COMPLAINT_SHARE = 0.2
# complaint status steps: (days after opening, status, findings so far)
_STEPS = ((0.2, ComplaintStatus.INVESTIGATING, 1), (3.0, ComplaintStatus.CONTAINED, 2),
          (10.0, ComplaintStatus.CLOSED, 3))
_CATEGORY_OF_CHARACTERISTIC = {"CH-300-21": "noise", "CH-300-20": "torque",
                               "CH-310-20": "torque", "CH-210-10": "noise",
                               "CH-110-10": "dimension"}


@dataclass(slots=True)
class Sample:
    """A subgroup measured on one operation of a lot, before it is published."""

    characteristic: Characteristic
    at: datetime
    values: list[Decimal]
    flag: str | None  # complaint category, if a critical characteristic drifted out


class HistoryQuality:
    def __init__(self, core: SimCore, lab: QualityLab, journal: Journal, machine_ids: dict[
                 str, list[str]], t0: datetime, t1: datetime) -> None:
        self.core = core
        self.lab = lab
        self.journal = journal
        self.rng = core.rng("history/quality")
        self.t1 = t1
        # (characteristic, machine) -> drift episodes by start
        self.drifts: dict[tuple[str, str], list[Drift]] = {}
        for ch in lab.characteristics:
            wc = lab.wc_by_op.get((ch.product_id, ch.operation_sequence))
            for mid in machine_ids.get(wc or "", []):
                self.drifts[(ch.id, mid)] = self._episodes(t0, t1)
        self.flagged: dict[str, str] = {}  # lot id -> complaint category (made while drifting)
        self.follow_ups: list[tuple[datetime, str, int]] = []  # (when, complaint, next step)

    def _episodes(self, t0: datetime, t1: datetime) -> list[Drift]:
        rng, out = self.rng, []
        t = t0 + timedelta(days=rng.expovariate(1 / DRIFT_EVERY_DAYS))
        while t < t1:
            kind = rng.choice(("shift", "trend"))
            sign = rng.choice((-1, 1))
            size = rng.uniform(1.5, 2.8) if kind == "shift" else rng.uniform(0.02, 0.06)
            end = t + timedelta(days=rng.uniform(1, 4))
            out.append(Drift(kind, t, end, sign * size))
            t = end + timedelta(days=rng.expovariate(1 / DRIFT_EVERY_DAYS))
        return out

    def _drift(self, key: tuple[str, str], t: datetime) -> Drift | None:
        episodes = self.drifts.get(key, [])
        i = bisect.bisect_right([d.start for d in episodes], t) - 1
        return episodes[i] if i >= 0 and t < episodes[i].end else None

    # --- per operation ---------------------------------------------------------------------
    def sample(self, product_id: str, sequence: int, machine_id: str,
               at: datetime) -> tuple[list[Sample], float]:
        """One subgroup per characteristic of this operation, and the share of parts the
        process puts outside the limits (they are scrapped); published by `publish` once the
        operation is booked."""
        out, samples = 0.0, []
        gauss = self.rng.gauss
        for ch in self.lab.by_op.get((product_id, sequence), []):
            proc = self.lab.process(ch, machine_id)
            drift = self._drift((ch.id, machine_id), at)
            mu = drifted_mean(proc, drift, at)
            values = [Decimal(repr(gauss(mu, proc.sigma))).quantize(proc.places)
                      for _ in range(ch.subgroup_size)]
            share = out_of_spec(ch, mu, proc.sigma)
            out += share
            flag = _category(ch) if drift is not None and ch.critical and share > 0.002 else None
            samples.append(Sample(ch, at, values, flag))
        return samples, min(0.5, out)

    def publish(self, samples: list[Sample], wo: WorkOrder, machine_id: str, lot: Lot) -> None:
        for s in samples:
            sub = self.lab.next_subgroup(s.characteristic.id)
            for value in s.values:
                n = self.core.next_number("measurement")
                self.journal.put("mes.measurements", Measurement(
                    id=f"MS-{n:08d}", characteristic_id=s.characteristic.id, value=value,
                    measured_at=s.at, lot_id=lot.id, work_order_id=wo.id, machine_id=machine_id,
                    subgroup=sub), s.at)
            if s.flag is not None:
                self.flagged.setdefault(lot.id, s.flag)

    def defects(self, wo: WorkOrder, machine_id: str, line_id: str, scrap: int, boosted: bool,
                at: datetime, lot: Lot) -> None:
        if scrap <= 0:
            return
        codes = DEFECT_CODES[line_id]
        code = codes[0] if boosted and line_id != "LN-3" else self.rng.choice(codes)
        n = self.core.next_number("defect")
        self.journal.put("mes.defects", DefectRecord(
            id=f"DF-{n:06d}", code=code, quantity=Decimal(scrap), recorded_at=at,
            product_id=wo.product_id, lot_id=lot.id, work_order_id=wo.id,
            machine_id=machine_id), at)

    # --- complaints ------------------------------------------------------------------------
    def complaints(self, shipments: list[Shipment], suspect: dict[str, str],
                   serials_of: dict[str, list[str]], desk: ComplaintDesk) -> None:
        """Complaints against shipped lots, opened days to weeks after the shipment; numbered
        in the order they were opened, moved along as far as the time since allows."""
        rng = self.rng
        found: list[tuple[datetime, Shipment, str]] = []
        for s in shipments:
            lot_id = s.lots[0].lot_id
            cause = self.flagged.get(lot_id) or suspect.get(lot_id)
            share = SUSPECT_COMPLAINT_SHARE if cause else BASE_COMPLAINT_SHARE
            roll, days, category = rng.random(), rng.uniform(4, 45), rng.choice(CATEGORIES)
            opened = s.shipped_at + timedelta(days=days)
            if roll < share and opened < self.t1:
                found.append((opened, s, cause or category))
        found.sort(key=lambda f: (f[0], f[1].id))
        for opened, s, category in found:
            lot_id = s.lots[0].lot_id
            serials = serials_of.get(lot_id, [])
            severity = rng.choices(list(Severity), (30, 45, 20, 5))[0]
            serial = serials[int(rng.random() * len(serials))] if serials else None
            n = self.core.next_number("complaint")
            c = Complaint(id=f"CMP-{n:04d}", number=f"CC-{opened:%y}-{n:04d}",
                          customer_id=s.customer_id, order_id=s.order_id,
                          product_id=desk.lots.lots[lot_id].product_id, lot_id=lot_id,
                          serial=serial, category=category,
                          severity=severity, status=ComplaintStatus.OPEN,
                          description=TEXT[category], opened_at=opened)
            changed = opened
            for step, (days, status, findings) in enumerate(_STEPS):
                at = opened + timedelta(days=days)
                if at >= self.t1:
                    # The investigation goes on in the detailed simulation.
                    self.follow_ups.append((at, c.id, step))
                    break
                c.status, changed = status, at
                c.findings = [FINDINGS[i if i < 2 else i + 1] for i in range(findings)]
            desk.complaints[c.id] = c
            self.journal.put("crm.complaints", c, changed)


def _category(ch: Characteristic) -> str:
    return _CATEGORY_OF_CHARACTERISTIC.get(ch.id, "dimension")
