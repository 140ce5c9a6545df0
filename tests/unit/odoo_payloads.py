"""Odoo payloads shaped as Odoo documents them, and a small fake server that serves them through
httpx.MockTransport over both external APIs:

- JSON-2 (Odoo 19): POST /json/2/<model>/<method>, named arguments in a JSON object,
  `Authorization: bearer <key>`, errors as a 4xx/5xx with {"name", "message", "arguments",
  "context", "debug"};
- JSON-RPC (Odoo 16-18): POST /jsonrpc with {"service": "common", "method": "authenticate"} and
  {"service": "object", "method": "execute_kw", "args": [db, uid, key, model, method, args,
  kwargs]}, errors as {"error": {"code": 200, "message": "Odoo Server Error", "data": {...}}};
- /web/webclient/version_info (JSON-RPC "call") for the version.

Records are rows as search_read answers them: many2one as [id, "display name"] or False,
datetimes as "YYYY-MM-DD HH:MM:SS" (UTC). Domains are evaluated in Polish notation with dotted
paths through the relations listed in RELATIONS.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import httpx

URL = "https://odoo.example.com"
DATABASE = "acme"
LOGIN = "gemba-bot"
API_KEY = "6578616d706c65206a736f6e20617069206b6579"
UID = 7

# (model, field) → (comodel, kind, inverse field for one2many)
RELATIONS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("res.partner", "parent_id"): ("res.partner", "m2o", ""),
    ("res.partner", "child_ids"): ("res.partner", "o2m", "parent_id"),
    ("sale.order", "order_line"): ("sale.order.line", "o2m", "order_id"),
    ("mrp.production", "workorder_ids"): ("mrp.workorder", "o2m", "production_id"),
    ("stock.picking", "move_line_ids"): ("stock.move.line", "o2m", "picking_id"),
    ("stock.move.line", "move_id"): ("stock.move", "m2o", ""),
    ("stock.quant", "location_id"): ("stock.location", "m2o", ""),
    ("stock.warehouse.orderpoint", "location_id"): ("stock.location", "m2o", ""),
    ("purchase.order.line", "order_id"): ("purchase.order", "m2o", ""),
}
INSTALLED = ("res.partner", "res.company", "res.users", "sale.order", "sale.order.line",
             "crm.lead", "stock.picking", "stock.move", "stock.move.line", "stock.lot",
             "mrp.production", "mrp.workorder", "mrp.workcenter",
             "mrp.workcenter.productivity", "product.product", "mail.message", "ir.model",
             "stock.location", "stock.quant", "stock.warehouse.orderpoint", "purchase.order",
             "purchase.order.line")


def stamp(day: int, hour: int = 8, minute: int = 0, second: int = 0) -> str:
    return f"2026-03-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"


def m2o(record_id: int | None, name: str = "") -> list | bool:
    return [record_id, name or f"#{record_id}"] if record_id else False


def version_info(major: int) -> dict[str, Any]:
    """/web/webclient/version_info's result (the same as common.version)."""
    return {"server_version": f"{major}.0", "server_version_info": [major, 0, 0, "final", 0, ""],
            "server_serie": f"{major}.0", "protocol_version": 1}


def error_body(name: str, message: str) -> dict[str, Any]:
    """A JSON-2 error body."""
    return {"name": name, "message": message, "arguments": [message], "context": {},
            "debug": f"Traceback (most recent call last):\n  ...\n{name}: {message}\n"}


def rpc_error(name: str, message: str) -> dict[str, Any]:
    """A JSON-RPC error object."""
    return {"code": 200, "message": "Odoo Server Error",
            "data": {"name": name, "debug": f"Traceback ...\n{name}: {message}\n",
                     "message": message, "arguments": [message], "context": {}}}


# --- rows ------------------------------------------------------------------------------------


def partner(pid: int, name: str, written: str, *, rank: int = 1, parent: int | None = None,
            ref: str = "", active: bool = True, email: str = "") -> dict[str, Any]:
    return {"id": pid, "name": name, "ref": ref or False, "lang": "en_US",
            "country_id": m2o(233, "Taiwan"), "customer_rank": rank,
            "parent_id": m2o(parent), "commercial_partner_id": m2o(parent or pid),
            "email": email or False, "phone": False, "active": active, "write_date": written}


def sale_order(oid: int, name: str, partner_id: int, state: str, written: str, *,
               commitment: str | None = None, po: str = "") -> dict[str, Any]:
    return {"id": oid, "name": name, "partner_id": m2o(partner_id), "state": state,
            "client_order_ref": po or False, "commitment_date": commitment or False,
            "date_order": stamp(1), "create_date": stamp(1), "invoice_status": "to invoice",
            "write_date": written}


