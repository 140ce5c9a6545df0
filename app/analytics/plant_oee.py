"""OEE of the plant's machines: equipment, calendars and routings joined with the windowed
state events and production counts (read from the cache by `app.runtime.oee_from_cache`).

For the shift in progress, ask up to now (the source's clock), not to the shift's end: see
app.analytics.oee. Work center, line and plant figures are `oee.combine` over the machines.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfoNotFoundError

from app.analytics.oee import OeeFigures, machine_oee, planned_windows, shift_at
from app.domain import (
    Calendar,
    Equipment,
    EquipmentLevel,
    Product,
    ProductionCount,
    Site,
    StateEvent,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MachineInfo:
    source: str
    id: str
    name: str
    work_center_id: str | None
    work_center_name: str
    line_id: str | None
    line_name: str
    area_id: str | None
    area_name: str
    site_id: str
    site_name: str
    time_zone: str


def machine_infos(mes_source: str, all_equipment: Iterable[Equipment],
                  all_sites: Iterable[Site]) -> list[MachineInfo]:
    """Every machine of the source's equipment with its place in the hierarchy, sorted by
    line, work center, name."""
    equipment: dict[str, Equipment] = {e.id: e for e in all_equipment}
    sites: dict[str, Site] = {s.id: s for s in all_sites}
    out = []
    for item in equipment.values():
        if item.level != EquipmentLevel.MACHINE:
            continue
        above: dict[EquipmentLevel, Equipment] = {}
        parent_id, seen = item.parent_id, {item.id}
        while parent_id is not None and parent_id in equipment and parent_id not in seen:
            seen.add(parent_id)  # a parent cycle in bad data must not loop forever
            parent = equipment[parent_id]
            above.setdefault(parent.level, parent)
            parent_id = parent.parent_id
        wc, line, area = (above.get(EquipmentLevel.WORK_CENTER), above.get(EquipmentLevel.LINE),
                          above.get(EquipmentLevel.AREA))
        site = sites.get(item.site_id)
        out.append(MachineInfo(
            source=mes_source, id=item.id, name=item.name,
            work_center_id=wc.id if wc else None, work_center_name=wc.name if wc else "",
            line_id=line.id if line else None, line_name=line.name if line else "",
            area_id=area.id if area else None, area_name=area.name if area else "",
            site_id=item.site_id, site_name=site.name if site else "",
            # Without its site, UTC is the only honest guess for when shifts are.
            time_zone=site.time_zone if site else "UTC"))
    out.sort(key=lambda m: (m.line_name, m.line_id or "", m.work_center_name,
                            m.work_center_id or "", m.name, m.id))
    return out


def _calendar_for(calendars: Sequence[Calendar], site_id: str, work_center_id: str | None
                  ) -> Calendar | None:
    """The site's calendar that lists the work center, else one of the site's calendars
    that lists no work center (a site-wide calendar), else none: no planned time."""
    of_site = [c for c in calendars if c.site_id == site_id]
    for calendar in of_site:
        if work_center_id is not None and work_center_id in calendar.work_center_ids:
            return calendar
    return next((c for c in of_site if not c.work_center_ids), None)


def ideal_rates(products: Sequence[Product]) -> dict[tuple[str, str], float]:
    """(product id, work center id) -> the routing's run seconds per unit; the first
    operation by sequence where a product visits a work center twice. Rates of zero or less
    are left out: they are unknown, not infinitely fast."""
    rates: dict[tuple[str, str], float] = {}
    for product in products:
        for op in sorted(product.routing.operations, key=lambda o: o.sequence):
            rate = float(op.run_seconds_per_unit)
            if rate > 0:
                rates.setdefault((product.id, op.work_center_id), rate)
    return rates


def _planned(calendars: Sequence[Calendar], info: MachineInfo, start: datetime,
             end: datetime) -> list[tuple[datetime, datetime]]:
    """The machine's planned busy windows; none without a calendar or with a time zone this
    computer does not know (the backend's data is untrusted: its figures become None, the
    other machines' are still computed)."""
    calendar = _calendar_for(calendars, info.site_id, info.work_center_id)
    if calendar is None:
        return []
    try:
        return planned_windows(calendar, info.time_zone, start, end, info.id)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("%s: site %s has an unknown time zone %r; no planned time for %s",
                    info.source, info.site_id, info.time_zone, info.id)
        return []


def oee_of_machines(infos: Sequence[MachineInfo], calendars: Sequence[Calendar],
                    rates: Mapping[tuple[str, str], float],
                    events: Mapping[str, Sequence[StateEvent]],
                    counts: Mapping[str, Sequence[ProductionCount]], start: datetime,
                    end: datetime) -> dict[str, OeeFigures]:
    """Machine id -> OEE figures over [start, end), from each machine's state events and
    production counts (by machine id) and `ideal_rates`."""
    out: dict[str, OeeFigures] = {}
    for info in infos:
        planned = _planned(calendars, info, start, end)
        wc = info.work_center_id or ""

        def rate(product_id: str | None, wc: str = wc) -> float | None:
            return rates.get((product_id, wc)) if product_id is not None else None

        out[info.id] = machine_oee(events=events.get(info.id, ()),
                                   counts=counts.get(info.id, ()), planned=planned,
                                   ideal_seconds_per_unit=rate, start=start, end=end)
    return out


def site_shift(mes_source: str, site: Site, calendars: Iterable[Calendar], moment: datetime
               ) -> tuple[str, datetime, datetime] | None:
    """The shift running at `moment` at `site`: (name, UTC start, UTC end), from the first of
    its `calendars` that has one; None between shifts."""
    for calendar in calendars:
        if calendar.site_id != site.id:
            continue
        try:
            found = shift_at(calendar, site.time_zone, moment)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("%s: site %s has an unknown time zone %r", mes_source, site.id,
                        site.time_zone)
            return None
        if found is not None:
            return found
    return None
