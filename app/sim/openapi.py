"""Generates the OpenAPI document of the reference contract and the demo plant's control API.

Schemas come from the domain dataclasses and the request bodies, so the document says exactly
what the server sends and accepts. `python -m app.sim.openapi --write` refreshes the committed
copy (app/sim/openapi.json); a test fails when the copy is out of date.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from app import domain as d
from app.contract import (
    FEEDS,
    FEEDS_BY_NAME,
    MAX_PAGE_SIZE,
    ActivityCreate,
    ComplaintLotLink,
    FindingCreate,
    MaintenanceCreate,
    OrderCreate,
    PriorityUpdate,
    ProgressUpdate,
    PromiseUpdate,
    WorkOrderRelease,
)
from app.sim import http_control as control

DOCUMENT_PATH = Path(__file__).with_name("openapi.json")
REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _add_schema(schemas: dict[str, Any], model: type, mode: str) -> str:
    schema = TypeAdapter(model).json_schema(ref_template=REF, mode=mode)
    schemas.update(schema.pop("$defs", {}))
    schemas[model.__name__] = schema
    return model.__name__


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = _json(_ref("Error"), "The request was refused; `error` says why in words")

LIST_PARAMETERS = [
    {"name": "cursor", "in": "query", "schema": {"type": "string"},
     "description": "Opaque cursor from `next_cursor` of the previous page; send it alone."},
    {"name": "limit", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
     "description": "Items per page."},
    {"name": "sync_token", "in": "query", "schema": {"type": "string"},
     "description": "Token from the last page of an earlier listing: only later changes."},
    {"name": "updated_since", "in": "query", "schema": {"type": "string", "format": "date-time"},
     "description": "RFC 3339 time: only records changed at or after it."},
]

WRITE_HEADERS = [
    {"name": "Idempotency-Key", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "Unique per action; a repeat gets the first answer, nothing is applied twice."},
]


def _if_match(required: bool) -> dict[str, Any]:
    return {"name": "If-Match", "in": "header", "required": required,
            "schema": {"type": "string"}, "description": "The record's current `version`."}


def _page_schema(schemas: dict[str, Any], record: str) -> str:
    name = f"{record}Page"
    schemas[name] = {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {
            "items": {"type": "array", "items": {"anyOf": [_ref(record), _ref("Tombstone")]}},
            "next_cursor": {"type": ["string", "null"]},
            "sync_token": {"type": "string",
                           "description": "On the last page only: send it back for later changes."},
        },
    }
    return name


def _list_operation(summary: str, page: str, etag: bool) -> dict[str, Any]:
    gone = _json(_ref("Error"), "The sync token or cursor is from another run of the server: "
                                "read again from the start")
    responses: dict[str, Any] = {"200": _json(_ref(page), "A page of changes in change order"),
                                 "400": ERROR, "410": gone}
    parameters = list(LIST_PARAMETERS)
    if etag:
        parameters.append({"name": "If-None-Match", "in": "header", "schema": {"type": "string"}})
        responses["304"] = {"description": "Not modified since the ETag sent"}
    return {"summary": summary, "parameters": parameters, "responses": responses}


def _write_operation(summary: str, body: str, answer: str, status: str,
                     if_match: bool | None, path_params: list[str]) -> dict[str, Any]:
    parameters = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                  for p in path_params]
    parameters += WRITE_HEADERS
    if if_match is not None:
        parameters.append(_if_match(if_match))
    responses = {status: _json(_ref(answer), "Applied (or replayed for a repeated key)"),
                 "400": ERROR, "404": ERROR, "422": ERROR}
    if if_match is not None:
        responses["412"] = ERROR
    if if_match:
        responses["428"] = ERROR
    return {"summary": summary, "parameters": parameters,
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": _ref(body)}}},
            "responses": responses}


def _control_operation(summary: str, answer: dict[str, Any] | None, body: str | None = None,
                       path_params: tuple[str, ...] = (), status: str = "200") -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary, "tags": ["demo plant control"],
        "parameters": [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                       for p in path_params],
        "responses": {status: _json(answer, "Done") if answer else {"description": "Done"},
                      "400": ERROR, "404": ERROR, "422": ERROR},
    }
    if body:
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": _ref(body)}}}
    return operation


def build_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Error": {"type": "object", "required": ["error"],
                  "properties": {"error": {"type": "string"}}},
        "Clock": {"type": "object", "required": ["now", "speed", "paused"],
                  "properties": {"now": {"type": "string", "format": "date-time"},
                                 "speed": {"type": "number"}, "paused": {"type": "boolean"}}},
    }
    _add_schema(schemas, d.Tombstone, "serialization")
    paths: dict[str, Any] = {}
    for spec in FEEDS:
        record = _add_schema(schemas, spec.record, "serialization")
        page = _page_schema(schemas, record)
        paths[spec.path] = {"get": _list_operation(spec.summary, page, spec.etag)}

    for model in (PromiseUpdate, ActivityCreate, FindingCreate, PriorityUpdate, ComplaintLotLink,
                  MaintenanceCreate, OrderCreate, WorkOrderRelease, ProgressUpdate):
        _add_schema(schemas, model, "validation")
    paths[FEEDS_BY_NAME["crm.orders"].path]["post"] = _write_operation(
        "Create a draft order (a quotation) for new demand", "OrderCreate", "SalesOrder", "201",
        None, [])
    paths["/crm/v1/orders/{order_id}/activities"] = {
        "get": {**_list_operation("Activities of one order", "ActivityPage", False),
                "parameters": [{"name": "order_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}, *LIST_PARAMETERS]},
        "post": _write_operation("Add a note or customer notice to an order", "ActivityCreate",
                                 "Activity", "201", None, ["order_id"]),
    }
    paths["/crm/v1/orders/{order_id}/lines/{line_no}"] = {
        "patch": _write_operation("Change a line's promised date", "PromiseUpdate", "SalesOrder",
                                  "200", True, ["order_id", "line_no"])}
    progress_read = _control_operation("What the CRM keeps of a line's production progress",
                                       _ref("ProgressUpdate"), path_params=("order_id",
                                                                            "line_no"))
    progress_read.pop("tags")
    paths["/crm/v1/orders/{order_id}/lines/{line_no}/progress"] = {
        "patch": _write_operation("Write a line's production progress (from the console)",
                                  "ProgressUpdate", "SalesOrder", "200", None,
                                  ["order_id", "line_no"]),
        "get": progress_read}
    release = _write_operation("Release an order line to production: its work order",
                               "WorkOrderRelease", "WorkOrder", "201", None, [])
    release["responses"]["409"] = ERROR
    paths["/mes/v1/work-orders"]["post"] = release
    paths["/crm/v1/complaints/{complaint_id}"] = {
        "patch": _write_operation("Link a complaint to the lot it is about", "ComplaintLotLink",
                                  "Complaint", "200", True, ["complaint_id"])}
    paths["/crm/v1/complaints/{complaint_id}/findings"] = {
        "post": _write_operation("Record a finding on a complaint", "FindingCreate", "Complaint",
                                 "201", False, ["complaint_id"])}
    paths["/mes/v1/work-orders/{work_order_id}/priority"] = {
        "post": _write_operation("Change a work order's priority (expedite)", "PriorityUpdate",
                                 "WorkOrder", "200", True, ["work_order_id"])}
    paths["/mes/v1/calendars/{calendar_id}/maintenance"] = {
        "post": _write_operation("Plan maintenance of a machine on its calendar",
                                 "MaintenanceCreate", "Calendar", "201", False, ["calendar_id"])}

    for model in (control.AdvanceRequest, control.ResumeRequest, control.MachineStateRequest,
                  control.FaultRequest, control.OrderRequest, control.ComplaintRequest):
        _add_schema(schemas, model, "validation")
    schemas["Fault"] = {"type": "object", "required": ["id", "path", "kind"], "properties": {
        "id": {"type": "string"}, "path": {"type": "string"},
        "kind": schemas["FaultRequest"]["properties"]["kind"],
        "methods": {"type": "array", "items": {"type": "string"}},
        "remaining": {"type": ["integer", "null"]}, "delay_seconds": {"type": "number"},
        "rate": {"type": "number"}, "seed": {"type": "integer"}}}
    schemas["FaultList"] = {"type": "object", "required": ["items"],
                            "properties": {"items": {"type": "array", "items": _ref("Fault")}}}
    scenario = {"type": "object", "required": ["name", "description"],
                "properties": {"name": {"type": "string"}, "description": {"type": "string"}}}
    schemas["Scenario"] = scenario
    schemas["ScenarioList"] = {"type": "object", "required": ["items"], "properties": {
        "items": {"type": "array", "items": _ref("Scenario")}}}

    paths.update({
        "/sim/v1/clock": {"get": _control_operation("Read the simulated clock", _ref("Clock"))},
        "/sim/v1/clock/advance": {"post": _control_operation(
            "Advance the clock by `seconds` or to `to`", _ref("Clock"), "AdvanceRequest")},
        "/sim/v1/clock/pause": {"post": _control_operation("Pause the clock", _ref("Clock"))},
        "/sim/v1/clock/resume": {"post": _control_operation(
            "Run the clock again, optionally at a new speed", _ref("Clock"), "ResumeRequest")},
        "/sim/v1/machines/{machine_id}/state": {"put": _control_operation(
            "Force a machine's state", _ref("MachineStatus"), "MachineStateRequest",
            ("machine_id",))},
        "/sim/v1/faults": {
            "get": _control_operation("List injected faults", _ref("FaultList")),
            "post": _control_operation("Inject a fault on a path", _ref("Fault"), "FaultRequest",
                                       status="201"),
            "delete": _control_operation("Remove every fault", None, status="204")},
        "/sim/v1/faults/{fault_id}": {"delete": _control_operation(
            "Remove one fault", None, path_params=("fault_id",), status="204")},
        "/sim/v1/orders": {"post": _control_operation(
            "A customer places an order", _ref("SalesOrder"), "OrderRequest", status="201")},
        "/sim/v1/complaints": {"post": _control_operation(
            "A customer raises a complaint", _ref("Complaint"), "ComplaintRequest",
            status="201")},
        "/sim/v1/scenarios": {"get": _control_operation("List scenarios", _ref("ScenarioList"))},
        "/sim/v1/scenarios/{name}": {"post": _control_operation(
            "Load a named scenario", _ref("Scenario"), path_params=("name",))},
        "/sim/v1/records/{feed}/{record_id}": {"delete": _control_operation(
            "Delete a record (it leaves its feed as a tombstone)", None,
            path_params=("feed", "record_id"), status="204")},
    })
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Gemba reference contract",
            "version": "1.0.0",
            "description": (
                "CRM (/crm/v1) and MES (/mes/v1) feeds as Gemba Console reads them, and the "
                "demo plant's control API (/sim/v1). Lists are in change order, paged by an "
                "opaque cursor; the last page carries a sync_token for later changes. Deleted "
                "records come as tombstones. Times are UTC RFC 3339; promised dates are plain "
                "dates; quantities are decimal strings."),
        },
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.items()))},
    }


def render() -> str:
    return json.dumps(build_document(), indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"write {DOCUMENT_PATH}")
    args = parser.parse_args()
    if args.write:
        DOCUMENT_PATH.write_text(render(), encoding="utf-8")
        print(f"wrote {DOCUMENT_PATH}")
    else:
        print(render(), end="")


if __name__ == "__main__":
    main()
