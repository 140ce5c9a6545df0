"""The quality matrix over the cache: every characteristic of every line, each with its row of
`app.analytics.quality_matrix`, and the lines and work centers a person can narrow it to.
Reads the cache: run it in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from app.analytics.quality_matrix import MatrixRow, matrix_rows, work_centers_by_operation
from app.cache.feed_maps import feed_map
from app.cache.queries import measurements
from app.cache.store import CacheStore
from app.domain import Equipment, EquipmentLevel, Product


@dataclass(frozen=True, slots=True)
class Place:
    """A line or a work center rows can be narrowed to."""

    source: str
    id: str
    name: str
    level: EquipmentLevel
    line_id: str | None  # a work center's line; a line's own id


@dataclass(frozen=True, slots=True)
class QualityMatrix:
    as_of: datetime
    span: timedelta | None  # the window the rows cover; None: everything cached
    rows: list[MatrixRow] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # each line, then its work centers

    def rows_in(self, place: Place | None) -> list[MatrixRow]:
        """The rows of a line or work center (all rows for None), worst first."""
        if place is None:
            return list(self.rows)
        if place.level is EquipmentLevel.LINE:
            return [r for r in self.rows if r.source == place.source and r.line_id == place.id]
        return [r for r in self.rows
                if r.source == place.source and r.work_center_id == place.id]


def read_matrix(store: CacheStore, now: datetime, span: timedelta | None) -> QualityMatrix:
    start = None if span is None else now - span
    rows: list[MatrixRow] = []
    places: list[Place] = []
    for source in _sources(store):
        characteristics = store.all(source, "mes.characteristics")
        products = [p for p in store.get_many(
            source, "mes.products", sorted({c.product_id for c in characteristics}))
            if isinstance(p, Product)]
        equipment: list[Equipment] = store.all(source, "mes.equipment")
        line_of = {e.id: e.parent_id for e in equipment
                   if e.level is EquipmentLevel.WORK_CENTER and e.parent_id}
        taken = {c.id: measurements(store, source, c.id, start=start) for c in characteristics}
        rows += matrix_rows(source, characteristics, taken, work_centers_by_operation(products),
                            line_of)
        places += _places(source, equipment)
    rows.sort(key=MatrixRow.sort_key)
    return QualityMatrix(now, span, rows, places)


def _places(source: str, equipment: list[Equipment]) -> list[Place]:
    lines = sorted((e for e in equipment if e.level is EquipmentLevel.LINE), key=lambda e: e.id)
    centers = sorted((e for e in equipment if e.level is EquipmentLevel.WORK_CENTER),
                     key=lambda e: e.id)
    places: list[Place] = []
    for line in lines:
        places.append(Place(source, line.id, line.name, EquipmentLevel.LINE, line.id))
        places += [Place(source, wc.id, wc.name, EquipmentLevel.WORK_CENTER, line.id)
                   for wc in centers if wc.parent_id == line.id]
    return places


def _sources(store: CacheStore) -> list[str]:
    table = feed_map("mes.characteristics").table
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(table.c.source).distinct()).scalars())
