"""A page of the reference contract read item by item, never whole.

`json.loads` of a page close to the size limit holds Python's lock for the whole parse (about a
second at 60 MiB, so the window stalls) and keeps every item's dict alive until the last one is
validated. ijson's C parser hands over one item at a time: each is validated and dropped before
the next, and the lock is free between items.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ijson
from ijson.common import ObjectBuilder

_OPEN = {"start_map", "start_array"}
_CLOSE = {"end_map", "end_array"}


class NotJSON(ValueError):
    """The body is not (whole) JSON."""


def walk_page(body: bytes, each_item: Callable[[Any], None]) -> dict[str, Any]:
    """Call `each_item` with every element of the top-level "items" array, in order; return
    the other top-level values that are not objects or arrays ("next_cursor", "sync_token"),
    and "items": True when "items" was an array. {} when the body is not a JSON object."""
    events = ijson.parse(body)
    top: dict[str, Any] = {}
    try:
        first = next(events, None)
        if first is None or first[1] != "start_map":
            for _ in events:  # the rest must still be JSON, or it is malformed
                pass
            return {}
        builder: ObjectBuilder | None = None
        depth = 0  # inside the current item, or inside a top-level value that is skipped
        for prefix, event, value in events:
            if depth:
                depth += (event in _OPEN) - (event in _CLOSE)
                if builder is not None:
                    builder.event(event, value)
                    if not depth:
                        each_item(builder.value)
                        builder = None
            elif prefix == "items.item":
                if event in _OPEN:
                    builder, depth = ObjectBuilder(), 1
                    builder.event(event, value)
                else:
                    each_item(value)  # a bare value: the caller rejects it
            elif prefix == "items" and event == "start_array":
                top["items"] = True
            elif event in _OPEN and prefix:
                depth = 1  # another top-level object or array: not needed
            elif prefix and event not in _CLOSE and event != "map_key":
                top[prefix] = value
    except ijson.JSONError as error:
        raise NotJSON(str(error)) from error
    return top
