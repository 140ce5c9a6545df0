"""Change-ordered feeds of the demo plant.

Each feed numbers its changes with a monotonic sequence. A record appears in a feed once, at the
sequence of its latest change; paging walks the sequence, so a reader that pages to the end and
keeps the last sequence as its sync token gets every record exactly once and, later, only what
changed since. Deletions are changes too (tombstones).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from app.contract import FEEDS, FeedSpec
from app.domain import Record


@dataclass(slots=True)
class Change:
    seq: int
    id: str
    at: datetime  # simulated time of the change
    body: dict[str, Any]  # the record as served: JSON-ready
    deleted: bool = False

    @property
    def version(self) -> int:
        return int(self.body.get("version", 0))


def to_rfc3339(t: datetime) -> str:
    """UTC, second precision or finer, with a Z: the one time format the contract speaks."""
    return t.isoformat().replace("+00:00", "Z")


class Feed:
    def __init__(self, spec: FeedSpec) -> None:
        self.spec = spec
        self._adapter: TypeAdapter[Any] = TypeAdapter(spec.record)
        self._current: dict[str, Change] = {}  # id -> latest change
        self._log_seqs: list[int] = []  # sequences in order; stale entries are skipped on read
        self._log_ids: list[str] = []
        self.last_seq = 0

    def __len__(self) -> int:
        return sum(1 for c in self._current.values() if not c.deleted)

    def get(self, record_id: str) -> Change | None:
        change = self._current.get(record_id)
        return None if change is None or change.deleted else change

    def put(self, record: Record, at: datetime) -> Change:
        """Store a new state of `record`, bumping its version."""
        previous = self._current.get(record.id)
        record.version = (previous.version if previous else 0) + 1
        body = self._adapter.dump_python(record, mode="json")
        return self._append(record.id, at, body, deleted=False)

    def delete(self, record_id: str, at: datetime, merged_into: str | None = None) -> Change:
        if self.get(record_id) is None:
            raise KeyError(record_id)
        body: dict[str, Any] = {"id": record_id, "deleted": True, "deleted_at": to_rfc3339(at)}
        if merged_into:
            body["merged_into"] = merged_into
        return self._append(record_id, at, body, deleted=True)

    def _append(self, record_id: str, at: datetime, body: dict[str, Any], deleted: bool) -> Change:
        self.last_seq += 1
        change = Change(self.last_seq, record_id, at, body, deleted)
        self._current[record_id] = change
        self._log_seqs.append(change.seq)
        self._log_ids.append(record_id)
        if len(self._log_seqs) > 1024 and len(self._log_seqs) > 2 * len(self._current):
            self._compact()
        return change

    def _compact(self) -> None:
        live = sorted(self._current.values(), key=lambda c: c.seq)
        self._log_seqs = [c.seq for c in live]
        self._log_ids = [c.id for c in live]

    def changes_after(self, seq: int) -> Iterator[Change]:
        """Latest changes with a sequence above `seq`, in sequence order."""
        start = bisect.bisect_right(self._log_seqs, seq)
        for i in range(start, len(self._log_seqs)):
            change = self._current[self._log_ids[i]]
            if change.seq == self._log_seqs[i]:
                yield change

    def etag(self) -> str:
        return f'"{self.spec.name}-{self.last_seq}"'


class FeedStore:
    """All feeds of the plant, by feed name (see app.contract.FEEDS)."""

    def __init__(self) -> None:
        self.feeds: dict[str, Feed] = {spec.name: Feed(spec) for spec in FEEDS}

    def __getitem__(self, name: str) -> Feed:
        return self.feeds[name]

    def put(self, feed: str, record: Record, at: datetime) -> Change:
        return self.feeds[feed].put(record, at)

    def delete(self, feed: str, record_id: str, at: datetime) -> Change:
        return self.feeds[feed].delete(record_id, at)


def dumps(payload: Any) -> bytes:
    """Deterministic JSON: the same state always gives the same bytes."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
