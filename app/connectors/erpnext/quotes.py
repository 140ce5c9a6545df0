"""A quote from Planning (POST /crm/v1/orders, status draft) as a draft ERPNext Quotation,
written exactly once.

Frappe ignores Idempotency-Key, and a Quotation has no standard field that could carry it, so
the administrator adds the custom field `gemba_idempotency_key` (docs/backends/erpnext.md).
Before creating, the Quotations are searched for the key: a create that landed although its
answer was lost is answered with the Quotation it made. Frappe drops unknown fields from an
insert without a word, so a site without the field would make a Quotation the search can never
find again; the field is therefore looked up in the DocType first and the write refused
without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.connectors.base import BadPayload, SourceRefused, WriteResult
from app.connectors.erpnext import mapping as m

if TYPE_CHECKING:
    from app.connectors.erpnext.connector import ErpNextConnector

KEY_FIELD = "gemba_idempotency_key"
DOCTYPE = "Quotation"
META = "frappe.desk.form.load.getdoctype"
MISSING = (f"the ERPNext DocType {DOCTYPE} has no custom field {KEY_FIELD!r}: create it with "
           f"Customize Form ({DOCTYPE}, Data, Unique, Read Only, No Copy) so a quote can be "
           "written exactly once; until then quotes to this site are refused")


async def write_quotation(connector: ErpNextConnector, body: dict[str, Any],
                          key: str) -> WriteResult:
    if str(body.get("status") or "draft") != "draft":
        raise SourceRefused("only draft orders (quotes) are created in ERPNext, as a "
                            "Quotation", 422)
    lines = list(body.get("lines") or [])
    if not lines:
        raise SourceRefused("a quotation needs at least one line", 422)
    await _require_key_field(connector)
    found = await _find(connector, key)
    replayed = found is not None
    if found is None:
        await connector.client.insert(DOCTYPE, _new_quotation(body, lines, key))
        # The name is read back rather than taken from the insert's answer: the search is
        # what a retry relies on, so it is checked to find what was made.
        found = await _find(connector, key)
        if found is None:
            raise BadPayload(f"ERPNext created a {DOCTYPE} but it cannot be found by its "
                             f"{KEY_FIELD}")
    await _note_dates(connector, found["name"], body, lines, key)
    answer = {"id": found["name"], "number": found["name"], "status": "draft",
              "version": m.version_of(found["modified"])}
    return WriteResult(200 if replayed else 201, answer, replayed=replayed)


async def _require_key_field(connector: ErpNextConnector) -> None:
    """Refuses the write when the Quotation DocType lacks the key field (asked once per
    connector: a field once there stays)."""
    if connector.quote_key_field_seen:
        return
    body = await connector.client.request("GET", f"/api/method/{META}", doctype=DOCTYPE,
                                          params={"doctype": DOCTYPE})
    docs = body.get("docs")
    if not isinstance(docs, list):
        raise BadPayload(f"ERPNext answered the {DOCTYPE} DocType without its fields")
    meta = next((d for d in docs if isinstance(d, dict) and d.get("name") == DOCTYPE), {})
    if not any(f.get("fieldname") == KEY_FIELD for f in meta.get("fields") or []
               if isinstance(f, dict)):
        raise SourceRefused(MISSING, 422)
    connector.quote_key_field_seen = True


async def _find(connector: ErpNextConnector, key: str) -> dict[str, Any] | None:
    rows = await connector.client.get_list(
        DOCTYPE, fields=["name", "modified", "docstatus"], filters=[[KEY_FIELD, "=", key]],
        order_by="creation asc", page_length=1)
    return rows[0] if rows else None


def _new_quotation(body: dict[str, Any], lines: list[dict[str, Any]],
                   key: str) -> dict[str, Any]:
    """A draft Quotation to the customer, one item per line; prices, company, currency and
    validity come from the site's defaults, as when a person starts one."""
    return {"quotation_to": "Customer", "party_name": str(body.get("customer_id") or ""),
            "order_type": "Sales", "docstatus": 0, KEY_FIELD: key,
            "items": [{"item_code": str(line.get("product_id") or ""),
                       "qty": float(str(line.get("quantity") or 0))} for line in lines]}


async def _note_dates(connector: ErpNextConnector, name: str, body: dict[str, Any],
                      lines: list[dict[str, Any]], key: str) -> None:
    """The dates quoted (a Quotation Item has no delivery date) and the options, as a
    Comment on the Quotation; marked with the key, so a retry adds no second one."""
    said = []
    for n, line in enumerate(lines, 1):
        text = (f"line {n} {line.get('product_id')} × {line.get('quantity')}: quoted for "
                f"{line.get('promised_date') or '?'} (wanted {line.get('requested_date')})")
        options = line.get("options") or {}
        if options:
            text += "; options " + ", ".join(f"{k} = {v}" for k, v in sorted(options.items()))
        said.append(text)
    reference = str(body.get("customer_po") or "")
    await connector._comment(DOCTYPE, name, f"quote {reference}".strip(), "\n".join(said),
                            key, None, {})
