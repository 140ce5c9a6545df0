"""ERPNext / Frappe REST answers shaped as the Frappe documentation shows them, and a small
fake site that serves them through httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qs, unquote

import httpx

SITE = "https://erp.example.com"
API_KEY = "a1b2c3d4e5f6a7b"
API_SECRET = "f0e1d2c3b4a5968"
USER = "gemba-sync@example.com"

VERSIONS = {"frappe": {"title": "Frappe Framework", "description": "Full stack web framework",
                       "branch": "version-15", "version": "15.38.0"},
            "erpnext": {"title": "ERPNext", "description": "ERP made simple",
                        "branch": "version-15", "version": "15.35.1"}}


def error(exc_type: str, message: str, exception: str = "") -> dict:
    """A Frappe error body: _server_messages is a JSON list of JSON-encoded dicts."""
    return {"exc_type": exc_type,
            "exception": exception or f"frappe.exceptions.{exc_type}: {message}",
            "exc": json.dumps(["Traceback (most recent call last): ..."]),
            "_server_messages": json.dumps([json.dumps({"message": message,
                                                        "title": "Message"})])}


def customer(name: str, modified: str, customer_name: str = "") -> dict:
    return {"name": name, "owner": "Administrator", "creation": "2025-01-05 09:00:00.000000",
            "modified": modified, "modified_by": "Administrator", "docstatus": 0, "idx": 0,
            "customer_name": customer_name or name, "customer_type": "Company",
            "customer_group": "Commercial", "territory": "Taiwan", "language": "en",
            "disabled": 0, "doctype": "Customer"}


def sales_order(name: str, modified: str, *, docstatus: int = 1,
                status: str = "To Deliver and Bill") -> dict:
    return {
        "name": name, "owner": "sales@example.com", "creation": "2026-03-01 10:15:00.000000",
        "modified": modified, "modified_by": "sales@example.com", "docstatus": docstatus,
        "idx": 0, "customer": "Contoso Ltd", "order_type": "Sales",
        "transaction_date": "2026-03-01", "delivery_date": "2026-03-20",
        "po_no": "PO-7781", "status": status, "per_delivered": 0.0, "doctype": "Sales Order",
        "items": [
            {"name": "a8f3c21d07", "idx": 1, "parent": name, "parentfield": "items",
             "parenttype": "Sales Order", "doctype": "Sales Order Item", "docstatus": docstatus,
             "item_code": "GEAR-40", "qty": 120.0, "uom": "Nos", "stock_uom": "Nos",
             "conversion_factor": 1.0, "rate": 12.5, "delivery_date": "2026-03-20",
             "modified": modified},
            {"name": "b91e7734aa", "idx": 2, "parent": name, "parentfield": "items",
             "parenttype": "Sales Order", "doctype": "Sales Order Item", "docstatus": docstatus,
             "item_code": "SHAFT-12", "qty": 40.0, "uom": "Nos", "stock_uom": "Nos",
             "conversion_factor": 1.0, "rate": 30.0, "delivery_date": "2026-03-27",
             "modified": modified},
        ]}


def work_order(name: str, modified: str, *, qty: float, produced: float,
               status: str = "In Process") -> dict:
    return {"name": name, "creation": "2026-03-02 07:00:00.000000", "modified": modified,
            "docstatus": 1, "production_item": "GEAR-40", "qty": qty, "produced_qty": produced,
            "process_loss_qty": 2.0, "material_transferred_for_manufacturing": qty,
            "stock_uom": "Nos", "status": status,
            "planned_start_date": "2026-03-03 06:00:00", "planned_end_date": None,
            "expected_delivery_date": "2026-03-18", "sales_order": "SAL-ORD-2026-00012",
            "doctype": "Work Order"}


def job_card(name: str, work_order_name: str, modified: str, *, sequence: int,
             workstation: str, completed: float, docstatus: int = 0,
             status: str = "Work In Progress", open_log: bool = True) -> dict:
    logs = [{"name": f"{name}-log1", "idx": 1, "from_time": "2026-03-03 06:05:00",
             "to_time": "2026-03-03 09:00:00", "completed_qty": completed,
             "doctype": "Job Card Time Log"}]
    if open_log:
        logs.append({"name": f"{name}-log2", "idx": 2, "from_time": "2026-03-03 10:00:00",
                     "to_time": None, "completed_qty": 0.0, "doctype": "Job Card Time Log"})
    return {"name": name, "modified": modified, "creation": "2026-03-02 07:01:00.000000",
            "docstatus": docstatus, "work_order": work_order_name, "operation": "Hobbing",
            "workstation": workstation, "for_quantity": 100.0,
            "total_completed_qty": completed, "process_loss_qty": 0.0, "status": status,
            "sequence_id": sequence, "expected_start_date": "2026-03-03 06:00:00",
            "expected_end_date": "2026-03-03 14:00:00", "time_logs": logs,
            "doctype": "Job Card"}


def deleted_document(name: str, doctype: str, deleted_name: str, creation: str,
                     data: dict | None = None) -> dict:
    return {"name": name, "deleted_doctype": doctype, "deleted_name": deleted_name,
            "creation": creation, "modified": creation, "restored": 0,
            "data": json.dumps(data or {"name": deleted_name, "doctype": doctype})}


def bin_row(item_code: str, warehouse: str, modified: str, *, actual: float,
            reserved: float = 0.0, projected: float | None = None,
            uom: str = "Kg") -> dict:
    return {"name": f"bin-{item_code}-{warehouse}".lower().replace(" ", ""),
            "creation": "2026-01-10 08:00:00.000000", "modified": modified, "docstatus": 0,
            "item_code": item_code, "warehouse": warehouse, "actual_qty": actual,
            "reserved_qty": reserved, "ordered_qty": 0.0, "indented_qty": 0.0,
            "planned_qty": 0.0, "reserved_qty_for_production": 0.0,
            "projected_qty": actual - reserved if projected is None else projected,
            "stock_uom": uom, "valuation_rate": 2.5, "doctype": "Bin"}


def item(name: str, safety_stock: float) -> dict:
    return {"name": name, "item_code": name, "item_name": name, "stock_uom": "Kg",
            "safety_stock": safety_stock, "is_stock_item": 1,
            "modified": "2026-01-05 08:00:00.000000", "doctype": "Item"}


def item_reorder(item_code: str, warehouse: str, level: float, idx: int = 1) -> dict:
    return {"name": f"reorder-{item_code}-{idx}".lower(), "idx": idx, "parent": item_code,
            "parentfield": "reorder_levels", "parenttype": "Item",
            "warehouse_group": None, "warehouse": warehouse,
            "warehouse_reorder_level": level, "warehouse_reorder_qty": level * 2,
            "material_request_type": "Purchase", "modified": "2026-01-05 08:00:00.000000",
            "doctype": "Item Reorder"}


def purchase_order(name: str, modified: str, lines: list[tuple[str, float, float, str]], *,
                   status: str = "To Receive and Bill", docstatus: int = 1,
                   supplier: str = "Nordic Steel AB") -> dict:
    """lines: (item_code, qty, received_qty, schedule_date)."""
    return {
        "name": name, "owner": "buyer@example.com", "creation": "2026-02-20 09:00:00.000000",
        "modified": modified, "docstatus": docstatus, "idx": 0, "supplier": supplier,
        "transaction_date": "2026-02-20", "schedule_date": lines[0][3] if lines else None,
        "status": status, "per_received": 0.0, "doctype": "Purchase Order",
        "items": [
            {"name": f"{name}-row{n}".lower(), "idx": n, "parent": name,
             "parentfield": "items", "parenttype": "Purchase Order",
             "doctype": "Purchase Order Item", "docstatus": docstatus, "item_code": code,
             "qty": qty, "received_qty": received, "uom": "Kg", "stock_uom": "Kg",
             "conversion_factor": 1.0, "stock_qty": qty, "rate": 2.4,
             "schedule_date": due, "expected_delivery_date": None, "warehouse": "Stores - GC",
             "modified": modified}
            for n, (code, qty, received, due) in enumerate(lines, start=1)]}


# Some standard fields of a DocType's meta (enough to tell a custom field's absence).
STANDARD_FIELDS = {"Quotation": ("naming_series", "quotation_to", "party_name",
                                 "customer_name", "transaction_date", "valid_till",
                                 "order_type", "company", "items", "status")}


# --- the fake site ---------------------------------------------------------------------------


def _value(doc: dict, field: str):
    return doc.get(field)


def _matches(doc: dict, filters: list) -> bool:
    for f in filters:
        field, op, value = f[-3], f[-2], f[-1]
        have = _value(doc, field)
        if op == "=" and have != value:
            return False
        if op == ">" and not (have is not None and str(have) > str(value)):
            return False
        if op == "in" and have not in value:
            return False
        if op == "not in" and have in value:
            return False
        if op == "like":
            needle = value.strip("%")
            if needle not in str(have or ""):
                return False
    return True


class FakeFrappe:
    """Documents per DocType; list, get, insert, update and methods as Frappe serves them.

    `routes[(method, path)]` overrides an answer; `requests` records every request."""

    def __init__(self) -> None:
        self.docs: dict[str, list[dict]] = {}
        self.routes: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = {}
        self.requests: list[httpx.Request] = []
        self.methods: dict[str, Callable[[httpx.Request], httpx.Response]] = {
            "frappe.auth.get_logged_user": lambda r: httpx.Response(200, json={"message": USER}),
            "frappe.utils.change_log.get_versions":
                lambda r: httpx.Response(200, json={"message": VERSIONS}),
            "frappe.desk.form.load.getdoctype": self.getdoctype,
        }
        self.counter = 0
        # Custom fields per DocType, added to the standard ones a DocType's meta lists.
        self.custom_fields: dict[str, list[str]] = {}

    def add(self, doctype: str, *docs: dict) -> None:
        self.docs.setdefault(doctype, []).extend(docs)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("authorization") != f"token {API_KEY}:{API_SECRET}":
            return httpx.Response(401, json=error("AuthenticationError", "Invalid Credentials"))
        path = unquote(request.url.path)
        override = self.routes.get((request.method, path))
        if override:
            return override(request)
        if path.startswith("/api/method/"):
            handler = self.methods.get(path.removeprefix("/api/method/"))
            if handler is None:
                return httpx.Response(404, json=error("DoesNotExistError", "Not found"))
            return handler(request)
        parts = path.removeprefix("/api/resource/").split("/", 1)
        doctype = parts[0]
        if doctype not in self.docs and request.method == "GET":
            return httpx.Response(404, json=error(
                "DoesNotExistError", f"DocType {doctype} not found"))
        rows = self.docs.setdefault(doctype, [])
        if len(parts) == 2:
            found = [doc for doc in rows if doc["name"] == parts[1]]
            if not found:
                return httpx.Response(404, json=error(
                    "DoesNotExistError", f"{doctype} {parts[1]} not found"))
            if request.method == "PUT":
                found[0].update(json.loads(request.content))
            return httpx.Response(200, json={"data": found[0]})
        if request.method == "POST":
            doc = json.loads(request.content)
            self.counter += 1
            doc.update(name=f"{self.counter:010x}", doctype=doctype,
                       creation="2026-03-05 12:00:00.000000",
                       modified="2026-03-05 12:00:00.000000", docstatus=0)
            rows.append(doc)
            return httpx.Response(200, json={"data": doc})
        return httpx.Response(200, json={"data": self.list(doctype, request)})

    def getdoctype(self, request: httpx.Request) -> httpx.Response:
        """The DocType's meta as the form loader sends it: {"docs": [DocType, ...]}, each
        field a DocField or a Custom Field."""
        doctype = query_of(request)["doctype"]
        names = [*STANDARD_FIELDS.get(doctype, ()), *self.custom_fields.get(doctype, ())]
        fields = [{"fieldname": n, "doctype": "DocField", "idx": i}
                  for i, n in enumerate(names, 1)]
        return httpx.Response(200, json={"docs": [{"name": doctype, "doctype": "DocType",
                                                   "fields": fields}]})

    def list(self, doctype: str, request: httpx.Request) -> list[dict]:
        query = query_of(request)
        fields = json.loads(query.get("fields", '["name"]'))
        filters = json.loads(query.get("filters", "[]"))
        start = int(query.get("limit_start", 0))
        length = int(query.get("limit_page_length", 20))
        key = "creation" if query.get("order_by", "").startswith("creation") else "modified"
        rows = sorted((doc for doc in self.docs[doctype] if _matches(doc, filters)),
                      key=lambda doc: (str(doc.get(key)), doc["name"]))
        rows = rows[start:start + length] if length else rows[start:]
        return [{f: doc.get(f) for f in fields} for doc in rows]


def query_of(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
