"""The Frappe REST API as ERPNext serves it: token auth, list/get/insert/update, methods, and
Frappe's error answers in words.

Frappe answers lists as {"data": [...]}, one document as {"data": {...}} and a method as
{"message": ...}. An error carries the HTTP status of its exception class (401
AuthenticationError / SessionExpired, 403 PermissionError, 404 DoesNotExistError, 409
DuplicateEntryError, 417 ValidationError and its kin such as TimestampMismatchError) and a body
{"exc_type", "exception", "_server_messages": "[\"{\\\"message\\\": ...}\"]"}.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
from typing import Any
from urllib.parse import quote

import httpx

from app.connectors.base import BadPayload, SourceError, SourceRefused, SourceUnavailable
from app.connectors.http_errors import not_that_kind, status_error, transport_error

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=10.0, pool=5.0)
WHAT = "the ERPNext site"
KIND = "a Frappe / ERPNext site"
_TAGS = re.compile(r"<[^>]+>")


def resource_path(doctype: str, name: str | None = None) -> str:
    path = "/api/resource/" + quote(doctype, safe="")
    return path if name is None else f"{path}/{quote(name, safe='')}"


def server_message(body: Any) -> str:
    """The first human message of a Frappe error body, without HTML."""
    if not isinstance(body, dict):
        return ""
    texts: list[str] = []
    raw = body.get("_server_messages")
    if isinstance(raw, str):
        try:
            for item in json.loads(raw):
                try:
                    message = json.loads(item).get("message", "") if isinstance(item, str) \
                        else (item or {}).get("message", "")
                except (ValueError, AttributeError):
                    message = str(item)
                if message:
                    texts.append(str(message))
        except ValueError:
            texts.append(raw)
    if not texts and isinstance(body.get("exception"), str):
        exception = body["exception"].strip().splitlines()[-1] if body["exception"].strip() \
            else ""
        texts.append(exception.split(": ", 1)[1] if ": " in exception else exception)
    if not texts and isinstance(body.get("message"), str):
        texts.append(body["message"])
    text = " ".join(html.unescape(_TAGS.sub("", t)).strip() for t in texts if t)
    return " ".join(text.split())[:400]


class FrappeClient:
    """Token-authenticated calls to one Frappe site; errors as SourceErrors in words."""

    def __init__(self, url: str, api_key: str, api_secret: str, *,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 transport: httpx.AsyncBaseTransport | None = None,
                 concurrency: int = 4) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.user = ""  # the user behind the key, once known
        self._client = httpx.AsyncClient(
            base_url=self.url, timeout=timeout, transport=transport, verify=True,
            headers={"Authorization": f"token {api_key}:{api_secret}",
                     "Accept": "application/json"})
        self._accepted = False  # the key worked once: a later 401 means it stopped working
        self.gate = asyncio.Semaphore(concurrency)

    async def aclose(self) -> None:
        await self._client.aclose()

    # -- one request --------------------------------------------------------------------------

    async def request(self, method: str, path: str, *, doctype: str = "",
                      params: dict[str, Any] | None = None,
                      json_body: Any = None, form: dict[str, Any] | None = None) -> Any:
        async with self.gate:
            try:
                response = await self._client.request(method, path, params=params,
                                                      json=json_body, data=form)
            except httpx.HTTPError as exc:
                raise transport_error(exc, self.url) from exc
        try:
            body = response.json()
        except (ValueError, UnicodeDecodeError):
            body = None
        if response.status_code >= 400:
            raise self._error(response.status_code, body, method, path, doctype)
        if not isinstance(body, dict):
            raise not_that_kind(KIND, self.url)
        self._accepted = True
        return body

    def _error(self, status: int, body: Any, method: str, path: str,
               doctype: str) -> SourceError:
        exc_type = body.get("exc_type", "") if isinstance(body, dict) else ""
        detail = server_message(body)
        tail = f" ({detail})" if detail else ""
        what = f"DocType {doctype!r}" if doctype else path
        if status == 401 or exc_type in ("AuthenticationError", "SessionExpired"):
            if self._accepted:
                return SourceRefused(
                    f"{WHAT} stopped accepting the API key {self.api_key!r} after it had "
                    "worked (401: session expired, the key's secret was regenerated or the "
                    f"user disabled); generate the keys again and store the new secret{tail}",
                    401, body if isinstance(body, dict) else None)
            return SourceRefused(
                f"{WHAT} refused the API key {self.api_key!r} (401: wrong API key or "
                f"secret, or the user is disabled){tail}", 401,
                body if isinstance(body, dict) else None)
        if status == 403 or exc_type == "PermissionError":
            verb = "read" if method == "GET" else "change"
            who = self.user or f"of API key {self.api_key!r}"
            return SourceRefused(
                f"the ERPNext user {who} lacks the permission to {verb} {what} (403: give "
                f"the user a role that may {verb} it){tail}", 403,
                body if isinstance(body, dict) else None)
        if status == 404 and body is None:
            return status_error(404, WHAT, f"{path} is not there: wrong site address?")
        if status == 404 or exc_type == "DoesNotExistError":
            return SourceRefused(f"{what} has no such record in ERPNext (404){tail}", 404,
                                 body if isinstance(body, dict) else None)
        if exc_type == "TimestampMismatchError":
            return SourceRefused(
                f"the record changed in ERPNext since it was read (TimestampMismatchError)"
                f"{tail}; look at it again", 412, body)
        if status == 417 or exc_type.endswith("Error") and status < 500:
            return SourceRefused(f"ERPNext refused {method} on {what}: "
                                 f"{detail or exc_type or 'validation error'}", 422,
                                 body if isinstance(body, dict) else None)
        if status >= 500 and not isinstance(body, dict):
            return SourceUnavailable(f"{WHAT} had a server error (HTTP {status})")
        return status_error(status, WHAT, detail)

    # -- the REST verbs -----------------------------------------------------------------------

    async def get_list(self, doctype: str, *, fields: list[str], filters: list | None = None,
                       or_filters: list | None = None, order_by: str = "modified asc",
                       start: int = 0, page_length: int = 200,
                       parent: str = "") -> list[dict[str, Any]]:
        """One page of a list; `parent` names the parent DocType when listing a child table
        (Frappe refuses a child DocType's list without it)."""
        params: dict[str, Any] = {"fields": json.dumps(fields),
                                  "filters": json.dumps(filters or []),
                                  "order_by": order_by, "limit_start": start,
                                  "limit_page_length": page_length}
        if parent:
            params["parent"] = parent
        if or_filters:
            params["or_filters"] = json.dumps(or_filters)
        body = await self.request("GET", resource_path(doctype), doctype=doctype, params=params)
        rows = body.get("data")
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise BadPayload(f"{WHAT} answered the list of {doctype} without a list of "
                             "records under \"data\"")
        return rows

    async def get_doc(self, doctype: str, name: str) -> dict[str, Any]:
        body = await self.request("GET", resource_path(doctype, name), doctype=doctype)
        doc = body.get("data")
        if not isinstance(doc, dict) or "name" not in doc:
            raise BadPayload(f"{WHAT} answered {doctype} {name!r} without a document")
        return doc

    async def insert(self, doctype: str, doc: dict[str, Any]) -> dict[str, Any]:
        body = await self.request("POST", resource_path(doctype), doctype=doctype,
                                  json_body=doc)
        return body.get("data") if isinstance(body.get("data"), dict) else {}

    async def update(self, doctype: str, name: str, doc: dict[str, Any]) -> dict[str, Any]:
        body = await self.request("PUT", resource_path(doctype, name), doctype=doctype,
                                  json_body=doc)
        return body.get("data") if isinstance(body.get("data"), dict) else {}

    async def call(self, method: str, *, post: bool = False, doctype: str = "",
                   **args: Any) -> Any:
        path = f"/api/method/{method}"
        if post:
            body = await self.request("POST", path, doctype=doctype, form=args or None)
        else:
            body = await self.request("GET", path, doctype=doctype, params=args or None)
        return body.get("message")


__all__ = ["FrappeClient", "WHAT", "resource_path", "server_message"]
