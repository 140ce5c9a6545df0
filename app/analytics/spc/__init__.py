"""Statistical process control: control charts, run rules, process capability.

numpy only, no Qt: the quality view runs these in a worker for long series.
"""

from app.analytics.spc.capability import Capability, capability
from app.analytics.spc.charts import (
    ChartKind,
    ChartSeries,
    ControlChart,
    Limits,
    c_chart,
    i_mr,
    np_chart,
    p_chart,
    subgroup,
    u_chart,
    xbar_r,
    xbar_s,
)
from app.analytics.spc.constants import SubgroupConstants, constants
from app.analytics.spc.rules import (
    RULE_DESCRIPTIONS,
    RULE_SETS,
    Violation,
    nelson,
    rule_hits,
    violations,
    western_electric,
)

__all__ = [
    "RULE_DESCRIPTIONS",
    "RULE_SETS",
    "Capability",
    "ChartKind",
    "ChartSeries",
    "ControlChart",
    "Limits",
    "SubgroupConstants",
    "Violation",
    "c_chart",
    "capability",
    "constants",
    "i_mr",
    "nelson",
    "np_chart",
    "p_chart",
    "rule_hits",
    "subgroup",
    "u_chart",
    "violations",
    "western_electric",
    "xbar_r",
    "xbar_s",
]
