"""Connection profiles: one per source, the console's and the sync agent's list of backends.

A profile holds everything about a source except its secrets: those live in the OS keyring
(`SecretStore`), or for a headless agent in environment variables, never in this file or a log.
A working set is one CRM source combined with one or more MES sources.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from app.sync.sources import SourceConfig

log = logging.getLogger(__name__)

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

KEYRING_SERVICE = "gemba-console-source"
PROFILES_FILE = "sources.json"


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
        return SourceConfig(name=self.name, kind=self.role, base_url=self.url)

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


def set_problems(profiles: list[SourceProfile]) -> list[str]:
    """What keeps a list of profiles from being a working set, in words."""
    found = []
    names = [p.name for p in profiles]
    for name in sorted({n for n in names if names.count(n) > 1}):
        found.append(f"two sources are called {name!r}")
    crm = [p for p in profiles if p.role == "crm"]
    if len(crm) > 1:
        found.append("only one CRM source can be used at a time: "
                     + ", ".join(p.name for p in crm))
    if profiles and not any(p.role == "mes" for p in profiles):
        found.append("add at least one MES source")
    return found


if TYPE_CHECKING:
    from pydantic import TypeAdapter


@cache
def _adapter() -> TypeAdapter[list[SourceProfile]]:
    # pydantic is imported when a file is read, not when the console starts without one.
    from pydantic import TypeAdapter

    return TypeAdapter(list[SourceProfile])


def profiles_path() -> Path:
    return Path(platformdirs.user_config_dir("gemba-console", appauthor=False)) / PROFILES_FILE


def load_profiles(path: Path | None = None) -> list[SourceProfile]:
    """The saved profiles; none when there is no file. A broken file raises ValueError."""
    path = path or profiles_path()
    if not path.exists():
        return []
    from pydantic import ValidationError

    try:
        return _adapter().validate_json(path.read_bytes())
    except ValidationError as exc:
        raise ValueError(f"{path}: not a list of source profiles ({exc.error_count()} "
                         "problem(s))") from exc


def save_profiles(profiles: list[SourceProfile], path: Path | None = None) -> Path:
    path = path or profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps([asdict(p) for p in profiles], indent=2), encoding="utf-8")
    temporary.replace(path)  # a crash mid-write never leaves half a file
    return path


def secret_env_name(profile: str, key: str) -> str:
    """GEMBA_SECRET_<PROFILE>_<KEY>, e.g. GEMBA_SECRET_SF_PROD_CLIENT_SECRET."""
    return "GEMBA_SECRET_" + re.sub(r"[^A-Z0-9]", "_", f"{profile}_{key}".upper())


class SecretStore:
    """Passwords, client secrets, API keys and private keys of the sources.

    The OS keyring (service "gemba-console-source", user "<profile>/<key>"); an environment
    variable named by `secret_env_name` wins, for agents running as a service without a keyring.
    """

    def get(self, profile: str, key: str) -> str | None:
        from_env = os.environ.get(secret_env_name(profile, key))
        if from_env:
            return from_env
        try:
            import keyring

            return keyring.get_password(KEYRING_SERVICE, f"{profile}/{key}") or None
        except Exception as exc:  # no keyring backend on this machine, locked, ...
            log.warning("source %s: keyring not readable (%s)", profile, type(exc).__name__)
            return None

    def set(self, profile: str, key: str, value: str) -> None:
        import keyring

        if value:
            keyring.set_password(KEYRING_SERVICE, f"{profile}/{key}", value)
        else:
            # Nothing stored means nothing to forget.
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, f"{profile}/{key}")


class MemorySecrets(SecretStore):
    """Secrets held in memory: tests, and a dialog's unsaved edits."""

    def __init__(self, values: dict[tuple[str, str], str] | None = None) -> None:
        self.values = dict(values or {})

    def get(self, profile: str, key: str) -> str | None:
        return self.values.get((profile, key))

    def set(self, profile: str, key: str, value: str) -> None:
        self.values[(profile, key)] = value
