"""HTTP to Dataverse: OAuth 2.0 client credentials, the Web API's headers, failures in words.

One httpx.AsyncClient carries both the token requests (Microsoft Entra ID) and the Web API
requests. A token is reused until shortly before it expires; a 401 from the Web API gets one new
token and one retry. Links the server hands back (`@odata.nextLink`, `@odata.deltaLink`) are
followed only on the organisation's own host, so the bearer token never goes anywhere else.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx

from app.connectors.base import BadPayload, SourceError, SourceRefused, SourceUnavailable
from app.connectors.http_errors import not_that_kind, status_error, transport_error

WHAT = "Dynamics 365"
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=10.0, pool=5.0)
TOKEN_MARGIN_SECONDS = 120  # ask for a new token this long before the old one expires

# Microsoft Entra ID (AADSTS) codes an administrator setting up a source runs into.
_AADSTS_WORDS = {
    7000215: "the client secret is wrong (AADSTS7000215): enter the secret's Value, not its "
             "Secret ID, or create a new secret for the app registration",
    7000222: "the client secret has expired (AADSTS7000222): create a new one for the app "
             "registration",
    700016: "this application (client) id is not registered in the tenant (AADSTS700016): "
            "check the client id and the tenant id",
    90002: "the tenant was not found (AADSTS90002): check the tenant id",
    900023: "the tenant id is not valid (AADSTS900023): enter the directory (tenant) id",
    900021: "the tenant id is not valid (AADSTS900021): enter the directory (tenant) id",
    500011: "the tenant does not know this environment URL (AADSTS500011): check the "
            "organisation URL (https://<org>.crm.dynamics.com)",
    7000216: "the token request is missing the client secret (AADSTS7000216)",
}


def odata_error(response: httpx.Response) -> str:
    """The message of a Web API error body {"error": {"code": ..., "message": ...}}."""
    try:
        payload = response.json()
    except ValueError:
        return response.text[:200].strip() or response.reason_phrase
    error = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(error, dict):
        message = str(error.get("message") or "").strip()
        code = str(error.get("code") or "").strip()
        if message and code:
            return f"{message} (code {code})"
        return message or code or response.reason_phrase
    return response.reason_phrase


def retry_after_words(response: httpx.Response) -> str:
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        seconds = int(value)
        return f"try again in {seconds} second{'s' if seconds != 1 else ''}"
    if value:
        return f"try again after {value}"
    return "try again later"


def parse_json(response: httpx.Response, what: str) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadPayload(f"{what}: malformed JSON from {WHAT} ({type(exc).__name__} at byte "
                         f"{getattr(exc, 'pos', '?')} of {len(response.content)})") from exc


class DataverseClient:
    def __init__(
        self, org_url: str, tenant: str, client_id: str, client_secret: str | None,
        api_version: str = "v9.2", token_url: str = "",
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.org_url = org_url.rstrip("/")
        self.api_root = f"{self.org_url}/api/data/{api_version}/"
        self.tenant = tenant
        self.client_id = client_id
        self._secret = client_secret
        self.token_url = token_url or (
            f"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
        self._client = httpx.AsyncClient(
            base_url=self.api_root, timeout=timeout, verify=True, transport=transport,
            headers={"Accept": "application/json", "OData-Version": "4.0",
                     "OData-MaxVersion": "4.0"})
        self._token: str | None = None
        self._expires_at = 0.0

    # --- token -----------------------------------------------------------------------------

    async def _fetch_token(self) -> str:
        if not self.tenant:
            raise SourceRefused("the tenant (directory) id is missing from the source", 400)
        if not self.client_id:
            raise SourceRefused("the application (client) id is missing from the source", 400)
        if not self._secret:
            raise SourceRefused("no client secret is stored for this source: enter it in the "
                                "source settings", 400)
        form = {"grant_type": "client_credentials", "client_id": self.client_id,
                "client_secret": self._secret, "scope": f"{self.org_url}/.default"}
        try:
            response = await self._client.post(self.token_url, data=form)
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.token_url) from exc
        if response.status_code >= 500:
            raise SourceUnavailable(f"the Microsoft sign-in service had a server error "
                                    f"(HTTP {response.status_code})")
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            if response.status_code == 404:
                raise SourceRefused(f"the token address {self.token_url} does not exist "
                                    "(404): check the tenant id", 404)
            raise not_that_kind("the Microsoft sign-in service", self.token_url)
        if response.status_code >= 400 or "access_token" not in payload:
            raise SourceRefused(self._token_error_words(payload), response.status_code)
        token = payload["access_token"]
        if not isinstance(token, str) or not token:
            raise BadPayload("the Microsoft sign-in service answered without a token")
        try:
            lifetime = int(payload.get("expires_in", 3599))
        except (TypeError, ValueError):
            lifetime = 3599
        self._token = token
        self._expires_at = time.monotonic() + max(0, lifetime - TOKEN_MARGIN_SECONDS)
        return token

    def _token_error_words(self, payload: dict[str, Any]) -> str:
        codes = payload.get("error_codes")
        description = str(payload.get("error_description") or "")
        found = [c for c in codes if isinstance(c, int)] if isinstance(codes, list) else []
        found += [int(c) for c in re.findall(r"AADSTS(\d+)", description)]
        for code in found:
            if code in _AADSTS_WORDS:
                return f"sign-in to Microsoft Entra ID failed: {_AADSTS_WORDS[code]}"
        first = description.splitlines()[0] if description else ""
        error = payload.get("error") or "no token"
        return f"sign-in to Microsoft Entra ID failed ({error}){': ' + first if first else ''}"

    async def _bearer(self, renew: bool = False) -> str:
        if renew or self._token is None or time.monotonic() >= self._expires_at:
            return await self._fetch_token()
        return self._token

    # --- Web API ---------------------------------------------------------------------------

    def _own(self, url: str) -> str:
        """A link from the server, checked to stay on the organisation's host."""
        target = httpx.URL(url)
        if target.is_absolute_url and target.host != httpx.URL(self.org_url).host:
            raise BadPayload(f"{WHAT} sent a link to another host ({target.host}); not followed")
        return url

    async def send(
        self, method: str, url: str, *, params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One request with a bearer token; on 401 one new token and one retry. Any answer is
        returned as it is, except 429 (SourceUnavailable with the wait) and 5xx."""
        url = self._own(url)
        token = await self._bearer()
        for attempt in (1, 2):
            all_headers = {**(headers or {}), "Authorization": f"Bearer {token}"}
            try:
                response = await self._client.request(
                    method, url, params=params, json=json_body, headers=all_headers)
            except httpx.HTTPError as exc:
                raise transport_error(exc, str(self._client.base_url.join(url))) from exc
            if response.status_code == 401 and attempt == 1:
                token = await self._bearer(renew=True)
                continue
            break
        if response.status_code == 429:
            raise SourceUnavailable(
                f"{WHAT} asks us to slow down (429 service protection limit): "
                f"{retry_after_words(response)} ({odata_error(response)})")
        if response.status_code >= 500:
            raise status_error(response.status_code, WHAT, odata_error(response))
        return response

    async def get_json(
        self, url: str, *, params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[httpx.Response, dict[str, Any]]:
        response = await self.send("GET", url, params=params, headers=headers)
        what = url.split("?")[0].rsplit("/", 1)[-1] or url
        if response.status_code >= 400:
            raise refusal(response, what)
        payload = parse_json(response, what)
        if not isinstance(payload, dict):
            raise BadPayload(f"{what}: {WHAT} answered with something other than a JSON object")
        return response, payload

    async def aclose(self) -> None:
        await self._client.aclose()


def refusal(response: httpx.Response, what: str) -> SourceError:
    """A 4xx answer in words, with the hint an administrator needs."""
    detail = odata_error(response)
    status = response.status_code
    if status == 401:
        message = (f"{WHAT} refused the token (401): is the app registered as an application "
                   f"user in this environment? {detail}")
    elif status == 403:
        message = (f"{WHAT} accepted the application but it lacks a privilege (403): give its "
                   f"application user a security role that allows this ({what}): {detail}")
    elif status == 404:
        message = (f"{WHAT} does not know {what} (404: wrong organisation URL or API version, "
                   f"or the record is gone): {detail}")
    else:
        return status_error(status, WHAT, f"{what}: {detail}")
    error = SourceRefused(message, status)
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        error.body = body
    return error
