"""Names people read for the ids a lot refers to (product, work order, machine)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.cache.store import CacheStore


@dataclass(frozen=True, slots=True)
class Names:
    products: dict[str, str] = field(default_factory=dict)
    work_orders: dict[str, str] = field(default_factory=dict)
    machines: dict[str, str] = field(default_factory=dict)

    def product(self, product_id: str | None) -> str:
        return self.products.get(product_id, product_id) if product_id else ""

    def work_order(self, work_order_id: str | None) -> str:
        return self.work_orders.get(work_order_id, work_order_id) if work_order_id else ""

    def machine(self, machine_id: str | None) -> str:
        return self.machines.get(machine_id, machine_id) if machine_id else ""


def load_names(store: CacheStore, mes_source: str) -> Names:
    """Blocking cache reads: run in the worker."""
    return Names(
        products={p.id: p.name for p in store.all(mes_source, "mes.products")},
        work_orders={w.id: w.number for w in store.all(mes_source, "mes.work_orders")},
        machines={e.id: e.name for e in store.all(mes_source, "mes.equipment")},
    )
