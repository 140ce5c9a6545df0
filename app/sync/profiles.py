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
from dataclasses import asdict
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

# The profile types live with the connectors, which are built from them; re-exported here.
from app.connectors.config import BACKENDS, SecretReader, SourceConfig, SourceProfile

__all__ = [
    "BACKENDS", "KEYRING_SERVICE", "PROFILES_FILE", "MemorySecrets", "SecretPlace",
    "SecretReader", "SecretStore", "SourceConfig", "SourceProfile", "load_profiles",
    "profiles_path", "save_profiles", "secret_env_name", "set_problems",
]

log = logging.getLogger(__name__)

KEYRING_SERVICE = "gemba-console-source"
PROFILES_FILE = "sources.json"


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


class SecretPlace(StrEnum):
    """Where a source's secret is read from (and a typed one would be kept)."""

    ENVIRONMENT = "environment"  # GEMBA_SECRET_<PROFILE>_<KEY> is set: it wins
    KEYRING = "keyring"  # the OS keyring
    NOWHERE = "nowhere"  # no keyring service and no such variable: a typed one is not kept


class SecretStore:
    """Passwords, client secrets, API keys and private keys of the sources.

    The OS keyring (service "gemba-console-source", user "<profile>/<key>"); an environment
    variable named by `secret_env_name` wins, for agents running as a service and consoles on
    machines without a keyring service.
    """

    def from_environment(self, profile: str, key: str) -> str | None:
        return os.environ.get(secret_env_name(profile, key)) or None

    def keyring_available(self) -> bool:
        """Whether this machine has a keyring service to keep secrets in."""
        try:
            import keyring
            from keyring.backends import fail, null

            return not isinstance(keyring.get_keyring(), fail.Keyring | null.Keyring)
        except Exception:  # keyring not installed, or a backend that fails to load
            return False

    def place(self, profile: str, key: str) -> SecretPlace:
        if self.from_environment(profile, key):
            return SecretPlace.ENVIRONMENT
        return SecretPlace.KEYRING if self.keyring_available() else SecretPlace.NOWHERE

    def get(self, profile: str, key: str) -> str | None:
        from_env = self.from_environment(profile, key)
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
    """Secrets held in memory: tests, and a dialog's unsaved edits. It reads no environment;
    `environment` and `keyring` stand in for the machine's in tests."""

    def __init__(self, values: dict[tuple[str, str], str] | None = None, *,
                 environment: dict[str, str] | None = None, keyring: bool = True) -> None:
        self.values = dict(values or {})
        self.environment = dict(environment or {})
        self.keyring = keyring

    def from_environment(self, profile: str, key: str) -> str | None:
        return self.environment.get(secret_env_name(profile, key)) or None

    def keyring_available(self) -> bool:
        return self.keyring

    def get(self, profile: str, key: str) -> str | None:
        return self.from_environment(profile, key) or self.values.get((profile, key))

    def set(self, profile: str, key: str, value: str) -> None:
        if not self.keyring:
            raise RuntimeError("no keyring service")  # as keyring's NoKeyringError
        self.values[(profile, key)] = value
