"""The anchor file: the audit log's latest (seq, hash), kept outside the database.

One line per change, appended and flushed to disk: "seq hash at". Someone who can write to the
database could rewrite the whole chain consistently; they cannot (without also reaching the
agent's machine) make it match the hashes this file already holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from app.audit import log


@dataclass(frozen=True, slots=True)
class AnchorMark:
    seq: int
    entry_hash: str
    at: str
    line: int


class AnchorError(ValueError):
    """The anchor file cannot be read as "seq hash at" lines."""


def read_anchor(path: Path | str) -> list[AnchorMark]:
    marks: list[AnchorMark] = []
    content = Path(path).read_text(encoding="utf-8")
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 64:
            raise AnchorError(f"{path}, line {number}: expected 'seq hash at', got {line!r}")
        marks.append(AnchorMark(int(parts[0]), parts[1], parts[2], number))
    return marks


def append_mark(path: Path | str, seq: int, entry_hash: str, at: datetime | None = None
                ) -> None:
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    stamp = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    with file.open("a", encoding="utf-8") as out:
        out.write(f"{seq} {entry_hash} {stamp}\n")
        out.flush()
        os.fsync(out.fileno())


class AnchorKeeper:
    """Appends the log's latest (seq, hash) to the anchor file whenever it moved on."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.last: tuple[int, str] | None = None
        if self.path.exists():
            marks = read_anchor(self.path)
            if marks:
                self.last = (marks[-1].seq, marks[-1].entry_hash)

    def update(self, engine: Engine) -> bool:
        """Read the latest entry; True when a new mark was written. Blocking (a worker)."""
        with engine.connect() as conn:
            entry = log.latest(conn)
        if entry is None or (entry.seq, entry.entry_hash) == self.last:
            return False
        append_mark(self.path, entry.seq, entry.entry_hash)
        self.last = (entry.seq, entry.entry_hash)
        return True
