"""What the view reads once, in the worker: the genealogy, names, sources and the lot to open
first (that of the newest complaint naming a lot)."""

from __future__ import annotations

from dataclasses import dataclass

from app.analytics.trace import Genealogy
from app.cache.store import CacheStore
from app.domain import Complaint
from widgets.traceability.trace_names import Names, load_names
from widgets.traceability.trace_sources import trace_sources


@dataclass(frozen=True, slots=True)
class TraceData:
    mes: str | None
    crm: str | None
    genealogy: Genealogy | None  # None: no MES source in the cache
    names: Names
    first_lot: str | None


def load_trace_data(store: CacheStore) -> TraceData:
    mes, crm = trace_sources(store)
    if mes is None:
        return TraceData(None, crm, None, Names(), None)
    genealogy = Genealogy.load(store, mes)
    names = load_names(store, mes)
    return TraceData(mes, crm, genealogy, names, newest_complaint_lot(store, crm, genealogy))


def newest_complaint_lot(store: CacheStore, crm: str | None, genealogy: Genealogy
                         ) -> str | None:
    # A quality engineer opening this view most likely comes for the latest complaint.
    if crm is None:
        return None
    complaints: list[Complaint] = store.all(crm, "crm.complaints")
    known = [c.lot_id for c in sorted(complaints, key=lambda c: c.opened_at, reverse=True)
             if c.lot_id and genealogy.lot(c.lot_id) is not None]
    # One with a genealogy to show beats a newer one whose lot has no recorded inputs.
    with_inputs = [lot_id for lot_id in known if genealogy.parents(lot_id)]
    return (with_inputs or known or [None])[0]
