"""The agent's configuration file (TOML), read and checked before anything starts.

    database = "postgresql+psycopg://gemba_agent@db.plant.local/gemba"
    sources = "sources.json"          # or inline [[source]] tables
    health = "127.0.0.1:8787"
    audit_anchor = "/var/lib/gemba-sync/audit.anchor"
    webhooks = "webhooks.json"        # optional
    [intervals]
    "mes.machine_status" = 2

Relative paths are relative to the configuration file. Secrets are never in this file: they come
from the OS keyring or GEMBA_SECRET_<PROFILE>_<KEY> (app.sync.profiles.SecretStore).
"""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from app.contract import FEEDS_BY_NAME
from app.sync.profiles import SourceProfile, load_profiles, set_problems

KEYS = ("database", "sources", "source", "intervals", "health", "audit_anchor", "webhooks")
_PROFILE_FIELDS = {f.name for f in fields(SourceProfile)}


class ConfigError(ValueError):
    """The configuration file is missing, unreadable, or says something impossible."""


@dataclass
class AgentConfig:
    path: Path
    database: str
    profiles: list[SourceProfile]
    intervals: dict[str, float] = field(default_factory=dict)
    health: tuple[str, int] | None = None
    audit_anchor: Path | None = None
    webhooks: Path | None = None


def _fail(path: Path, key: str, problem: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {problem}")


def _string(path: Path, data: dict[str, Any], key: str, *, required: bool = False
            ) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise _fail(path, key, "missing (required)")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, key, "expected a non-empty string")
    return value.strip()


def _relative(path: Path, value: str | None) -> Path | None:
    if value is None:
        return None
    candidate = Path(value).expanduser()
    return candidate if candidate.is_absolute() else path.parent / candidate


def _database(path: Path, value: str) -> str:
    if not value.startswith(("sqlite:", "postgresql")):
        raise _fail(path, "database", f"{value.split(':')[0]!r} is not supported: use a "
                    "sqlite:///... or postgresql+psycopg://... URL")
    prefix = "sqlite:///"
    if value.startswith(prefix) and not value.startswith(prefix + "/") \
            and value != "sqlite://" and ":memory:" not in value:
        value = prefix + str(path.parent / value[len(prefix):])  # relative to the file
    return value


def _profiles(path: Path, data: dict[str, Any]) -> list[SourceProfile]:
    listed = _string(path, data, "sources")
    inline = data.get("source")
    if listed is not None and inline is not None:
        raise _fail(path, "sources", "give either a sources file or [[source]] tables, not both")
    if listed is not None:
        file = _relative(path, listed)
        assert file is not None
        if not file.exists():
            raise _fail(path, "sources", f"{file} does not exist")
        try:
            profiles = load_profiles(file)
        except ValueError as exc:
            raise _fail(path, "sources", str(exc)) from exc
        key = "sources"
    elif inline is not None:
        if not isinstance(inline, list):
            raise _fail(path, "source", "expected [[source]] tables")
        profiles = []
        for number, table in enumerate(inline, 1):
            key = f"source[{number}]"
            if not isinstance(table, dict):
                raise _fail(path, key, "expected a table")
            unknown = set(table) - _PROFILE_FIELDS
            if unknown:
                raise _fail(path, f"{key}.{sorted(unknown)[0]}",
                            f"unknown field (one of {', '.join(sorted(_PROFILE_FIELDS))})")
            for name in ("name", "role"):
                if not isinstance(table.get(name), str):
                    raise _fail(path, f"{key}.{name}", "missing (required)")
            options = table.get("options", {})
            if not isinstance(options, dict):
                raise _fail(path, f"{key}.options", "expected a table of strings")
            profiles.append(SourceProfile(**{**table, "options": {
                str(k): str(v) for k, v in options.items()}}))
        key = "source"
    else:
        raise _fail(path, "sources", "missing: name a sources file or add [[source]] tables")
    if not profiles:
        raise _fail(path, key, "no sources")
    for number, profile in enumerate(profiles, 1):
        for name, problem in profile.problems().items():
            where = f"source[{number}].{name}" if key == "source" else f"sources ({profile.name})"
            raise _fail(path, where, problem)
    problems = set_problems(profiles)
    if problems:
        raise _fail(path, key, "; ".join(problems))
    return profiles


def _intervals(path: Path, data: dict[str, Any]) -> dict[str, float]:
    table = data.get("intervals", {})
    if not isinstance(table, dict):
        raise _fail(path, "intervals", "expected a table of feed = seconds")
    intervals: dict[str, float] = {}
    for feed, seconds in table.items():
        if feed not in FEEDS_BY_NAME:
            raise _fail(path, f"intervals.{feed}", "unknown feed")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
            raise _fail(path, f"intervals.{feed}", "expected a positive number of seconds")
        intervals[feed] = float(seconds)
    return intervals


def _health(path: Path, value: str | None) -> tuple[str, int] | None:
    if value is None:
        return None
    host, _, port = value.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or int(port) > 65535:
        raise _fail(path, "health", f"expected host:port, e.g. 127.0.0.1:8787, got {value!r}")
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise _fail(path, "health", f"{host} is not a loopback address: the endpoint has no "
                    "authentication, so it listens on 127.0.0.1 or ::1 only")
    return host, int(port)


def load_config(path: Path | str) -> AgentConfig:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise _fail(path, unknown[0], f"unknown key (known: {', '.join(KEYS)})")
    database = _database(path, _string(path, data, "database", required=True) or "")
    return AgentConfig(
        path=path, database=database, profiles=_profiles(path, data),
        intervals=_intervals(path, data), health=_health(path, _string(path, data, "health")),
        audit_anchor=_relative(path, _string(path, data, "audit_anchor")),
        webhooks=_relative(path, _string(path, data, "webhooks")),
    )
