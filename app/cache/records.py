"""Writing and reading the records of one feed, children included, inside a transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, delete, select

from app.cache.bulk import BulkUpserter
from app.cache.changes import ChangeSet
from app.cache.mapping import ListMap, RecordMap, decode_row
from app.collector import collector_paused

# Ids per IN (...) list: well under SQLite's parameter limit, and small statements cache well.
CHUNK = 500


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def stored_versions(conn: Connection, fmap: RecordMap, source: str, ids: Sequence[str]
                    ) -> dict[str, int]:
    table = fmap.table
    found: dict[str, int] = {}
    for part in chunks(ids):
        query = select(table.c.id, table.c.version).where(
            table.c.source == source, table.c.id.in_(part))
        found.update((row[0], row[1]) for row in conn.execute(query))
    return found


def _latest_per_id(records: Iterable[Any]) -> dict[str, Any]:
    """One record per id: the highest version, the later one on a tie (a page may repeat ids)."""
    latest: dict[str, Any] = {}
    for record in records:
        held = latest.get(record.id)
        if held is None or record.version >= held.version:
            latest[record.id] = record
    return latest


def _delete_children(conn: Connection, fmap: RecordMap, source: str, ids: Sequence[str]) -> None:
    """Children of these parents, deepest first (foreign keys would cascade too; explicit
    deletes do not depend on SQLite's foreign_keys pragma and take one statement per chunk)."""
    for child in reversed(fmap.all_lists()):
        owner = child.table.c[child.key_columns[0]]
        for part in chunks(ids):
            conn.execute(delete(child.table).where(
                child.table.c.source == source, owner.in_(part)))


def upsert_records(conn: Connection, upserter: BulkUpserter, fmap: RecordMap, source: str,
                   records: Iterable[Any], overwrite: Collection[str] = ()) -> ChangeSet:
    """Write the records, except those older (lower version) than the one held: they are
    listed as stale. Records whose id is in `overwrite` replace the one held whatever its
    version (a full re-read of a source that went back to older data); those that go back to
    a lower version are listed as replaced (and upserted)."""
    latest = _latest_per_id(records)
    stored = stored_versions(conn, fmap, source, list(latest))
    accepted = [r for r in latest.values() if r.id not in stored or r.version >= stored[r.id]]
    older = [r for r in latest.values() if r.id in stored and r.version < stored[r.id]]
    lowered = [r for r in older if r.id in overwrite]
    changes = ChangeSet()
    changes.add_stale(fmap.feed, source, (r.id for r in older if r.id not in overwrite))
    if not accepted and not lowered:
        return changes
    if fmap.lists:
        # New parents have no children yet: only the ones already held need clearing.
        _delete_children(conn, fmap, source,
                         [r.id for r in (*accepted, *lowered) if r.id in stored])
    with collector_paused():
        for rows, guarded in ((accepted, True), (lowered, False)):
            upserter.upsert(conn, fmap.table, fmap.columns, fmap.rows(source, rows),
                            guarded=guarded)
        written = [*accepted, *lowered]
        for child in fmap.all_lists():
            upserter.upsert(conn, child.table, child.columns, child.rows(source, written))
    changes.add_upserted(fmap.feed, source, (r.id for r in written))
    changes.add_replaced(fmap.feed, source, (r.id for r in lowered))
    return changes


def delete_records(conn: Connection, fmap: RecordMap, source: str, ids: Iterable[str]
                   ) -> ChangeSet:
    held = list(stored_versions(conn, fmap, source, list(dict.fromkeys(ids))))
    _delete_children(conn, fmap, source, held)
    for part in chunks(held):
        conn.execute(delete(fmap.table).where(
            fmap.table.c.source == source, fmap.table.c.id.in_(part)))
    changes = ChangeSet()
    changes.add_deleted(fmap.feed, source, held)
    return changes


def _load_list(conn: Connection, child: ListMap, source: str, ids: Sequence[str] | None
               ) -> dict[tuple[Any, ...], list[Any]]:
    """Elements of one list, grouped by the key of the element that owns them."""
    nested = {grand.attr: (grand, _load_list(conn, grand, source, ids)) for grand in child.lists}
    table = child.table
    query = select(*(table.c[name] for name in child.read_columns)).where(
        table.c.source == source)
    if ids is not None:
        query = query.where(table.c[child.key_columns[0]].in_(ids))
    query = query.order_by(*(table.c[name] for name in child.order_by))
    names = child.read_columns
    owner_at = [names.index(name) for name in child.owner_key]
    own_at = [names.index(name) for name in child.own_key]
    grouped: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for row in conn.execute(query):
        values = decode_row(names, row, child.decoders)
        kwargs = {name: values[name] for name in child.element_fields}
        own = tuple(row[i] for i in own_at)
        for attr, (grand, groups) in nested.items():
            items = groups.get(own, [])
            kwargs[attr] = grand.wrap(items) if grand.wrap else items
        grouped[tuple(row[i] for i in owner_at)].append(child.element(**kwargs))
    return grouped


def load_records(conn: Connection, fmap: RecordMap, source: str,
                 ids: Sequence[str] | None = None) -> list[Any]:
    """Records of one source ordered by id (all of them, or those with these ids)."""
    if ids is not None and len(ids) > CHUNK:
        return sorted((record for part in chunks(ids)
                       for record in load_records(conn, fmap, source, part)),
                      key=lambda record: record.id)
    table = fmap.table
    query = select(*(table.c[name] for name in fmap.fields)).where(table.c.source == source)
    if ids is not None:
        query = query.where(table.c.id.in_(ids))
    lists = [(child, _load_list(conn, child, source, ids)) for child in fmap.lists]
    records = []
    for row in conn.execute(query.order_by(table.c.id)):
        values = decode_row(fmap.fields, row, fmap.decoders)
        key = (values["id"],)
        for child, groups in lists:
            items = groups.get(key, [])
            values[child.attr] = child.wrap(items) if child.wrap else items
        records.append(fmap.record(**values))
    return records
