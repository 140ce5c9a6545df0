"""`gemba`: start the console (optionally with the demo plant), or take a screenshot.

Only what the first frame needs is imported here; the cache, the sync layer and the main
window come in `widgets.console_start`, once the saved figures are on the screen.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from widgets.about.app_icon import app_icon
from widgets.i18n import LANGUAGES
from widgets.settings.language_menu import LanguageSwitcher
from widgets.start_frame import show_start_frame
from widgets.style import apply_style
from widgets.view_registry import VIEW_NAMES

DISTRIBUTION = "gemba-console"
FALLBACK_VERSION = "0.1.0"
# app.sim.live_demo.KINDS, spelled out so that --help need not import the live demos.
MACHINE_KINDS = ("http", "opcua", "sparkplug")
STANDARD_MACHINES = 23  # app.sim.scale.STANDARD_MACHINES, for --help without the simulation


def package_version() -> str:
    # importlib.metadata takes tens of ms to import: not before the first frame.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        # Running from a source tree that was never installed.
        return FALLBACK_VERSION


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:  # noqa: A002
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"gemba {package_version()}")
        parser.exit()


class _MachinesAction(argparse.Action):
    """--machines takes a kind (how the demo's machines are read) or a number (how many the
    demo plant has); given twice, it can say both (--machines opcua --machines 500)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 value: object, option: str | None = None) -> None:
        text = str(value)
        if text in MACHINE_KINDS:
            namespace.machines = text
        elif text.isdigit() and int(text) > 0:
            namespace.plant_machines = int(text)
        else:
            parser.error(f"argument --machines: {text!r} is neither a way to read machines "
                         f"({', '.join(MACHINE_KINDS)}) nor a number of machines")


def demo_plant_args(args: argparse.Namespace) -> list[str]:
    """The demo plant's size as `gemba-sim` options (none for the standard plant)."""
    out = []
    if args.plant_machines is not None:
        out += ["--machines", str(args.plant_machines)]
    if args.orders is not None:
        out += ["--orders", str(args.orders)]
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gemba", description="Gemba Console: orders, machines, quality and lots together."
    )
    parser.add_argument("--version", action=_VersionAction,
                        help="show the program's version number and exit")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--demo", action="store_true",
                       help="start the demo plant on a free loopback port and connect to it")
    where.add_argument("--url", help="connect to a demo plant already running at URL")
    where.add_argument("--shared", metavar="URL",
                       help="shared mode: read the PostgreSQL cache a sync agent (gemba-sync) "
                            "fills, e.g. postgresql+psycopg://desk3@db/gemba")
    parser.add_argument("--machines", action=_MachinesAction, default="http",
                        metavar="{" + ",".join(MACHINE_KINDS) + "} or N",
                        help="with --demo: read the machines over HTTP (default), from an OPC UA "
                             "server or a Sparkplug B broker that mirror the demo plant; or, as "
                             f"a number, how many machines the demo plant has (default "
                             f"{STANDARD_MACHINES}); give it twice for both")
    parser.set_defaults(plant_machines=None)
    parser.add_argument("--orders", type=int, metavar="N",
                        help="with --demo: open orders in the demo plant (default: what its "
                             "year of history leaves open)")
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
                        help="render the main window to a PNG at PATH and exit, once the "
                             "sources are read through and the plan made from them is shown "
                             "(two minutes at most), or after --quit-after")
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help="quit after SECONDS")
    parser.add_argument("--first-frame", type=Path, metavar="PATH",
                        help="also render the first frame, drawn from the figures saved at the "
                             "last run before the cache is opened, to a PNG at PATH (start-up "
                             "timing; nothing is written when none are saved)")
    parser.add_argument("--lang", choices=LANGUAGES, help="language, instead of the system's")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.quit_after is not None and args.quit_after < 0:
        build_parser().error("--quit-after must not be negative")
    if args.orders is not None and args.orders < 0:
        build_parser().error("--orders must not be negative")
    # What widgets.console_start passes on to start_demo_plant(extra_args=...).
    args.demo_plant_args = demo_plant_args(args)
    quit_after = args.quit_after

    # Only the program name goes to Qt: our options are not Qt's to parse.
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Gemba Console")
    app.setWindowIcon(app_icon())
    language = LanguageSwitcher.start(app, args.lang)
    apply_style(app)

    # The saved figures at once, before the cache is opened (a demo's cache starts empty).
    start_frame = None
    if args.view == VIEW_NAMES[0] and not (args.demo or args.shared):
        start_frame = show_start_frame(app, args.cache, datetime.now(UTC), args.first_frame)
    app.setApplicationVersion(package_version())
    from widgets.console_start import start_console

    try:
        return start_console(app, args, quit_after, language)
    finally:
        if start_frame is not None and not start_frame.handed_over:
            start_frame.close()


if __name__ == "__main__":
    sys.exit(main())
