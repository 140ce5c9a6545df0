"""What the Quality view can pick from: characteristics (with their product and how many
measurements the cache holds), read in a worker. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.cache.feed_maps import feed_map
from app.cache.store import CacheStore
from app.domain import Characteristic, Product


@dataclass(frozen=True, slots=True)
class CharacteristicItem:
    source: str
    characteristic: Characteristic
    measurements: int  # held in the cache, all time

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.characteristic.id)


@dataclass(frozen=True, slots=True)
class ProductItem:
    source: str
    product_id: str
    name: str  # the product's name, or its id when the cache has no product record

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.product_id)


@dataclass(frozen=True, slots=True)
class Catalogue:
    products: list[ProductItem] = field(default_factory=list)
    characteristics: list[CharacteristicItem] = field(default_factory=list)

    def of_product(self, key: tuple[str, str]) -> list[CharacteristicItem]:
        source, product_id = key
        return [c for c in self.characteristics
                if c.source == source and c.characteristic.product_id == product_id]

    def find(self, key: tuple[str, str]) -> CharacteristicItem | None:
        return next((c for c in self.characteristics if c.key == key), None)

    def default(self) -> CharacteristicItem | None:
        """What a plant manager wants first: a critical characteristic with data; else any
        with data; else the first there is."""
        with_data = [c for c in self.characteristics if c.measurements]
        critical = [c for c in with_data if c.characteristic.critical]
        for choice in (critical, with_data, self.characteristics):
            if choice:
                return choice[0]
        return None


def _sources(store: CacheStore) -> list[str]:
    table = feed_map("mes.characteristics").table
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(table.c.source).distinct()).scalars())


def _measurement_counts(store: CacheStore, source: str) -> dict[str, int]:
    # One grouped COUNT over the (source, characteristic_id, measured_at) index.
    table = feed_map("mes.measurements").table
    query = (select(table.c.characteristic_id, func.count())
             .where(table.c.source == source).group_by(table.c.characteristic_id))
    with store.engine.connect() as conn:
        return {cid: int(n) for cid, n in conn.execute(query)}


def load_catalogue(store: CacheStore) -> Catalogue:
    products: list[ProductItem] = []
    items: list[CharacteristicItem] = []
    for source in _sources(store):
        characteristics: list[Characteristic] = store.all(source, "mes.characteristics")
        counts = _measurement_counts(store, source)
        product_ids = sorted({c.product_id for c in characteristics})
        names = {p.id: p.name for p in store.get_many(source, "mes.products", product_ids)
                 if isinstance(p, Product)}
        products += [ProductItem(source, pid, names.get(pid, pid)) for pid in product_ids]
        ordered = sorted(characteristics, key=lambda c: (c.product_id, c.operation_sequence,
                                                         c.id))
        items += [CharacteristicItem(source, c, counts.get(c.id, 0)) for c in ordered]
    return Catalogue(products, items)
