"""Lot traceability: backward (what went into a lot) and forward (where it went) traces.

Pure structure over plain data; reading the cache is `app.runtime.lineage`:
- `trace_from_cache` there reads one lot's cone (the links and lots reachable from it, one
  recursive query) and walks it with the code below. This is what the console answers with:
  loading a million links first takes tens of seconds, this takes milliseconds. A `Lineage`
  holds both of a lot's parts in memory for the Traceability view's trees, which expand level
  by level without a query per row.
- `Genealogy`: an in-memory adjacency index over all lots and lot links of one MES source
  (`load_genealogy`), kept current from the sync layer's change sets (`apply_changes`): the
  reference the cache path is checked against (tests, `bench_trace --check`).

Traces are trees: a lot reached along two paths appears under each parent, each time with the
quantity of its own link, because "how much of R-55 is in this lot" differs per path. A lot
already on the current path closes a cycle (bad data): it is shown, marked, reported in
`cycles` and not walked further, so nothing loops.

A Genealogy is not locked: change it from the same worker that runs the traces, or between
them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from app.analytics.trace_search import SearchHit as SearchHit  # where callers have found it
from app.domain import Lot

BACKWARD = "backward"
FORWARD = "forward"

# A link may arrive before the lot it names (feeds sync independently): it still shows.
_UNKNOWN_TIME = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LotInfo:
    id: str
    number: str
    product_id: str
    kind: str
    quantity: Decimal
    unit: str
    created_at: datetime
    work_order_id: str | None
    machine_id: str | None
    supplier: str | None
    supplier_lot: str | None

    @classmethod
    def of(cls, lot: Lot) -> LotInfo:
        return cls(lot.id, lot.number, lot.product_id, str(lot.kind), lot.quantity, lot.unit,
                   lot.created_at, lot.work_order_id, lot.machine_id, lot.supplier,
                   lot.supplier_lot)

    @classmethod
    def unknown(cls, lot_id: str) -> LotInfo:
        """A lot named by a link but not (yet) in the cache."""
        return cls(lot_id, lot_id, "", "unknown", Decimal(0), "", _UNKNOWN_TIME,
                   None, None, None, None)


@dataclass(frozen=True, slots=True)
class TraceNode:
    lot: LotInfo
    via_quantity: Decimal | None  # quantity on the link to the node it hangs from
    depth: int  # 0 for the root
    parent_id: str | None  # the lot it hangs from in this trace
    cycle: bool = False  # this link closes a cycle: the node is shown, not walked further


@dataclass(frozen=True, slots=True)
class TraceResult:
    root: str
    direction: str  # "backward" or "forward"
    nodes: list[TraceNode]  # depth-first, root first
    cycles: list[tuple[str, ...]]  # lot ids of each cycle found in bad data

    def lot_ids(self) -> list[str]:
        """Each lot of the trace once, in trace order."""
        return list(dict.fromkeys(node.lot.id for node in self.nodes))


_Link = tuple[str, str, Decimal]  # parent, child, quantity


class Genealogy:
    """In-memory index of one MES source's lots and links, loaded once, kept current with
    `apply`."""

    def __init__(self, mes_source: str) -> None:
        self.mes_source = mes_source
        self._lots: dict[str, LotInfo] = {}
        self._links: dict[str, _Link] = {}
        # Link ids per lot, both ways; lists, not dicts, to keep a million links affordable.
        self._up: dict[str, list[str]] = {}  # child -> links from its parents
        self._down: dict[str, list[str]] = {}  # parent -> links to its children

    # --- building -------------------------------------------------------------------------

    @classmethod
    def from_rows(cls, mes_source: str, lot_rows: Iterable[tuple[Any, ...]],
                  link_rows: Iterable[tuple[str, str, str, Decimal]]) -> Genealogy:
        """All of a source's lots (rows in LotInfo's field order), then all its (link id,
        parent, child, quantity) links: the bulk path, built for a million links."""
        genealogy = cls(mes_source)
        lots_held = genealogy._lots
        for row in lot_rows:
            lots_held[row[0]] = LotInfo(*row)
        # One shared string per lot id: the links would otherwise hold a million private
        # copies of the same ids.
        canon = {lot_id: lot_id for lot_id in lots_held}
        up: defaultdict[str, list[str]] = defaultdict(list)
        down: defaultdict[str, list[str]] = defaultdict(list)
        held = genealogy._links
        for link_id, parent, child, quantity in link_rows:
            parent = canon.get(parent, parent)
            child = canon.get(child, child)
            held[link_id] = (parent, child, quantity)
            down[parent].append(link_id)
            up[child].append(link_id)
        # Plain dicts from here: a lookup of a lot without links must not add an entry.
        genealogy._up, genealogy._down = dict(up), dict(down)
        return genealogy

    @classmethod
    def of(cls, mes_source: str, lots: Iterable[LotInfo],
           links: Iterable[tuple[str, str, str, Decimal]]) -> Genealogy:
        """A genealogy of the given lots and (link id, parent, child, quantity) links only."""
        genealogy = cls(mes_source)
        genealogy._lots = {lot.id: lot for lot in lots}
        for link_id, parent, child, quantity in links:
            genealogy._add_link(link_id, parent, child, quantity)
        return genealogy

    def set_lot(self, lot_id: str, lot: Lot | None) -> None:
        """Hold `lot` as `lot_id`'s details; None forgets them (its links stay)."""
        if lot is None:
            self._lots.pop(lot_id, None)
        else:
            self._lots[lot_id] = LotInfo.of(lot)

    def set_link(self, link_id: str, link: tuple[str, str, Decimal] | None) -> None:
        """Replace link `link_id` by (parent, child, quantity); None drops it."""
        self._drop_link(link_id)
        if link is not None:
            self._add_link(link_id, *link)

    def _add_link(self, link_id: str, parent: str, child: str, quantity: Decimal) -> None:
        self._links[link_id] = (parent, child, quantity)
        self._down.setdefault(parent, []).append(link_id)
        self._up.setdefault(child, []).append(link_id)

    def _drop_link(self, link_id: str) -> None:
        old = self._links.pop(link_id, None)
        if old is None:
            return
        parent, child, _ = old
        for index, lot_id in ((self._down, parent), (self._up, child)):
            held = index.get(lot_id)
            if held is not None:
                held.remove(link_id)
                if not held:
                    del index[lot_id]

    # --- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of links held."""
        return len(self._links)

    def lot(self, lot_id: str) -> LotInfo | None:
        return self._lots.get(lot_id)

    def lots(self) -> Iterable[LotInfo]:
        return self._lots.values()

    def _info(self, lot_id: str) -> LotInfo:
        info = self._lots.get(lot_id)
        return info if info is not None else LotInfo.unknown(lot_id)

    def _neighbours(self, lot_id: str, backward: bool) -> list[tuple[LotInfo, Decimal]]:
        index, end = (self._up, 0) if backward else (self._down, 1)
        found = []
        for link_id in index.get(lot_id, ()):
            link = self._links[link_id]
            found.append((self._info(link[end]), link[2]))
        # Stable, readable order: by lot number, then id (two links between the same lots
        # keep their arrival order).
        found.sort(key=lambda pair: (pair[0].number, pair[0].id))
        return found

    def parents(self, lot_id: str) -> list[tuple[LotInfo, Decimal]]:
        """Lots consumed into `lot_id`, with the quantity of each link."""
        return self._neighbours(lot_id, backward=True)

    def children(self, lot_id: str) -> list[tuple[LotInfo, Decimal]]:
        """Lots made from `lot_id`, with the quantity of each link."""
        return self._neighbours(lot_id, backward=False)

    def backward(self, lot_id: str) -> TraceResult:
        return self._trace(lot_id, backward=True)

    def forward(self, lot_id: str) -> TraceResult:
        return self._trace(lot_id, backward=False)

    def _trace(self, root: str, backward: bool) -> TraceResult:
        nodes: list[TraceNode] = []
        cycles: list[tuple[str, ...]] = []
        seen_cycles: set[tuple[str, ...]] = set()
        path: list[str] = []  # the lots from the root down to the node being expanded
        on_path: set[str] = set()
        # Iterative depth-first walk: long chains must not hit Python's recursion limit.
        stack: list[tuple[LotInfo, Decimal | None, int, str | None]] = [
            (self._info(root), None, 0, None)]
        while stack:
            info, quantity, depth, parent = stack.pop()
            while len(path) > depth:
                on_path.discard(path.pop())
            if info.id in on_path:
                nodes.append(TraceNode(info, quantity, depth, parent, cycle=True))
                cycle = tuple(path[path.index(info.id):])
                key = _rotation_key(cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    cycles.append(cycle)
                continue
            nodes.append(TraceNode(info, quantity, depth, parent))
            path.append(info.id)
            on_path.add(info.id)
            for next_info, next_quantity in reversed(self._neighbours(info.id, backward)):
                stack.append((next_info, next_quantity, depth + 1, info.id))
        return TraceResult(root, BACKWARD if backward else FORWARD, nodes, cycles)


@dataclass(frozen=True, slots=True)
class Lineage:
    """One lot's backward and forward parts of the genealogy, held in memory: all that its two
    trees can reach, so they expand row by row without a query (or a wait) per row. Never
    changed once read: a newer cache is read into a new Lineage."""

    lot_id: str
    backward: Genealogy  # every link into each lot the backward trace reaches
    forward: Genealogy  # every link out of each lot the forward trace reaches

    def lot(self) -> LotInfo | None:
        """The lot itself; None if the cache does not hold it."""
        return self.backward.lot(self.lot_id)


def _rotation_key(cycle: tuple[str, ...]) -> tuple[str, ...]:
    """The same cycle found from another of its lots is reported once."""
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]
