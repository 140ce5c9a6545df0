"""From a connection profile to its connector, and the "test connection" check.

Each backend's module offers `from_profile(profile, secrets) -> Connector`; connectors also
offer `async check() -> str`, which reads one small thing and says what it found, or raises a
SourceError whose message says what is wrong in words. Modules are imported only when a profile
of their kind is used, so a plant without OPC UA never loads asyncua.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from app.connectors.base import Connector, SourceError
from app.connectors.config import SourceProfile
from app.sync.profiles import SecretStore

MODULES = {
    "reference": "app.connectors.rest",
    "salesforce": "app.connectors.salesforce",
    "dynamics": "app.connectors.dynamics",
    "odoo": "app.connectors.odoo",
    "erpnext": "app.connectors.erpnext",
    "tryton": "app.connectors.tryton",
    "opcua": "app.connectors.opcua",
    "sparkplug": "app.connectors.sparkplug",
}


def make_connector(profile: SourceProfile, secrets: SecretStore) -> Connector:
    try:
        module = importlib.import_module(MODULES[profile.backend])
    except KeyError:
        raise SourceError(f"unknown kind of source {profile.backend!r}") from None
    except ImportError as exc:
        raise SourceError(f"{profile.backend} sources are not available in this build "
                          f"({exc.name} is missing)") from exc
    return module.from_profile(profile, secrets)


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    message: str  # what was found, or what is wrong, in words


async def test_connection(profile: SourceProfile, secrets: SecretStore) -> CheckResult:
    """Connect with the profile, read one small thing, and say how it went."""
    problems = profile.problems()
    if problems:
        return CheckResult(False, "; ".join(problems.values()))
    try:
        connector = make_connector(profile, secrets)
    except SourceError as exc:
        return CheckResult(False, str(exc))
    try:
        return CheckResult(True, await connector.check())
    except SourceError as exc:
        return CheckResult(False, str(exc))
    finally:
        await connector.aclose()


test_connection.__test__ = False  # not a pytest test, whatever its name


LIVE_BACKENDS = ("opcua", "sparkplug")


def connectors_for(profiles: list[SourceProfile], secrets: SecretStore) -> list[Connector]:
    """One connector per source. A live-machine profile (OPC UA, Sparkplug B) whose option
    `machines_of` names an MES profile delivers that source's machine status instead of
    standing alone, so the values land on the machines the MES lists."""
    from app.connectors.live_overlay import LiveOverlay

    by_name = {p.name: p for p in profiles}
    overlays: dict[str, SourceProfile] = {}
    for profile in profiles:
        target = profile.options.get("machines_of", "")
        if profile.backend in LIVE_BACKENDS and target:
            if by_name.get(target) is None or by_name[target].role != "mes":
                raise SourceError(f"{profile.name}: machines_of names {target!r}, which is "
                                  "not an MES source of this list")
            overlays[target] = profile
    live_names = {p.name for p in overlays.values()}
    connectors: list[Connector] = []
    for profile in profiles:
        if profile.name in live_names:
            continue
        connector = make_connector(profile, secrets)
        if profile.name in overlays:
            connector = LiveOverlay(connector, make_connector(overlays[profile.name], secrets))
        connectors.append(connector)
    return connectors