def order_line(lid: int, order_id: int, product_id: int, qty: float, written: str, *,
               delivered: float = 0, uom_field: str = "product_uom") -> dict[str, Any]:
    return {"id": lid, "order_id": m2o(order_id), "sequence": 10, "display_type": False,
            "product_id": m2o(product_id), "product_uom_qty": qty, uom_field: m2o(1, "Units"),
            "qty_delivered": delivered, "customer_lead": 7.0, "write_date": written}


def product(pid: int, code: str) -> dict[str, Any]:
    return {"id": pid, "default_code": code, "write_date": stamp(1)}


def production(mid: int, name: str, product_id: int, qty: float, state: str, written: str, *,
               producing: float = 0, produced: float = 0, lot: int | None = None,
               priority: str = "0") -> dict[str, Any]:
    return {"id": mid, "name": name, "product_id": m2o(product_id), "product_qty": qty,
            "product_uom_id": m2o(1, "Units"), "qty_producing": producing,
            "qty_produced": produced, "state": state, "priority": priority,
            "date_deadline": stamp(20), "date_start": stamp(2), "origin": "S00042",
            "lot_producing_id": m2o(lot), "write_date": written}


def workorder(wid: int, production_id: int, workcenter: int, state: str, written: str,
              produced: float = 0) -> dict[str, Any]:
    return {"id": wid, "production_id": m2o(production_id), "workcenter_id": m2o(workcenter),
            "state": state, "date_start": stamp(2), "date_finished": stamp(3),
            "qty_produced": produced, "write_date": written}


def location(lid: int, name: str, usage: str = "internal") -> dict[str, Any]:
    return {"id": lid, "complete_name": name, "usage": usage, "write_date": stamp(1)}


def quant(qid: int, product_id: int, location_id: int, location_name: str, qty: float,
          written: str, *, reserved: float = 0, unit: str = "Units") -> dict[str, Any]:
    return {"id": qid, "product_id": m2o(product_id), "location_id": m2o(location_id,
                                                                           location_name),
            "quantity": qty, "reserved_quantity": reserved, "product_uom_id": m2o(1, unit),
            "lot_id": False, "write_date": written}


def orderpoint(oid: int, product_id: int, location_id: int, location_name: str,
               minimum: float, written: str) -> dict[str, Any]:
    return {"id": oid, "name": f"OP/{oid:05d}", "product_id": m2o(product_id),
            "location_id": m2o(location_id, location_name), "product_min_qty": minimum,
            "product_max_qty": minimum * 3, "active": True, "write_date": written}


def purchase_order(oid: int, name: str, state: str, written: str) -> dict[str, Any]:
    return {"id": oid, "name": name, "state": state, "write_date": written}


def purchase_line(lid: int, order_id: int, order_name: str, product_id: int, qty: float,
                  written: str, *, received: float = 0, state: str = "purchase",
                  planned: str = "", supplier: tuple[int, str] = (20, "Steelworks Ltd"),
                  uom_field: str = "product_uom") -> dict[str, Any]:
    return {"id": lid, "order_id": m2o(order_id, order_name), "display_type": False,
            "partner_id": m2o(*supplier), "product_id": m2o(product_id), "product_qty": qty,
            "qty_received": received, uom_field: m2o(2, "kg"),
            "date_planned": planned or stamp(12, 9), "state": state, "write_date": written}


# --- the fake server -------------------------------------------------------------------------


def _value(row: dict[str, Any], field: str) -> Any:
    value = row.get(field, False)
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int):
        return value[0]  # a many2one compares as its id
    return value


def _compare(value: Any, op: str, arg: Any) -> bool:
    if op == "=":
        return value == arg or (arg is False and value in (None, False))
    if op == "!=":
        return not _compare(value, "=", arg)
    if op in ("in", "not in"):
        return (value in arg) == (op == "in")
    if op in ("like", "ilike"):
        return str(arg).strip("%").lower() in str(value or "").lower()
    if value is False or value is None:
        return False
    return {">": value > arg, ">=": value >= arg, "<": value < arg, "<=": value <= arg}[op]


