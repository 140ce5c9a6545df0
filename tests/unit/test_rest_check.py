"""The reference-contract connector's "test connection" check and its construction from a
profile: what was found, or what is wrong, in words."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from app.connectors import rest
from app.connectors.base import BadPayload, SourceRefused, SourceUnavailable
from app.sync.profiles import MemorySecrets, SourceProfile
from app.sync.registry import test_connection

CRM = SourceProfile(name="crm", role="crm", url="https://crm.example.test", username="gemba")
PAGE = {"items": [{"id": "C1"}], "next_cursor": None, "sync_token": "t1"}


def _check(handler, profile: SourceProfile = CRM, secrets: MemorySecrets | None = None):
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    async def run():
        connector = rest.from_profile(profile, secrets or MemorySecrets())
        # The same client settings, answered by a handler instead of the network.
        connector._client._transport = httpx.MockTransport(record)
        try:
            return await connector.check()
        finally:
            await connector.aclose()

    return asyncio.run(run()), seen


def test_crm_probe_reads_one_customer_with_basic_auth() -> None:
    secrets = MemorySecrets({("crm", "password"): "pw"})
    message, seen = _check(lambda r: httpx.Response(200, json=PAGE), secrets=secrets)
    assert message == "reference-contract CRM answers (customers readable)"
    assert seen[0].url.path == "/crm/v1/customers"
    assert seen[0].url.params["limit"] == "1"
    assert seen[0].headers["Authorization"].startswith("Basic ")


def test_mes_probe_reads_sites_with_a_token() -> None:
    mes = SourceProfile(name="plant", role="mes", url="https://mes.example.test")
    secrets = MemorySecrets({("plant", "token"): "t0k"})
    message, seen = _check(lambda r: httpx.Response(200, json={**PAGE, "items": []}), mes,
                           secrets)
    assert message.startswith("reference-contract MES answers (sites readable")
    assert seen[0].url.path == "/mes/v1/sites"
    assert seen[0].headers["Authorization"] == "Bearer t0k"


@pytest.mark.parametrize(("status", "words"), [
    (401, "refused the credentials"),
    (403, "lacks a permission"),
    (404, "wrong instance"),
])
def test_refusals_say_what_is_wrong(status: int, words: str) -> None:
    with pytest.raises(SourceRefused, match=words):
        _check(lambda r: httpx.Response(status, json={"error": "no"}))


def test_a_page_that_is_not_the_contract_is_not_that_kind() -> None:
    with pytest.raises(BadPayload, match="not like a Gemba reference-contract server"):
        _check(lambda r: httpx.Response(200, text="<html>Welcome</html>"))
    with pytest.raises(BadPayload, match="not like"):
        _check(lambda r: httpx.Response(200, json={"customers": []}))


def test_a_redirect_names_the_address_to_use() -> None:
    with pytest.raises(BadPayload, match="redirects to https://other.example.test/"):
        _check(lambda r: httpx.Response(302, headers={"location": "https://other.example.test/"}))


def test_no_server_says_cannot_connect() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(SourceUnavailable, match="cannot connect"):
        _check(refuse)


def test_registry_reports_a_bad_profile_without_connecting() -> None:
    bad = SourceProfile(name="crm", role="crm", url="ftp://x")
    result = asyncio.run(test_connection(bad, MemorySecrets()))
    assert not result.ok
    assert "must start with http://" in result.message
