"""Query parameters, cursors and sync tokens of the contract's list endpoints.

Cursors and sync tokens are opaque to clients; inside they name the feed and the change sequence
to continue after, so a token from one feed is refused by another.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.contract import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from app.sim.feeds import Change, Feed

LIST_PARAMETERS = ("cursor", "limit", "sync_token", "updated_since")


class BadRequest(ValueError):
    """A request the client must fix; the message says how."""


@dataclass(frozen=True, slots=True)
class PageRequest:
    after_seq: int = 0
    updated_since: datetime | None = None
    limit: int = DEFAULT_PAGE_SIZE


def _encode(kind: str, payload: dict[str, Any]) -> str:
    raw = json.dumps({"k": kind, **payload}, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, kind: str, feed: str, parameter: str) -> dict[str, Any]:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(payload, dict) or payload.get("k") != kind:
            raise ValueError
        if not isinstance(payload.get("s"), int) or payload["s"] < 0:
            raise ValueError
    except ValueError as exc:
        raise BadRequest(f"'{parameter}' is not a valid {kind} from this server") from exc
    if payload.get("f") != feed:
        raise BadRequest(f"'{parameter}' belongs to another feed ({payload.get('f')}), not {feed}")
    return payload


def encode_cursor(feed: str, after_seq: int, updated_since: datetime | None) -> str:
    since = updated_since.isoformat() if updated_since else None
    return _encode("cursor", {"f": feed, "s": after_seq, "u": since})


def encode_sync_token(feed: str, seq: int) -> str:
    return _encode("sync_token", {"f": feed, "s": seq})


def parse_rfc3339(value: str, parameter: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise BadRequest(
            f"'{parameter}' must be an RFC 3339 time such as 2026-03-01T08:00:00Z, got {value!r}"
        ) from exc
    if parsed.tzinfo is None:
        raise BadRequest(f"'{parameter}' needs a time zone (Z or an offset), got {value!r}")
    return parsed


def parse_page_request(feed: str, query: Mapping[str, str], keys: list[str]) -> PageRequest:
    """Validate the query of a list endpoint. `keys` lists every parameter name as sent."""
    unknown = sorted({k for k in keys if k not in LIST_PARAMETERS})
    if unknown:
        raise BadRequest(
            f"unknown query parameter {unknown[0]!r}; accepted: {', '.join(LIST_PARAMETERS)}"
        )
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise BadRequest(f"query parameter {repeated[0]!r} given more than once")

    limit = DEFAULT_PAGE_SIZE
    if "limit" in query:
        raw = query["limit"]
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise BadRequest(
                f"'limit' must be a whole number from 1 to {MAX_PAGE_SIZE}, got {raw!r}"
            )
        limit = int(raw)

    given = [k for k in ("cursor", "sync_token", "updated_since") if k in query]
    if len(given) > 1:
        raise BadRequest(
            "send only one of 'cursor', 'sync_token' and 'updated_since' "
            f"(got {', '.join(given)}); "
            "a cursor already carries where its listing started"
        )
    if "cursor" in query:
        payload = _decode(query["cursor"], "cursor", feed, "cursor")
        since = parse_rfc3339(payload["u"], "cursor") if payload.get("u") else None
        return PageRequest(after_seq=payload["s"], updated_since=since, limit=limit)
    if "sync_token" in query:
        payload = _decode(query["sync_token"], "sync_token", feed, "sync_token")
        return PageRequest(after_seq=payload["s"], limit=limit)
    if "updated_since" in query:
        since = parse_rfc3339(query["updated_since"], "updated_since")
        return PageRequest(updated_since=since, limit=limit)
    return PageRequest(limit=limit)


class TokenFromAnotherRun(BadRequest):
    """A sync token or cursor beyond this feed's last change: the server was restarted with
    other data. The client must read again from the start."""


def read_page(
    feed: Feed, request: PageRequest, keep: Callable[[Change], bool] | None = None
) -> dict[str, Any]:
    """One page: items after the request's position, then a cursor or, at the end, a sync token."""
    if request.after_seq > feed.last_seq:
        raise TokenFromAnotherRun(
            "sync token or cursor is ahead of this feed (the server holds other data now); "
            "read again from the start without it"
        )
    items: list[dict[str, Any]] = []
    last_seq = request.after_seq
    changes: Iterator[Change] = feed.changes_after(request.after_seq)
    more = False
    for change in changes:
        if request.updated_since and change.at < request.updated_since:
            continue
        if keep is not None and not keep(change):
            continue
        if len(items) == request.limit:
            more = True
            break
        items.append(change.body)
        last_seq = change.seq
    name = feed.spec.name
    if more:
        cursor = encode_cursor(name, last_seq, request.updated_since)
        return {"items": items, "next_cursor": cursor}
    token = encode_sync_token(name, feed.last_seq)
    return {"items": items, "next_cursor": None, "sync_token": token}
