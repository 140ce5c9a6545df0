"""ISA-95 B2MML V0600: import ProductionSchedule and ProductionPerformance files as work
orders, export work orders as ProductionPerformance and releases to production as a
ProductionSchedule. See docs/b2mml.md."""

from app.b2mml.errors import B2mmlError
from app.b2mml.performance_export import export_performance, write_performance
from app.b2mml.performance_import import (
    plan_performance,
    plan_performance_import,
    read_performance,
)
from app.b2mml.plan import ImportPlan
from app.b2mml.schedule_export import export_schedule, write_schedule
from app.b2mml.schedule_import import plan_schedule, plan_schedule_import, read_schedule

__all__ = [
    "B2mmlError",
    "ImportPlan",
    "export_performance",
    "export_schedule",
    "plan_performance",
    "plan_performance_import",
    "plan_schedule",
    "plan_schedule_import",
    "read_performance",
    "read_schedule",
    "write_performance",
    "write_schedule",
]
