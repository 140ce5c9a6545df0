"""Why an action in the outbox is not delivered, as a kind and its parameters for the widgets
to word, with the English text the outbox table stores. Apart from the sender, so a view can
word a reason without importing the sending machinery."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.sync.health import HealthError


class ReasonKind(StrEnum):
    """Why an action is not delivered; the parameters each kind carries are noted."""

    NOT_CONFIGURED = "not_configured"  # what ("source" or "webhook"), source
    REFUSED = "refused"  # source, status, words (the backend's own, shown as sent)
    NOT_YET = "not_yet"  # a failure worth a retry: `error` says which


@dataclass(frozen=True, slots=True)
class OutboxReason:
    kind: ReasonKind
    params: Mapping[str, str] = field(default_factory=dict)
    error: HealthError | None = None  # NOT_YET: the connection's failure
    text: str = ""  # in English: what the outbox table stores and logs show

    @classmethod
    def not_configured(cls, what: str, source: str) -> OutboxReason:
        return cls(ReasonKind.NOT_CONFIGURED, {"what": what, "source": source},
                   text=f"{what} {source!r} is not configured any more")

    @classmethod
    def refused(cls, source: str, status: int, words: str) -> OutboxReason:
        return cls(ReasonKind.REFUSED, {"source": source, "status": str(status), "words": words},
                   text=f"{source} refused it (HTTP {status}): {words}")

    @classmethod
    def parse(cls, text: str) -> OutboxReason:
        """The structure back from the stored words (the table keeps text, and a shared cache
        has rows another process wrote)."""
        if found := _NOT_CONFIGURED.match(text):
            return cls(ReasonKind.NOT_CONFIGURED, found.groupdict(), text=text)
        if found := _REFUSED.match(text):
            return cls(ReasonKind.REFUSED, found.groupdict(), text=text)
        return cls(ReasonKind.NOT_YET, error=HealthError.from_text(text), text=text)


_NOT_CONFIGURED = re.compile(
    r"(?P<what>webhook|source) '(?P<source>.*)' is not configured any more$")
_REFUSED = re.compile(r"(?P<source>.+?) refused it \(HTTP (?P<status>\d{3})\):\s*(?P<words>.*)$",
                      re.DOTALL)
