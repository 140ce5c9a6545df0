"""What a connector is configured with: its source, the connection profile, and its secrets.

These types live with the connectors, not the sync layer, so a connector depends only on the
domain, the contract and this module; app.sync.sources and app.sync.profiles re-export them,
and the keyring-backed `SecretStore` (storage, not configuration) stays in app.sync.profiles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SourceConfig:
    name: str  # unique, part of every record's key: (source, id)
    kind: str  # "crm" or "mes"
    base_url: str  # e.g. http://127.0.0.1:8765
    # The cheap request that tells whether the source answers.
    probe_path: str = ""
    backend: str = "reference"  # a key of BACKENDS: what the source is

    @property
    def probe_url(self) -> str:
        default = "/crm/v1/customers" if self.kind == "crm" else "/mes/v1/sites"
        path = self.probe_path or default
        return self.base_url.rstrip("/") + path


# What each backend is, and the role it plays: a CRM (customers, orders, complaints) or an MES
# (machines, work orders, quality, lots).
BACKENDS: dict[str, tuple[str, ...]] = {
    "reference": ("crm", "mes"),  # the reference contract (the demo plant speaks it)
    "salesforce": ("crm",),
    "dynamics": ("crm",),
    "odoo": ("crm", "mes"),
    "erpnext": ("crm", "mes"),
    "tryton": ("crm", "mes"),
    "opcua": ("mes",),
    "sparkplug": ("mes",),
}


@dataclass(frozen=True, slots=True)
class SourceProfile:
    name: str  # unique; part of every cached record's key
    role: str  # "crm" or "mes"
    backend: str = "reference"
    url: str = ""  # base URL, opc.tcp:// endpoint or mqtt(s):// broker
    instance: str = ""  # database (Odoo, Tryton), organisation, Sparkplug group, ...
    username: str = ""  # user, client id or API key name; the secret is in the keyring
    options: dict[str, str] = field(default_factory=dict)  # backend-specific, never secret

    def config(self) -> SourceConfig:
        return SourceConfig(name=self.name, kind=self.role, base_url=self.url,
                            backend=self.backend)

    def problems(self) -> dict[str, str]:
        """Field name -> what is wrong with it, in words (empty when the profile is usable)."""
        found: dict[str, str] = {}
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}", self.name):
            found["name"] = ("a name of letters, digits, '-', '_' or '.', at most 40 "
                             "characters")
        if self.backend not in BACKENDS:
            found["backend"] = f"unknown kind of source {self.backend!r}"
        elif self.role not in BACKENDS[self.backend]:
            found["role"] = f"a {self.backend} source cannot be the {self.role.upper()}"
        schemes = {"opcua": ("opc.tcp://",), "sparkplug": ("mqtt://", "mqtts://")}.get(
            self.backend, ("http://", "https://"))
        if not self.url.startswith(schemes):
            found["url"] = "the address must start with " + " or ".join(schemes)
        if self.backend in ("odoo", "tryton") and not self.instance:
            found["instance"] = "the database name is needed"
        if self.backend == "sparkplug" and not self.instance:
            found["instance"] = "the Sparkplug group id is needed"
        return found


class SecretReader(Protocol):
    """Where a connector reads its password, token or key; all a connector needs of
    app.sync.profiles.SecretStore (the keyring), which satisfies this as it is."""

    def get(self, profile: str, key: str) -> str | None: ...
