"""Words for how old a view's data is: "Data as of 14:32 (3 min ago)", and when it is stale.

Module-level functions name their context ("Freshness") literally, so lupdate finds them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication

from app.analytics import ages
from app.analytics.ages import AgeUnit, bucket
from app.sync.poller import DEFAULT_INTERVALS
from widgets.common.age_text import age_words

translate = QCoreApplication.translate

# Data is stale once it has missed a few polls; never sooner than this, so a fast feed
# (machine status every 1.5 s) does not flash "stale" at every hiccup.
MIN_STALE_AFTER = timedelta(minutes=2)
POLLS_BEFORE_STALE = 3
UNKNOWN_FEED_INTERVAL_SECONDS = 30.0  # the poller's own default


def stale_after(feed: str) -> timedelta:
    """How old `feed`'s data may get before a view calls it stale."""
    interval = DEFAULT_INTERVALS.get(feed, UNKNOWN_FEED_INTERVAL_SECONDS)
    return max(MIN_STALE_AFTER, timedelta(seconds=POLLS_BEFORE_STALE * interval))


def age_text(age: timedelta) -> str:
    """"3 min ago": how old data synced `age` ago is, to the second."""
    return age_words(bucket(age, AgeUnit.SECONDS), ago=True)


def clock_text(moment: datetime, now: datetime, seconds: bool = False) -> str:
    """Local time; with the date once it is not today's."""
    local = moment.astimezone()
    time_format = "%H:%M:%S" if seconds else "%H:%M"
    if local.date() == now.astimezone().date():
        return local.strftime(time_format)
    return local.strftime(f"%Y-%m-%d {time_format}")


def freshness_text(synced_at: datetime | None, now: datetime, stale: bool) -> str:
    if synced_at is None:
        return translate("Freshness", "Not synced yet")
    age = ages.age(synced_at, now, AgeUnit.SECONDS)
    text = translate("Freshness", "Data as of {time} ({age})").format(
        time=clock_text(synced_at, now), age=age_words(age, ago=True))
    if stale:
        text = translate("Freshness", "{freshness} · stale").format(freshness=text)
    return text


def freshness_tooltip(stale: bool) -> str:
    if stale:
        return translate(
            "Freshness",
            "Some of this view's data has not been read from its source for longer than a "
            "few polls: the source may be down. What is shown is the last data received.")
    return translate("Freshness", "The oldest of this view's data, as last read from its source.")
