"""How each type of machine fails: time between failures and repair times per work center.

Times between failures follow a Weibull distribution in operating hours (shape above 1: wear,
as cutting tools and spindles do; shape 1: random, as conveyors and electronics do); repairs are
lognormal around a median, with a long tail of waits for spare parts. The history generator
(app.sim.history) draws breakdowns from these patterns.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FailurePattern:
    mtbf_hours: float  # mean operating hours between failures
    shape: float  # Weibull shape
    repair_median_minutes: float
    repair_spread: float  # sigma of log(repair time)
    faults: tuple[str, ...]

    def hours_to_failure(self, rng: random.Random) -> float:
        scale = self.mtbf_hours / math.gamma(1 + 1 / self.shape)
        return rng.weibullvariate(scale, self.shape)

    def repair_minutes(self, rng: random.Random) -> float:
        return min(16 * 60.0, rng.lognormvariate(math.log(self.repair_median_minutes),
                                                 self.repair_spread))


_CUTTING = ("Tool breakage", "Spindle overheat", "Servo drive alarm", "Chip conveyor jam")
_HYDRAULIC = ("Hydraulic pressure low", "Coolant pump failure", "Servo drive alarm")
_ASSEMBLY = ("Nutrunner torque fault", "Press-fit force alarm", "Transfer conveyor jam",
             "Light curtain interruption")
_TEST = ("Vision system fault", "Test bench sensor drift", "Transfer conveyor jam")

# work center -> its machines' failure pattern
PATTERNS: dict[str, FailurePattern] = {
    "WC-110": FailurePattern(40, 1.6, 40, 0.7, _CUTTING),  # CNC turning: tool wear
    "WC-120": FailurePattern(45, 1.5, 45, 0.7, _CUTTING),
    "WC-150": FailurePattern(90, 1.2, 90, 0.8, ("Inductor coil fault", "Quench pump failure",
                                                "Generator overtemperature")),
    "WC-130": FailurePattern(55, 1.8, 50, 0.6, ("Wheel dressing fault", *_HYDRAULIC)),
    "WC-140": FailurePattern(120, 1.0, 25, 0.5, ("Filter clogged", "Pump failure")),
    "WC-210": FailurePattern(35, 1.5, 55, 0.8, _CUTTING),  # machining centers
    "WC-220": FailurePattern(50, 1.4, 35, 0.6, _CUTTING),
    "WC-230": FailurePattern(100, 1.0, 20, 0.5, ("Brush worn", "Extraction fault")),
    "WC-240": FailurePattern(150, 1.0, 60, 0.9, ("Probe crash", "Temperature out of range")),
    "WC-310": FailurePattern(60, 1.0, 30, 0.7, _ASSEMBLY),  # assembly: random faults
    "WC-320": FailurePattern(80, 1.0, 25, 0.7, _TEST),
    "WC-330": FailurePattern(70, 1.0, 15, 0.5, ("Carton erector jam", "Labeller fault")),
}


def pattern_of(work_center_id: str) -> FailurePattern:
    return PATTERNS[work_center_id]
