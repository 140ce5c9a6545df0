"""gemba-b2mml: import ISA-95 B2MML files into the cache, export work orders as B2MML.

    gemba-b2mml import FILE [--cache URL] [--source NAME] [--schemas DIR] [--dry-run]
    gemba-b2mml export OUT.xml [--cache URL] [--source NAME] [--schemas DIR]
    gemba-b2mml release OUT.xml [--cache URL] [--schemas DIR]

`release` writes a ProductionSchedule of every confirmed order line no work order covers yet,
as the console would release it (app.automation.release: the options through the plant's
mapping); a line whose options the mapping refuses is listed with the reason and left out.

An import reads a ProductionSchedule or a ProductionPerformance (told apart by the root
element), plans every change, then writes all of it in one transaction or nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.b2mml.errors import B2mmlError
from app.b2mml.performance_export import write_performance
from app.b2mml.performance_import import plan_performance_import
from app.b2mml.plan import FEED, ImportPlan
from app.b2mml.schedule_import import plan_schedule_import
from app.b2mml.xmlsupport import root_name
from app.cache.database import default_cache_url
from app.cache.store import CacheStore
from app.domain import Product

DEFAULT_SOURCE = "b2mml"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="gemba-b2mml",
        description="Import ISA-95 B2MML V0600 files into the Gemba cache and export work "
                    "orders as a ProductionPerformance.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--cache", default=None, metavar="URL",
                        help="the cache's SQLAlchemy URL (default: the console's cache, "
                             f"{default_cache_url()})")
    common.add_argument("--source", default=DEFAULT_SOURCE, metavar="NAME",
                        help=f"the source the work orders belong to (default: {DEFAULT_SOURCE})")
    common.add_argument("--schemas", type=Path, default=None, metavar="DIR",
                        help="folder with the B2MML V0600 schemas: validate against them")
    commands = parser.add_subparsers(dest="command", required=True)
    do_import = commands.add_parser("import", parents=[common],
                                    help="import a ProductionSchedule or ProductionPerformance")
    do_import.add_argument("file", type=Path, metavar="FILE")
    do_import.add_argument("--dry-run", action="store_true",
                           help="list what would change, write nothing")
    do_export = commands.add_parser("export", parents=[common],
                                    help="write the work orders as a ProductionPerformance")
    do_export.add_argument("out", type=Path, metavar="OUT.xml")
    do_release = commands.add_parser(
        "release", parents=[common],
        help="write the confirmed lines without a work order as a ProductionSchedule")
    do_release.add_argument("out", type=Path, metavar="OUT.xml")
    return parser.parse_args(argv)


def known_products(store: CacheStore) -> dict[str, Product] | None:
    """Every product the cache holds, from any source; None when it holds none, so a cache
    without master data can still take a schedule (then products are not checked)."""
    found: dict[str, Product] = {}
    for source in store.sources_of("mes.products"):
        found.update((p.id, p) for p in store.all(source, "mes.products"))
    return found or None


def run_import(store: CacheStore, args: argparse.Namespace) -> str:
    kind = root_name(args.file)
    plan: ImportPlan
    if kind == "ProductionSchedule":
        plan = plan_schedule_import(store, args.source, args.file,
                                    products=known_products(store), schema_dir=args.schemas)
    elif kind == "ProductionPerformance":
        plan = plan_performance_import(store, args.source, args.file, schema_dir=args.schemas)
    else:
        raise B2mmlError(str(args.file), None, f"root element is {kind}; expected "
                         "ProductionSchedule or ProductionPerformance (B2MML V0600)")
    if args.dry_run:
        for note in plan.notes:
            print(f"  {note}")
        return f"{plan.summary()} (dry run: nothing written)"
    changes = plan.apply(store, args.source)
    stale = len(changes.stale.get(FEED, ()))
    return plan.summary() + (f", {stale} skipped (the cache holds newer)" if stale else "")


def run_export(store: CacheStore, args: argparse.Namespace) -> str:
    orders = store.all(args.source, FEED)
    count = write_performance(args.out, orders, schema_dir=args.schemas)
    return f"{count} work orders -> {args.out}"


def run_release(store: CacheStore, args: argparse.Namespace) -> str:
    from app.analytics.fulfilment import link_orders
    from app.automation.release import OptionRefused, load_mappings, release_request
    from app.b2mml.schedule_export import write_schedule
    from app.domain import OrderStatus

    crm = store.sources_of("crm.orders")
    orders = [o for o in (store.all(crm[0], "crm.orders") if crm else [])
              if o.status in (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION)]
    work_orders = [w for source in store.sources_of(FEED) for w in store.all(source, FEED)]
    by_id = {o.id: o for o in orders}
    mappings = load_mappings(store)
    releases = []
    for unlinked in link_orders(orders, work_orders).unlinked_lines:
        order = by_id[unlinked.order_id]
        line = next(x for x in order.lines if x.line_no == unlinked.line_no)
        try:
            releases.append(release_request(order, line, mappings))
        except OptionRefused as refused:
            print(f"  {order.number} line {line.line_no} refused: {refused}")
    count = write_schedule(args.out, releases, products=known_products(store),
                           schema_dir=args.schemas)
    return f"{count} order lines -> {args.out}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        store = CacheStore.open(args.cache)
    except (SQLAlchemyError, OSError) as error:
        print(f"gemba-b2mml: cannot open the cache: {error}", file=sys.stderr)
        return 2
    try:
        run = {"import": run_import, "export": run_export, "release": run_release}
        summary = run[args.command](store, args)
    except B2mmlError as error:
        print(f"gemba-b2mml: {error}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError) as error:
        print(f"gemba-b2mml: {error}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
