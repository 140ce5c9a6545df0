"""OPC UA discovery for Settings → Connections: browse a profile's server, propose a mapping,
check an edited one. Widgets import no connector; they come here.

Messages are the connectors' English words, shown as they are, like "Test connection"'s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from app.connectors.base import SourceError
from app.connectors.config import SourceProfile
from app.sync.profiles import SecretStore


@dataclass(frozen=True, slots=True)
class Proposal:
    ok: bool
    message: str  # what is wrong, in words, when not ok
    mapping: str = ""  # the proposed mapping as JSON, for a person to read and edit
    machines: int = 0
    states: int = 0  # entries of the proposed state table


async def propose_opcua_mapping(profile: SourceProfile, secrets: SecretStore) -> Proposal:
    """Browse the profile's OPC UA server and propose a mapping (the profile needs none)."""
    try:
        from app.connectors.opcua import propose_mapping
    except ImportError as exc:
        return Proposal(False, f"OPC UA sources are not available in this build ({exc.name} "
                               "is missing)")
    try:
        proposed = await propose_mapping(profile, secrets)
    except SourceError as exc:
        return Proposal(False, str(exc))
    if proposed is None:
        return Proposal(False, f"{profile.url}: no object on the server looks like a machine "
                               "(one with a state variable, or MachineryItemState)")
    return Proposal(True, "", proposed.to_json(), len(proposed.machines),
                    len(proposed.states))


def mapping_problem(text: str) -> str:
    """What is wrong with a mapping's JSON, in words; "" when it can be used."""
    from app.connectors.opcua.mapping import MappingError, parse_mapping

    try:
        parse_mapping(text)
    except MappingError as exc:
        return str(exc)
    return ""


def with_mapping(profile: SourceProfile, text: str) -> SourceProfile:
    """The profile with this mapping as its option, on one line (options are key=value)."""
    compact = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
    return replace(profile, options={**profile.options, "mapping": compact})
