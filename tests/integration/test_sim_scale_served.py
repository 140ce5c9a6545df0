"""`gemba-sim --machines N --orders N` serves a plant of that size over HTTP."""

from __future__ import annotations

import httpx

from app.sim.launcher import start_demo_plant
from tests.integration.conftest import START, read_all

OPEN = {"draft", "confirmed", "in_production"}


def test_a_scaled_plant_serves_its_machines_and_open_orders() -> None:
    args = ["--paused", "--start", START, "--history-days", "2", "--machines", "60",
            "--orders", "300"]
    with start_demo_plant(seed=5, extra_args=args) as plant, \
            httpx.Client(base_url=plant.url, timeout=30) as client:
        statuses, _ = read_all(client, "/mes/v1/machines/status", limit=5000)
        equipment, _ = read_all(client, "/mes/v1/equipment", limit=5000)
        orders, _ = read_all(client, "/crm/v1/orders", limit=5000)
        work_orders, _ = read_all(client, "/mes/v1/work-orders", limit=5000)
    assert len(statuses) == 60
    assert sorted(s["id"] for s in statuses) == sorted(
        e["id"] for e in equipment if e["level"] == "machine")
    assert sum(1 for o in orders if o.get("status") in OPEN) >= 300
    linked = {link["order_id"] for wo in work_orders for link in wo["links"]}
    assert all(o["id"] in linked for o in orders if o.get("status") in OPEN - {"draft"})
