"""gemba-sync: the headless sync agent, and the audit log's checker.

    gemba-sync --config agent.toml            sync until SIGTERM / Ctrl+C (exit 0)
    gemba-sync --config agent.toml --once     one pass of every source and of the outbox
    gemba-sync verify-audit --config agent.toml
    gemba-sync verify-audit --database URL --anchor PATH

Exit codes: 0 done / intact; 1 a source failed, the cache cannot be opened, or the audit log is
not intact; 2 a bad configuration or command line; 3 the agent does not start because the audit
anchor file cannot be read or the audit log does not follow on from it (it says what to do).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.agent.config import AgentConfig, ConfigError, load_config

if TYPE_CHECKING:
    from app.agent.agent import Agent

PROG = "gemba-sync"


def _say(message: str, *, error: bool = False) -> None:
    print(f"{PROG}: {message}", file=sys.stderr if error else sys.stdout, flush=True)


def _masked(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(the configured database)"


def _install_stop(stop: asyncio.Event) -> list[signal.Signals]:
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows: no add_signal_handler
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
    return installed


async def _agent(config: AgentConfig, *, once: bool) -> int:
    from app.agent.agent import Agent
    from app.audit.anchor import AnchorError, AnchorMismatch
    from app.connectors.base import SourceError
    from app.sync.webhooks import WebhookConfigError

    agent = Agent(config)
    try:
        await asyncio.to_thread(agent.migrate)
    except SQLAlchemyError as exc:
        _say(f"cannot open the cache {_masked(config.database)}: {exc}", error=True)
        return 1
    stop = asyncio.Event()
    installed = _install_stop(stop)
    try:
        try:
            agent.build()
            await asyncio.to_thread(agent.check_anchor)
        except (SourceError, WebhookConfigError) as exc:
            _say(f"{config.path}: {exc}", error=True)
            return 2
        except AnchorError as exc:
            # Never a traceback: what is wrong, and what to do (docs/failure-modes.md).
            what = (str(exc) if isinstance(exc, AnchorMismatch)
                    else f"the audit anchor file cannot be trusted: {exc}")
            _say(f"{what}. Check the audit log with "
                 f"`gemba-sync verify-audit --config {config.path}`; once the cause is known, "
                 "move the anchor file aside to start a new one (see docs/failure-modes.md, "
                 "\"Audit anchor\")", error=True)
            return 3
        try:
            address = await agent.start_health()
        except OSError as exc:
            _say(f"cannot serve health on {config.health}: {exc}", error=True)
            return 1
        if address is not None:
            _say(f"health on http://{address[0]}:{address[1]}/health")
        names = ", ".join(agent.source_names)
        if once:
            return await _once(agent, stop)
        _say(f"syncing {names} into {_masked(config.database)}; stop with SIGTERM or Ctrl+C")
        await agent.run_until(stop)
        _say("stopped")
        return 0
    finally:
        loop = asyncio.get_running_loop()
        for sig in installed:
            loop.remove_signal_handler(sig)
        await agent.close()


async def _once(agent: Agent, stop: asyncio.Event) -> int:
    work = asyncio.get_running_loop().create_task(agent.run_once())
    stopping = asyncio.get_running_loop().create_task(stop.wait())
    await asyncio.wait({work, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not work.done():
        work.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await work
        _say("interrupted before the pass was complete", error=True)
        return 1
    result = work.result()
    for name, why in result.failed.items():
        _say(f"source {name} failed: {why}", error=True)
    _say(f"one pass done: {result.changed} records changed, {result.fired} rule firing(s), "
         f"{result.delivered} outbox action(s) delivered"
         + (f", {len(result.failed)} source(s) failed" if result.failed else ""))
    return 0 if result.ok else 1


def _verify(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} verify-audit",
        description="Check the audit log's hash chain, and against the agent's anchor file.")
    parser.add_argument("--config", help="the agent's configuration file (database and anchor)")
    parser.add_argument("--database", help="the cache database URL (instead of --config)")
    parser.add_argument("--anchor", help="the anchor file (instead of the config's)")
    args = parser.parse_args(list(argv))
    database, anchor = args.database, args.anchor
    if args.config:
        try:
            config = load_config(args.config)
        except ConfigError as exc:
            _say(str(exc), error=True)
            return 2
        database = database or config.database
        anchor = anchor or (str(config.audit_anchor) if config.audit_anchor else None)
    if not database:
        parser.print_usage(sys.stderr)
        _say("give --config FILE, or --database URL (and --anchor PATH)", error=True)
        return 2
    from app.audit.verify import verify_audit
    from app.cache.database import create_cache_engine

    engine = create_cache_engine(database)
    try:
        report = verify_audit(engine, anchor)
    except SQLAlchemyError as exc:
        _say(f"cannot read the audit log of {_masked(database)}: {exc}", error=True)
        return 2
    finally:
        engine.dispose()
    print(report.message(), flush=True)
    return 0 if report.intact else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "verify-audit":
        return _verify(args[1:])
    if args and args[0] == "run":
        args = args[1:]
    parser = argparse.ArgumentParser(
        prog=PROG, description="Headless sync agent: polls the sources into one shared cache, "
        "sends the outbox, and NOTIFIES the consoles. Subcommand: verify-audit.")
    parser.add_argument("--config", required=True, help="the agent's configuration (TOML)")
    parser.add_argument("--once", action="store_true",
                        help="one pass of every source and of the outbox, then exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parsed = parser.parse_args(args)
    try:
        config = load_config(parsed.config)
    except ConfigError as exc:
        _say(str(exc), error=True)
        return 2
    logging.basicConfig(level=logging.DEBUG if parsed.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request is too much
    try:
        return asyncio.run(_agent(config, once=parsed.once))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
