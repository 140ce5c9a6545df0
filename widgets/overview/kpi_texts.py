"""The words on each KPI tile: title, one-line definition (the tooltip), unit, what the value
is made of and the period it covers. docs/kpis.md holds the full definitions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.analytics.kpi_types import CURRENT_WEEKS, Kpi
from widgets.common.freshness_text import clock_text

if TYPE_CHECKING:
    from app.runtime.figures_snapshot import FiguresSnapshot

CONTEXT = "KpiTexts"
NONE = "—"  # no value: nothing to measure


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True, slots=True)
class TileSpec:
    name: str
    title: str
    definition: str
    bars: bool  # counts as bars; rates and times as a line


def tile_specs() -> tuple[TileSpec, ...]:
    return (
        TileSpec(
            "on_time_delivery",
            QCoreApplication.translate("KpiTexts", "On-time delivery"),
            QCoreApplication.translate(
                "KpiTexts",
                "Order lines completed (shipped in full) on or before their promised date, out of "
                "the lines completed in the period; weekly trend.",
            ),
            False,
        ),
        TileSpec(
            "lead_time",
            QCoreApplication.translate("KpiTexts", "Order lead time"),
            QCoreApplication.translate(
                "KpiTexts",
                "Median days from the order's creation to the line's last shipment, for lines "
                "completed in the period; the mean alongside.",
            ),
            False,
        ),
        TileSpec(
            "orders_at_risk",
            QCoreApplication.translate("KpiTexts", "Orders at risk"),
            QCoreApplication.translate(
                "KpiTexts",
                "Open order lines late or at risk now, as the Orders view rates them; trend: "
                "lines past their promised date and not shipped at the end of each week.",
            ),
            True,
        ),
        TileSpec(
            "oee",
            QCoreApplication.translate("KpiTexts", "OEE"),
            QCoreApplication.translate(
                "KpiTexts",
                "Availability × performance × quality of all machines (ratio of sums), per line "
                "below; weekly trend of the plant.",
            ),
            False,
        ),
        TileSpec(
            "first_pass_yield",
            QCoreApplication.translate("KpiTexts", "First-pass yield"),
            QCoreApplication.translate(
                "KpiTexts", "Good ÷ (good + scrap) over all production counts of the period."
            ),
            False,
        ),
        TileSpec(
            "scrap_rate",
            QCoreApplication.translate("KpiTexts", "Scrap rate"),
            QCoreApplication.translate(
                "KpiTexts",
                "Scrap ÷ (good + scrap) over all production counts of the period; the defect codes "
                "recorded most.",
            ),
            False,
        ),
        TileSpec(
            "open_complaints",
            QCoreApplication.translate("KpiTexts", "Open complaints"),
            QCoreApplication.translate(
                "KpiTexts",
                "Complaints not closed, by severity and by age; trend: complaints opened per week.",
            ),
            True,
        ),
        TileSpec(
            "wip",
            QCoreApplication.translate("KpiTexts", "Work in progress"),
            QCoreApplication.translate(
                "KpiTexts",
                "Quantity still to make in released and running work orders; trend: work orders "
                "under way at the end of each week.",
            ),
            True,
        ),
    )


# Breakdown words, marked for the catalogue; translated where they are shown.
LABELS = {
    "on time": QT_TRANSLATE_NOOP("KpiTexts", "on time"),
    "late": QT_TRANSLATE_NOOP("KpiTexts", "late"),
    "at risk": QT_TRANSLATE_NOOP("KpiTexts", "at risk"),
    "critical": QT_TRANSLATE_NOOP("KpiTexts", "critical"),
    "high": QT_TRANSLATE_NOOP("KpiTexts", "high"),
    "medium": QT_TRANSLATE_NOOP("KpiTexts", "medium"),
    "low": QT_TRANSLATE_NOOP("KpiTexts", "low"),
    "work orders": QT_TRANSLATE_NOOP("KpiTexts", "work orders"),
    "good": QT_TRANSLATE_NOOP("KpiTexts", "good"),
    "scrap": QT_TRANSLATE_NOOP("KpiTexts", "scrap"),
    "0–7 days": QT_TRANSLATE_NOOP("KpiTexts", "0–7 d"),
    "8–30 days": QT_TRANSLATE_NOOP("KpiTexts", "8–30 d"),
    ">30 days": QT_TRANSLATE_NOOP("KpiTexts", ">30 d"),
}


def unit_text(kpi: Kpi) -> str:
    return {
        "%": "%",
        "days": QCoreApplication.translate("KpiTexts", "days (median)"),
        "lines": QCoreApplication.translate("KpiTexts", "lines"),
        "complaints": QCoreApplication.translate("KpiTexts", "open"),
        "work orders": QCoreApplication.translate("KpiTexts", "work orders"),
    }.get(kpi.unit, kpi.unit)


def _number(value: float | None, decimals: int = 0) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


def detail_text(kpi: Kpi) -> str:
    parts = dict(kpi.breakdown)
    match kpi.name:
        case "on_time_delivery":
            n = (parts.get("on time") or 0) + (parts.get("late") or 0)
            return QCoreApplication.translate("KpiTexts", "{on} of {n} lines on time").format(
                on=_number(parts.get("on time")), n=_number(n)
            )
        case "lead_time":
            return QCoreApplication.translate("KpiTexts", "mean {mean} days · {n} lines").format(
                mean=_number(parts.get("mean"), 1), n=_number(parts.get("lines"))
            )
        case "orders_at_risk":
            return QCoreApplication.translate("KpiTexts", "{late} late · {risk} at risk").format(
                late=_number(parts.get("late")), risk=_number(parts.get("at risk"))
            )
        case "oee":
            return " · ".join(f"{name} {_number(v, 0)} %" for name, v in kpi.breakdown)
        case "first_pass_yield":
            return QCoreApplication.translate("KpiTexts", "{good} good · {scrap} scrap").format(
                good=_number(parts.get("good")), scrap=_number(parts.get("scrap"))
            )
        case "scrap_rate":
            if not kpi.breakdown:
                return QCoreApplication.translate("KpiTexts", "no defects recorded")
            return QCoreApplication.translate("KpiTexts", "top defects: {codes}").format(
                codes=", ".join(f"{code} {_number(q)}" for code, q in kpi.breakdown)
            )
        case "open_complaints":
            items = list(kpi.breakdown)
            severities = " · ".join(
                f"{_number(v)} {_tr(LABELS.get(k, k))}" for k, v in items[:4] if v
            )
            ages = " · ".join(f"{_tr(LABELS.get(k, k))}: {_number(v)}" for k, v in items[4:])
            none_open = QCoreApplication.translate("KpiTexts", "none open")
            return f"{severities or none_open}\n{ages}"
        case "wip":
            return QCoreApplication.translate("KpiTexts", "{n} work orders").format(
                n=_number(parts.get("work orders"))
            )
    return ""


def period_text(kpi: Kpi) -> str:
    if kpi.since is not None:
        return QCoreApplication.translate("KpiTexts", "last {n} weeks, since {day}").format(
            n=CURRENT_WEEKS, day=kpi.since.isoformat()
        )
    return QCoreApplication.translate("KpiTexts", "now")


def saved_figures_note(saved: FiguresSnapshot, now: datetime) -> str:
    """What the tiles show before the figures are worked out again: those of the last run."""
    made = clock_text(saved.worked_out_at, now)
    return QCoreApplication.translate(
        "KpiTexts", "Figures as worked out at {made}, when the console last had them. "
        "Working them out again from the cache…").format(made=made)
