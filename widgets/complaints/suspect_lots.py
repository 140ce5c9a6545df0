"""The raw (supplier) lots a complained-about lot was made from: the suspects whose forward
trace answers "who else got this?". Read in a worker. No Qt here."""

from __future__ import annotations

from app.analytics.trace import BACKWARD, LotInfo
from app.cache.store import CacheStore
from app.domain import LotKind
from app.runtime.lineage import trace_from_cache
from widgets.complaints.complaint_data import LotKey


def suspect_lots(store: CacheStore, lot: LotKey) -> list[tuple[LotKey, LotInfo]]:
    """Raw lots in the backward trace of `lot` (itself, if it is raw), by number."""
    source, lot_id = lot
    # Only this lot's part of the genealogy, read from the cache: loading all of it first
    # would keep the suspects waiting for seconds on a large plant.
    trace = trace_from_cache(store, source, lot_id, BACKWARD)
    raw = {node.lot.id: node.lot for node in trace.nodes if node.lot.kind == LotKind.RAW}
    return [((source, info.id), info)
            for info in sorted(raw.values(), key=lambda x: (x.number, x.id))]
