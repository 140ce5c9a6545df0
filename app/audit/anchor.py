"""The anchor file: the audit log's latest (seq, hash), kept outside the database.

One line per change, appended and flushed to disk: "seq hash at". Someone who can write to the
database could rewrite the whole chain consistently; they cannot (without also reaching the
agent's machine) make it match the hashes this file already holds.

The keeper anchors only entries that follow on from its last mark (no gap, each chained to the
one before, each hash its fields' own), so a forged or bogus row never gets into the file, and
at the agent's start it checks that the log still holds its last mark (`check`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from app.audit import log
from app.audit.log import GENESIS_HASH, AuditEntry


@dataclass(frozen=True, slots=True)
class AnchorMark:
    seq: int
    entry_hash: str
    at: str
    line: int


class AnchorError(ValueError):
    """The anchor file cannot be read as "seq hash at" lines."""


class AnchorMismatch(AnchorError):
    """The audit log does not follow on from what the anchor file holds."""


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

    def check(self, engine: Engine) -> None:
        """Raise AnchorMismatch unless the log still holds the last mark's entry as it was.
        Blocking (a worker)."""
        if self.last is None:
            return
        seq, entry_hash = self.last
        with engine.connect() as conn:
            found = log.entry(conn, seq)
        if found is None:
            raise AnchorMismatch(f"the audit log has no entry {seq}, the last one the anchor "
                                 f"file {self.path} records")
        if found.entry_hash != entry_hash:
            raise AnchorMismatch(f"the audit log does not match the anchor file {self.path}: "
                                 f"entry {seq} has hash {found.entry_hash[:12]}…, the file "
                                 f"recorded {entry_hash[:12]}…")

    def update(self, engine: Engine, *, now: datetime | None = None) -> bool:
        """Anchor the entries added since the last mark; True when a new mark was written.
        Raises AnchorMismatch (after anchoring those before it) at an entry that does not
        follow on. Blocking (a worker)."""
        after = self.last[0] if self.last is not None else 0
        with engine.connect() as conn:
            new = log.entries(conn, after=after)
        good, problem = _following(self.last or (0, GENESIS_HASH), new)
        written = False
        if good is not None and (good.seq, good.entry_hash) != self.last:
            append_mark(self.path, good.seq, good.entry_hash, now)
            self.last = (good.seq, good.entry_hash)
            written = True
        if problem:
            raise AnchorMismatch(f"{problem}: not anchored (check the log with gemba-sync "
                                 "verify-audit)")
        return written


def _following(last: tuple[int, str], new: list[AuditEntry]) -> tuple[AuditEntry | None, str]:
    """The last of `new` that follow on from `last`, and what is wrong with the next one."""
    seq, entry_hash = last
    good: AuditEntry | None = None
    for entry in new:
        if entry.seq != seq + 1:
            return good, f"audit entry {seq + 1} is missing (the next is {entry.seq})"
        if entry.prev_hash != entry_hash:
            return good, f"audit entry {entry.seq} is not chained to entry {seq}"
        if entry.computed_hash() != entry.entry_hash:
            return good, f"audit entry {entry.seq} was edited (its hash is not its fields')"
        good, seq, entry_hash = entry, entry.seq, entry.entry_hash
    return good, ""
