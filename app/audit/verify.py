"""Checking the audit log: the chain, the sequence, and the anchor file.

What is found, in words:
- "entry 17 was edited": its fields no longer give its hash, or (when the editor recomputed
  that hash) the next entry recorded a different one;
- "entries 5–6 are missing": a gap in the sequence, at the start, or after the last entry the
  anchor file knows;
- "the chain does not match the anchor file: the log was rewritten": a chain rebuilt
  consistently from some entry on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, inspect

from app.audit import log
from app.audit.anchor import AnchorError, AnchorMark, read_anchor
from app.audit.log import GENESIS_HASH, AuditEntry


@dataclass
class AuditReport:
    entries: int
    last_seq: int | None
    last_hash: str | None
    anchored: bool  # checked against an anchor file
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    def message(self) -> str:
        if self.intact:
            last = f", last hash {self.last_hash}" if self.last_hash else ""
            note = "" if self.anchored else " (not checked against an anchor file)"
            return f"audit log intact: {self.entries} entries{last}{note}"
        return "audit log NOT intact:\n" + "\n".join(f"- {p}" for p in self.problems)


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"entry {first} is missing"
    return f"entries {first}–{last} are missing"


def check_chain(entries: Sequence[AuditEntry]) -> list[str]:
    problems: list[str] = []
    expected_seq = 1
    prev: AuditEntry | None = None
    for entry in entries:
        edited = entry.computed_hash() != entry.entry_hash
        if edited:
            problems.append(f"entry {entry.seq} was edited")
        if entry.seq > expected_seq:
            problems.append(_missing(expected_seq, entry.seq - 1))
        elif entry.seq == 1 and entry.prev_hash != GENESIS_HASH and not edited:
            problems.append("entry 1 was edited")
        elif prev is not None and entry.prev_hash != prev.entry_hash and not edited:
            # prev's own hash was recomputed after an edit: this entry remembers the original.
            problems.append(f"entry {prev.seq} was edited (entry {entry.seq} recorded a "
                            "different hash for it)")
        prev = entry
        expected_seq = entry.seq + 1
    return problems


def check_anchor(entries: Sequence[AuditEntry], marks: Sequence[AnchorMark]) -> list[str]:
    by_seq = {entry.seq: entry for entry in entries}
    last_seq = entries[-1].seq if entries else 0
    problems: list[str] = []
    if marks and marks[-1].seq > last_seq:
        problems.append(_missing(last_seq + 1, marks[-1].seq)
                        + f" (the anchor file records entry {marks[-1].seq})")
    for mark in marks:
        entry = by_seq.get(mark.seq)
        if entry is not None and entry.entry_hash != mark.entry_hash:
            problems.append("the chain does not match the anchor file: the log was rewritten "
                            f"(entry {mark.seq} has hash {entry.entry_hash[:12]}…, the anchor "
                            f"file recorded {mark.entry_hash[:12]}… at {mark.at})")
            break
    return problems


def verify_entries(entries: Sequence[AuditEntry], marks: Sequence[AnchorMark] | None
                   ) -> AuditReport:
    last = entries[-1] if entries else None
    report = AuditReport(len(entries), last.seq if last else None,
                         last.entry_hash if last else None, anchored=marks is not None)
    report.problems.extend(check_chain(entries))
    if marks is not None:
        report.problems.extend(check_anchor(entries, marks))
    return report


def verify_audit(engine: Engine, anchor: Path | str | None = None) -> AuditReport:
    """Read the whole log and check it (and against `anchor`, when given)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("audit_log"):
            report = AuditReport(0, None, None, anchored=anchor is not None)
            report.problems.append("the database has no audit_log table (run gemba-sync once "
                                   "to bring its schema up to date)")
            return report
        entries = log.entries(conn)
    marks: list[AnchorMark] | None = None
    problems: list[str] = []
    if anchor is not None:
        path = Path(anchor)
        if path.exists():
            try:
                marks = read_anchor(path)
            except AnchorError as exc:
                problems.append(str(exc))
                marks = []
        elif entries:
            problems.append(f"the anchor file {path} does not exist: a rewritten log could not "
                            "be detected")
            marks = []
        else:
            marks = []
    report = verify_entries(entries, marks)
    report.problems.extend(problems)
    return report
