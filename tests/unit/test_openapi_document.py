"""The committed OpenAPI document is valid and matches what the code generates."""

from __future__ import annotations

import json

from openapi_spec_validator import validate

from app.contract import FEEDS
from app.sim.openapi import DOCUMENT_PATH, build_document, render


def test_committed_document_is_current() -> None:
    assert DOCUMENT_PATH.read_text(encoding="utf-8") == render(), (
        "app/sim/openapi.json is stale: run python -m app.sim.openapi --write"
    )


def test_document_is_valid_openapi_and_lists_every_feed() -> None:
    document = build_document()
    validate(json.loads(json.dumps(document)))
    for spec in FEEDS:
        assert "get" in document["paths"][spec.path], spec.path
    assert "patch" in document["paths"]["/crm/v1/orders/{order_id}/lines/{line_no}"]
