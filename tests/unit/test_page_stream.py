"""A page is read item by item: a page near the size limit never exists as dicts all at once,
and what is not JSON, or not a page, is told apart."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from app.connectors.page_stream import NotJSON, walk_page


def page_bytes(count: int, **top: object) -> bytes:
    items = [{"id": f"PC-{i:07d}", "machine_id": "M-001", "good": "12", "scrap": "0",
              "start": "2026-11-01T00:00:00Z", "end": "2026-11-01T00:05:00Z"}
             for i in range(count)]
    return json.dumps({"items": items, **top}).encode()


def test_items_in_order_and_the_values_around_them() -> None:
    body = (b'{"meta": {"items": [1, 2], "n": 3}, "items": [{"id": "a", "lines": [{"q": 1}]},'
            b' 7, {"id": "b"}], "next_cursor": null, "sync_token": "t9"}')
    seen: list[object] = []
    top = walk_page(body, seen.append)
    assert seen == [{"id": "a", "lines": [{"q": 1}]}, 7, {"id": "b"}]
    assert top == {"items": True, "next_cursor": None, "sync_token": "t9"}


@pytest.mark.parametrize("body", [b'[{"id": "a"}]', b'"items"', b'{"items": "none"}',
                                  b'{"data": []}'])
def test_an_answer_that_is_no_page_has_no_items_array(body: bytes) -> None:
    assert walk_page(body, lambda item: None).get("items") is not True


@pytest.mark.parametrize("body", [b"<html>proxy login</html>", b'{"items": [{"id": "a"}, ',
                                  b'{"items": []} trailing', b""])
def test_what_is_not_json_says_so(body: bytes) -> None:
    with pytest.raises(NotJSON):
        walk_page(body, lambda item: None)


def test_items_before_a_cut_arrive_before_the_cut_is_found() -> None:
    body = page_bytes(100)
    seen: list[object] = []
    with pytest.raises(NotJSON):
        walk_page(body[: len(body) // 2], seen.append)
    assert 40 < len(seen) < 50  # read as it came: json.loads would have handed over none


def test_a_big_page_is_never_held_as_dicts_all_at_once() -> None:
    body = page_bytes(40_000)  # about 7 MiB; whole, its dicts take several times that
    tracemalloc.start()
    try:
        walk_page(body, lambda item: None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(body) / 4, f"{peak / 2**20:.1f} MiB for a {len(body) / 2**20:.1f} MiB page"
