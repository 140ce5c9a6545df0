"""The Traceability search's prefix match in SQL, on SQLite and PostgreSQL: case-insensitive,
prefixes only, LIKE's and the range's edge characters taken literally, and every searched
key read through its search index (a range of lower(key)), never a scan of every lot."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select, text

from app import domain as d
from app.cache.database import upgrade_schema
from app.cache.genealogy import after_prefix, starts_with
from app.cache.schema import crm, mes, metadata
from app.cache.store import CacheStore
from app.runtime.lot_search import search

pytest_plugins = ("tests.cache_db",)

MES, CRM = "mes", "crm"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TOP = "\U0010ffff"  # the highest code point: no character follows it
# lot id: (number, supplier lot)
LOTS = {
    "id-1": ("L-000712", "S-9"), "id-2": ("l-0007", None), "id-3": ("L-0008", None),
    "id-4": ("AL-0007", None), "id-5": ("A%B", None), "id-6": ("A_B", None),
    "id-7": ("AxB", "s-9%"), "id-8": ("A\\B", None), "id-9": (f"Z{TOP}1", None),
    "id-10": (f"Z{TOP}", None), "id-11": ("Z\U0001f600", None), "id-12": ("[1", None),
}

SEARCHED = ((mes.lots, "id"), (mes.lots, "number"), (mes.lots, "supplier_lot"),
            (mes.lots, "work_order_id"), (mes.serials, "id"), (mes.work_orders, "id"),
            (mes.work_orders, "number"), (crm.sales_orders, "id"), (crm.sales_orders, "number"))


def _fill(store: CacheStore) -> None:
    store.upsert(MES, "mes.lots", [d.Lot(
        id=lot_id, number=number, product_id="P-1", kind=d.LotKind.RAW, quantity=Decimal(1),
        unit="kg", created_at=T0, work_order_id="wo-7" if lot_id == "id-1" else None,
        supplier="Acme" if supplier_lot else None, supplier_lot=supplier_lot)
        for lot_id, (number, supplier_lot) in LOTS.items()])
    store.upsert(MES, "mes.serials", [d.Serial(id="SN-0001", lot_id="id-1", product_id="P-1",
                                               created_at=T0)])
    store.upsert(MES, "mes.work_orders", [d.WorkOrder(
        id="wo-7", number="MO-70", product_id="P-1", quantity=Decimal(1), unit="pcs",
        status=d.WorkOrderStatus.RUNNING, priority=1, output_lot_id="id-2")])
    store.upsert(CRM, "crm.orders", [d.SalesOrder(
        id="so-1", number="SO-1042", customer_id="C-1", status=d.OrderStatus.CONFIRMED,
        priority=1, created_at=T0)])
    store.upsert("other-mes", "mes.lots", [d.Lot(
        id="id-1", number="L-000799", product_id="P-1", kind=d.LotKind.RAW,
        quantity=Decimal(1), unit="kg", created_at=T0)])


def _keys(store: CacheStore, needle: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.key) for hit in search(store, MES, needle, CRM)]


def test_after_prefix_is_the_least_string_past_the_prefix() -> None:
    assert after_prefix("l-0007") == "l-0008"
    assert after_prefix("a%") == "a&" and after_prefix("a_") == "a`"
    assert after_prefix(f"z{TOP}") == "{" and after_prefix(f"z{TOP}{TOP}") == "{"
    assert after_prefix(TOP) is None and after_prefix("") is None
    assert after_prefix("a\ud7ff") == "a\ue000"  # surrogates are no characters


def test_case_insensitive_prefixes_only(store: CacheStore) -> None:
    _fill(store)
    # The exact match first, then the prefix one; not AL-0007 (no prefix), not L-0008
    # (the range's end), nor the other source's L-000799.
    assert _keys(store, "l-0007") == [("lot", "l-0007"), ("lot", "L-000712")]
    assert _keys(store, "L-00071") == [("lot", "L-000712")]
    assert _keys(store, "ID-12") == [("lot", "[1")]  # by its id, keyed by number
    assert _keys(store, "s-9") == [("supplier_lot", "S-9"), ("supplier_lot", "s-9%")]
    assert _keys(store, "sn-") == [("serial", "SN-0001")]
    assert _keys(store, "Mo-7") == [("work_order", "MO-70")]
    assert _keys(store, "wo-7") == [("work_order", "MO-70")]  # by its id, keyed by number
    assert _keys(store, "so-10") == [("sales_order", "SO-1042")]
    assert _keys(store, "-0007") == [] and _keys(store, "0007") == []


def test_like_and_range_edge_characters_are_literal(store: CacheStore) -> None:
    _fill(store)
    assert _keys(store, "a%") == [("lot", "A%B")]
    assert _keys(store, "a_") == [("lot", "A_B")]
    assert _keys(store, "a\\") == [("lot", "A\\B")]
    assert _keys(store, "%") == [] and _keys(store, "_") == []
    assert _keys(store, "s-9%") == [("supplier_lot", "s-9%")]
    # A prefix ending in the highest character: the range has no "next" character to end at.
    assert _keys(store, f"z{TOP}") == [("lot", f"Z{TOP}"), ("lot", f"Z{TOP}1")]
    assert _keys(store, "z") == [("lot", "Z\U0001f600"),  # above U+FFFF: still in range
                                 ("lot", f"Z{TOP}"), ("lot", f"Z{TOP}1")]
    assert _keys(store, "[") == [("lot", "[1")]  # between upper and lower case letters


def _plans(store: CacheStore, statements: list[tuple[str, Any]]) -> list[list[str]]:
    postgresql = store.engine.dialect.name == "postgresql"
    explain = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
    with store.engine.connect() as conn:
        if postgresql:  # tiny tables: make PostgreSQL show whether it *can* use the index
            conn.exec_driver_sql("SET enable_seqscan = off")
        return [[str(row[-1]) for row in conn.exec_driver_sql(explain + sql, params)]
                for sql, params in statements]


def test_every_search_query_reads_a_search_index(store: CacheStore) -> None:
    _fill(store)
    statements: list[tuple[str, Any]] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, params, _ctx, _many: statements.append((sql, params)))
    search(store, MES, "l-0007", CRM)
    searches = [(sql, params) for sql, params in statements if "lower(" in sql]
    assert len(searches) == 6  # lots, supplier lots, serials, work orders x 2, sales orders
    if store.engine.dialect.name == "postgresql":
        # Its planner weighs these tiny tables by their statistics: ask it, key by key,
        # whether the key's range is an index condition (a lower() in another collation than
        # the index's would only be a filter on every row of the source).
        statements.clear()
        with store.engine.connect() as conn:
            for table, column in SEARCHED:
                conn.execute(select(table.c.id).where(
                    table.c.source == MES, starts_with(table.c[column], "l-0007")))
        for plan in _plans(store, list(statements)):
            assert any("Index Cond" in line and "lower(" in line for line in plan), plan
    else:
        for plan in _plans(store, searches):
            assert any("_source_folded_" in line and "<expr>>?" in line
                       for line in plan), plan


def test_the_migration_builds_the_search_indexes_of_the_metadata(tmp_path: Path) -> None:
    """Alembic compares expression indexes on PostgreSQL (test_cache_database) but cannot
    reflect them on SQLite: there, compare the SQL each way creates."""
    migrated = create_engine(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    fresh = create_engine("sqlite://")
    try:
        upgrade_schema(migrated)
        metadata.create_all(fresh)
        query = text("SELECT name, sql FROM sqlite_master WHERE name LIKE '%_folded_%'")

        def indexes(engine: object) -> dict[str, str]:
            with engine.connect() as conn:  # type: ignore[attr-defined]
                return {name: " ".join(sql.replace('"', "").split())
                        for name, sql in conn.execute(query)}

        built = indexes(fresh)
        assert len(built) == 9 and indexes(migrated) == built
    finally:
        migrated.dispose()
        fresh.dispose()
