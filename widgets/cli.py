"""`gemba`: start the console (optionally with the demo plant), or take a screenshot."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

# The cache layer (SQLAlchemy: hundreds of modules) before PySide6: PySide6's import hook reads
# the whole source of every module imported after it, which slows the start.
from sqlalchemy.exc import SQLAlchemyError

from app.cache.store import CacheStore

# isort: split
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app.sim.launcher import DemoPlant, DemoPlantError, start_demo_plant
from app.sync.sources import demo_sources
from widgets.about.app_icon import app_icon
from widgets.cache_location import fresh_demo_cache_url
from widgets.console_run import run_console
from widgets.i18n import LANGUAGES
from widgets.settings.language_menu import LanguageSwitcher
from widgets.style import apply_style
from widgets.view_registry import VIEW_NAMES

# Shared mode (psycopg), the live machine demos (OPC UA, Sparkplug, connectors) and connection
# profiles (pydantic) are imported only when asked for, so that a plain start stays quick.
if TYPE_CHECKING:
    from app.sim.live_demo import LiveMachines

DISTRIBUTION = "gemba-console"
FALLBACK_VERSION = "0.1.0"
DEFAULT_SCREENSHOT_QUIT_AFTER = 3.0
EXIT_DEMO_PLANT_FAILED = 3
EXIT_CACHE_FAILED = 4
# app.sim.live_demo.KINDS, spelled out so that --help need not import the live demos.
MACHINE_KINDS = ("http", "opcua", "sparkplug")


def package_version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        # Running from a source tree that was never installed.
        return FALLBACK_VERSION


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gemba", description="Gemba Console: orders, machines, quality and lots together."
    )
    parser.add_argument("--version", action="version", version=f"gemba {package_version()}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--demo", action="store_true",
                       help="start the demo plant on a free loopback port and connect to it")
    where.add_argument("--url", help="connect to a demo plant already running at URL")
    where.add_argument("--shared", metavar="URL",
                       help="shared mode: read the PostgreSQL cache a sync agent (gemba-sync) "
                            "fills, e.g. postgresql+psycopg://desk3@db/gemba")
    parser.add_argument("--machines", choices=MACHINE_KINDS, default="http",
                        help="with --demo: read the machines over HTTP (default), from an OPC UA "
                             "server or a Sparkplug B broker that mirror the demo plant")
    parser.add_argument("--broker", metavar="URL",
                        help="with --machines sparkplug: an MQTT broker (mqtt://host:port) "
                             "instead of a mosquitto started for the demo")
    parser.add_argument("--seed", type=int, default=7, help="demo plant seed (default 7)")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="demo plant clock speed, simulated seconds per second (default 1: "
                             "the plant starts now and keeps the wall clock's time; faster "
                             "runs it ahead of the console's clock)")
    parser.add_argument("--cache", metavar="URL",
                        help="cache database as an SQLAlchemy URL (default: SQLite in the user "
                             "data folder; with --demo, a demo cache emptied at each start)")
    parser.add_argument("--view", choices=VIEW_NAMES, default=VIEW_NAMES[0],
                        help="view to open on")
    parser.add_argument("--screenshot", type=Path, metavar="PATH",
                        help="render the main window to a PNG at PATH and exit")
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help="quit after SECONDS (default 3 with --screenshot)")
    parser.add_argument("--lang", choices=LANGUAGES, help="language, instead of the system's")
    return parser


def demo_plant_failure_texts(error: Exception) -> tuple[str, str]:
    """Title and message for the dialog shown when the demo plant does not start."""
    title = QCoreApplication.translate("Startup", "Demo plant")
    message = QCoreApplication.translate(
        "Startup", "The demo plant could not be started:\n{error}"
    ).format(error=error)
    return title, message


def report_demo_plant_failure(error: Exception, show_dialog: bool) -> None:
    print(f"gemba: the demo plant could not be started: {error}", file=sys.stderr)
    if show_dialog:
        QMessageBox.critical(None, *demo_plant_failure_texts(error))


def cache_failure_texts(error: Exception) -> tuple[str, str]:
    """Title and message for the dialog shown when the cache cannot be opened."""
    title = QCoreApplication.translate("Startup", "Local cache")
    message = QCoreApplication.translate(
        "Startup", "The local cache could not be opened:\n{error}"
    ).format(error=error)
    return title, message


def report_cache_failure(error: Exception, show_dialog: bool) -> None:
    print(f"gemba: the local cache could not be opened: {error}", file=sys.stderr)
    if show_dialog:
        QMessageBox.critical(None, *cache_failure_texts(error))


def cache_url(args: argparse.Namespace) -> str | None:
    """--cache wins; a demo run gets its own fresh cache; otherwise the user's (None)."""
    if args.cache:
        return args.cache
    if args.demo:
        return fresh_demo_cache_url()
    return None


