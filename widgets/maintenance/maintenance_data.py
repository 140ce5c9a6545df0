"""What the Maintenance view shows, read from the cache in the worker: the machines' failure
histories, their risk and reliability figures (all computed in app.analytics.maintenance), and
the names to show them by."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.analytics.maintenance.covariates import (
    CovariateCheck,
    check_covariate,
    interval_means,
)
from app.analytics.maintenance.figures import ReliabilityFigures, machine_figures, type_figures
from app.analytics.maintenance.history import FailureHistory, failure_histories
from app.analytics.maintenance.risk import (
    MachineRisk,
    MaintenanceSettings,
    Model,
    machine_risk,
    machine_risks,
)
from app.cache.store import CacheStore
from app.domain import EquipmentLevel

EVENTS_FEED = "mes.machine_events"
SIGNALS = ("temperature_c", "spindle_load_pct")  # what the MES status carries as covariates
SIGNAL_DAYS = 180  # of one-minute aggregates read per machine for the covariate check


@dataclass(frozen=True, slots=True)
class MaintenanceData:
    now: datetime
    mes_source: str | None
    risks: list[MachineRisk]
    figures: dict[str, ReliabilityFigures]  # per machine
    type_figures: dict[str, ReliabilityFigures]  # per work center (machine type)
    names: dict[str, str] = field(default_factory=dict)  # equipment id -> name
    work_center_of: dict[str, str] = field(default_factory=dict)
    customers: dict[str, str] = field(default_factory=dict)  # id -> name
    covariates: dict[str, list[CovariateCheck]] = field(default_factory=dict)  # per machine
    events: int = 0


def load(store: CacheStore, now: datetime, settings: MaintenanceSettings) -> MaintenanceData:
    """Blocking: call in the worker."""
    sources = store.sources_of(EVENTS_FEED, "mes.equipment")
    if not sources:
        return MaintenanceData(now, None, [], {}, {})
    source = sources[0]
    equipment = store.all(source, "mes.equipment")
    names = {e.id: e.name for e in equipment}
    work_center_of = {e.id: e.parent_id for e in equipment
                      if e.level == EquipmentLevel.MACHINE and e.parent_id}
    events = store.all(source, EVENTS_FEED)
    crm = store.sources_of("crm.customers")
    customers = {c.id: c.name for c in store.all(crm[0], "crm.customers")} if crm else {}
    histories = failure_histories(events, now)
    risks = machine_risks(histories, now, settings)
    covariates: dict[str, list[CovariateCheck]] = {}
    for i, risk in enumerate(risks):
        if risk.model is not Model.WEIBULL:
            continue
        checks, factor = _covariates(store, source, histories[risk.machine_id], now)
        covariates[risk.machine_id] = checks
        if factor != 1.0:
            risks[i] = machine_risk(histories[risk.machine_id], now, settings,
                                    scale_factor=factor)
    risks.sort(key=lambda r: r.rank_key)
    return MaintenanceData(
        now=now, mes_source=source, risks=risks, covariates=covariates,
        figures=machine_figures(histories),
        type_figures=type_figures(histories, work_center_of), names=names,
        work_center_of=work_center_of, customers=customers, events=len(events))


def _covariates(store: CacheStore, source: str, history: FailureHistory, now: datetime
                ) -> tuple[list[CovariateCheck], float]:
    """Each signal checked over the machine's intervals; the scale factor for the running
    interval from the signals that earned their place (1.0: none did)."""
    durations, observed = history.survival_data()
    spans = history.interval_spans(now)
    if not spans:
        return [], 1.0
    since = max(spans[0][0], now - timedelta(days=SIGNAL_DAYS))
    minutes = store.status_minutes(source, history.machine_id, since, now)
    checks, factor = [], 1.0
    for name in SIGNALS:
        samples = [(m.minute, m.signals[name]["avg"]) for m in minutes
                   if name in m.signals and "avg" in m.signals[name]]
        values = interval_means(spans, samples)
        check = check_covariate(name, durations, observed, values)
        checks.append(check)
        running_now = values[-1] if values and not observed[-1] else None
        if check.used and running_now is not None:
            factor *= check.scale_factor(running_now)
    return checks, factor
