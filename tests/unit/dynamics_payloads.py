"""Dataverse Web API answers shaped as Microsoft documents them, and a small fake server."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qs

import httpx

ORG = "https://contoso.crm.dynamics.com"
API = f"{ORG}/api/data/v9.2"
TENANT = "11111111-2222-3333-4444-555555555555"
CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
TOKEN_URL = f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token"
SECRET = "s3cret-value"

ACCOUNT_1 = "60c4e274-0d87-e711-80e5-00155db19e6d"
ACCOUNT_2 = "70c4e274-0d87-e711-80e5-00155db19e6d"
DELETED_ACCOUNT = "2e451703-c686-e711-80e5-00155db19e6d"
ORDER_1 = "a1b2c3d4-0000-4000-8000-000000000001"
LINE_1 = "b1b2c3d4-0000-4000-8000-000000000001"
LINE_2 = "b1b2c3d4-0000-4000-8000-000000000002"
CASE_1 = "c1b2c3d4-0000-4000-8000-000000000001"
WHOAMI_USER = "d1b2c3d4-0000-4000-8000-000000000001"


def account(account_id: str, name: str, version: int, modified: str) -> dict:
    return {"@odata.etag": f'W/"{version}"', "accountid": account_id, "name": name,
            "accountnumber": f"C-{version}", "address1_country": "Taiwan",
            "modifiedon": modified, "versionnumber": version}


def collection(entity_set: str, rows: list[dict], *, next_link: str | None = None,
               delta_link: str | None = None) -> dict:
    body: dict = {"@odata.context": f"{API}/$metadata#{entity_set}", "value": rows}
    if next_link:
        body["@odata.nextLink"] = next_link
    if delta_link:
        body["@odata.deltaLink"] = delta_link
    return body


def deleted_entity(entity_set: str, row_id: str) -> dict:
    return {"@odata.context": f"{API}/$metadata#{entity_set}/$deletedEntity", "id": row_id,
            "reason": "deleted"}


def odata_error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


TOKEN_OK = {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
            "access_token": "eyJ0eXAiOiJKV1Qi.token-1"}
BAD_SECRET = {
    "error": "invalid_client",
    "error_description": ("AADSTS7000215: Invalid client secret provided. Ensure the secret "
                          "being sent in the request is the client secret value, not the "
                          "client secret ID, for a secret added to app "
                          f"'{CLIENT_ID}'. Trace ID: 0000 Correlation ID: 0000 "
                          "Timestamp: 2026-03-02 08:15:00Z"),
    "error_codes": [7000215],
    "timestamp": "2026-03-02 08:15:00Z",
    "trace_id": "00000000-0000-0000-0000-000000000000",
    "correlation_id": "00000000-0000-0000-0000-000000000000",
    "error_uri": "https://login.microsoftonline.com/error?code=7000215",
}


class FakeDataverse:
    """Token endpoint plus Web API routes; `routes` maps (method, path) to a handler."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = {}
        self.requests: list[httpx.Request] = []
        self.tokens_issued = 0
        self.valid_tokens: set[str] = set()
        self.tracked: set[str] = set()  # logical names with change tracking enabled

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if str(request.url) == TOKEN_URL:
            form = parse_qs(request.content.decode())
            if form.get("client_secret") != [SECRET]:
                return httpx.Response(401, json=BAD_SECRET)
            self.tokens_issued += 1
            token = f"token-{self.tokens_issued}"
            self.valid_tokens.add(token)
            return httpx.Response(200, json={**TOKEN_OK, "access_token": token})
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if bearer not in self.valid_tokens:
            return httpx.Response(401, json=odata_error("0x80072243", "token expired"))
        path = request.url.path.removeprefix("/api/data/v9.2/")
        if path.startswith("EntityDefinitions("):
            name = path.split("'")[1]
            return httpx.Response(200, json={
                "@odata.context": f"{API}/$metadata#EntityDefinitions(ChangeTrackingEnabled)"
                                  "/$entity",
                "ChangeTrackingEnabled": name in self.tracked,
                "MetadataId": "70816501-edb9-4740-a16c-6a5efbc05d84"})
        handler = self.routes.get((request.method, path))
        if handler is None:
            return httpx.Response(404, json=odata_error(
                "0x8006088a", f"Resource not found for the segment '{path}'."))
        return handler(request)


def query(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}


def json_body(request: httpx.Request) -> dict:
    return json.loads(request.content)
