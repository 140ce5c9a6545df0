"""A real trytond on loopback for the Tryton connector tests.

Two series run, as plants run them: 7.0 (the LTS) and 8.2 (8.x moved its RPC paths, answers
three values to a login and renamed ir.model's fields). The `trytond_server` fixture is
parametrized by series, so every Tryton test runs against both.

trytond pins its own dependencies, so each series lives in a venv of its own:
$GEMBA_TRYTOND_VENV (one series only), or ~/.cache/gemba-tests/trytond-<series>-venv, created
with pip when missing (the tests are skipped, saying why, when pip cannot reach the registry).

The database is SQLite. Activating the modules takes about a minute, so the initialised and
seeded database file is cached under ~/.cache/gemba-tests/trytond-db/<key>/ (the key covers the
installed package versions, the module list and the seed script); a warm start copies it into a
temporary folder and only starts the server. $GEMBA_TRYTOND_CACHE moves the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

SERIES = ("7.0", "8.2")
# The modules the connector reads; pip brings their dependencies (account, company, ...).
MODULES = ["sale", "production", "production_routing", "production_work", "stock_lot",
           "sale_opportunity", "sale_complaint", "sale_supply_production"]


def packages(series: str) -> list[str]:
    return [f"trytond=={series}.*", *(f"trytond_{m}=={series}.*" for m in MODULES)]
DATABASE = "gemba"
ADMIN_PASSWORD = "gemba-admin"
START_DEADLINE_SECONDS = 60.0
INSTALL_DEADLINE_SECONDS = 900.0
INIT_DEADLINE_SECONDS = 600.0
POLL_SECONDS = 0.1
# trytond's own "today" (ir.date), pinned for the seed and the server: Tryton drops or moves
# dates that lie before today (a purchase's delivery date, a sale's shipping date), so the
# seeded dates would read differently on every day the tests run. The seed's dates sit around it.
PINNED_TODAY = "2026-11-25"


def cache_root() -> Path:
    return Path(os.environ.get("GEMBA_TRYTOND_CACHE")
                or Path.home() / ".cache" / "gemba-tests")


def venv_dir(series: str) -> Path:
    return Path(os.environ.get("GEMBA_TRYTOND_VENV")
                or cache_root() / f"trytond-{series}-venv")


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment for trytond's own programs: nothing of this project's paths leaks in."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return {**env, **extra}


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def ensure_venv(series: str) -> Path:
    """The trytond venv, created and filled with pip when missing; skips if pip cannot."""
    venv = venv_dir(series)
    done = venv / ".gemba-packages"
    wanted = "\n".join(packages(series))
    if done.exists() and done.read_text() == wanted and _bin(venv, "trytond").exists():
        return venv
    if not _bin(venv, "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    try:
        result = subprocess.run(
            [str(_bin(venv, "python")), "-m", "pip", "install", "--disable-pip-version-check",
             "-q", *packages(series)], capture_output=True, text=True,
            timeout=INSTALL_DEADLINE_SECONDS, env=_clean_env())
    except subprocess.TimeoutExpired:
        pytest.skip(f"installing trytond {series} with pip took longer than "
                    f"{INSTALL_DEADLINE_SECONDS:.0f} s")
    if result.returncode != 0:
        tail = " | ".join((result.stderr or result.stdout).strip().splitlines()[-3:])
        pytest.skip(f"cannot install trytond {series} from the package registry with pip "
                    f"into {venv}: {tail}")
    done.write_text(wanted)
    return venv


def _cache_key(venv: Path) -> str:
    freeze = subprocess.run([str(_bin(venv, "python")), "-m", "pip", "freeze", "--local"],
                            capture_output=True, text=True, check=True,
                            env=_clean_env()).stdout
    digest = hashlib.sha256()
    for part in (freeze, " ".join(MODULES), SEED_SOURCE, ADMIN_PASSWORD, PINNED_TODAY):
        digest.update(part.encode())
    return digest.hexdigest()[:16]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_conf(folder: Path, port: int) -> Path:
    conf = folder / "trytond.conf"
    conf.write_text(
        "[database]\nuri = sqlite://\n"
        f"path = {folder / 'db'}\n"
        "[web]\n"
        f"listen = 127.0.0.1:{port}\n"
        "[session]\n"
        # The tests log in with wrong passwords on purpose: no growing delays for them.
        "max_attempt = 100\n",
        encoding="utf-8")
    (folder / "db").mkdir(exist_ok=True)
    return conf


def _initialise(venv: Path, folder: Path) -> dict:
    """A fresh database with the modules activated and the test data seeded."""
    conf = _write_conf(folder, _free_port())
    (folder / "db" / f"{DATABASE}.sqlite").touch()
    passfile = folder / "admin-password"
    passfile.write_text(ADMIN_PASSWORD, encoding="utf-8")
    env = _clean_env(TRYTONPASSFILE=str(passfile))
    admin = subprocess.run(
        [str(_bin(venv, "trytond-admin")), "-c", str(conf), "-d", DATABASE, "--all",
         "--email", "admin@example.com", "--activate-dependencies", "-u", *MODULES],
        capture_output=True, text=True, env=env, timeout=INIT_DEADLINE_SECONDS)
    if admin.returncode != 0:
        raise RuntimeError(f"trytond-admin failed:\n{admin.stderr[-3000:]}")
    script = folder / "trytond_seed.py"
    script.write_text(SEED_SOURCE, encoding="utf-8")
    _pin_today(folder)
    seed = subprocess.run([str(_bin(venv, "python")), str(script), str(conf), DATABASE],
                          capture_output=True, text=True, timeout=INIT_DEADLINE_SECONDS,
                          env=_clean_env())
    if seed.returncode != 0:
        raise RuntimeError(f"seeding the Tryton database failed:\n{seed.stderr[-3000:]}")
    return json.loads(seed.stdout.strip().splitlines()[-1])


def seeded_database(venv: Path) -> tuple[Path, dict]:
    """The cached seeded database file and what the seed made (initialised when missing)."""
    cached = cache_root() / "trytond-db" / _cache_key(venv)
    db_file = cached / f"{DATABASE}.sqlite"
    seed_file = cached / "seed.json"
    if not (db_file.exists() and seed_file.exists()):
        with tempfile.TemporaryDirectory(prefix="gemba-trytond-init-") as tmp:
            seed = _initialise(venv, Path(tmp))
            cached.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(tmp) / "db" / f"{DATABASE}.sqlite", db_file.with_suffix(".tmp"))
            db_file.with_suffix(".tmp").replace(db_file)
            seed_file.write_text(json.dumps(seed), encoding="utf-8")
    return db_file, json.loads(seed_file.read_text(encoding="utf-8"))


@dataclass
class TrytonServer:
    url: str
    database: str
    login: str
    password: str
    seed: dict
    folder: Path
    process: subprocess.Popen
    series: str = SERIES[0]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def major(self) -> int:
        return int(self.series.split(".")[0])

    @property
    def database_path(self) -> str:
        """Where the database's calls go: /<db>/ (7.x) or /<db>/rpc/ (8.x)."""
        return f"/{self.database}/rpc/" if self.major >= 8 else f"/{self.database}/"

    @property
    def root_path(self) -> str:
        return "/rpc/" if self.major >= 8 else "/"

    def rpc(self, method: str, params: list, session: tuple[int, str] | None = None):
        """One JSON-RPC call, for tests that look at the server behind the connector's back."""
        import base64

        headers = {}
        if session:
            token = f"{self.login}:{session[0]}:{session[1]}".encode()
            headers["Authorization"] = "Session " + base64.b64encode(token).decode()
        answer = httpx.post(f"{self.url}{self.database_path}", headers=headers, timeout=30,
                            json={"id": 1, "method": method, "params": params})
        answer.raise_for_status()
        body = answer.json()
        if body.get("error"):
            raise RuntimeError(f"{method}: {body['error']}")
        return body["result"]

    def admin_session(self) -> tuple[int, str]:
        user_id, session, *_bus = self.rpc("common.db.login",
                                           [self.login, {"password": self.password}, "en"])
        return user_id, session

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def _wait_until_answering(server: TrytonServer, log: Path) -> None:
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"trytond exited ({server.process.returncode}):\n"
                               f"{log.read_text(errors='replace')[-3000:]}")
        try:
            answer = httpx.post(server.url + server.root_path, timeout=2,
                                json={"id": 0, "method": "common.server.version",
                                      "params": []})
            if answer.status_code == 200 and isinstance(answer.json().get("result"), str):
                return
        except httpx.HTTPError:
            pass
        # Between tries, wait on the process: it ends the wait early if trytond exits.
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=POLL_SECONDS)
    raise RuntimeError(f"trytond did not answer within {START_DEADLINE_SECONDS:.0f} s:\n"
                       f"{log.read_text(errors='replace')[-3000:]}")


