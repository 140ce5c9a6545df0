"""The Overview's figures saved beside a SQLite cache, for the next start's first frame."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.analytics.kpi_types import Kpi, RowKind, Week, WeekPoint
from app.cache_location import default_cache_url, sqlite_file
from app.runtime import figures_snapshot as fs

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
WEEK = Week(date(2026, 11, 23), datetime(2026, 11, 22, 16, tzinfo=UTC),
            datetime(2026, 11, 29, 16, tzinfo=UTC))


def figures() -> dict[str, Kpi]:
    return {
        "lead_time": Kpi("lead_time", 3.25, "days", (WeekPoint(WEEK, 3.25, 4, 3.5),),
                         (("O1", 1), ("O2", 1)), RowKind.ORDER_LINE,
                         (("median", 3.25), ("mean", 3.5), ("lines", 2.0)),
                         since=date(2026, 11, 2)),
        "oee": Kpi("oee", None, "%", (WeekPoint(WEEK, None),), (), RowKind.LINE),
    }


def test_figures_come_back_as_saved_without_the_rows_behind_them(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3.figures.json"
    fs.save(path, fs.FiguresSnapshot(figures(), NOW, NOW - timedelta(minutes=3), "Asia/Taipei"))
    saved = fs.load(path)
    assert saved is not None
    assert saved.worked_out_at == NOW and saved.data_as_of == NOW - timedelta(minutes=3)
    assert saved.zone == "Asia/Taipei"
    for name, kpi in figures().items():
        assert saved.kpis[name] == Kpi(kpi.name, kpi.value, kpi.unit, kpi.series, (),
                                       kpi.row_kind, kpi.breakdown, kpi.since)
    assert list(tmp_path.iterdir()) == [path]  # no half-written file left beside it


@pytest.mark.parametrize("body", [
    '{"format": 1, "kpis": [',  # cut short
    '{"format": 99, "kpis": [], "worked_out_at": "2026-11-25T09:30:00+00:00",'
    ' "data_as_of": null, "zone": "UTC"}',  # another layout
    '{"format": 1, "kpis": [], "worked_out_at": "2026-11-25T09:30:00",'
    ' "data_as_of": null, "zone": "UTC"}',  # a time without its zone
    '[1, 2]',
])
def test_a_damaged_or_foreign_file_is_no_snapshot(tmp_path: Path, body: str) -> None:
    path = tmp_path / "x.figures.json"
    path.write_text(body, encoding="utf-8")
    assert fs.load(path) is None


def test_a_value_of_the_wrong_type_is_no_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "x.figures.json"
    fs.save(path, fs.FiguresSnapshot(figures(), NOW, None, "UTC"))
    body = json.loads(path.read_text(encoding="utf-8"))
    body["kpis"][0]["value"] = "3.25"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert fs.load(path) is None


def test_no_file_no_snapshot(tmp_path: Path) -> None:
    assert fs.load(tmp_path / "missing.json") is None
    assert fs.load(None) is None


def test_the_file_sits_beside_a_sqlite_cache_only() -> None:
    assert fs.snapshot_path("sqlite:////data/plant/cache.sqlite3") == Path(
        "/data/plant/cache.sqlite3.figures.json")
    assert fs.snapshot_path("sqlite+pysqlite:///rel/c.db?timeout=5") == Path(
        "rel/c.db.figures.json")
    default = sqlite_file(default_cache_url())
    assert default is not None
    assert fs.snapshot_path(None) == default.with_name(default.name + ".figures.json")
    for url in ("postgresql+psycopg://desk@db/gemba", "sqlite:///:memory:", "sqlite://",
                "sqlite:///file:cache?mode=memory&uri=true"):
        assert fs.snapshot_path(url) is None
