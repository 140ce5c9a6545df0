"""Pieces every record shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True, kw_only=True)
class Record:
    """Base of every record that a backend owns.

    `id` is the record's id in its own source; the console keys it by (source, id).
    `version` increases on every change and is sent back as `If-Match` on writes.
    """

    id: str
    version: int = 1


@dataclass(slots=True, kw_only=True)
class Tombstone:
    """A deleted or merged record as it comes through a change feed."""

    id: str
    deleted: bool = True
    deleted_at: datetime
    merged_into: str | None = None
