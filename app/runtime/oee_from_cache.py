"""The plant's machines and their OEE read from the cache, computed by
`app.analytics.plant_oee`.

Blocking (several reads): callers run these in a worker thread (loop.run_in_executor).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from app.analytics.oee import OeeFigures
from app.analytics.plant_oee import (
    MachineInfo,
    ideal_rates,
    machine_infos,
    oee_of_machines,
    site_shift,
)
from app.cache import queries
from app.cache.store import CacheStore
from app.domain import Calendar, ProductionCount, Site, StateEvent


def machines(store: CacheStore, mes_source: str) -> list[MachineInfo]:
    """Every machine with its place in the hierarchy, sorted by line, work center, name."""
    return machine_infos(mes_source, store.all(mes_source, "mes.equipment"),
                         store.all(mes_source, "mes.sites"))


def oee_by_machine(store: CacheStore, mes_source: str, start: datetime, end: datetime
                   ) -> dict[str, OeeFigures]:
    """Machine id -> OEE figures over [start, end), for every machine of the source."""
    infos = machines(store, mes_source)
    calendars: list[Calendar] = store.all(mes_source, "mes.calendars")
    rates = ideal_rates(store.all(mes_source, "mes.products"))
    ids = [m.id for m in infos]
    events: defaultdict[str, list[StateEvent]] = defaultdict(list)
    counts: defaultdict[str, list[ProductionCount]] = defaultdict(list)
    for event in queries.state_events(store, mes_source, start, end, ids):
        events[event.machine_id].append(event)
    for count in queries.production_counts(store, mes_source, start, end, ids):
        counts[count.machine_id].append(count)
    return oee_of_machines(infos, calendars, rates, events, counts, start, end)


def shift_window(store: CacheStore, mes_source: str, moment: datetime
                 ) -> tuple[str, datetime, datetime] | None:
    """The shift running at `moment` at the first site (by id): (name, UTC start, UTC end),
    from the first of its calendars (by id) that has one; None between shifts."""
    sites: list[Site] = store.all(mes_source, "mes.sites")
    if not sites:
        return None
    return site_shift(mes_source, sites[0], store.all(mes_source, "mes.calendars"), moment)
