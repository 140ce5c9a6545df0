"""The Maintenance view's words for models, probabilities and moments (translated)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.analytics.maintenance.covariates import CovariateCheck
from app.analytics.maintenance.risk import MachineRisk, Model
from widgets.common.date_text import moment_text

# Module-level words carry their context in each call, so pyside6-lupdate finds them.
translate = QCoreApplication.translate


def model_name(model: Model) -> str:
    return {Model.WEIBULL: translate("MaintenanceTexts", "Weibull"),
            Model.KAPLAN_MEIER: translate("MaintenanceTexts", "Kaplan–Meier"),
            Model.NONE: translate("MaintenanceTexts", "none")}[model]


def percent(value: float) -> str:
    if 0 < value < 0.005:
        return "<1 %"
    return f"{value * 100:.0f} %"


def when_text(moment: datetime, now: datetime) -> str:
    """"now" when it has passed, else the local moment."""
    if moment <= now:
        return translate("MaintenanceTexts", "now")
    return moment_text(moment)


def model_explanation(risk: MachineRisk) -> str:
    """Which model and why, in words."""
    failures = sum(risk.history.survival_data()[1])
    if risk.model is Model.WEIBULL and risk.weibull is not None:
        fit = risk.weibull
        low, high = fit.shape_interval()
        kind = (translate("MaintenanceTexts",
                          "wear-out: failures get likelier with running time") if low > 1
                else translate("MaintenanceTexts",
                               "early failures: likeliest soon after a repair") if high < 1
                else translate("MaintenanceTexts",
                               "no clear ageing: failures come at a steady rate"))
        return translate(
            "MaintenanceTexts",
            "Weibull fit on {failures} intervals between failures and the {censored} "
            "running now (censored): shape {shape:.2f} (95 % {low:.2f}–{high:.2f}), "
            "{kind}; scale {scale:.0f} operating hours.").format(
            failures=fit.failures, censored=fit.censored, shape=fit.shape, low=low,
            high=high, kind=kind, scale=fit.scale)
    if risk.model is Model.KAPLAN_MEIER:
        return translate(
            "MaintenanceTexts",
            "Only {failures} intervals between failures: too few for a Weibull fit, so "
            "the Kaplan–Meier estimate is used. It assumes no shape, and says nothing "
            "beyond the longest interval seen.").format(failures=failures)
    return translate("MaintenanceTexts",
                     "No two failures in the history yet: nothing to estimate.")


def covariate_text(check: CovariateCheck) -> str:
    """Whether a live signal earned its place in the model, and by how much."""
    name = {"temperature_c": translate("MaintenanceTexts", "Temperature"),
            "spindle_load_pct": translate("MaintenanceTexts", "Spindle load"),
            }.get(check.signal, check.signal)
    if check.aic_gain is None:
        return translate(
            "MaintenanceTexts",
            "{signal}: not used; its history covers {n} intervals, too few to "
            "check.").format(signal=name, n=check.intervals)
    if check.used:
        return translate(
            "MaintenanceTexts",
            "{signal}: used; it improves the fit by {gain:.1f} AIC points "
            "(p = {p:.3f}, {n} intervals).").format(
            signal=name, gain=check.aic_gain, p=check.p_value, n=check.intervals)
    return translate(
        "MaintenanceTexts",
        "{signal}: not used; it does not improve the fit measurably ({gain:.1f} AIC "
        "points, p = {p:.2f}, {n} intervals).").format(
        signal=name, gain=check.aic_gain, p=check.p_value, n=check.intervals)
