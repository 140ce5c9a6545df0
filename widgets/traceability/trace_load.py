"""What the view reads once, in the worker: sources, names, and the first lot's lineage (the lot
asked for, else that of the newest complaint naming a lot), so the first trees show with the
first answer. No genealogy is loaded: each lot's part of it is read when the lot is opened."""

from __future__ import annotations

from dataclasses import dataclass

from app.analytics.trace import Lineage
from app.cache.genealogy import holds_lots, read_lots, with_inputs
from app.cache.store import CacheStore
from app.domain import Complaint
from app.runtime.lineage import lineage_from_cache
from widgets.traceability.trace_names import Names, load_names
from widgets.traceability.trace_sources import trace_sources


@dataclass(frozen=True, slots=True)
class TraceData:
    mes: str | None  # None: no MES source in the cache
    crm: str | None
    has_lots: bool
    names: Names
    first: Lineage | None  # the lot to show first, read already


def load_trace_data(store: CacheStore, lot_id: str | None = None) -> TraceData:
    """`lot_id`: the lot to show first (one asked for before the view was read), if any."""
    mes, crm = trace_sources(store)
    if mes is None or not holds_lots(store, mes):
        return TraceData(mes, crm, False, Names(), None)
    names = load_names(store, mes)
    first = lot_id or newest_complaint_lot(store, mes, crm)
    return TraceData(mes, crm, True, names,
                     lineage_from_cache(store, mes, first) if first else None)


def newest_complaint_lot(store: CacheStore, mes: str, crm: str | None) -> str | None:
    # A quality engineer opening this view most likely comes for the latest complaint.
    if crm is None:
        return None
    complaints: list[Complaint] = store.all(crm, "crm.complaints")
    named = [c.lot_id for c in sorted(complaints, key=lambda c: c.opened_at, reverse=True)
             if c.lot_id]
    held = {row[0] for row in read_lots(store, mes, named)}
    known = [lot_id for lot_id in dict.fromkeys(named) if lot_id in held]
    # One with a genealogy to show beats a newer one whose lot has no recorded inputs.
    made = with_inputs(store, mes, known)
    with_parents = [lot_id for lot_id in known if lot_id in made]
    return (with_parents or known or [None])[0]
