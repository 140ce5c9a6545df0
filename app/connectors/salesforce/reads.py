"""Incremental reads: SOQL `WHERE SystemModstamp > <token> ORDER BY SystemModstamp, Id`.

The sync token is the latest SystemModstamp seen (a SOQL dateTime literal, UTC, whole
seconds) and is set on the last page only. A changed child (OrderItem, CaseComment) re-reads its
parent; deletions come from `/sobjects/<type>/deleted/?start=&end=` as tombstones, and a deleted
child re-reads its parent (found with queryAll, which still returns rows in the recycle bin).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from app.connectors.base import BadPayload, FeedPage, Rejection, SourceRefused
from app.connectors.salesforce.api import SalesforceApi
from app.connectors.salesforce.mapping import (
    FeedMap,
    Fields,
    Unmappable,
    epoch_ms,
    parse_time,
    select,
)
from app.domain import Tombstone

log = logging.getLogger(__name__)

IDS_PER_QUERY = 200  # keeps `Id IN (...)` well under SOQL's statement length limit
DELETED_WINDOW_MINUTES = 2  # /deleted needs start more than a minute before end


def soql_time(moment: datetime) -> str:
    """A SOQL dateTime literal, e.g. 2024-05-01T10:00:00Z (whole seconds, UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def api_time(moment: datetime) -> str:
    """A dateTime parameter of the REST API, e.g. 2024-05-01T10:00:00+00:00."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def parse_token(token: str) -> datetime:
    try:
        return parse_time(token)
    except Unmappable:
        raise SourceRefused(f"sync token {token!r} is not a Salesforce time; reading the feed "
                            "again", 400) from None


class FeedReader:
    def __init__(self, api: SalesforceApi, fmap: FeedMap, fields: Fields, source: str) -> None:
        self.api = api
        self.fmap = fmap
        self.fields = fields
        self.source = source
        self.select = select(fields)[fmap.feed]
        self.latest: datetime | None = None

    def _saw(self, value: Any) -> None:
        try:
            moment = parse_time(value)
        except Unmappable:
            return
        if self.latest is None or moment > self.latest:
            self.latest = moment

    def _soql(self, condition: str, ordered: bool = True) -> str:
        where = " AND ".join(c for c in (self.fmap.where, condition) if c)
        soql = f"SELECT {self.select} FROM {self.fmap.sobject}"
        if where:
            soql += f" WHERE {where}"
        return soql + (" ORDER BY SystemModstamp, Id" if ordered else "")

    async def _page(self, rows: list[dict[str, Any]], floors: dict[str, int] | None = None
                    ) -> FeedPage:
        page = FeedPage(feed=self.fmap.feed)
        what = f"{self.fmap.sobject} records"
        for row in rows:
            row_id = row.get("Id") if isinstance(row.get("Id"), str) else None
            try:
                children: dict[str, Any] = {
                    rel: await self.api.children(row, rel, what)
                    for rel in self.fmap.relationships}
                if floors and row_id in floors:
                    children["_floor"] = floors[row_id]
                record = self.fmap.to_record(row, self.fields, children)
            except (Unmappable, ArithmeticError, ValueError) as exc:
                page.rejected.append(Rejection(self.fmap.feed, row_id, str(exc)))
                continue
            self._saw(row.get("SystemModstamp"))
            for rel in self.fmap.relationships:
                for child in children.get(rel, []):
                    self._saw(child.get("SystemModstamp"))
            page.records.append(record)
        for rejection in page.rejected:
            log.warning("%s %s: rejected %s: %s", self.source, self.fmap.feed,
                        rejection.item_id, rejection.reason)
        return page

    async def read(self, token: str | None) -> AsyncIterator[FeedPage]:
        since = parse_token(token) if token else None
        condition = f"SystemModstamp > {soql_time(since)}" if since else ""
        seen: set[str] = set()
        what = f"the {self.fmap.sobject} query"
        async for rows in self.api.query_pages(self._soql(condition), what):
            seen.update(r["Id"] for r in rows if isinstance(r.get("Id"), str))
            page = await self._page(rows)
            if page.records or page.rejected:
                yield page
        if since is not None:
            async for page in self._changed_children(since, seen):
                yield page
            async for page in self._deletions(since, seen):
                yield page
        latest = self.latest if since is None or (self.latest and self.latest > since) else since
        yield FeedPage(feed=self.fmap.feed, sync_token=soql_time(latest) if latest else None)

    async def _reread(self, floors: dict[str, int], seen: set[str]) -> AsyncIterator[FeedPage]:
        """Parents whose children changed, read again whole."""
        wanted = sorted(set(floors) - seen)
        for start in range(0, len(wanted), IDS_PER_QUERY):
            chunk = wanted[start:start + IDS_PER_QUERY]
            ids = ", ".join(f"'{i}'" for i in chunk)
            rows = await self.api.query_all(self._soql(f"Id IN ({ids})"),
                                            f"the {self.fmap.sobject} query")
            seen.update(chunk)
            page = await self._page(rows, floors)
            if page.records or page.rejected:
                yield page

    async def _changed_children(self, since: datetime, seen: set[str]
                                ) -> AsyncIterator[FeedPage]:
        if self.fmap.child is None:
            return
        child, parent_field = self.fmap.child
        soql = (f"SELECT Id, {parent_field}, SystemModstamp FROM {child} "
                f"WHERE SystemModstamp > {soql_time(since)} ORDER BY SystemModstamp, Id")
        floors: dict[str, int] = {}
        for row in await self.api.query_all(soql, f"the {child} query"):
            parent = row.get(parent_field)
            if isinstance(parent, str):
                floors[parent] = 0
        async for page in self._reread(floors, seen):
            yield page

    async def _deleted(self, sobject: str, since: datetime) -> list[tuple[str, datetime]]:
        end = self.api.now()
        start = min(since, end - timedelta(minutes=DELETED_WINDOW_MINUTES))
        payload = await self.api.get_json(
            f"{self.api.data_path}/sobjects/{sobject}/deleted/",
            f"the deleted {sobject} records",
            {"start": api_time(start), "end": api_time(end)})
        rows = payload.get("deletedRecords") if isinstance(payload, dict) else None
        if not isinstance(rows, list):
            raise BadPayload(f"Salesforce answered the deleted {sobject} records without a "
                             "'deletedRecords' list")
        found = []
        for row in rows:
            try:
                found.append((str(row["id"]), parse_time(row.get("deletedDate"))))
            except (Unmappable, KeyError, TypeError):
                log.warning("%s: unreadable deleted %s record %r", self.source, sobject, row)
        return found

    async def _deletions(self, since: datetime, seen: set[str]) -> AsyncIterator[FeedPage]:
        gone = await self._deleted(self.fmap.sobject, since)
        if gone:
            yield FeedPage(feed=self.fmap.feed, deleted=[
                Tombstone(id=i, deleted_at=when) for i, when in gone])
        if self.fmap.child is None:
            return
        child, parent_field = self.fmap.child
        removed = await self._deleted(child, since)
        if not removed:
            return
        when_by_id = dict(removed)
        floors: dict[str, int] = {}
        gone_parents = {i for i, _ in gone}
        for start in range(0, len(removed), IDS_PER_QUERY):
            ids = ", ".join(f"'{i}'" for i, _ in removed[start:start + IDS_PER_QUERY])
            rows = await self.api.query_all(
                f"SELECT Id, {parent_field} FROM {child} WHERE Id IN ({ids})",
                f"the deleted {child} records", all_rows=True)
            for row in rows:
                parent = row.get(parent_field)
                if isinstance(parent, str) and parent not in gone_parents:
                    stamp = epoch_ms(when_by_id.get(row.get("Id"), since))
                    floors[parent] = max(floors.get(parent, 0), stamp)
        seen_now = seen - set(floors)  # a parent re-read above may still need its new version
        async for page in self._reread(floors, seen_now):
            yield page
