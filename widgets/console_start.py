"""Starting the console once its window's first frame is up: the cache, the demo plant, the
sources, then the main window on the qasync loop.

Imported only after the first frame: this is where SQLAlchemy, the schema and the sync layer
come in.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import SQLAlchemyError

from app.cache.integrity import CacheRepair, open_checked
from app.cache.store import CacheStore
from app.runtime.plant_runtime import PlantRuntime
from app.sim.launcher import DemoPlant, DemoPlantError, start_demo_plant
from app.sync.sources import demo_sources
from widgets.cache_location import fresh_demo_cache_url
from widgets.console_run import run_console
from widgets.settings.language_menu import LanguageSwitcher

# Shared mode (psycopg), the live machine demos (OPC UA, Sparkplug, connectors) and connection
# profiles (pydantic) are imported only when asked for, so that a plain start stays quick.
if TYPE_CHECKING:
    from app.sim.live_demo import LiveMachines

EXIT_DEMO_PLANT_FAILED = 3
EXIT_CACHE_FAILED = 4


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
    store, repair = open_checked(cache_url(args), datetime.now(UTC), CacheStore.open)
    if repair is not None:
        report_cache_repair(repair, show_dialog=args.screenshot is None)
    return store


def cache_repair_text(repair: CacheRepair) -> str:
    """What the person is told when the cache was found damaged and started afresh, or when
    waiting actions were taken back from the copy beside it."""
    if repair.damaged is not None:
        text = QCoreApplication.translate(
            "Startup", "The local cache was damaged ({problem}). It was moved to {path}, and "
            "a new one is being filled from the sources.").format(problem=repair.problem,
                                                                 path=repair.damaged)
    else:
        text = QCoreApplication.translate(
            "Startup", "The local cache had lost actions waiting to be sent ({problem}). They "
            "were taken back from the copy kept beside it.").format(problem=repair.problem)
    kept = QCoreApplication.translate(
        "Startup", "{count} action(s) waiting to be sent were kept and will be sent.").format(
        count=repair.actions_kept)
    if not repair.actions_unread:
        return f"{text}\n\n{kept}"
    unread = QCoreApplication.translate(
        "Startup", "Part of the waiting actions could not be read from the damaged cache: "
        "check in the sources that your latest changes arrived.")
    return f"{text}\n\n{kept}\n{unread}"


def report_cache_repair(repair: CacheRepair, show_dialog: bool) -> None:
    text = cache_repair_text(repair)
    print(f"gemba: {text}", file=sys.stderr)
    if show_dialog:
        QMessageBox.warning(None, QCoreApplication.translate("Startup", "Local cache"), text)


def cache_errors(shared: bool) -> tuple[type[Exception], ...]:
    """What opening the cache raises when the cache (not the console) is at fault."""
    if not shared:
        return (SQLAlchemyError, OSError)
    from app.cache.shared_mode import SchemaMismatch

    return (SQLAlchemyError, OSError, SchemaMismatch)


def start_console(app: QApplication, args: argparse.Namespace, quit_after: float | None,
                  language: LanguageSwitcher) -> int:
    """Open the cache and run the console as `args` ask; returns the exit code."""
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
                plant = start_demo_plant(seed=args.seed, speed=args.speed, start=now,
                                         extra_args=args.demo_plant_args)
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
        PlantRuntime.stop_all_on(store)  # its work in hand reads the store
        store.close()