def open_store(args: argparse.Namespace) -> CacheStore:
    if args.shared:
        # A shared database is the agent's to migrate: a console only checks its revision.
        from app.cache.shared_mode import open_shared

        return open_shared(args.shared)
    return CacheStore.open(cache_url(args))


def cache_errors(shared: bool) -> tuple[type[Exception], ...]:
    """What opening the cache raises when the cache (not the console) is at fault."""
    if not shared:
        return (SQLAlchemyError, OSError)
    from app.cache.shared_mode import SchemaMismatch

    return (SQLAlchemyError, OSError, SchemaMismatch)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.quit_after is not None and args.quit_after < 0:
        build_parser().error("--quit-after must not be negative")
    quit_after = args.quit_after
    if quit_after is None and args.screenshot is not None:
        quit_after = DEFAULT_SCREENSHOT_QUIT_AFTER

    # Only the program name goes to Qt: our options are not Qt's to parse.
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Gemba Console")
    app.setApplicationVersion(package_version())
    app.setWindowIcon(app_icon())
    language = LanguageSwitcher.start(app, args.lang)
    apply_style(app)

    try:
        store = open_store(args)
    except cache_errors(bool(args.shared)) as exc:
        report_cache_failure(exc, show_dialog=args.screenshot is None)
        return EXIT_CACHE_FAILED

    plant: DemoPlant | None = None
    live: LiveMachines | None = None
    try:
        if args.demo:
            try:
                # The plant starts now, with its history behind it, so its data and the
                # console's clock agree on what time it is.
                now = datetime.now(UTC).replace(second=0, microsecond=0)
                plant = start_demo_plant(seed=args.seed, speed=args.speed, start=now)
            except (DemoPlantError, OSError) as exc:
                report_demo_plant_failure(exc, show_dialog=args.screenshot is None)
                return EXIT_DEMO_PLANT_FAILED
        if args.shared:
            return run_console(app, [], args.view, quit_after, args.screenshot, store,
                               language, shared=True)
        url = plant.url if plant is not None else args.url
        if plant is not None and args.machines != "http":
            from app.sim.live_demo import LiveDemoError, start_live_machines

            try:
                live = start_live_machines(args.machines, plant.url, args.broker)
            except LiveDemoError as exc:
                report_demo_plant_failure(exc, show_dialog=args.screenshot is None)
                return EXIT_DEMO_PLANT_FAILED
            return run_console(app, [], args.view, quit_after, args.screenshot, store,
                               language, profiles=live.profiles)
        if url:
            return run_console(app, demo_sources(url), args.view, quit_after, args.screenshot,
                               store, language)
        # No demo: the sources of the connection settings (none yet: the cache, offline).
        from app.sync.profiles import load_profiles

        try:
            profiles = load_profiles()
        except (ValueError, OSError) as exc:
            print(f"gemba: connection settings not readable, starting offline: {exc}",
                  file=sys.stderr)
            profiles = []
        return run_console(app, [], args.view, quit_after, args.screenshot, store, language,
                           profiles=profiles)
    finally:
        if live is not None:
            live.stop()
        if plant is not None:
            plant.stop()
        store.close()


if __name__ == "__main__":
    sys.exit(main())
