"""Which user actions each kind of backend takes, so the console offers only those and says
why not (a person should not queue an action the backend can only refuse).

Kept beside the connectors' profiles, not in them: widgets may read it (they never import a
connector). The reasons are codes; the widgets put them into words.
"""

from __future__ import annotations

from app.domain.actions import ActionKind

# kind of source -> action kind -> why it takes no such action (a code the widgets word)
NOT_TAKEN: dict[str, dict[ActionKind, str]] = {
    # A Tryton complaint refers to a sale or a sale line, never to a lot.
    "tryton": {ActionKind.LINK_LOT: "no_complaint_lot"},
}


def not_taken(kind: str | None, action: ActionKind) -> str | None:
    """Why a source of `kind` takes no `action` (None: it takes it, or the kind is unknown)."""
    if kind is None:
        return None
    return NOT_TAKEN.get(kind, {}).get(action)
