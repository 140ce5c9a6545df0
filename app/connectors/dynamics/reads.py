"""Reading a Dataverse table incrementally: change tracking where the table has it, else
`modifiedon`.

A table's token is either a delta link (`@odata.deltaLink`, from a read with
`Prefer: odata.track-changes`) or the latest `modifiedon` read so far. With change tracking,
deleted rows come as `$deletedEntity` entries; without it, the poller notices deletions on a full
re-read (it deletes what a full read no longer lists).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from app.connectors.base import BadPayload, SourceRefused
from app.connectors.dynamics.client import DataverseClient

log = logging.getLogger(__name__)

MAX_PAGES = 10_000
EPOCH = "1970-01-01T00:00:00Z"
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


@dataclass(frozen=True, slots=True)
class Table:
    entity_set: str  # "accounts"
    logical_name: str  # "account"
    key: str  # "accountid"
    columns: tuple[str, ...]
    expand: str = ""  # single-valued navigation properties only (not with change tracking)


@dataclass(slots=True)
class TablePage:
    rows: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # ids of $deletedEntity entries
    token: str | None = None  # set on the last page


def is_delta_link(token: str) -> bool:
    return token.startswith(("https://", "http://"))


def odata_literal(value: str) -> str:
    """A string literal for $filter and alternate keys: quotes doubled."""
    return "'" + value.replace("'", "''") + "'"


class TableReader:
    def __init__(self, client: DataverseClient, page_size: int, change_tracking: str = "auto"):
        self.client = client
        self.page_size = page_size
        self.change_tracking = change_tracking  # "auto" (ask the table's definition) or "off"
        self._tracked: dict[str, bool] = {}

    async def tracked(self, table: Table) -> bool:
        """Whether the table has change tracking enabled (its definition says so)."""
        if self.change_tracking == "off":
            return False
        if table.logical_name not in self._tracked:
            path = (f"EntityDefinitions(LogicalName={odata_literal(table.logical_name)})"
                    "?$select=ChangeTrackingEnabled")
            try:
                _, payload = await self.client.get_json(path)
                self._tracked[table.logical_name] = payload.get("ChangeTrackingEnabled") is True
            except SourceRefused as exc:
                log.info("%s: change tracking not known (%s); reading by modifiedon",
                         table.entity_set, exc)
                self._tracked[table.logical_name] = False
        return self._tracked[table.logical_name]

    def _prefer(self, track: bool) -> dict[str, str]:
        prefs = [f"odata.maxpagesize={self.page_size}"]
        if track:
            prefs.insert(0, "odata.track-changes")
        return {"Prefer": ",".join(prefs)}

    async def changes(self, table: Table, token: str | None) -> AsyncIterator[TablePage]:
        """Pages of rows changed after `token` (all rows when None); the last carries the
        table's next token."""
        if token and is_delta_link(token):
            try:
                async for page in self._pages(table, token, None, track=True, since=None,
                                              delta_link=token):
                    yield page
                return
            except SourceRefused as exc:
                if exc.status in (401, 403, 404):
                    raise
                # An expired delta token (kept 7 days by default) or a changed query: read all.
                log.warning("%s: delta link refused (%s); reading everything again",
                            table.entity_set, exc)
            token = None
        if token and not _TIMESTAMP.match(token):
            raise BadPayload(f"{table.entity_set}: stored sync token {token[:40]!r} is neither a "
                             "delta link nor a time; clear the source's sync state")
        select = ",".join(table.columns)
        if token is None and await self.tracked(table):
            params = {"$select": select}
            async for page in self._pages(table, table.entity_set, params, track=True,
                                          since=None):
                yield page
            return
        params = {"$select": select, "$orderby": "modifiedon asc"}
        if table.expand:
            params["$expand"] = table.expand
        if token:
            # ge, not gt: modifiedon has whole seconds, and a row changed later in the same
            # second as the last one read would be missed. Reading a row twice is harmless.
            params["$filter"] = f"modifiedon ge {token}"
        async for page in self._pages(table, table.entity_set, params, track=False,
                                      since=token or EPOCH):
            yield page

    async def _pages(self, table: Table, url: str, params: dict[str, str] | None, *,
                     track: bool, since: str | None, delta_link: str = ""
                     ) -> AsyncIterator[TablePage]:
        latest = since
        for _ in range(MAX_PAGES):
            _, payload = await self.client.get_json(
                url, params=params, headers=self._prefer(track))
            rows = payload.get("value", [] if "@odata.deltaLink" in payload else None)
            if not isinstance(rows, list):
                raise BadPayload(f"{table.entity_set}: answer has no 'value' list")
            page = TablePage()
            for row in rows:
                if not isinstance(row, dict):
                    raise BadPayload(f"{table.entity_set}: a row is not a JSON object")
                context = row.get("@odata.context")
                if isinstance(context, str) and context.endswith("$deletedEntity"):
                    if isinstance(row.get("id"), str):
                        page.deleted.append(row["id"])
                    continue
                page.rows.append(row)
                modified = row.get("modifiedon")
                if isinstance(modified, str) and _TIMESTAMP.match(modified) and (
                        latest is None or modified > latest):
                    latest = modified
            next_link = payload.get("@odata.nextLink")
            if next_link is not None and not isinstance(next_link, str):
                raise BadPayload(f"{table.entity_set}: @odata.nextLink is not a link")
            if next_link:
                yield page
                url, params = next_link, None
                continue
            delta = payload.get("@odata.deltaLink")
            if track and isinstance(delta, str) and delta:
                page.token = delta
            elif delta_link:
                page.token = delta_link  # nothing changed, and no new link: keep the old one
            elif track:
                # The server did not apply odata.track-changes: go on by modifiedon.
                self._tracked[table.logical_name] = False
                page.token = latest or EPOCH
            else:
                page.token = latest or EPOCH
            yield page
            return
        raise BadPayload(f"{table.entity_set}: more than {MAX_PAGES} pages; stopped")

    async def rows_where(self, table: Table, column: str, values: list[str],
                         extra_filter: str = "") -> list[dict[str, Any]]:
        """All rows whose `column` (a GUID column) is one of `values`, in URL-sized batches."""
        found: list[dict[str, Any]] = []
        for start in range(0, len(values), 50):
            batch = values[start:start + 50]
            condition = " or ".join(f"{column} eq {guid(v)}" for v in batch)
            if extra_filter:
                condition = f"({condition}) and {extra_filter}"
            params = {"$select": ",".join(table.columns), "$filter": condition}
            if table.expand:
                params["$expand"] = table.expand
            async for page in self._pages(table, table.entity_set, params, track=False,
                                          since=None):
                found.extend(page.rows)
        return found


_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}$")


def guid(value: str) -> str:
    """A Dataverse id checked before it goes into a URL."""
    if not _GUID.match(value):
        raise BadPayload(f"{value[:40]!r} is not a Dataverse id (GUID)")
    return value
