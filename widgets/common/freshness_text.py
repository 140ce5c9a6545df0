"""Words for how old a view's data is: "Data as of 14:32 (3 min ago)", and when it is stale;
and for data not whole yet: "Still reading Production counts: page 42, 10,500 records so far".

Module-level functions name their context ("Freshness") literally, so lupdate finds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication

from app.analytics import ages
from app.analytics.ages import AgeUnit, bucket
from app.sync.health import FirstRead
from app.sync.intervals import DEFAULT_INTERVALS
from widgets.common.age_text import age_words
from widgets.common.feed_names import feed_name, feed_order
from widgets.common.zone_time import zoned_time

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


def clock_text(moment: datetime, now: datetime, seconds: bool = False,
               zone: tzinfo | None = None) -> str:
    """The time in `zone` (None: the workstation's), with the date once it is not that zone's
    today, and the zone's name when it is not the workstation's."""
    time_format = "%H:%M:%S" if seconds else "%H:%M"
    if zone is None:
        local = moment.astimezone()
        if local.date() != now.astimezone().date():
            time_format = f"%Y-%m-%d {time_format}"
        return local.strftime(time_format)
    if moment.astimezone(zone).date() != now.astimezone(zone).date():
        time_format = f"%Y-%m-%d {time_format}"
    return zoned_time(moment, zone, time_format)


def freshness_text(synced_at: datetime | None, now: datetime, stale: bool) -> str:
    if synced_at is None:
        return translate("Freshness", "Not synced yet")
    age = ages.age(synced_at, now, AgeUnit.SECONDS)
    text = translate("Freshness", "Data as of {time} ({age})").format(
        time=clock_text(synced_at, now), age=age_words(age, ago=True))
    if stale:
        text = translate("Freshness", "{freshness} · stale").format(freshness=text)
    return text


def freshness_tooltip(stale: bool, reads: Iterable[tuple[str, datetime | None]] = (),
                      now: datetime | None = None) -> str:
    """Why the header says what it says, and each feed's own last read, oldest first: the
    header's time is the oldest of them, while the status bar's "last success" is a source's
    newest read of any feed, so the two differ without contradicting each other."""
    if stale:
        head = translate(
            "Freshness",
            "Some of this view's data has not been read from its source for longer than a "
            "few polls: the source may be down. What is shown is the last data received.")
    else:
        head = translate("Freshness",
                         "The oldest of this view's data, as last read from its source.")
    reads = list(reads)
    if not reads or now is None:
        return head
    # Never read first, then oldest first: the top line is what the header's time is.
    listed = sorted(reads, key=lambda r: (r[1] is not None, r[1] or now, feed_order(r[0])))
    lines = [head, translate(
        "Freshness",
        "Last read of each feed, oldest first (the status bar's \"last success\" is each "
        "source's latest read of any feed):")]
    for feed, at in listed:
        when = translate("Freshness", "not read yet") if at is None else translate(
            "Freshness", "{time} ({age})").format(
            time=clock_text(at, now, seconds=True),
            age=age_words(ages.age(at, now, AgeUnit.SECONDS), ago=True))
        lines.append(translate("Freshness", "{feed}: {when}").format(
            feed=feed_name(feed), when=when))
    return "\n".join(lines)


def read_progress_text(read: FirstRead) -> str:
    """How far one feed's first read got."""
    if read.pages == 0:
        return translate("Freshness", "{feed}: not read yet").format(feed=feed_name(read.feed))
    return translate("Freshness", "{feed}: page {pages}, {records} records so far").format(
        feed=feed_name(read.feed), pages=f"{read.pages:,}", records=f"{read.records:,}")


def _furthest_first(reads: Iterable[FirstRead]) -> list[FirstRead]:
    return sorted(reads, key=lambda r: (r.pages == 0, -r.pages, feed_order(r.feed)))


def first_reads_text(reads: Sequence[FirstRead]) -> str:
    """"Still reading Production counts: page 42, 10,500 records so far (+3 more)": the read
    furthest along and how many more feeds are not read to their end yet ("" when none)."""
    ordered = _furthest_first(reads)
    if not ordered:
        return ""
    text = translate("Freshness", "Still reading {progress}").format(
        progress=read_progress_text(ordered[0]))
    if len(ordered) > 1:
        text = translate("Freshness", "{text} (+{n} more)").format(text=text, n=len(ordered) - 1)
    return text


def first_reads_tooltip(reads: Sequence[FirstRead]) -> str:
    """Every feed not read to its end yet, one a line: what is shown of them is partial."""
    lines = [translate("Freshness", "Not read to the end yet, so what is shown of these is "
                                    "partial:")]
    lines += [read_progress_text(read) for read in _furthest_first(reads)]
    return "\n".join(lines)
