"""Measurements, drift and defects.

Every (characteristic, machine) pair is a normal process with its own small offset and spread
(Cp between about 1.2 and 1.8). Now and then a drift episode shifts the mean or lets it creep
(a trend), long enough for control-chart rules to fire; while the process is off centre, more
parts fall outside the limits and are scrapped, which shows up as defect records.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from statistics import NormalDist

from app.domain import Characteristic, DefectRecord, MachineState, Measurement
from app.sim.core import SimCore
from app.sim.machines import Machine

SAMPLE_EVERY = timedelta(minutes=20)
DEFECT_CODES = {
    "LN-1": ("DIM-OOT", "SURF-SCRATCH", "BURR", "CRACK-MPI"),
    "LN-2": ("DIM-OOT", "POROSITY", "THREAD-DMG", "BURR"),
    "LN-3": ("TEST-NOISE", "TEST-TORQUE", "ASSY-MISSING", "PACK-DMG"),
}


@dataclass(slots=True)
class Process:
    mean: float
    sigma: float
    places: Decimal


@dataclass(slots=True)
class Drift:
    kind: str  # "shift" or "trend"
    start: datetime
    end: datetime
    sigmas: float  # shift size, or the creep per hour for a trend (signed)


def drifted_mean(proc: Process, drift: Drift | None, t: datetime) -> float:
    """The process mean at `t`, moved by the drift episode if `t` falls in it."""
    if drift is None or not drift.start <= t < drift.end:
        return proc.mean
    if drift.kind == "shift":
        return proc.mean + drift.sigmas * proc.sigma
    hours = (t - drift.start).total_seconds() / 3600
    creep = max(-4.0, min(4.0, drift.sigmas * hours))
    return proc.mean + (0.8 * math.copysign(1, drift.sigmas) + creep) * proc.sigma


def out_of_spec(ch: Characteristic, mu: float, sigma: float) -> float:
    """The share of parts outside the limits for a process at (mu, sigma)."""
    dist = NormalDist(mu, sigma)
    out = 0.0
    if ch.lsl is not None:
        out += dist.cdf(float(ch.lsl))
    if ch.usl is not None:
        out += 1 - dist.cdf(float(ch.usl))
    return out


class QualityLab:
    def __init__(self, core: SimCore, characteristics: list[Characteristic],
                 machines: list[Machine], wc_by_op: dict[tuple[str, int], str]) -> None:
        self.core = core
        self.wc_by_op = wc_by_op  # (product, operation sequence) -> work center
        self.rng = core.rng("quality")
        self.characteristics = characteristics
        self.by_op: dict[tuple[str, int], list[Characteristic]] = {}
        for ch in characteristics:
            self.by_op.setdefault((ch.product_id, ch.operation_sequence), []).append(ch)
        self.machines = machines
        self._processes: dict[tuple[str, str], Process] = {}
        self.drifts: dict[tuple[str, str], Drift] = {}
        self._last_sample: dict[tuple[str, str], datetime] = {}
        self._subgroup: dict[str, int] = {}
        self._boost: dict[str, tuple[str, int, float]] = {}  # machine -> (wo, op, extra scrap)
        self.drift_enabled = True

    def process(self, ch: Characteristic, machine_id: str) -> Process:
        key = (ch.id, machine_id)
        proc = self._processes.get(key)
        if proc is None:
            rng = self.core.rng(f"process/{ch.id}/{machine_id}")
            target = float(ch.target if ch.target is not None else 0)
            half = float((ch.usl - ch.lsl) / 2 if ch.usl is not None and ch.lsl is not None
                         else (ch.usl or ch.lsl or Decimal(1)) - Decimal(target))
            sigma = abs(half) / (3 * rng.uniform(1.2, 1.8))
            places = Decimal(1).scaleb(math.floor(math.log10(abs(half) * 2)) - 2)
            proc = Process(mean=target + rng.gauss(0, 0.3) * sigma, sigma=sigma, places=places)
            self._processes[key] = proc
        return proc

    def mean_at(self, ch: Characteristic, machine_id: str, t: datetime) -> float:
        return drifted_mean(self.process(ch, machine_id), self.drifts.get((ch.id, machine_id)), t)

    # --- sampling, called every count interval ---------------------------------------------
    def on_tick(self, machine: Machine, good: int, scrap: int) -> None:
        job = machine.job
        if scrap:
            self._defects(machine, scrap)
        if job is None or machine.status.state is not MachineState.RUNNING:
            return
        chars = self.by_op.get((job.wo.product_id, job.template.sequence))
        if not chars:
            return
        now = self.core.now
        for ch in chars:
            key = (ch.id, machine.id)
            last = self._last_sample.get(key)
            if last is not None and now - last < SAMPLE_EVERY:
                continue
            self._last_sample[key] = now
            self._sample(ch, machine, now)

    def _sample(self, ch: Characteristic, machine: Machine, now: datetime) -> None:
        proc = self.process(ch, machine.id)
        mu = self.mean_at(ch, machine.id, now)
        job = machine.job
        assert job is not None
        sub = self.next_subgroup(ch.id)
        gauss = self.rng.gauss
        for _ in range(ch.subgroup_size):
            n = self.core.next_number("measurement")
            value = Decimal(repr(gauss(mu, proc.sigma))).quantize(proc.places)
            self.core.put("mes.measurements", Measurement(
                id=f"MS-{n:08d}", characteristic_id=ch.id, value=value, measured_at=now,
                lot_id=job.wo.output_lot_id, work_order_id=job.wo.id, machine_id=machine.id,
                subgroup=sub))
        # Parts outside the limits are scrapped: the share follows from the process as it is.
        out = out_of_spec(ch, mu, proc.sigma)
        self._boost[machine.id] = (job.wo.id, job.template.sequence, min(0.5, out))

    def next_subgroup(self, characteristic_id: str) -> int:
        sub = self._subgroup.get(characteristic_id, 0) + 1
        self._subgroup[characteristic_id] = sub
        return sub

    def scrap_boost(self, machine: Machine) -> float:
        b = self._boost.get(machine.id)
        job = machine.job
        if b is None or job is None or b[0] != job.wo.id or b[1] != job.template.sequence:
            return 0.0
        return b[2]

    def _defects(self, machine: Machine, scrap: int) -> None:
        job = machine.job
        codes = DEFECT_CODES[machine.line_id]
        boosted = self.scrap_boost(machine) > 0.01
        code = codes[0] if boosted and machine.line_id != "LN-3" else self.rng.choice(codes)
        n = self.core.next_number("defect")
        self.core.put("mes.defects", DefectRecord(
            id=f"DF-{n:06d}", code=code, quantity=Decimal(scrap), recorded_at=self.core.now,
            product_id=job.wo.product_id if job else None,
            lot_id=job.wo.output_lot_id if job else None, work_order_id=job.wo.id if job else None,
            machine_id=machine.id))

    # --- drift episodes --------------------------------------------------------------------
    def start_random_drifts(self) -> None:
        self.core.after(round(self.rng.expovariate(1 / 14) * 3600), self._random_drift)

    def _random_drift(self) -> None:
        rng = self.rng
        ch = rng.choice(self.characteristics)
        kind = rng.choice(("shift", "trend"))
        sign = rng.choice((-1, 1))
        size = rng.uniform(1.5, 2.5) if kind == "shift" else rng.uniform(0.4, 0.9)
        hours = rng.uniform(3, 9)
        wc_machines = self.machines_for(ch)
        machine = rng.choice(wc_machines) if wc_machines else None
        if self.drift_enabled and machine is not None:
            self.start_drift(ch, [machine], kind, sign * size, hours)
        self.core.after(round(rng.expovariate(1 / 14) * 3600), self._random_drift)

    def machines_for(self, ch: Characteristic) -> list[Machine]:
        wc = self.wc_by_op.get((ch.product_id, ch.operation_sequence))
        return [m for m in self.machines if m.work_center_id == wc]

    def start_drift(self, ch: Characteristic, machines: list[Machine], kind: str, sigmas: float,
                    hours: float) -> None:
        now = self.core.now
        for m in machines:
            self.drifts[(ch.id, m.id)] = Drift(kind, now, now + timedelta(hours=hours), sigmas)

    def stop_drifts(self) -> None:
        self.drifts.clear()
