"""Demand forecast against capacity: weekly order intake per product forecast from the CRM's
history (Holt-Winters, or the recent mean on short history), open opportunities weighted by
probability, and firm orders, turned into hours per work center and week through the routings
and set against the shift calendars' working hours.

    outlook = capacity_outlook(snapshot, store.all(crm, "crm.opportunities"), weeks=12)
    outlook.centers["WC-A"][3].gap_hours; outlook.shortfalls

Pure computation on plain data; statsmodels is imported only when a model is fitted.
"""

from app.analytics.forecast.capacity import (
    CapacityOutlook,
    ProductForecast,
    Shortfall,
    WeekCapacity,
    available_hours,
    capacity_outlook,
    routing_hours,
)
from app.analytics.forecast.history import DemandHistory, week_of, weekly_demand
from app.analytics.forecast.model import (
    BAND_Z,
    FALLBACK_WEEKS,
    HOLT_WINTERS,
    RECENT_MEAN,
    SEASON_WEEKS,
    SeriesForecast,
    forecast_series,
)

__all__ = [
    "BAND_Z", "FALLBACK_WEEKS", "HOLT_WINTERS", "RECENT_MEAN", "SEASON_WEEKS",
    "CapacityOutlook", "DemandHistory", "ProductForecast", "SeriesForecast", "Shortfall",
    "WeekCapacity", "available_hours", "capacity_outlook", "forecast_series", "routing_hours",
    "week_of", "weekly_demand",
]
