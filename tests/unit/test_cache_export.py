"""The read-only export of the cache for BI tools: a CSV folder and a SQLite copy."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.cache.export import (
    README,
    SQLITE_COPY,
    ExportError,
    export_cache,
    exported_tables,
    main,
    snapshot_sqlite,
)
from app.cache.store import CacheStore
from app.domain import Customer, OrderLine, OrderStatus, SalesOrder

T0 = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


@pytest.fixture()
def cache(tmp_path: Path) -> tuple[str, CacheStore]:
    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    store = CacheStore.open(url)
    store.upsert("crm", "crm.customers", [
        Customer(id="c-1", version=1, name="=HYPERLINK(\"x\")", number="K-1", key_account=True),
        Customer(id="c-2", version=1, name="台積電", number="K-2")])
    store.upsert("crm", "crm.orders", [SalesOrder(
        id="o-1", version=3, number="SO-1042", customer_id="c-2",
        status=OrderStatus.CONFIRMED, created_at=T0,
        lines=[OrderLine(line_no=1, product_id="P-1", quantity=Decimal("12.5"), unit="kg",
                         requested_date=date(2026, 3, 14), options={"colour": "紅"}),
               OrderLine(line_no=2, product_id="P-2", quantity=Decimal(3), unit="pcs",
                         requested_date=date(2026, 3, 20))])])
    yield url, store
    store.close()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_csv_folder_has_every_table_and_reads_back(cache, tmp_path: Path) -> None:
    url, store = cache
    folder = tmp_path / "bi"
    counts = export_cache(store, folder)
    names = {t.name for t in exported_tables()}
    assert {p.stem for p in folder.glob("*.csv")} == names
    assert "sync_tokens" not in names and counts["customers"] == 2
    customers = {r["id"]: r for r in _read(folder / "customers.csv")}
    # Raw data for BI tools: the name is kept exactly, CJK intact, flags as true/false.
    assert customers["c-1"]["name"] == '=HYPERLINK("x")'
    assert customers["c-2"]["name"] == "台積電" and customers["c-1"]["key_account"] == "true"
    orders = _read(folder / "sales_orders.csv")
    assert datetime.fromisoformat(orders[0]["created_at"]) == T0
    assert orders[0]["created_at"].endswith("+00:00")
    lines = _read(folder / "order_lines.csv")
    assert [(r["order_id"], r["line_no"], r["quantity"], r["requested_date"]) for r in lines] \
        == [("o-1", "1", "12.5", "2026-03-14"), ("o-1", "2", "3", "2026-03-20")]
    assert '"colour": "紅"' in lines[0]["options"]
    readme = (folder / README).read_text(encoding="utf-8")
    assert "UTC" in readme and "ISO 8601" in readme and "read-only" in readme
    assert "order_lines.csv  (2 rows" in readme and "requested_date: date" in readme


def test_export_from_a_url_and_the_cli(cache, tmp_path: Path, capsys) -> None:
    url, _store = cache
    assert export_cache(url, tmp_path / "a")["order_lines"] == 2
    assert main(["--cache", url, "--to", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b" / "customers.csv").is_file()
    assert main(["--cache", f"sqlite:///{tmp_path / 'none.sqlite3'}", "--to",
                 str(tmp_path / "c")]) == 1
    assert "no cache" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()  # an export never creates a cache


def test_sqlite_snapshot_opens_with_the_same_counts(cache, tmp_path: Path) -> None:
    url, store = cache
    copy = snapshot_sqlite(url, tmp_path / "copy" / "cache.sqlite3")
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 2
        assert db.execute("SELECT COUNT(*) FROM order_lines").fetchone()[0] == 2
    counts = export_cache(url, tmp_path / "s", fmt="sqlite")
    assert (tmp_path / "s" / SQLITE_COPY).is_file() and (tmp_path / "s" / README).is_file()
    assert counts["customers"] == 2 and counts["order_lines"] == 2
    # The console keeps running and writing: the copy is its own file.
    store.upsert("crm", "crm.customers", [Customer(id="c-3", version=1, name="N",
                                                   number="K-3")])
    with sqlite3.connect(tmp_path / "s" / SQLITE_COPY) as db:
        assert db.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 2


def test_a_sqlite_copy_needs_a_sqlite_cache(tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        snapshot_sqlite("postgresql+psycopg://u@localhost/x", tmp_path / "x.sqlite3")
    with pytest.raises(ExportError):
        export_cache(f"sqlite:///{tmp_path / 'missing.sqlite3'}", tmp_path / "out")
