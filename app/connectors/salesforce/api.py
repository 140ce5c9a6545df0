"""Salesforce REST calls: one session, one token refresh on INVALID_SESSION_ID, SOQL paging.

Error answers are a JSON list of `{"message", "errorCode"}`; every call notes the
`Sforce-Limit-Info: api-usage=<used>/<max>` header so the console can say how many API calls
the org has left today.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from app.connectors.base import BadPayload, SourceRefused, SourceUnavailable
from app.connectors.http_errors import status_error, transport_error
from app.connectors.salesforce.auth import Session, SignIn, sign_in

WHAT = "Salesforce"
MAX_PAGES = 10_000  # a query that pages forever is a bug, not data
_USAGE = re.compile(r"api-usage=(\d+)/(\d+)")


def error_items(response: httpx.Response) -> list[dict[str, str]]:
    """The `[{"message", "errorCode"}]` list of an error answer (empty when not that shape)."""
    try:
        payload = response.json()
    except ValueError:
        return []
    if isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list):
        return []
    return [{"message": str(i.get("message", "")), "errorCode": str(i.get("errorCode", ""))}
            for i in payload if isinstance(i, dict)]


class SalesforceApi:
    def __init__(self, client: httpx.AsyncClient, how: SignIn, api_version: str) -> None:
        self.client = client
        self.how = how
        self.api_version = api_version if api_version.startswith("v") else f"v{api_version}"
        self.session: Session | None = None
        self.api_calls_left: tuple[int, int] | None = None  # (left, daily maximum)
        self.server_time: datetime | None = None  # Date header of the latest answer

    @property
    def data_path(self) -> str:
        return f"/services/data/{self.api_version}"

    async def _session(self, renew: bool = False) -> Session:
        if self.session is None or renew:
            self.session = None
            self.session = await sign_in(self.client, self.how)
        return self.session

    def _note(self, response: httpx.Response) -> None:
        usage = _USAGE.search(response.headers.get("sforce-limit-info", ""))
        if usage:
            used, most = int(usage.group(1)), int(usage.group(2))
            self.api_calls_left = (max(most - used, 0), most)
        with_date = response.headers.get("date")
        if with_date:
            with contextlib.suppress(TypeError, ValueError):
                self.server_time = parsedate_to_datetime(with_date).astimezone(UTC)

    async def call(self, method: str, path: str, what: str, *, params: dict | None = None,
                   body: dict | None = None) -> httpx.Response:
        """One REST call (path relative to the instance); refreshes an expired token once."""
        session = await self._session()
        for attempt in range(2):
            url = session.instance_url + path
            headers = {"Authorization": f"Bearer {session.access_token}",
                       "Accept": "application/json"}
            try:
                response = await self.client.request(method, url, params=params, json=body,
                                                     headers=headers)
            except httpx.HTTPError as exc:
                raise transport_error(exc, url) from exc
            self._note(response)
            codes = {item["errorCode"] for item in error_items(response)}
            if response.status_code == 401 and attempt == 0 and (
                    not codes or "INVALID_SESSION_ID" in codes):
                session = await self._session(renew=True)  # the token expired: sign in again
                continue
            break
        if response.status_code >= 400 or response.status_code == 300:
            raise self.error(response, what)
        return response

    def error(self, response: httpx.Response, what: str) -> Exception:
        status = response.status_code
        items = error_items(response)
        codes = {i["errorCode"] for i in items}
        said = "; ".join(f"{i['message']} ({i['errorCode']})" for i in items if i["message"])
        if not items and response.text and status < 500:
            said = response.text[:200]
        if "REQUEST_LIMIT_EXCEEDED" in codes:
            left = ""
            if self.api_calls_left:
                left = f" ({self.api_calls_left[0]:,} of {self.api_calls_left[1]:,} calls left)"
            return SourceUnavailable(f"Salesforce API limit reached: {said}{left}; waiting "
                                     "before the next try")
        if "INVALID_FIELD" in codes or "INVALID_TYPE" in codes:
            return SourceRefused(f"{what}: Salesforce does not know a field or object: {said} "
                                 "(create the custom field, give the integration user access "
                                 "to it, or change the field option of the source)", status,
                                 {"errors": items})
        if "NOT_FOUND" in codes or "ENTITY_IS_DELETED" in codes:
            return SourceRefused(f"{what}: not found in Salesforce: {said}", 404,
                                 {"errors": items})
        if status == 300:
            return SourceRefused(f"{what}: more than one Salesforce record has this external id",
                                 409, {"errors": items})
        error = status_error(status, WHAT, f"{what}: {said}" if said else what)
        if isinstance(error, SourceRefused):
            error.body = {"errors": items}
        return error

    @staticmethod
    def decode(response: httpx.Response, what: str) -> Any:
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadPayload(f"Salesforce answered {what} with malformed JSON "
                             f"({type(exc).__name__} at byte {getattr(exc, 'pos', '?')} of "
                             f"{len(response.content)})") from exc

    async def get_json(self, path: str, what: str, params: dict | None = None) -> Any:
        return self.decode(await self.call("GET", path, what, params=params), what)

    async def query_pages(self, soql: str, what: str, all_rows: bool = False
                          ) -> AsyncIterator[list[dict[str, Any]]]:
        """Records of a SOQL query, a page at a time, following `nextRecordsUrl`."""
        path = f"{self.data_path}/{'queryAll' if all_rows else 'query'}"
        params: dict | None = {"q": soql}
        for _ in range(MAX_PAGES):
            page = await self.get_json(path, what, params)
            records = page.get("records") if isinstance(page, dict) else None
            if not isinstance(records, list) or not isinstance(page.get("done"), bool):
                raise BadPayload(f"Salesforce answered {what} with something that is not a "
                                 "query result (no 'records' list or 'done' flag)")
            yield [r for r in records if isinstance(r, dict)]
            following = page.get("nextRecordsUrl")
            if page["done"] or not following:
                return
            if not isinstance(following, str) or not following.startswith("/services/data/"):
                raise BadPayload(f"Salesforce answered {what} with a bad 'nextRecordsUrl'")
            path, params = following, None
        raise BadPayload(f"{what}: more than {MAX_PAGES} pages; stopped")

    async def query_all(self, soql: str, what: str, all_rows: bool = False
                        ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        async for page in self.query_pages(soql, what, all_rows):
            found.extend(page)
        return found

    async def children(self, parent: dict[str, Any], relationship: str, what: str
                       ) -> list[dict[str, Any]]:
        """A subquery's records, following its own `nextRecordsUrl` when it has more."""
        block = parent.get(relationship)
        if block is None:
            return []
        if not isinstance(block, dict) or not isinstance(block.get("records"), list):
            raise BadPayload(f"Salesforce answered {what} with a bad {relationship} list")
        found = [r for r in block["records"] if isinstance(r, dict)]
        following = block.get("nextRecordsUrl")
        for _ in range(MAX_PAGES):
            if block.get("done", True) or not isinstance(following, str):
                break
            block = await self.get_json(following, what)
            if not isinstance(block, dict) or not isinstance(block.get("records"), list):
                raise BadPayload(f"Salesforce answered {what} with a bad {relationship} page")
            found.extend(r for r in block["records"] if isinstance(r, dict))
            following = block.get("nextRecordsUrl")
        return found

    def now(self) -> datetime:
        """The org's clock as the latest answer told it (ours when none came yet)."""
        return self.server_time or datetime.now(UTC)
