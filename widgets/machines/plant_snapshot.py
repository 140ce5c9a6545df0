"""What the Machines view reads from the cache, as plain data: the equipment tree, one tile per
machine, and the work order and customer each machine is busy for.

Everything here blocks on the cache and runs in the background worker; the view only copies
the results into its model.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.cache.store import CacheStore
from app.domain import Equipment, EquipmentLevel, MachineState, MachineStatus, Site

NodeKey = tuple[str, str, str]  # (source, level, id); level "unassigned" for the catch-all
MachineKey = tuple[str, str]  # (source, machine id)
UNASSIGNED = "unassigned"
TREND_POINTS = 60
TREND_SEED = timedelta(minutes=30)


@dataclass(slots=True)
class TreeNode:
    key: NodeKey
    name: str  # the backend's name; the Unassigned group is named by the view
    children: list[TreeNode] = field(default_factory=list)


@dataclass(slots=True)
class WorkOrderInfo:
    number: str
    customer: str  # "Acme" or "Acme +2": the first linked order's customer, and how many more


@dataclass(slots=True)
class MachineTile:
    source: str
    id: str
    name: str
    work_center: str = ""
    nodes: frozenset[NodeKey] = frozenset()  # every tree node above the machine
    state: MachineState | None = None
    since: datetime | None = None
    reason: str = ""
    work_order_id: str | None = None
    work_order: str = ""
    customer: str = ""
    good: Decimal = Decimal(0)
    scrap: Decimal = Decimal(0)
    oee: Any = None  # OeeFigures of the chosen period, once computed
    trend: deque[float] = field(default_factory=lambda: deque(maxlen=TREND_POINTS))

    @property
    def key(self) -> MachineKey:
        return (self.source, self.id)

    def apply(self, status: MachineStatus, work_orders: dict[MachineKey, WorkOrderInfo]) -> None:
        self.state = status.state
        self.since = status.since
        self.reason = status.reason
        self.work_order_id = status.work_order_id
        info = work_orders.get((self.source, status.work_order_id or ""))
        self.work_order = info.number if info else (status.work_order_id or "")
        self.customer = info.customer if info else ""
        if not self.trend or float(status.good_count) != self.trend[-1]:
            self.trend.append(float(status.good_count))
        self.good = status.good_count
        self.scrap = status.scrap_count


@dataclass(slots=True)
class PlantSnapshot:
    mes_sources: list[str]
    crm_sources: list[str]
    roots: list[TreeNode]
    tiles: list[MachineTile]
    work_orders: dict[MachineKey, WorkOrderInfo]
    time_zones: dict[str, str]  # MES source -> the first site's IANA time zone


@dataclass(slots=True)
class StatusUpdate:
    statuses: list[tuple[str, MachineStatus]]
    work_orders: dict[MachineKey, WorkOrderInfo]


def cached_sources(store: CacheStore) -> tuple[list[str], list[str]]:
    """MES and CRM sources the cache holds, from the feeds it has synced."""
    return store.sources_of("mes.machine_status", "mes.equipment"), store.sources_of("crm.orders")


def load_snapshot(store: CacheStore, extra_mes: Iterable[str] = ()) -> PlantSnapshot:
    mes, crm = cached_sources(store)
    mes = sorted(set(mes) | set(extra_mes))
    roots: list[TreeNode] = []
    tiles: list[MachineTile] = []
    work_orders: dict[MachineKey, WorkOrderInfo] = {}
    zones: dict[str, str] = {}
    for source in mes:
        sites: list[Site] = store.all(source, "mes.sites")
        if sites:
            zones[source] = sites[0].time_zone
        equipment: list[Equipment] = store.all(source, "mes.equipment")
        statuses: list[MachineStatus] = store.all(source, "mes.machine_status")
        source_roots, source_tiles = build_tree(source, sites, equipment, statuses)
        roots += source_roots
        work_orders.update(work_order_infos(store, source, crm,
                                            {s.work_order_id for s in statuses}))
        by_id = {s.id: s for s in statuses}
        for tile in source_tiles:
            status = by_id.get(tile.id)
            seed_trend(store, tile, status)
            if status is not None:
                tile.apply(status, work_orders)
        tiles += source_tiles
    return PlantSnapshot(mes, crm, roots, tiles, work_orders, zones)


def build_tree(source: str, sites: list[Site], equipment: list[Equipment],
               statuses: list[MachineStatus]) -> tuple[list[TreeNode], list[MachineTile]]:
    """Site → area → line → work center, one tile per machine; machines that report a status
    but are not in the equipment list go under an Unassigned node."""
    nodes: dict[str, TreeNode] = {}
    parents: dict[str, str | None] = {}
    site_nodes = {s.id: TreeNode((source, "site", s.id), s.name) for s in sites}
    levels = (EquipmentLevel.AREA, EquipmentLevel.LINE, EquipmentLevel.WORK_CENTER)
    for level in levels:
        for item in sorted((e for e in equipment if e.level == level), key=lambda e: e.name):
            node = TreeNode((source, str(level), item.id), item.name)
            nodes[item.id] = node
            parents[item.id] = item.parent_id
            parent = nodes.get(item.parent_id or "") if item.parent_id else None
            if parent is None:
                site = site_nodes.setdefault(
                    item.site_id, TreeNode((source, "site", item.site_id), item.site_id))
                parent = site
            parent.children.append(node)
    tiles: list[MachineTile] = []
    machines = sorted((e for e in equipment if e.level == EquipmentLevel.MACHINE),
                      key=lambda e: e.name)
    known = set()
    for machine in machines:
        known.add(machine.id)
        above: list[NodeKey] = []
        cursor = machine.parent_id
        while cursor is not None and cursor in nodes:
            above.append(nodes[cursor].key)
            cursor = parents.get(cursor)
        above.append((source, "site", machine.site_id))
        centre = nodes.get(machine.parent_id or "")
        tiles.append(MachineTile(source, machine.id, machine.name,
                                 centre.name if centre else "", frozenset(above)))
    roots = list(site_nodes.values())
    strays = sorted(s.id for s in statuses if s.id not in known)
    if strays:
        roots.append(TreeNode(unassigned_key(source), ""))
        tiles += [stray_tile(source, machine_id) for machine_id in strays]
    return roots, tiles


def unassigned_key(source: str) -> NodeKey:
    return (source, UNASSIGNED, "")


def stray_tile(source: str, machine_id: str) -> MachineTile:
    return MachineTile(source, machine_id, machine_id, "",
                       frozenset({unassigned_key(source)}))


def work_order_infos(store: CacheStore, source: str, crm_sources: list[str],
                     ids: Iterable[str | None]) -> dict[MachineKey, WorkOrderInfo]:
    wanted = sorted(i for i in set(ids) if i)
    if not wanted:
        return {}
    work_orders = store.get_many(source, "mes.work_orders", wanted)
    order_ids = sorted({link.order_id for wo in work_orders for link in wo.links})
    customer_of_order: dict[str, str] = {}
    for crm in crm_sources:
        orders = store.get_many(crm, "crm.orders", order_ids)
        customers = {c.id: c.name for c in store.get_many(
            crm, "crm.customers", sorted({o.customer_id for o in orders}))}
        for order in orders:
            customer_of_order.setdefault(order.id, customers.get(order.customer_id,
                                                                 order.customer_id))
    infos: dict[MachineKey, WorkOrderInfo] = {}
    for wo in work_orders:
        names = list(dict.fromkeys(customer_of_order[link.order_id] for link in wo.links
                                   if link.order_id in customer_of_order))
        customer = names[0] if names else ""
        if len(names) > 1:
            customer += f" +{len(names) - 1}"
        infos[(source, wo.id)] = WorkOrderInfo(wo.number, customer)
    return infos


def seed_trend(store: CacheStore, tile: MachineTile, status: MachineStatus | None) -> None:
    """The last half hour of good counts from the status history, thinned to the trend's size,
    so a fresh console has a trend to show before live updates add to it."""
    if status is None:
        return
    # The history is stamped with the console's own clock when it was sampled.
    now = datetime.now(UTC)
    samples = store.status_samples(tile.source, tile.id, now - TREND_SEED,
                                   now + timedelta(minutes=1))
    if not samples:
        return
    step = max(1, len(samples) // TREND_POINTS)
    for sample in samples[::step]:
        tile.trend.append(float(sample.good_count))


def load_statuses(store: CacheStore, keys: Iterable[MachineKey], crm_sources: list[str],
                  known_work_orders: set[MachineKey]) -> StatusUpdate:
    by_source: dict[str, list[str]] = {}
    for source, machine_id in keys:
        by_source.setdefault(source, []).append(machine_id)
    statuses: list[tuple[str, MachineStatus]] = []
    infos: dict[MachineKey, WorkOrderInfo] = {}
    for source, ids in by_source.items():
        found: list[MachineStatus] = store.get_many(source, "mes.machine_status", sorted(ids))
        statuses += [(source, s) for s in found]
        new = {s.work_order_id for s in found if s.work_order_id
               and (source, s.work_order_id) not in known_work_orders}
        infos.update(work_order_infos(store, source, crm_sources, new))
    return StatusUpdate(statuses, infos)
