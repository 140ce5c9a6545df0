"""Fill a CacheStore from a demo Plant in-process, without HTTP: every live record of every
feed, validated the way the REST connector validates a page item.

    plant = Plant(seed=7, start=START, history=timedelta(days=1))
    store = CacheStore.open(f"sqlite:///{tmp_path}/c.sqlite3")
    cache_from_plant(plant, store)
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from app.cache.store import CacheStore
from app.contract import FEEDS
from app.sim.plant import Plant


def cache_from_plant(plant: Plant, store: CacheStore, source_crm: str = "demo-crm",
                     source_mes: str = "demo-mes") -> None:
    """Copy the plant's current records into `store`, CRM feeds under `source_crm` and MES
    feeds under `source_mes`, each feed marked synced at the plant's now. Deleted records are
    left out (a fresh cache never held them)."""
    for spec in FEEDS:
        adapter: TypeAdapter[Any] = TypeAdapter(spec.record)
        records = [adapter.validate_python(change.body)
                   for change in plant.feeds[spec.name].changes_after(0) if not change.deleted]
        source = source_crm if spec.backend == "crm" else source_mes
        if records:
            store.upsert(source, spec.name, records)
        store.mark_synced(source, spec.name, at=plant.now)  # as a sync would
