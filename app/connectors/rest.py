"""The generic REST connector for the reference contract (the demo plant speaks it too).

One long-lived httpx.AsyncClient per source with explicit timeouts and TLS verification on.
Items are validated one by one, so a bad item is rejected with its reason while the rest of the
page still lands.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import TypeAdapter, ValidationError

from app.connectors.base import (
    BadPayload,
    FeedPage,
    Rejection,
    SourceError,
    SourceRefused,
    SourceUnavailable,
    WriteResult,
)
from app.connectors.config import SecretReader, SourceConfig, SourceProfile
from app.connectors.http_errors import not_that_kind, status_error, transport_error
from app.connectors.page_stream import NotJSON, walk_page
from app.connectors.validation import naive_time_at
from app.contract import FEEDS, FEEDS_BY_NAME, MAX_PAGE_SIZE
from app.domain import Tombstone

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=10.0, pool=5.0)
# What "test connection" reads: one item of a feed every source of the role has.
PROBES = {"crm": ("/crm/v1/customers", "customers"), "mes": ("/mes/v1/sites", "sites")}
MAX_PROBE_BYTES = 2**20
MAX_PAGES_PER_READ = 10_000  # a source that pages forever is a bug, not data
MAX_PAGE_BYTES = 64 * 2**20  # one page; a bigger one would only be a broken or hostile server


async def _read_at_most(response: httpx.Response, limit: int) -> bytes | None:
    """The body, or None once it grows past `limit` (the rest is not read)."""
    parts: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


@dataclass(frozen=True, slots=True)
class Credentials:
    token: str | None = None  # bearer
    username: str | None = None  # basic
    password: str | None = None


def _describe_validation(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "item"
    return f"{where}: {first['msg']}"


class RestConnector:
    def __init__(
        self,
        source: SourceConfig,
        credentials: Credentials | None = None,
        # Small pages: decoding a page holds the GIL, and the UI thread waits for it meanwhile
        # (1,000 orders take about 17 ms to decode here; 250 about 4 ms).
        page_size: int = 250,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.source = source
        self.page_size = min(page_size, MAX_PAGE_SIZE)
        credentials = credentials or Credentials()
        headers = {"Accept": "application/json"}
        auth = None
        if credentials.token:
            headers["Authorization"] = f"Bearer {credentials.token}"
        elif credentials.username:
            auth = httpx.BasicAuth(credentials.username, credentials.password or "")
        self._client = httpx.AsyncClient(
            base_url=source.base_url, headers=headers, auth=auth, timeout=timeout,
            verify=True, transport=transport,
        )
        self._etags: dict[str, str] = {}
        # Where pages are decoded and validated (CPU work kept off the loop); the sync engine
        # points it at its cache thread, so one worker thread competes with the UI, not two.
        self.parse_executor: Executor | None = None
        self._adapters = {spec.name: TypeAdapter(spec.record) for spec in FEEDS}
        self._tombstone = TypeAdapter(Tombstone)

    def _unavailable(self, exc: httpx.HTTPError, what: str) -> SourceError:
        """A transport failure in words a person can act on."""
        if isinstance(exc, httpx.TimeoutException):
            return SourceUnavailable(f"{what}: no answer in time (timeout)")
        if isinstance(exc, httpx.ConnectError):
            # The cause, if there is one to name: TLS, the address, a refused connection.
            return transport_error(exc, self.source.base_url)
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
            return SourceUnavailable(f"{what}: connection dropped mid-answer")
        return SourceUnavailable(f"{what}: {type(exc).__name__}: {exc}")

    def feeds(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in FEEDS if spec.backend == self.source.kind)

    async def _get(
        self, path: str, params: dict[str, str], headers: dict[str, str]
    ) -> httpx.Response:
        request = self._client.build_request("GET", path, params=params, headers=headers)
        try:
            streamed = await self._client.send(request, stream=True)
            try:
                body = await _read_at_most(streamed, MAX_PAGE_BYTES)
            finally:
                await streamed.aclose()
        except httpx.HTTPError as exc:
            raise self._unavailable(exc, path) from exc
        if body is None:
            raise BadPayload(f"{path}: page larger than {MAX_PAGE_BYTES // 2**20} MiB; "
                             "not read (ask for smaller pages)")
        response = httpx.Response(streamed.status_code, headers=streamed.headers, content=body,
                                  request=request)
        if response.status_code >= 500:
            raise SourceUnavailable(f"{path}: server error HTTP {response.status_code}")
        if response.status_code >= 400 and response.status_code != 304:
            raise SourceRefused(f"{path}: refused with HTTP {response.status_code}: "
                                f"{_error_text(response)}", response.status_code)
        return response

    def _parse_page(
        self, feed: str, path: str, response: httpx.Response
    ) -> tuple[FeedPage, str | None]:
        page = FeedPage(feed=feed, sync_token=None)
        adapter = self._adapters[feed]

        def take(item: Any) -> None:
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str) or not item_id:
                page.rejected.append(Rejection(feed, None, "item has no id"))
                return
            try:
                if item.get("deleted") is True:
                    page.deleted.append(self._tombstone.validate_python(item))
                else:
                    record = adapter.validate_python(item)
                    naive = naive_time_at(record)
                    if naive:
                        page.rejected.append(Rejection(
                            feed, item_id, f"{naive}: time without a time zone (RFC 3339 needs "
                                           "Z or an offset)"))
                        return
                    page.records.append(record)
            except ValidationError as exc:
                page.rejected.append(Rejection(feed, item_id, _describe_validation(exc)))

        # Item by item (page_stream): a page near the size limit neither stalls the window
        # nor holds every item's dict at once.
        try:
            top = walk_page(response.content, take)
        except NotJSON as exc:
            raise BadPayload(f"{path}: malformed JSON ({exc} of {len(response.content)} "
                             "bytes)") from exc
        if top.get("items") is not True:
            raise BadPayload(f"{path}: answer is not a page (no 'items' list)")
        next_cursor = top.get("next_cursor")
        token = top.get("sync_token")
        if next_cursor is not None and not isinstance(next_cursor, str):
            raise BadPayload(f"{path}: 'next_cursor' is not a string")
        if next_cursor is None and not isinstance(token, str):
            raise BadPayload(f"{path}: last page carries no 'sync_token'")
        page.sync_token = None if next_cursor else token
        page.next_cursor = next_cursor or None
        for rejection in page.rejected:
            log.warning("%s %s: rejected item %s: %s", self.source.name, feed,
                        rejection.item_id, rejection.reason)
        return page, next_cursor

    async def read_changes(self, feed: str, sync_token: str | None, *,
                           cursor: str | None = None) -> AsyncIterator[FeedPage]:
        spec = FEEDS_BY_NAME[feed]
        params: dict[str, str] = {"limit": str(self.page_size)}
        headers: dict[str, str] = {}
        if cursor:  # it carries where the listing started: the contract takes it alone
            params["cursor"] = cursor
        elif sync_token:
            params["sync_token"] = sync_token
            if spec.etag and feed in self._etags:
                headers["If-None-Match"] = self._etags[feed]
        for _ in range(MAX_PAGES_PER_READ):
            response = await self._get(spec.path, params, headers)
            if response.status_code == 304:
                yield FeedPage(feed=feed, sync_token=sync_token, not_modified=True)
                return
            # JSON decoding and validation of a big page are CPU work: keep them off the loop.
            page, next_cursor = await asyncio.get_running_loop().run_in_executor(
                self.parse_executor, self._parse_page, feed, spec.path, response)
            if spec.etag and "etag" in response.headers and next_cursor is None:
                self._etags[feed] = response.headers["etag"]
            yield page
            if next_cursor is None:
                return
            params = {"limit": str(self.page_size), "cursor": next_cursor}
            headers = {}
        raise BadPayload(f"{spec.path}: more than {MAX_PAGES_PER_READ} pages; stopped")

    async def write(
        self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
        version: int | None,
    ) -> WriteResult:
        headers = {"Idempotency-Key": idempotency_key}
        if version is not None:
            headers["If-Match"] = str(version)
        try:
            response = await self._client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise self._unavailable(exc, f"{method} {path}") from exc
        if response.status_code >= 500:
            raise SourceUnavailable(f"{method} {path}: server error HTTP {response.status_code}")
        try:
            payload = response.json()
        except ValueError as exc:
            raise BadPayload(f"{method} {path}: answer is not JSON") from exc
        if response.status_code >= 400:
            raise SourceRefused(_error_text(response), response.status_code,
                                payload if isinstance(payload, dict) else None)
        return WriteResult(response.status_code, payload,
                           replayed=response.headers.get("idempotent-replayed") == "true")

    async def check(self) -> str:
        """Read one item of the role's probe feed and say what was found; a SourceError whose
        message says what is wrong in words (cannot resolve, TLS, 401, 403, 404, not a
        reference-contract server) otherwise."""
        path, things = PROBES.get(self.source.kind, PROBES["mes"])
        url = str(self._client.base_url.join(path))
        what = "the reference-contract server"
        request = self._client.build_request("GET", path, params={"limit": "1"})
        try:
            streamed = await self._client.send(request, stream=True)
            try:
                body = await _read_at_most(streamed, MAX_PROBE_BYTES)
            finally:
                await streamed.aclose()
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.source.base_url) from exc
        response = httpx.Response(streamed.status_code, headers=streamed.headers,
                                  content=body or b"", request=request)
        if response.status_code >= 400:
            raise status_error(response.status_code, what, _json_error(response))
        if 300 <= response.status_code < 400 and "location" in response.headers:
            raise BadPayload(f"{url} redirects to {response.headers['location']}; use that "
                             "address as the source's URL")
        if body is None or response.status_code != 200:
            raise not_that_kind("a Gemba reference-contract server", url)
        try:
            payload = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise not_that_kind("a Gemba reference-contract server", url) from None
        if not isinstance(payload, dict) or not isinstance(payload.get("items"), list) \
                or not isinstance(payload.get("next_cursor") or payload.get("sync_token"), str):
            raise not_that_kind("a Gemba reference-contract server", url)
        role = "CRM" if self.source.kind == "crm" else "MES"
        if not payload["items"]:
            return f"reference-contract {role} answers ({things} readable, none yet)"
        return f"reference-contract {role} answers ({things} readable)"

    async def aclose(self) -> None:
        await self._client.aclose()


def from_profile(profile: SourceProfile, secrets: SecretReader) -> RestConnector:
    """The connector of a reference-contract profile: a token from the keyring as bearer,
    otherwise the profile's user with the keyring's password as basic auth."""
    token = secrets.get(profile.name, "token")
    if token:
        credentials = Credentials(token=token)
    elif profile.username:
        credentials = Credentials(username=profile.username,
                                  password=secrets.get(profile.name, "password") or "")
    else:
        credentials = Credentials()
    page_size = profile.options.get("page_size", "")
    return RestConnector(profile.config(), credentials,
                         **({"page_size": int(page_size)} if page_size.isdigit()
                            and int(page_size) > 0 else {}))


def _error_text(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(payload, dict) and isinstance(payload.get("error"), str):
        return payload["error"]
    return response.reason_phrase


def _json_error(response: httpx.Response) -> str:
    """The server's own words for an error, when it gave them as contract JSON."""
    try:
        payload = response.json()
    except ValueError:
        return ""
    if isinstance(payload, dict) and isinstance(payload.get("error"), str):
        return payload["error"][:200]
    return ""


__all__ = ["Credentials", "RestConnector", "SourceError", "from_profile"]
