"""Windowed reads from the cache return exactly the records that meet the window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.cache import queries
from app.cache.store import CacheStore
from app.domain import (
    DefectRecord,
    Downtime,
    MachineState,
    Measurement,
    ProductionCount,
    StateEvent,
)

SRC = "mes-a"
START, END = datetime(2025, 1, 13, 8, tzinfo=UTC), datetime(2025, 1, 13, 12, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 1, 13, hour, minute, tzinfo=UTC)


# (id, start, end): where each interval sits against the window [08:00, 12:00)
INTERVALS = [
    ("before", at(6), at(7)),
    ("ends-at-start", at(7), at(8)),  # half-open: does not meet the window
    ("straddles-start", at(7), at(9)),
    ("inside", at(9), at(10)),
    ("straddles-end", at(11), at(13)),
    ("covers", at(5), at(14)),
    ("starts-at-end", at(12), at(13)),
    ("after", at(13), at(14)),
    ("open-before", at(6), None),
    ("open-after", at(12, 30), None),
]
MEETING = {"straddles-start", "inside", "straddles-end", "covers", "open-before"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    store = CacheStore.open(f"sqlite:///{tmp_path}/c.sqlite3")
    yield store
    store.close()


def test_state_events_overlapping(store: CacheStore) -> None:
    events = [StateEvent(id=f"{m}-{name}", machine_id=m, state=MachineState.RUNNING,
                         start=s, end=e) for m in ("M1", "M2") for name, s, e in INTERVALS]
    store.upsert(SRC, "mes.machine_events", events)
    # The same ids in another source must not leak in.
    store.upsert("mes-b", "mes.machine_events", events)

    found = queries.state_events(store, SRC, START, END)
    assert {e.id for e in found} == {f"{m}-{n}" for m in ("M1", "M2") for n in MEETING}
    assert [(e.machine_id, e.start) for e in found] == sorted(
        (e.machine_id, e.start) for e in found)
    assert all(isinstance(e.state, MachineState) for e in found)
    assert found[0].start.tzinfo is not None

    only_m2 = queries.state_events(store, SRC, START, END, ["M2", "M9"])
    assert {e.id for e in only_m2} == {f"M2-{n}" for n in MEETING}
    assert queries.state_events(store, SRC, START, END, []) == []


def test_state_events_with_many_machine_ids(store: CacheStore) -> None:
    # More ids than one IN list holds: read in chunks, still one sorted answer.
    events = [StateEvent(id=f"E{i}", machine_id=f"M{i:04}", state=MachineState.IDLE,
                         start=at(9), end=None) for i in range(1200)]
    store.upsert(SRC, "mes.machine_events", events)
    ids = [f"M{i:04}" for i in range(1200)]
    found = queries.state_events(store, SRC, START, END, list(reversed(ids)))
    assert [e.machine_id for e in found] == ids


def test_production_counts_overlapping(store: CacheStore) -> None:
    counts = [ProductionCount(id=name, machine_id="M1", work_order_id=None, product_id="P",
                              start=s, end=e, good=Decimal(1), scrap=Decimal(0))
              for name, s, e in INTERVALS if e is not None]
    counts += [ProductionCount(id=f"instant-{h}", machine_id="M1", work_order_id=None,
                               product_id="P", start=at(h), end=at(h), good=Decimal(1),
                               scrap=Decimal(0)) for h in (7, 8, 11, 12)]
    store.upsert(SRC, "mes.production_counts", counts)
    found = queries.production_counts(store, SRC, START, END)
    assert {c.id for c in found} == (MEETING - {"open-before"}) | {"instant-8", "instant-11"}
    assert found[0].good == Decimal(1)
    assert queries.production_counts(store, SRC, START, END, ["M2"]) == []


def test_downtimes_overlapping(store: CacheStore) -> None:
    rows = [Downtime(id=name, machine_id="M1", start=s, end=e, reason="r", planned=i % 2 == 0)
            for i, (name, s, e) in enumerate(INTERVALS)]
    store.upsert(SRC, "mes.downtime", rows)
    found = queries.downtimes(store, SRC, START, END, ["M1"])
    assert {d.id for d in found} == MEETING
    assert {d.id: d.planned for d in found} == {d.id: d.planned for d in rows if d.id in MEETING}


def test_measurements_by_characteristic_time_and_machine(store: CacheStore) -> None:
    rows = [Measurement(id=f"X{i:02}", characteristic_id="C1" if i % 3 else "C2",
                        value=Decimal(i), measured_at=at(6 + i % 8),
                        machine_id="M1" if i % 2 else "M2") for i in range(24)]
    store.upsert(SRC, "mes.measurements", rows)

    def expect(start: datetime | None, end: datetime | None, machine: str | None) -> list[str]:
        chosen = [m for m in rows if m.characteristic_id == "C1"
                  and (start is None or m.measured_at >= start)
                  and (end is None or m.measured_at < end)
                  and (machine is None or m.machine_id == machine)]
        return [m.id for m in sorted(chosen, key=lambda m: (m.measured_at, m.id))]

    for start, end, machine in [(None, None, None), (START, END, None), (START, None, "M1"),
                                (None, END, "M2")]:
        found = queries.measurements(store, SRC, "C1", start, end, machine)
        assert [m.id for m in found] == expect(start, end, machine)
    assert queries.measurements(store, SRC, "C9") == []


def test_defects_by_time_product_and_machine(store: CacheStore) -> None:
    rows = [DefectRecord(id=f"D{i:02}", code="scratch", quantity=Decimal(1),
                         recorded_at=at(6 + i % 8), product_id="P1" if i % 2 else "P2",
                         machine_id="M1" if i % 3 else None) for i in range(16)]
    store.upsert(SRC, "mes.defects", rows)
    found = queries.defects(store, SRC, START, END, product_id="P1")
    chosen = [d for d in rows if START <= d.recorded_at < END and d.product_id == "P1"]
    assert [d.id for d in found] == [d.id for d in sorted(chosen,
                                                          key=lambda d: (d.recorded_at, d.id))]
    found = queries.defects(store, SRC, machine_id="M1")
    assert {d.id for d in found} == {d.id for d in rows if d.machine_id == "M1"}
    assert len(queries.defects(store, SRC)) == len(rows)
