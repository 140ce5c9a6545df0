"""On the console's loop, an async generator left unfinished is closed in a task, so its
cleanup can await and nothing is "ignored" on stderr: a page read only in part (too big) gives
its connection back quietly."""

from __future__ import annotations

import asyncio
import gc
import http.server
import socketserver
import sys

import pytest

from app.connectors import rest
from app.connectors.base import BadPayload
from app.connectors.rest import RestConnector
from app.sync.sources import SourceConfig
from tests.served_in_thread import served_in_thread


class _HugePage(http.server.BaseHTTPRequestHandler):
    """A page sent in chunks, far past the size the connector reads."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b" " * 8192
        try:
            for _ in range(200):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the console hung up once it had read enough: that is the point

    def log_message(self, *args) -> None:
        pass


async def _closing_tasks_done() -> None:
    """Let the tasks that close abandoned generators run: the finalizer schedules their
    creation, so they exist only after the loop has turned once."""
    await asyncio.sleep(0)
    for _ in range(100):
        if asyncio.all_tasks() <= {asyncio.current_task()}:
            return
        await asyncio.sleep(0)


@pytest.fixture
def ignored(monkeypatch) -> list[str]:
    """What Python reports as "Exception ignored in ..." meanwhile."""
    seen: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook",
                        lambda u: seen.append(f"{u.exc_type.__name__}: {u.exc_value} "
                                              f"in {u.object!r}"))
    return seen


def test_a_page_read_only_in_part_is_closed_without_stray_tracebacks(qloop, ignored,
                                                                     monkeypatch) -> None:
    monkeypatch.setattr(rest, "MAX_PAGE_BYTES", 50_000)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _HugePage)
    server.daemon_threads = True

    async def read(port: int) -> None:
        connector = RestConnector(SourceConfig(name="plant-mes", kind="mes",
                                               base_url=f"http://127.0.0.1:{port}"))
        try:
            with pytest.raises(BadPayload, match="larger than"):
                async for _ in connector.read_changes("mes.sites", None):
                    pass
        finally:
            await connector.aclose()
        gc.collect()  # where the console collects: on the GUI thread, outside any task
        await _closing_tasks_done()

    with served_in_thread(server) as port:
        qloop.run_until_complete(read(port))
    gc.collect()
    assert ignored == []


def test_an_abandoned_generator_still_runs_cleanup_that_awaits(qloop, ignored) -> None:
    cleaned: list[str] = []

    async def stream():
        try:
            yield 1
            yield 2
        finally:
            await asyncio.sleep(0)  # as an HTTP body stream does: hand the connection back
            cleaned.append("closed")

    async def take_one() -> None:
        async for _ in stream():
            break  # left suspended, for the garbage collector
        gc.collect()
        await _closing_tasks_done()

    qloop.run_until_complete(take_one())
    assert cleaned == ["closed"]
    assert ignored == []
