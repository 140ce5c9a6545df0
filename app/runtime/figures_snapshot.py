"""The Overview's figures as last worked out, saved beside a SQLite cache.

The console draws its first frame from this file before it opens the cache (SQLAlchemy, the
schema and the analytics take most of a cold start), and the Overview shows these figures,
marked with when they were worked out, until it has worked them out again. The rows behind a
figure are not saved: they come with the fresh figures.

Standard library only. A missing, unreadable or foreign file is no snapshot, never an error.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.analytics.kpi_types import Kpi, RowKind, Week, WeekPoint
from app.cache_location import sqlite_file

log = logging.getLogger(__name__)

FORMAT = 1  # bumped when the layout below changes; another format is no snapshot
SUFFIX = ".figures.json"


@dataclass(frozen=True, slots=True)
class FiguresSnapshot:
    kpis: dict[str, Kpi]  # without the keys of the rows behind them
    worked_out_at: datetime  # the figures' "now"
    data_as_of: datetime | None  # the oldest last sync of the feeds read; None: unknown
    zone: str  # the site's time zone (IANA key) the weeks are in


def snapshot_path(cache_url: str | None) -> Path | None:
    """Where the figures of the cache at `cache_url` are kept: beside its SQLite file. None
    for a database that is not a file of this workstation (a shared PostgreSQL cache)."""
    database = sqlite_file(cache_url)
    return database.with_name(database.name + SUFFIX) if database is not None else None


def save(path: Path, snapshot: FiguresSnapshot) -> None:
    """Write `snapshot` to `path` whole or not at all (a reader never sees half a file)."""
    body = {
        "format": FORMAT,
        "worked_out_at": snapshot.worked_out_at.isoformat(),
        "data_as_of": snapshot.data_as_of.isoformat() if snapshot.data_as_of else None,
        "zone": snapshot.zone,
        "kpis": [_kpi_to_json(k) for k in snapshot.kpis.values()],
    }
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(body), encoding="utf-8")
    os.replace(partial, path)


def load(path: Path | None) -> FiguresSnapshot | None:
    if path is None:
        return None
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("format") != FORMAT:
            return None
        as_of = body["data_as_of"]
        kpis = [_kpi_from_json(k) for k in body["kpis"]]
        return FiguresSnapshot(
            kpis={k.name: k for k in kpis},
            worked_out_at=_aware(body["worked_out_at"]),
            data_as_of=_aware(as_of) if as_of is not None else None,
            zone=str(body["zone"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        log.warning("saved figures at %s not used: %s", path, error)
        return None


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a zone: {text}")
    return moment


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def _kpi_to_json(kpi: Kpi) -> dict[str, Any]:
    return {
        "name": kpi.name,
        "value": kpi.value,
        "unit": kpi.unit,
        "row_kind": kpi.row_kind.value,
        "breakdown": [[label, value] for label, value in kpi.breakdown],
        "since": kpi.since.isoformat() if kpi.since else None,
        "series": [
            {"monday": p.week.monday.isoformat(), "start": p.week.start.isoformat(),
             "end": p.week.end.isoformat(), "value": p.value, "count": p.count,
             "extra": p.extra}
            for p in kpi.series
        ],
    }


def _kpi_from_json(body: dict[str, Any]) -> Kpi:
    series = tuple(
        WeekPoint(Week(date.fromisoformat(p["monday"]), _aware(p["start"]), _aware(p["end"])),
                  _number(p["value"]), int(p["count"]), _number(p["extra"]))
        for p in body["series"]
    )
    since = body["since"]
    return Kpi(
        name=str(body["name"]),
        value=_number(body["value"]),
        unit=str(body["unit"]),
        series=series,
        keys=(),
        row_kind=RowKind(body["row_kind"]),
        breakdown=tuple((str(label), _number(value)) for label, value in body["breakdown"]),
        since=date.fromisoformat(since) if since else None,
    )
