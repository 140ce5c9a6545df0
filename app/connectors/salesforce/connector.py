"""The Salesforce connector: reads the CRM feeds over REST + SOQL and writes the contract's
actions as Salesforce records (see docs/backends/salesforce.md)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx

from app.connectors.base import BadPayload, FeedPage, SourceRefused, WriteResult
from app.connectors.config import SourceConfig
from app.connectors.salesforce.api import SalesforceApi
from app.connectors.salesforce.auth import SignIn
from app.connectors.salesforce.mapping import FEED_MAPS, Fields, Unmappable
from app.connectors.salesforce.reads import FeedReader
from app.connectors.salesforce.writes import Writer

DEFAULT_API_VERSION = "v62.0"
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=20.0, pool=10.0)


class SalesforceConnector:
    def __init__(
        self,
        source: SourceConfig,
        sign_in: SignIn,
        api_version: str = DEFAULT_API_VERSION,
        fields: Fields | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.source = source
        self.fields = fields or Fields()
        self._client = httpx.AsyncClient(timeout=timeout, verify=True, transport=transport)
        self.api = SalesforceApi(self._client, sign_in, api_version)
        self._writer = Writer(self.api, self.fields, self.fetch)

    @property
    def api_calls_left(self) -> tuple[int, int] | None:
        """(calls left today, daily maximum) from the latest Sforce-Limit-Info header."""
        return self.api.api_calls_left

    def feeds(self) -> tuple[str, ...]:
        return tuple(FEED_MAPS)

    def _reader(self, feed: str) -> FeedReader:
        try:
            fmap = FEED_MAPS[feed]
        except KeyError:
            raise SourceRefused(f"a Salesforce source has no feed {feed!r}", 404) from None
        return FeedReader(self.api, fmap, self.fields, self.source.name)

    async def read_changes(self, feed: str, sync_token: str | None) -> AsyncIterator[FeedPage]:
        async for page in self._reader(feed).read(sync_token):
            yield page

    async def fetch(self, feed: str, record_id: str) -> tuple[Any, dict[str, list]] | None:
        """One record as it is now, with its subquery rows; None when it is not there."""
        reader = self._reader(feed)
        what = f"{reader.fmap.sobject} {record_id}"
        rows = await self.api.query_all(reader._soql(f"Id = '{record_id}'", ordered=False),
                                        what)
        if not rows:
            return None
        children = {rel: await self.api.children(rows[0], rel, what)
                    for rel in reader.fmap.relationships}
        try:
            return reader.fmap.to_record(rows[0], self.fields, children), children
        except (Unmappable, ArithmeticError, ValueError) as exc:
            raise BadPayload(f"Salesforce {what} cannot be read: {exc}") from exc

    async def write(
        self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
        version: int | None,
    ) -> WriteResult:
        return await self._writer.write(method, path, body, idempotency_key, version)

    async def check(self) -> str:
        """Sign in, read the org's API limits, and say what was found."""
        limits: Any = None
        try:
            limits = await self.api.get_json(f"{self.api.data_path}/limits", "the org's limits")
        except SourceRefused as exc:
            if exc.status not in (401, 403):  # no View Setup: the header below still tells
                raise
            await self.api.query_all("SELECT Id FROM Organization LIMIT 1", "the org")
        daily = limits.get("DailyApiRequests") if isinstance(limits, dict) else None
        if isinstance(daily, dict) and isinstance(daily.get("Max"), int) \
                and isinstance(daily.get("Remaining"), int):
            self.api.api_calls_left = (daily["Remaining"], daily["Max"])
        elif limits is not None:
            raise BadPayload(f"{self.api.session.instance_url if self.api.session else ''} "
                             "answers, but its /limits has no DailyApiRequests (is this a "
                             "Salesforce org?)")
        session = self.api.session
        org = session.org_id if session and session.org_id else (
            session.instance_url if session else self.source.base_url)
        text = f"Salesforce org {org}"
        if session and session.org_id:
            text += f" at {session.instance_url}"
        if self.api_calls_left:
            left, most = self.api_calls_left
            text += f": API calls left {left:,} of {most:,}"
        if limits is None:
            text += " (the limits are not readable: the user lacks View Setup)"
        return text

    async def aclose(self) -> None:
        await self._client.aclose()
