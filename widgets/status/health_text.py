"""Words for a source's health: state, "last success … ago" and the tooltip.

Module-level functions, so each call names its context ("SourceHealth") literally: lupdate only
extracts `translate` calls whose context is a string literal.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.analytics.ages import AgeUnit, age
from app.sync.health import SourceHealth, SourceState
from widgets.common.age_text import age_words

translate = QCoreApplication.translate

_STATE_WORDS: dict[SourceState, str] = {
    SourceState.CONNECTING: QT_TRANSLATE_NOOP("SourceHealth", "connecting"),
    SourceState.CONNECTED: QT_TRANSLATE_NOOP("SourceHealth", "connected"),
    SourceState.DEGRADED: QT_TRANSLATE_NOOP("SourceHealth", "degraded"),
    SourceState.DOWN: QT_TRANSLATE_NOOP("SourceHealth", "down"),
}


def state_word(state: SourceState) -> str:
    return translate("SourceHealth", _STATE_WORDS[state])


def ago_text(last_success: datetime | None, now: datetime) -> str:
    """E.g. "last success 12 s ago"; coarser units as it gets older (app.analytics.ages)."""
    if last_success is None:
        return translate("SourceHealth", "no success yet")
    since = age_words(age(last_success, now, AgeUnit.SECONDS), ago=True)
    return translate("SourceHealth", "last success {age}").format(age=since)


def local_time(moment: datetime) -> str:
    """Times inside are UTC; people read them in their own time zone."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def tooltip_text(health: SourceHealth) -> str:
    lines = [
        translate("SourceHealth", "Source: {name} ({kind})").format(
            name=health.source, kind=health.kind.upper()
        ),
        translate("SourceHealth", "URL: {url}").format(url=health.url),
        translate("SourceHealth", "State: {state}").format(state=state_word(health.state)),
    ]
    if health.last_success is not None:
        lines.append(
            translate("SourceHealth", "Last success: {time}").format(
                time=local_time(health.last_success)
            )
        )
    if health.last_error and health.last_error_at is not None:
        lines.append(
            translate("SourceHealth", "Last error: {error} (at {time})").format(
                error=health.last_error, time=local_time(health.last_error_at)
            )
        )
    elif health.last_error:
        lines.append(
            translate("SourceHealth", "Last error: {error}").format(error=health.last_error)
        )
    else:
        lines.append(translate("SourceHealth", "No errors"))
    lines.append(
        translate("SourceHealth", "Consecutive failures: {count}").format(
            count=health.consecutive_failures
        )
    )
    return "\n".join(lines)