# Run with the trytond venv's python: trytond's server program, with ir.date's today pinned
# once trytond has read its configuration (importing its models before that is not safe).
SERVER_SOURCE = r'''
import runpy
import sys

from trytond.config import config

read_configuration = config.update_etc


def update_etc(*args, **kwargs):
    extra_files = read_configuration(*args, **kwargs)
    import pinned_today  # noqa: F401  (written beside this file)
    return extra_files


config.update_etc = update_etc
program = sys.argv.pop(1)
sys.argv[0] = program
runpy.run_path(program, run_name="__main__")
'''


def _pin_today(folder: Path) -> None:
    """Writes pinned_today.py, which the seed and the server import to pin ir.date's today."""
    (folder / "pinned_today.py").write_text(
        "import datetime\n\nfrom trytond.ir.date import Date\n\n"
        f"PINNED = datetime.date.fromisoformat({PINNED_TODAY!r})\n"
        "Date.today = staticmethod(lambda timezone=None: PINNED)\n", encoding="utf-8")


@contextlib.contextmanager
def _installing() -> Iterator[None]:
    """One test process at a time installs trytond and seeds its database: pytest-xdist's
    workers each start a trytond of their own, from the same venv and cached database."""
    import fcntl  # the test suite runs on Linux (make test, CI)

    cache_root().mkdir(parents=True, exist_ok=True)
    with (cache_root() / "trytond.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def start_trytond(folder: Path, series: str = SERIES[0]) -> TrytonServer:
    """Install (once), initialise (once per versions) and start a seeded trytond."""
    timings: dict[str, float] = {}
    began = time.monotonic()
    with _installing():
        venv = ensure_venv(series)
        timings["venv_seconds"] = time.monotonic() - began
        began = time.monotonic()
        db_file, seed = seeded_database(venv)
    timings["database_seconds"] = time.monotonic() - began
    began = time.monotonic()
    port = _free_port()
    conf = _write_conf(folder, port)
    shutil.copyfile(db_file, folder / "db" / f"{DATABASE}.sqlite")
    log = folder / "trytond.log"
    _pin_today(folder)
    launcher = folder / "trytond_pinned.py"
    launcher.write_text(SERVER_SOURCE, encoding="utf-8")
    with log.open("wb") as out:
        process = subprocess.Popen([str(_bin(venv, "python")), str(launcher),
                                    # -d: load the database at start, as plants run
                                    # it (8.x answers a first login otherwise with
                                    # KeyError 'res.user').
                                    str(_bin(venv, "trytond")), "-c", str(conf),
                                    "-d", DATABASE],
                                   stdout=out, stderr=subprocess.STDOUT, env=_clean_env())
    server = TrytonServer(url=f"http://127.0.0.1:{port}", database=DATABASE, login="admin",
                          password=ADMIN_PASSWORD, seed=seed, folder=folder, process=process,
                          series=series, timings=timings)
    try:
        _wait_until_answering(server, log)
    except BaseException:
        server.stop()
        raise
    timings["start_seconds"] = time.monotonic() - began
    return server


@pytest.fixture(scope="session", params=SERIES, ids=lambda series: f"tryton-{series}")
def trytond_server(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrytonServer]:
    series = request.param
    server = start_trytond(tmp_path_factory.mktemp(f"trytond-{series}"), series)
    try:
        yield server
    finally:
        server.stop()


# Run with the trytond venv's python (it imports trytond, which this project does not have).
SEED_SOURCE = r'''
"""Seed a fresh Tryton database for the connector tests; run with the trytond venv's python.

usage: python trytond_seed.py <trytond.conf> <database>  (written out by start_trytond)

Uses trytond's own API (no JSON-RPC): a company, a customer with an e-mail, products, three
sales (one shipped from a lot, one draft, one confirmed), a production consuming raw lot R-55
into finished lot L-778 with a work on a work center, an opportunity, a complaint, a fourth
sale made to order whose production (requested by the sale) is running, and a confirmed
purchase of steel bars not received yet, from a mill that delivers in ten days.
Prints one JSON line with the ids the tests look for.
"""

import datetime as dt
import json
import sys
from decimal import Decimal

from trytond.config import config

config.update_etc(sys.argv[1])

import pinned_today  # noqa: E402,F401  (written beside this script: ir.date's today pinned)
from trytond.pool import Pool  # noqa: E402
from trytond.transaction import Transaction  # noqa: E402

DB = sys.argv[2]
Pool.start()
pool = Pool(DB)
pool.init()
done: dict = {}


def ref(module, xml_id):
    return pool.get("ir.model.data").get_id(module, xml_id)


with Transaction().start(DB, 0, context={}) as transaction:
    Party = pool.get("party.party")
    Currency = pool.get("currency.currency")
    Company = pool.get("company.company")
    User = pool.get("res.user")
    Uom = pool.get("product.uom")
    Template = pool.get("product.template")
    Location = pool.get("stock.location")
    Lot = pool.get("stock.lot")
    Move = pool.get("stock.move")
    Sale = pool.get("sale.sale")
    Production = pool.get("production")

    eur, = Currency.create([{"name": "Euro", "code": "EUR", "symbol": "€"}])
    company_party, = Party.create([{"name": "Gemba Works"}])
    company, = Company.create([{"party": company_party.id, "currency": eur.id}])
    admin, = User.search([("login", "=", "admin")])
    User.write([admin], {"companies": [("add", [company.id])], "company": company.id})

with Transaction().start(DB, 0, context={"company": company.id}) as transaction:
    unit = Uom(ref("product", "uom_unit"))
    storage = Location(ref("stock", "location_storage"))
    lost_found = Location(ref("stock", "location_lost_found"))
    production_location = Location(ref("production", "location_production"))
    warehouse = Location(ref("stock", "location_warehouse"))

    customer, = Party.create([{
        "name": "Acme Corp", "code": "C-ACME",
        "addresses": [("create", [{"street": "1 Main Street", "city": "Springfield"}])],
        "contact_mechanisms": [("create", [
            {"type": "email", "value": "buyer@acme.example", "name": "Ann Buyer"},
            {"type": "phone", "value": "+1 555 0100"}])],
    }])
    widget_t, steel_t = Template.create([{
        "name": "Widget", "type": "goods", "default_uom": unit.id, "list_price": Decimal(50),
        "salable": True, "sale_uom": unit.id, "producible": True,
        "products": [("create", [{"suffix_code": "P-200"}])],
    }, {
        "name": "Steel bar", "type": "goods", "default_uom": unit.id,
        "list_price": Decimal(5), "salable": True, "sale_uom": unit.id,
        "purchasable": True, "purchase_uom": unit.id,
        "products": [("create", [{"suffix_code": "R-10"}])],
    }])
    widget, = widget_t.products
    steel, = steel_t.products

    raw_lot, fin_lot = Lot.create([
        {"number": "R-55", "product": steel.id}, {"number": "L-778", "product": widget.id}])
    # Raw material in stock, from lot R-55.
    receipt, = Move.create([{
        "product": steel.id, "quantity": 100, "unit": unit.id, "lot": raw_lot.id,
        "from_location": lost_found.id, "to_location": storage.id, "company": company.id,
        "effective_date": dt.date(2026, 2, 20)}])
    Move.do([receipt])

    # Production: 20 steel bars of R-55 → 10 widgets of L-778, through a work center.
    production, = Production.create([{
        "product": widget.id, "quantity": 10, "unit": unit.id, "company": company.id,
        "warehouse": warehouse.id, "location": production_location.id,
        "planned_date": dt.date(2026, 3, 2), "planned_start_date": dt.date(2026, 3, 1),
        "inputs": [("create", [{
            "product": steel.id, "quantity": 20, "unit": unit.id, "lot": raw_lot.id,
            "from_location": storage.id, "to_location": production_location.id,
            "company": company.id}])],
        "outputs": [("create", [{
            "product": widget.id, "quantity": 10, "unit": unit.id, "lot": fin_lot.id,
            "from_location": production_location.id, "to_location": storage.id,
            "company": company.id, "unit_price": Decimal(10), "currency": eur.id}])],
    }])
    done["production"] = production.id
    try:
        Center = pool.get("production.work.center")
        Operation = pool.get("production.routing.operation")
        Work = pool.get("production.work")
        center, = Center.create([{"name": "Lathe 1", "company": company.id,
                                  "warehouse": warehouse.id}])
        operation, = Operation.create([{"name": "Turning"}])
        Work.create([{"production": production.id, "operation": operation.id,
                      "work_center": center.id, "company": company.id}])
        done["work_center"] = center.id
    except Exception as exc:  # the test reports what did not seed
        done["work_error"] = repr(exc)
    Production.wait([production])
    Production.assign([production])
    Production.run([production])
    if "work_center" in done:  # every work must be finished before the production is done
        Cycle = pool.get("production.work.cycle")
        cycles = Cycle.create([{"work": w.id, "duration": dt.timedelta(minutes=42)}
                               for w in Work.search([("production", "=", production.id)])])
        Cycle.run(cycles)
        Cycle.do(cycles)
    # 8.x renamed the transition to done "do", as stock moves and works have it.
    (Production.do if hasattr(Production, "do") else Production.done)([production])

    def sale(reference, day, lines, **extra):
        """A sale to Acme from the warehouse; `lines` as (product, quantity, unit price)."""
        return {
            "party": customer.id, "company": company.id, "currency": eur.id,
            "invoice_address": customer.addresses[0].id,
            "shipment_address": customer.addresses[0].id, "invoice_method": "manual",
            "sale_date": day, "reference": reference, "warehouse": warehouse.id,
            "lines": [("create", [{"product": product.id, "quantity": quantity,
                                   "unit": unit.id, "unit_price": Decimal(price),
                                   "type": "line"} for product, quantity, price in lines])],
            **extra}

    # Sale 1: confirmed and shipped from lot L-778; sale 2: draft; sale 3: confirmed, not shipped.
    sales = Sale.create([
        sale("PO-1", dt.date(2026, 2, 25), [(widget, 4, 50)]),
        sale("PO-2", dt.date(2026, 2, 26), [(widget, 6, 50), (steel, 3, 5)],
             shipping_date=dt.date(2026, 3, 20)),
        sale("PO-3", dt.date(2026, 2, 27), [(widget, 2, 50)])])
    done["sales"] = [s.id for s in sales]
    # Sales 1 and 3 are confirmed: their lines have stock moves (3's stay open).
    confirmed = [sales[0], sales[2]]
    Sale.quote(confirmed)
    Sale.confirm(confirmed)
    Sale.process(confirmed)
    try:
        Shipment = pool.get("stock.shipment.out")
        shipment, = Sale(sales[0].id).shipments
        Move.write(list(shipment.inventory_moves), {"lot": fin_lot.id})
        Shipment.assign([shipment])
        Shipment.pick([shipment])
        Shipment.pack([shipment])
        # 8.x ships a packed shipment before it is done, and names that transition "do".
        if hasattr(Shipment, "ship"):
            Shipment.ship([shipment])
        (Shipment.do if hasattr(Shipment, "do") else Shipment.done)([shipment])
        done["shipment"] = shipment.id
        Sale.process([Sale(sales[0].id)])
    except Exception as exc:
        done["shipment_error"] = repr(exc)
    try:
        Opportunity = pool.get("sale.opportunity")
        opportunity, = Opportunity.create([{
            "party": customer.id, "company": company.id, "currency": eur.id,
            "description": "Widgets for 2027", "conversion_probability": 0.4,
            "start_date": dt.date(2026, 3, 1), "end_date": dt.date(2026, 6, 30),
            "lines": [("create", [{"product": widget.id, "quantity": 500,
                                   "unit": unit.id}])]}])
        done["opportunity"] = opportunity.id
    except Exception as exc:
        done["opportunity_error"] = repr(exc)
    try:
        Type = pool.get("sale.complaint.type")
        Complaint = pool.get("sale.complaint")
        IrModel = pool.get("ir.model")
        # 8.x renamed ir.model's technical name from "model" to "name".
        technical = "name" if "string" in IrModel._fields else "model"
        sale_model, = IrModel.search([(technical, "=", "sale.sale")])
        ctype, = Type.create([{"name": "Quality", "origin": sale_model.id}])
        complaint, = Complaint.create([{
            "customer": customer.id, "company": company.id, "type": ctype.id,
            "origin": f"sale.sale,{sales[0].id}", "date": dt.date(2026, 3, 5),
            "description": "Burrs on widgets of lot L-778"}])
        done["complaint"] = complaint.id
    except Exception as exc:
        done["complaint_error"] = repr(exc)
    try:
        # Made to order (sale_supply_production): confirming sale 4 requests a production for
        # its bracket line. That production is released and running: its first work (cutting on
        # Saw 1) finished, its second (turning on Lathe 1) under way.
        Cycle = pool.get("production.work.cycle")
        bracket_t, = Template.create([{
            "name": "Bracket", "type": "goods", "default_uom": unit.id,
            "list_price": Decimal(80), "salable": True, "sale_uom": unit.id,
            "producible": True, "supply_on_sale": "always",
            "products": [("create", [{"suffix_code": "P-300"}])],
        }])
        bracket, = bracket_t.products
        made, = Sale.create([sale("PO-4", dt.date(2026, 11, 16), [(bracket, 8, 80)],
                                  shipping_date=dt.date(2026, 12, 10))])
        Sale.quote([made])
        Sale.confirm([made])
        Sale.process([made])
        line, = Sale(made.id).lines
        requested, = Production.search([("origin", "=", f"sale.line,{line.id}")])
        Production.write([requested], {
            "planned_start_date": dt.date(2026, 11, 23), "planned_date": dt.date(2026, 12, 4),
            "inputs": [("create", [{
                "product": steel.id, "quantity": 16, "unit": unit.id, "lot": raw_lot.id,
                "from_location": storage.id, "to_location": production_location.id,
                "company": company.id}])]})
        Production.draft([requested])  # would delete works made while a request
        saw, = Center.create([{"name": "Saw 1", "company": company.id,
                               "warehouse": warehouse.id}])
        cutting, = Operation.create([{"name": "Cutting"}])
        works = Work.create([
            {"production": requested.id, "operation": cutting.id, "work_center": saw.id,
             "company": company.id, "sequence": 1},
            {"production": requested.id, "operation": operation.id, "work_center": center.id,
             "company": company.id, "sequence": 2}])
        Production.wait([requested])
        Production.assign([requested])
        Production.run([requested])
        cut = Cycle.create([{"work": works[0].id, "duration": dt.timedelta(minutes=55)}])
        Cycle.run(cut)
        Cycle.do(cut)
        Cycle.run(Cycle.create([{"work": works[1].id}]))
        done["made_to_order"] = {"sale": made.id, "line": line.id,
                                 "production": requested.id}
    except Exception as exc:
        done["made_to_order_error"] = repr(exc)
    try:
        # Steel on order from a supplier: a confirmed purchase, nothing received yet.
        Purchase = pool.get("purchase.purchase")
        supplier, = Party.create([{"name": "Linz Steel Mill",
                                   "addresses": [("create", [{"city": "Linz"}])]}])
        purchase, = Purchase.create([{
            "party": supplier.id, "company": company.id, "currency": eur.id,
            "invoice_address": supplier.addresses[0].id, "warehouse": warehouse.id,
            "invoice_method": "manual", "purchase_date": dt.date(2026, 11, 20),
            "delivery_date": dt.date(2026, 12, 1),
            "lines": [("create", [{"product": steel.id, "quantity": 200, "unit": unit.id,
                                   "unit_price": Decimal(4), "type": "line"}])],
        }])
        Purchase.quote([purchase])
        Purchase.confirm([purchase])
        Purchase.process([purchase])
        purchase = Purchase(purchase.id)
        done["purchase"] = {"id": purchase.id, "number": purchase.number,
                            "line": purchase.lines[0].id}
        # The mill delivers steel bars ten days after they are ordered; anything else of it
        # in two weeks (its own lead time), such as the wire rod it has no time for.
        wire_t, = Template.create([{
            "name": "Wire rod", "type": "goods", "default_uom": unit.id,
            "list_price": Decimal(3), "purchasable": True, "purchase_uom": unit.id,
            "products": [("create", [{"suffix_code": "R-20"}])]}])
        Party.write([supplier], {"supplier_lead_time": dt.timedelta(days=14)})
        pool.get("purchase.product_supplier").create([{
            "template": steel_t.id, "party": supplier.id, "company": company.id,
            "lead_time": dt.timedelta(days=10)}, {
            "template": wire_t.id, "party": supplier.id, "company": company.id}])
    except Exception as exc:
        done["purchase_error"] = repr(exc)
    try:
        # The bracket's BOM (2 steel bars each) and routing (cutting, then turning): work
        # center categories say where each operation runs; Tryton keeps no times on them.
        Category = pool.get("production.work.center.category")
        Bom = pool.get("production.bom")
        Routing = pool.get("production.routing")
        ProductBom = pool.get("product.product-production.bom")
        sawing, turning = Category.create([{"name": "Sawing"}, {"name": "Turning"}])
        Center.write([saw], {"category": sawing.id})
        Center.write([center], {"category": turning.id})
        Operation.write([cutting], {"work_center_category": sawing.id})
        Operation.write([operation], {"work_center_category": turning.id})
        bom, = Bom.create([{
            "name": "Bracket",
            "inputs": [("create", [{"product": steel.id, "quantity": 2, "unit": unit.id}])],
            "outputs": [("create", [{"product": bracket.id, "quantity": 1,
                                     "unit": unit.id}])]}])
        routing, = Routing.create([{
            "name": "Bracket", "boms": [("add", [bom.id])],
            "steps": [("create", [{"operation": cutting.id, "sequence": 1},
                                  {"operation": operation.id, "sequence": 2}])]}])
        ProductBom.create([{"product": bracket.id, "bom": bom.id, "routing": routing.id}])
        done["routing"] = {"bom": bom.id, "routing": routing.id, "saw": saw.id,
                           "lathe": center.id}
    except Exception as exc:
        done["routing_error"] = repr(exc)
    done.update(customer=customer.id, lots=[raw_lot.id, fin_lot.id],
                products=[widget.id, steel.id])
    transaction.commit()

print(json.dumps(done))
'''
