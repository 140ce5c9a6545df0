"""The REST connector against payloads a real backend might send, through httpx's mock
transport: authentication, bad items, bad pages, refusals."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from app.connectors import rest
from app.connectors.base import BadPayload, SourceRefused, SourceUnavailable
from app.connectors.rest import Credentials, RestConnector
from app.sync.sources import SourceConfig

SOURCE = SourceConfig(name="plant-mes", kind="mes", base_url="https://mes.example.test")
SITE = {"id": "S1", "version": 1, "name": "Hsinchu", "time_zone": "Asia/Taipei"}
EVENT = {"id": "E1", "version": 1, "machine_id": "M-1", "state": "down",
         "start": "2026-03-02T08:00:00Z", "end": None, "reason": "jam"}


def _page(items: list, token: str = "t1") -> dict:
    return {"items": items, "next_cursor": None, "sync_token": token}


def _read(handler, feed: str = "mes.sites", credentials: Credentials | None = None):
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    async def run():
        connector = RestConnector(SOURCE, credentials, transport=httpx.MockTransport(record))
        try:
            return [page async for page in connector.read_changes(feed, None)]
        finally:
            await connector.aclose()

    return asyncio.run(run()), seen


def test_bearer_token_and_basic_auth_are_sent() -> None:
    _, seen = _read(lambda r: httpx.Response(200, json=_page([SITE])),
                    credentials=Credentials(token="s3cret"))
    assert seen[0].headers["Authorization"] == "Bearer s3cret"
    _, seen = _read(lambda r: httpx.Response(200, json=_page([SITE])),
                    credentials=Credentials(username="gemba", password="pw"))
    assert seen[0].headers["Authorization"].startswith("Basic ")
    assert seen[0].url.scheme == "https"


def test_wrong_types_and_naive_times_are_rejected_item_by_item() -> None:
    naive = {**EVENT, "id": "E2", "start": "2026-03-02T08:00:00"}
    wrong = {**EVENT, "id": "E3", "state": "exploded"}
    pages, _ = _read(lambda r: httpx.Response(200, json=_page([EVENT, naive, wrong, {"x": 1}])),
                     feed="mes.machine_events")
    page = pages[0]
    assert [r.id for r in page.records] == ["E1"]
    reasons = {r.item_id: r.reason for r in page.rejected}
    assert "time without a time zone" in reasons["E2"] and "start" in reasons["E2"]
    assert "state" in reasons["E3"]
    assert reasons[None] == "item has no id"


@pytest.mark.parametrize(
    ("answer", "error", "says"),
    [
        (httpx.Response(200, content=b"<html>proxy login</html>"), BadPayload, "malformed JSON"),
        (httpx.Response(200, json={"data": []}), BadPayload, "no 'items' list"),
        (httpx.Response(200, json={"items": [], "next_cursor": None}), BadPayload,
         "no 'sync_token'"),
        (httpx.Response(401, json={"error": "token expired"}), SourceRefused, "token expired"),
        (httpx.Response(503), SourceUnavailable, "HTTP 503"),
    ],
)
def test_bad_pages_and_refusals_become_clear_errors(answer, error, says) -> None:
    with pytest.raises(error, match=says):
        _read(lambda r: answer)


def test_a_huge_page_is_not_read(monkeypatch) -> None:
    monkeypatch.setattr(rest, "MAX_PAGE_BYTES", 10_000)
    big = json.dumps(_page([SITE] * 200)).encode()
    with pytest.raises(BadPayload, match="larger than"):
        _read(lambda r: httpx.Response(200, content=big))
