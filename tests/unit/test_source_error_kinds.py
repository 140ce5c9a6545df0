"""Source errors and outbox reasons carry a kind and parameters beside their English text, so
the console can word them in the person's language while logs keep the English."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from app.connectors.base import SourceUnavailable
from app.connectors.http_errors import (
    ErrorKind,
    error_kind,
    not_that_kind,
    status_error,
    transport_error,
)
from app.sync.health import SLOW, HealthError, SourceHealth, SourceState
from app.sync.outbox_reasons import OutboxReason, ReasonKind

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "kind"),
    [(401, ErrorKind.CREDENTIALS), (403, ErrorKind.PERMISSION), (404, ErrorKind.NOT_FOUND),
     (429, ErrorKind.TOO_MANY), (503, ErrorKind.SERVER_ERROR), (409, ErrorKind.REFUSED)],
)
def test_status_errors_carry_their_kind(status: int, kind: ErrorKind) -> None:
    exc = status_error(status, "the Odoo server", "db missing")
    found, params = error_kind(exc)
    assert found is kind
    assert params["what"] == "the Odoo server" and params["detail"] == "db missing"
    assert "the Odoo server" in str(exc)  # the English text is unchanged


def test_transport_and_kind_errors_carry_their_kind() -> None:
    refused = transport_error(httpx.ConnectError("refused"), "http://127.0.0.1:1")
    assert error_kind(refused) == (ErrorKind.CANNOT_CONNECT, {"url": "http://127.0.0.1:1"})
    assert str(refused).startswith("cannot connect to http://127.0.0.1:1")
    slow = transport_error(httpx.ReadTimeout("slow"), "http://plant:8080/x")
    assert error_kind(slow) == (ErrorKind.TIMEOUT, {"host": "plant"})
    wrong = not_that_kind("an Odoo server", "http://x")
    assert error_kind(wrong) == (ErrorKind.NOT_THAT_KIND,
                                 {"what": "an Odoo server", "url": "http://x"})


@pytest.mark.parametrize(
    ("text", "kind", "params"),
    [
        ("cannot connect to http://h:1", ErrorKind.CANNOT_CONNECT, {"url": "http://h:1"}),
        ("cannot connect (is the server running?)", ErrorKind.CANNOT_CONNECT, {"url": ""}),
        ("/v1/orders: server error HTTP 502", ErrorKind.SERVER_ERROR, {"status": "502"}),
        ("server answered HTTP 404", ErrorKind.REFUSED, {"status": "404"}),
        ("/v1/x: malformed JSON (JSONDecodeError at byte 3 of 9)", ErrorKind.MALFORMED, {}),
        ("GET /x: no answer in time (timeout)", ErrorKind.TIMEOUT, {}),
        ("/v1/x: connection dropped mid-answer", ErrorKind.DROPPED, {}),
        ("Sales Order SO-1 is cancelled in ERPNext", ErrorKind.OTHER,
         {"text": "Sales Order SO-1 is cancelled in ERPNext"}),
    ],
)
def test_errors_worded_by_a_connector_itself_are_recognised(text, kind, params) -> None:
    assert error_kind(SourceUnavailable(text)) == (kind, params)


def test_health_keeps_the_english_text_and_the_structure() -> None:
    health = SourceHealth(source="demo-mes", kind="mes", url="http://h:1")
    error = HealthError.of(transport_error(httpx.ConnectError("x"), "http://h:1"))
    down = health.failed(NOW, error).failed(NOW, error).failed(NOW, error)
    assert down.state is SourceState.DOWN and down.error == error
    assert down.last_error.startswith("cannot connect to http://h:1")
    from_words = health.failed(NOW, "cannot connect (is the server running?)")
    assert from_words.error is not None and from_words.error.kind is ErrorKind.CANNOT_CONNECT
    slow = health.succeeded(NOW, slow=True)
    assert (slow.state, slow.error, slow.last_error) == (SourceState.DEGRADED, SLOW,
                                                         "answering slowly")
    back = slow.succeeded(NOW)
    assert (back.state, back.error, back.last_error) == (SourceState.CONNECTED, None, "")


def test_outbox_reasons_come_back_from_their_stored_words() -> None:
    refused = OutboxReason.refused("demo-crm", 412, "record has changed")
    assert refused.text == "demo-crm refused it (HTTP 412): record has changed"
    again = OutboxReason.parse(refused.text)
    assert again.kind is ReasonKind.REFUSED
    assert dict(again.params) == {"source": "demo-crm", "status": "412",
                                  "words": "record has changed"}
    gone = OutboxReason.parse(OutboxReason.not_configured("webhook", "hook").text)
    assert (gone.kind, dict(gone.params)) == (ReasonKind.NOT_CONFIGURED,
                                              {"what": "webhook", "source": "hook"})
    later = OutboxReason.parse("cannot connect to http://h:1")
    assert later.kind is ReasonKind.NOT_YET and later.error is not None
    assert later.error.kind is ErrorKind.CANNOT_CONNECT


@pytest.fixture
def plain_http_port():
    """A real HTTP server without TLS, for a console configured with https:// to reach."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.served_in_thread import served_in_thread

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    with served_in_thread(ThreadingHTTPServer(("127.0.0.1", 0), Answer)) as port:
        yield port


def test_a_tls_handshake_that_fails_names_tls_not_the_connection(plain_http_port) -> None:
    import asyncio

    from app.connectors.rest import RestConnector
    from app.sync.sources import SourceConfig

    url = f"https://127.0.0.1:{plain_http_port}"  # the server speaks plain HTTP
    connector = RestConnector(SourceConfig(name="crm", kind="crm", base_url=url))

    async def read() -> None:
        try:
            async for _page in connector.read_changes("crm.orders", None):
                pass
        finally:
            await connector.aclose()

    with pytest.raises(SourceUnavailable) as failed:
        asyncio.run(read())
    kind, params = error_kind(failed.value)
    assert kind is ErrorKind.TLS_FAILED
    assert params["host"] == "127.0.0.1" and params["reason"]  # e.g. WRONG_VERSION_NUMBER
    assert str(failed.value).startswith("the TLS handshake with 127.0.0.1 failed (")
