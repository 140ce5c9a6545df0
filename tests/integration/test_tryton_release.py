"""Release to production on a real trytond: a confirmed sale line with no production becomes
one production whose origin is the sale line, from the console and by a rule, exactly once
under faults (a 500, a timeout after Tryton applied it, the console dying with it pending); the
progress goes back as a note on the sale."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.automation.release import release_action_for
from app.automation.rules.model import ActionState, Rule, RuleAction, RuleEvent
from app.automation.rules.round import Queued, queue_actions, run_round
from app.automation.rules.store import firings, save_rules
from app.cache.outbox import OutboxState
from app.cache.store import CacheStore
from app.connectors.base import SourceUnavailable
from app.connectors.tryton import TrytonConnector
from app.sync import actions
from app.sync.engine import SyncEngine
from app.sync.sources import SourceConfig
from tests.integration.sync_helpers import RecordingEvents
from tests.integration.trytond_server import TrytonServer

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("trytond")]

CRM, MES = "tryton-sales", "tryton-production"


class Faulty(TrytonConnector):
    """A Tryton connector whose next writes fail: "before" (nothing applied, as a 500) or
    "after" (applied, the answer lost, as a timeout)."""

    faults: list[str]

    async def write(self, method, path, body, idempotency_key, version):
        fault = self.faults.pop(0) if self.faults else ""
        if fault == "before":
            raise SourceUnavailable(f"{method} {path}: server error HTTP 500")
        result = await super().write(method, path, body, idempotency_key, version)
        if fault == "after":
            raise SourceUnavailable(f"{method} {path}: timed out")
        return result


def _engine(server: TrytonServer, db: Path, faults: list[str] | None = None) -> SyncEngine:
    store = CacheStore.open(f"sqlite:///{db}")
    options = {"database": server.database, "login": server.login, "password": server.password}
    crm = TrytonConnector(SourceConfig(name=CRM, kind="crm", base_url=server.url), **options)
    mes = Faulty(SourceConfig(name=MES, kind="mes", base_url=server.url), **options)
    mes.faults = list(faults or [])
    return SyncEngine(store, [crm, mes], RecordingEvents())


def _productions_of(server: TrytonServer, line_id: int) -> list[dict]:
    session = server.admin_session()
    context = server.rpc("model.res.user.get_preferences", [True, {}], session)
    return server.rpc("model.production.search_read",
                      [[["origin", "=", f"sale.line,{line_id}"]], 0, None, None,
                       ["id", "state", "quantity", "reference"], context], session)


def _new_confirmed_sale(server: TrytonServer) -> tuple[int, int]:
    """A copy of seeded sale 3 (a widget, no production), quoted and confirmed."""
    session = server.admin_session()
    context = server.rpc("model.res.user.get_preferences", [True, {}], session)
    [sale_id] = server.rpc("model.sale.sale.copy", [[server.seed["sales"][2]], {}, context],
                           session)
    server.rpc("model.sale.sale.quote", [[sale_id], context], session)
    server.rpc("model.sale.sale.confirm", [[sale_id], context], session)
    [line] = server.rpc("model.sale.line.search_read",
                        [[["sale", "=", sale_id]], 0, None, None, ["id"], context], session)
    return sale_id, line["id"]


async def _sync(engine: SyncEngine) -> None:
    await engine.poller.sync_source_once(CRM)
    await engine.poller.sync_source_once(MES)


@pytest.mark.parametrize("faults", [["before"], ["after"]], ids=["http_500", "timeout"])
def test_a_release_makes_one_production_from_the_sale_line(trytond_server, tmp_path,
                                                            faults) -> None:
    sale_id, line_id = _new_confirmed_sale(trytond_server)
    engine = _engine(trytond_server, tmp_path / "cache.sqlite3", faults)
    store = engine.store

    async def scenario() -> None:
        await _sync(engine)
        item = await engine.outbox.queue(release_action_for(store, CRM, str(sale_id), line_id))
        assert await engine.outbox.send_due() == 0
        assert store.outbox_get(item.id).state is OutboxState.QUEUED
        store.outbox_retry(item.id)
        assert await engine.outbox.send_due() == 1
        assert store.outbox_get(item.id).state is OutboxState.DELIVERED
        await _sync(engine)
        await engine.stop()

    asyncio.run(scenario())
    [made] = _productions_of(trytond_server, line_id)
    assert made["state"] == "waiting" and made["reference"].startswith("[gemba:release:")
    # The link comes back with the production: the line is linked in the cache.
    linked = [w for w in store.all(MES, "mes.work_orders")
              if any(k.order_id == str(sale_id) and k.line_no == line_id for k in w.links)]
    assert [w.id for w in linked] == [str(made["id"])]
    store.close()


def test_a_release_pending_when_the_console_died_goes_once(trytond_server, tmp_path) -> None:
    sale_id, line_id = _new_confirmed_sale(trytond_server)
    db = tmp_path / "cache.sqlite3"
    first = _engine(trytond_server, db)

    async def before() -> None:
        await _sync(first)
        await first.outbox.queue(release_action_for(first.store, CRM, str(sale_id), line_id))
        # The sender claims it and Tryton applies it; the console dies before the answer.
        [item] = first.store.outbox_next_due()
        method, path, body = actions.http_request(item.action, item.target_id, item.payload)
        await first.outbox.connector_for(MES).write(method, path, body, item.idempotency_key, None)
        await first.stop()
        first.store.close()

    asyncio.run(before())
    again = _engine(trytond_server, db)

    async def after() -> None:
        [item] = again.store.outbox_items()
        assert item.state is OutboxState.SENDING
        again.store.outbox_retry(item.id)  # its claim ran out
        assert await again.outbox.send_due() == 1
        await again.stop()

    asyncio.run(after())
    assert len(_productions_of(trytond_server, line_id)) == 1
    again.store.close()


def test_a_rule_releases_a_tryton_line_once_and_progress_becomes_a_note(
        trytond_server, tmp_path) -> None:
    sale_id, line_id = _new_confirmed_sale(trytond_server)
    engine = _engine(trytond_server, tmp_path / "cache.sqlite3")
    store = engine.store
    save_rules(store, [Rule("release_all", "Release everything after 1 h",
                            RuleEvent.ORDER_WITHOUT_WORK_ORDER, {"hours": 1},
                            RuleAction.RELEASE, True, 1)])

    async def scenario() -> None:
        await _sync(engine)
        order = store.get(CRM, "crm.orders", str(sale_id))
        later = order.created_at.replace(year=order.created_at.year + 1)
        round_ = run_round(store, later, None)
        mine = [(f, a) for f, a in round_.to_queue if a.target_id == f"{sale_id}/{line_id}"]
        assert len(mine) == 1
        done = Queued()
        await queue_actions(engine, mine, done)
        done.store(store)
        await engine.outbox.send_due()
        assert run_round(store, later, None).firings == []
        # Progress: the reference contract's PATCH becomes a note on the sale in Tryton.
        item = await engine.outbox.queue(actions.progress(
            CRM, str(sale_id), line_id, {"progress_percent": 0, "stage": "not_started",
                                         "predicted_completion": "2026-12-10",
                                         "at_risk": False,
                                         "summary": "The line is not started, expected 10 Dec."}))
        await engine.outbox.send_due()
        assert store.outbox_get(item.id).state is OutboxState.DELIVERED
        await engine.stop()

    asyncio.run(scenario())
    assert len(_productions_of(trytond_server, line_id)) == 1
    states = {f.order_id: f.action_state for f in firings(store)}
    assert states[str(sale_id)] == ActionState.QUEUED
    session = trytond_server.admin_session()
    context = trytond_server.rpc("model.res.user.get_preferences", [True, {}], session)
    notes = trytond_server.rpc("model.ir.note.search_read", [
        [["resource", "=", f"sale.sale,{sale_id}"]], 0, None, None, ["message"], context],
        session)
    [progress] = [n["message"] for n in notes if "progress line" in n["message"]]
    assert f"progress line {line_id}: 0 % · not_started · expected 2026-12-10" in progress
    assert progress.endswith("The line is not started, expected 10 Dec.")
    store.close()