class FakeOdoo:
    """An Odoo 18 (JSON-RPC) or 19 (JSON-2) server holding rows per model."""

    def __init__(self, major: int = 19) -> None:
        self.major = major
        self.tables: dict[str, dict[int, dict[str, Any]]] = {m: {} for m in INSTALLED}
        self.requests: list[httpx.Request] = []
        self.calls: list[tuple[str, str, dict[str, Any]]] = []  # (model, method, named args)
        self.denied: set[str] = set()  # models the user may not read (AccessError)
        self.expire_next = 0  # how many next object calls answer "session expired"
        self.logins = 0
        self.drop_after: Callable[[str, str], bool] | None = None  # applied, answer lost
        self.malformed: set[tuple[str, str]] = set()  # (model, method) answering nonsense
        self.key = API_KEY
        self._ids = itertools.count(1000)

    def add(self, model: str, *rows: dict[str, Any]) -> None:
        for row in rows:
            self.tables[model][row["id"]] = dict(row)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # -- domains ------------------------------------------------------------------------------

    def _leaf(self, model: str, row: dict[str, Any], path: str, op: str, arg: Any) -> bool:
        head, _, rest = path.partition(".")
        if not rest:
            return _compare(_value(row, head), op, arg)
        comodel, kind, inverse = RELATIONS[(model, head)]
        if kind == "m2o":
            target = self.tables[comodel].get(_value(row, head))
            return target is not None and self._leaf(comodel, target, rest, op, arg)
        return any(self._leaf(comodel, child, rest, op, arg)
                   for child in self.tables[comodel].values()
                   if _value(child, inverse) == row["id"])

    def _match(self, model: str, row: dict[str, Any], domain: list) -> bool:
        def evaluate(items: list) -> tuple[bool, list]:
            head, tail = items[0], items[1:]
            if head == "!":
                value, tail = evaluate(tail)
                return not value, tail
            if head in ("&", "|"):
                left, tail = evaluate(tail)
                right, tail = evaluate(tail)
                return (left and right) if head == "&" else (left or right), tail
            field, op, arg = head
            return self._leaf(model, row, field, op, arg), tail

        rest = list(domain)
        while rest:
            value, rest = evaluate(rest)
            if not value:
                return False
        return True

    def search_read(self, model: str, domain: list, fields: list[str], offset: int = 0,
                    limit: int | None = None, order: str = "id asc",
                    context: dict | None = None) -> list[dict[str, Any]]:
        active_test = (context or {}).get("active_test", True)
        rows = [r for r in self.tables[model].values()
                if self._match(model, r, domain)
                and not (active_test and r.get("active") is False)]
        for part in reversed([p.strip().split() for p in order.split(",")]):
            rows.sort(key=lambda r, f=part[0]: (_value(r, f) is False, _value(r, f)),
                      reverse=len(part) > 1 and part[1].lower() == "desc")
        rows = rows[offset:offset + limit if limit else None]
        return [{"id": r["id"], **{f: r.get(f, False) for f in fields if f != "id"}}
                for r in rows]

    # -- methods ------------------------------------------------------------------------------

    def execute(self, model: str, method: str, ids: list[int] | None,
                named: dict[str, Any]) -> Any:
        self.calls.append((model, method, {"ids": ids, **named}))
        if model in self.denied:
            raise _Fault("odoo.exceptions.AccessError",
                         f"You are not allowed to access '{model}' ({model}) records.\n\n"
                         "This operation is allowed for the following groups:\n"
                         "\t- Sales/Administrator\n\nContact your administrator to request "
                         "access if necessary.", 403)
        if (model, method) in self.malformed:
            return {"unexpected": "shape"}
        if model == "ir.model" and method == "search_read":
            wanted = named["domain"][0][2]
            return [{"id": n, "model": m} for n, m in enumerate(INSTALLED, 1) if m in wanted]
        if method == "search_read":
            return self.search_read(model, named.get("domain", []), named.get("fields", []),
                                    named.get("offset", 0), named.get("limit"),
                                    named.get("order") or "id asc", named.get("context"))
        if method == "context_get":
            return {"lang": "en_US", "tz": "Asia/Taipei", "uid": UID}
        if method == "write":
            for record_id in ids or []:
                self.tables[model][record_id].update(named["vals"])
                self.tables[model][record_id]["write_date"] = stamp(28)
            return True
        if method == "create" and model == "sale.order":
            made = []
            for vals in named["vals_list"]:
                order_id = next(self._ids)
                lines = vals.pop("order_line", [])
                self.add(model, {"id": order_id, "name": f"S{order_id:05d}", "state": "draft",
                                 "date_order": stamp(28), "create_date": stamp(28),
                                 "write_date": stamp(28), "invoice_status": "no",
                                 "partner_id": m2o(vals.pop("partner_id")),
                                 "commitment_date": False, "client_order_ref": False,
                                 **vals})
                for _, _, line in lines:
                    line_id = next(self._ids)
                    self.add("sale.order.line", order_line(
                        line_id, order_id, line["product_id"], line["product_uom_qty"],
                        stamp(28), uom_field="product_uom_id" if self.major >= 19
                        else "product_uom"))
                made.append(order_id)
            return made
        if method == "create":
            made = []
            for vals in named["vals_list"]:
                new_id = next(self._ids)
                row = {"id": new_id, "name": f"WH/MO/{new_id:05d}", "state": "draft",
                       "write_date": stamp(28), **vals}
                for field in ("product_id", "product_uom_id"):
                    if isinstance(row.get(field), int):
                        row[field] = m2o(row[field], "Units" if field != "product_id" else "")
                self.add(model, row)
                made.append(new_id)
            return made
        if method == "action_confirm":
            for record_id in ids or []:
                self.tables[model][record_id]["state"] = "confirmed"
            return True
        if method == "message_post":
            message_id = next(self._ids)
            self.add("mail.message", {"id": message_id, "model": model, "res_id": ids[0],
                                      "body": f"<p>{named['body']}</p>",
                                      "message_type": named.get("message_type"),
                                      "subtype_xmlid": named.get("subtype_xmlid"),
                                      "write_date": stamp(28)})
            return message_id
        raise _Fault("builtins.AttributeError",
                     f"The method '{method}' does not exist on the model '{model}'", 422)

    def messages(self, model: str, res_id: int) -> list[dict[str, Any]]:
        return [m for m in self.tables["mail.message"].values()
                if m["model"] == model and m["res_id"] == res_id]

    # -- HTTP ---------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        body = json.loads(request.content or b"{}")
        if path == "/web/webclient/version_info":
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": body.get("id"),
                                             "result": version_info(self.major)})
        if path.startswith("/json/2/"):
            return self._json2(request, path, body)
        if path == "/jsonrpc":
            return self._jsonrpc(body)
        return httpx.Response(404, text="<html><title>404 Not Found</title></html>")

    def _object_call(self, model: str, method: str, ids, named) -> Any:
        if self.expire_next:
            self.expire_next -= 1
            raise _Fault("odoo.http.SessionExpiredException", "Session expired", 403)
        result = self.execute(model, method, ids, named)
        if self.drop_after and self.drop_after(model, method):
            self.drop_after = None
            raise httpx.ReadTimeout("the answer never came")
        return result

    def _json2(self, request: httpx.Request, path: str, body: dict[str, Any]) -> httpx.Response:
        if self.major < 19:
            return httpx.Response(404, text="<html><title>404 Not Found</title></html>")
        if request.headers.get("Authorization") != f"bearer {self.key}":
            return httpx.Response(401, json=error_body("werkzeug.exceptions.Unauthorized",
                                                       "Invalid apikey"))
        if request.headers.get("X-Odoo-Database") != DATABASE:
            return httpx.Response(404, text="<html><title>404 Not Found</title></html>")
        model, method = path.removeprefix("/json/2/").split("/", 1)
        named = dict(body)
        ids = named.pop("ids", None)
        try:
            return httpx.Response(200, json=self._object_call(model, method, ids, named))
        except _Fault as fault:
            return httpx.Response(fault.status, json=error_body(fault.name, fault.message))

    def _jsonrpc(self, body: dict[str, Any]) -> httpx.Response:
        params = body["params"]

        def answer(result: Any = None, error: dict | None = None) -> httpx.Response:
            if error is not None:
                return httpx.Response(200, json={"jsonrpc": "2.0", "id": body.get("id"),
                                                 "error": error})
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": body.get("id"),
                                             "result": result})

        if params["service"] == "common" and params["method"] == "version":
            return answer(version_info(self.major))
        if params["service"] == "common" and params["method"] in ("login", "authenticate"):
            db, login, key = params["args"][:3]
            if db != DATABASE:
                return answer(error=rpc_error(
                    "psycopg2.OperationalError",
                    f'connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  '
                    f'database "{db}" does not exist'))
            self.logins += 1
            return answer(UID if (login, key) == (LOGIN, self.key) else False)
        db, uid, key, model, method, args, kwargs = params["args"]
        if (uid, key) != (UID, self.key):
            return answer(error=rpc_error("odoo.exceptions.AccessDenied", "Access Denied"))
        ids = args[0] if args else None
        try:
            return answer(self._object_call(model, method, ids, dict(kwargs)))
        except _Fault as fault:
            return answer(error=rpc_error(fault.name, fault.message))


class _Fault(Exception):
    def __init__(self, name: str, message: str, status: int) -> None:
        super().__init__(message)
        self.name, self.message, self.status = name, message, status
