"""Pieces of the Tryton connector that need no server: promise notes, versions, error words."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest

from app.connectors.base import BadPayload, SourceRefused, SourceUnavailable
from app.connectors.tryton import TrytonConnector, parse_promises, version_of
from app.sync.sources import SourceConfig


def test_promise_notes_become_the_history_of_a_line() -> None:
    first = dt.datetime(2026, 3, 1, 9, 0)
    later = dt.datetime(2026, 3, 2, 9, 0)
    found = parse_promises([
        ("[gemba:b] promise line 7: 2026-04-14 -> 2026-04-20 | by ann", later),
        ("[gemba:a] promise line 7: - -> 2026-04-14 | by bo | press 2 down, rerouted", first),
        ("a note a person wrote", first),
    ])
    assert list(found) == [7]
    history = found[7]
    assert [(c.old_date, c.new_date) for c in history] == [
        (None, dt.date(2026, 4, 14)), (dt.date(2026, 4, 14), dt.date(2026, 4, 20))]
    assert (history[0].by, history[0].reason) == ("bo", "press 2 down, rerouted")
    assert history[1].changed_at == later.replace(tzinfo=dt.UTC)


def test_version_grows_with_every_change_tryton_records() -> None:
    created = dt.datetime(2026, 3, 1, 9, 0, 0, 1000)
    written = dt.datetime(2026, 3, 1, 9, 0, 0, 2000)
    assert version_of(created) < version_of(created, written) == version_of(written, None)
    assert version_of(None) == 1


def test_server_errors_in_words() -> None:
    connector = TrytonConnector(SourceConfig(name="t", kind="crm", base_url="http://x"),
                                "db", "sync", "pw")
    denied = connector._server_error("model.sale.sale.search_read", [
        "UserError", ['You are not allowed to read records "1" of "Sale".', "", None]])
    assert isinstance(denied, SourceRefused) and denied.status == 403
    assert "'sync' lacks an access right" in str(denied)
    crashed = connector._server_error("model.sale.sale.write", ["boom\nline 2", "traceback"])
    assert isinstance(crashed, SourceUnavailable) and "boom" in str(crashed)


def test_an_address_that_is_not_tryton_is_named() -> None:
    def web_page(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>intranet</html>")

    async def scenario() -> None:
        connector = TrytonConnector(
            SourceConfig(name="t", kind="crm", base_url="http://intranet"), "db", "sync", "pw",
            transport=httpx.MockTransport(web_page))
        try:
            with pytest.raises(BadPayload, match="not like a Tryton server"):
                await connector.check()
        finally:
            await connector.aclose()

    asyncio.run(scenario())
