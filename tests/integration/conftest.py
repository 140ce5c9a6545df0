"""The demo plant as a real HTTP server on loopback, started the way `gemba --demo` starts it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from app.sim.launcher import DemoPlant, start_demo_plant

# One trytond for the whole session, whichever Tryton test module asks first.
from tests.integration.trytond_server import trytond_server  # noqa: F401

# A fixed start makes runs comparable; a day of history keeps start-up quick.
START = "2026-03-02T00:00:00Z"
PLANT_ARGS = ["--paused", "--start", START, "--history-days", "1"]


def start_paused_plant(seed: int = 11) -> DemoPlant:
    return start_demo_plant(seed=seed, speed=60, extra_args=PLANT_ARGS)


@pytest.fixture(scope="session")
def shared_plant() -> Iterator[DemoPlant]:
    """One paused plant for tests that only read, or that undo what they change."""
    with start_paused_plant() as plant:
        yield plant


@pytest.fixture
def plant() -> Iterator[DemoPlant]:
    """A fresh paused plant, for tests that change it."""
    with start_paused_plant() as fresh:
        yield fresh


@pytest.fixture
def client(shared_plant: DemoPlant) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=shared_plant.url, timeout=10) as c:
        yield c
        c.delete("/sim/v1/faults")


def read_all(client: httpx.Client, path: str, limit: int = 500, **params: str) -> tuple[list, str]:
    """Every item of a feed, page by page; returns the items and the final sync token."""
    items: list = []
    query = {"limit": str(limit), **params}
    while True:
        page = client.get(path, params=query)
        assert page.status_code == 200, page.text
        body = page.json()
        items.extend(body["items"])
        if body["next_cursor"] is None:
            return items, body["sync_token"]
        query = {"limit": str(limit), "cursor": body["next_cursor"]}
