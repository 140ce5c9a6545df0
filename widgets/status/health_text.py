"""Words for a source's health: state, "last success … ago" and the tooltip.

Module-level functions, so each call names its context ("SourceHealth") literally: lupdate only
extracts `translate` calls whose context is a string literal.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.analytics.ages import AgeUnit, age
from app.sync.health import (
    ErrorKind,
    HealthError,
    HealthNotice,
    SourceHealth,
    SourceState,
    SyncErrorKind,
    SyncNoticeKind,
)
from widgets.common.age_text import age_words
from widgets.common.date_text import moment_text
from widgets.common.feed_names import feed_name
from widgets.common.freshness_text import first_reads_tooltip

translate = QCoreApplication.translate
NOTICE_SHOWN_FOR = timedelta(minutes=30)  # in the bar itself; the tooltip keeps it longer

_STATE_WORDS: dict[SourceState, str] = {
    SourceState.CONNECTING: QT_TRANSLATE_NOOP("SourceHealth", "connecting"),
    SourceState.CONNECTED: QT_TRANSLATE_NOOP("SourceHealth", "connected"),
    SourceState.DEGRADED: QT_TRANSLATE_NOOP("SourceHealth", "degraded"),
    SourceState.DOWN: QT_TRANSLATE_NOOP("SourceHealth", "down"),
}


# How each kind of error reads; the parameters come from app.sync.health and http_errors.
_ERROR_WORDS: dict[ErrorKind | SyncErrorKind, str] = {
    ErrorKind.TLS_UNTRUSTED: QT_TRANSLATE_NOOP(
        "SourceHealth", "the TLS certificate of {host} is not trusted: install the company's "
        "CA certificate or correct the address"),
    ErrorKind.TLS_FAILED: QT_TRANSLATE_NOOP(
        "SourceHealth", "the TLS handshake with {host} failed ({reason}): is this the server's "
        "HTTPS port, and does it accept TLS 1.2 or later?"),
    ErrorKind.CANNOT_RESOLVE: QT_TRANSLATE_NOOP(
        "SourceHealth", "cannot resolve {host}: check the address"),
    ErrorKind.TIMEOUT: QT_TRANSLATE_NOOP("SourceHealth", "no answer in time (timeout)"),
    ErrorKind.CANNOT_CONNECT: QT_TRANSLATE_NOOP(
        "SourceHealth", "cannot connect to {url} (is the server running, is a firewall in the "
        "way?)"),
    ErrorKind.DROPPED: QT_TRANSLATE_NOOP("SourceHealth", "the connection dropped mid-answer"),
    ErrorKind.CREDENTIALS: QT_TRANSLATE_NOOP(
        "SourceHealth", "{what} refused the credentials (401: wrong user, password, key or "
        "token)"),
    ErrorKind.PERMISSION: QT_TRANSLATE_NOOP(
        "SourceHealth", "{what} accepted the credentials but the user lacks a permission (403)"),
    ErrorKind.NOT_FOUND: QT_TRANSLATE_NOOP(
        "SourceHealth", "{what} does not know this address (404: wrong instance, database or "
        "URL)"),
    ErrorKind.TOO_MANY: QT_TRANSLATE_NOOP(
        "SourceHealth", "{what} asks us to slow down (429: too many requests)"),
    ErrorKind.SERVER_ERROR: QT_TRANSLATE_NOOP("SourceHealth", "server error (HTTP {status})"),
    ErrorKind.REFUSED: QT_TRANSLATE_NOOP("SourceHealth", "request refused (HTTP {status})"),
    ErrorKind.MALFORMED: QT_TRANSLATE_NOOP("SourceHealth", "the server sent malformed JSON"),
    ErrorKind.NOT_THAT_KIND: QT_TRANSLATE_NOOP(
        "SourceHealth", "{url} answers, but not like {what}: is this the right address and "
        "the right kind of source?"),
    ErrorKind.REBIRTH_AWAITED: QT_TRANSLATE_NOOP(
        "SourceHealth", "waiting for edge node {nodes} to publish its births again; until "
        "then its machines' values may be out of date ({why})"),
    SyncErrorKind.SLOW: QT_TRANSLATE_NOOP("SourceHealth", "answering slowly"),
    SyncErrorKind.INTERNAL: QT_TRANSLATE_NOOP("SourceHealth", "internal error: {text}"),
}


def error_text(error: HealthError) -> str:
    """The error in the person's language; a backend's or connector's own words stay as sent,
    inside a translated sentence where there is one."""
    params = dict(error.params)
    if error.kind is ErrorKind.OTHER:
        return params.get("text", error.text)
    if error.kind is SyncErrorKind.REJECTED_ITEMS:
        text = translate("SourceHealth", "{count} invalid item(s) rejected in {feed}").format(
            count=params.get("count", "?"), feed=feed_name(params.get("feed", "")))
        if params.get("first"):
            text = translate("SourceHealth", "{error} (first: {reason})").format(
                error=text, reason=params["first"])
        return text
    if error.kind is ErrorKind.CANNOT_CONNECT and not params.get("url"):
        text = translate("SourceHealth", "cannot connect (is the server running?)")
    else:
        text = translate("SourceHealth", _ERROR_WORDS[error.kind]).format_map(
            _Missing(params))
    if params.get("detail"):
        text = translate("SourceHealth", "{error}: {detail}").format(
            error=text, detail=params["detail"])
    return text


class _Missing(dict[str, str]):
    # A parameter an older sender left out reads "?" rather than failing the status bar.
    def __missing__(self, key: str) -> str:
        return "?"


def health_error_text(health: SourceHealth) -> str:
    """The last error in words; a health built from text alone is worded from that text."""
    if health.error is not None:
        return error_text(health.error)
    return error_text(HealthError.from_text(health.last_error)) if health.last_error else ""


def notice_text(notice: HealthNotice) -> str:
    params = notice.params
    if notice.kind is SyncNoticeKind.DATA_REPLACED:
        return translate(
            "SourceHealth", "{feed} read again in full: the source came back with older data "
            "(restored or restarted), which replaced the cache's: {replaced} record(s) back to "
            "an older version, {removed} removed").format(
            feed=feed_name(params.get("feed", "")), replaced=params.get("replaced", "?"),
            removed=params.get("removed", "?"))
    return notice.text


def recent_notice_text(health: SourceHealth, now: datetime) -> str:
    """A short word in the bar for what was noticed lately ("" when nothing was)."""
    feeds = [feed_name(n.params.get("feed", "")) for n in health.notices
             if n.kind is SyncNoticeKind.DATA_REPLACED
             and n.at is not None and now - n.at < NOTICE_SHOWN_FOR]
    if not feeds:
        return ""
    return translate("SourceHealth", "data replaced by the source's older data: {feeds}").format(
        feeds=", ".join(feeds))


def state_word(state: SourceState) -> str:
    return translate("SourceHealth", _STATE_WORDS[state])


def ago_text(last_success: datetime | None, now: datetime) -> str:
    """E.g. "last success 12 s ago"; coarser units as it gets older (app.analytics.ages)."""
    if last_success is None:
        return translate("SourceHealth", "no success yet")
    since = age_words(age(last_success, now, AgeUnit.SECONDS), ago=True)
    return translate("SourceHealth", "last success {age}").format(age=since)


def local_time(moment: datetime) -> str:
    """Times inside are UTC; people read them in their own time zone and language."""
    return moment_text(moment, seconds=True)


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
    error = health_error_text(health)
    if error and health.last_error_at is not None:
        lines.append(
            translate("SourceHealth", "Last error: {error} (at {time})").format(
                error=error, time=local_time(health.last_error_at)
            )
        )
    elif error:
        lines.append(translate("SourceHealth", "Last error: {error}").format(error=error))
    else:
        lines.append(translate("SourceHealth", "No errors"))
    lines.append(
        translate("SourceHealth", "Consecutive failures: {count}").format(
            count=health.consecutive_failures
        )
    )
    if health.first_reads:
        lines.append(first_reads_tooltip(health.first_reads))
    for notice in health.notices:
        text = notice_text(notice)
        lines.append(translate("SourceHealth", "Notice: {text} (at {time})").format(
            text=text, time=local_time(notice.at)) if notice.at is not None
            else translate("SourceHealth", "Notice: {text}").format(text=text))
    return "\n".join(lines)
