"""The console's version and the components it bundles, with their licences (no Qt here).

Versions and licences come from the installed distributions' metadata (the frozen build carries
their dist-info, see packaging/gemba.spec); the licences below are used where the metadata does
not say.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageMetadata, PackageNotFoundError, metadata, version
from pathlib import Path

DISTRIBUTION = "gemba-console"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
# A License field longer than this is the licence's full text, not its name.
_LICENCE_NAME_MAX = 80
_CLASSIFIER_PREFIX = "License :: OSI Approved :: "


@dataclass(frozen=True)
class Component:
    name: str  # as people know it
    distribution: str  # as the package index knows it
    fallback_licence: str


@dataclass(frozen=True)
class BundledComponent:
    name: str
    version: str | None  # None: not installed here
    licence: str


COMPONENTS = (
    Component("PySide6", "PySide6-Essentials", "LGPL-3.0-only"),
    Component("pyqtgraph", "pyqtgraph", "MIT"),
    Component("SQLAlchemy", "SQLAlchemy", "MIT"),
    Component("httpx", "httpx", "BSD-3-Clause"),
    Component("pydantic", "pydantic", "MIT"),
    Component("qasync", "qasync", "BSD-2-Clause"),
    Component("NumPy", "numpy", "BSD-3-Clause"),
    Component("Alembic", "alembic", "MIT"),
    Component("platformdirs", "platformdirs", "MIT"),
    Component("Starlette", "starlette", "BSD-3-Clause"),
    Component("Uvicorn", "uvicorn", "BSD-3-Clause"),
    Component("psycopg", "psycopg", "LGPL-3.0-only"),
    Component("openpyxl", "openpyxl", "MIT"),
    Component("keyring", "keyring", "MIT"),
    Component("statsmodels", "statsmodels", "BSD-3-Clause"),
    Component("SciPy", "scipy", "BSD-3-Clause"),
    Component("pandas", "pandas", "BSD-3-Clause"),
    Component("PyJWT", "PyJWT", "MIT"),
    Component("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
    Component("lxml", "lxml", "BSD-3-Clause"),
    Component("Eclipse Paho MQTT", "paho-mqtt", "EPL-2.0 OR BSD-3-Clause"),
    Component("protobuf", "protobuf", "BSD-3-Clause"),
    Component("asyncua", "asyncua", "LGPL-3.0-or-later"),
    Component("ijson", "ijson", "BSD-3-Clause AND ISC"),
)


def app_version() -> str | None:
    """The installed console's version; from pyproject.toml in a source tree never installed;
    None when neither says."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        pass
    try:
        with PYPROJECT.open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def licence_from_metadata(meta: PackageMetadata) -> str | None:
    """The licence a distribution declares: its SPDX expression, else a short License field,
    else its OSI classifiers; None when it declares none of these."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= _LICENCE_NAME_MAX:
        return field
    classifiers = [c.removeprefix(_CLASSIFIER_PREFIX) for c in meta.get_all("Classifier") or []
                   if c.startswith(_CLASSIFIER_PREFIX)]
    return " / ".join(classifiers) or None


def bundled_components() -> list[BundledComponent]:
    found: list[BundledComponent] = []
    for component in COMPONENTS:
        try:
            meta = metadata(component.distribution)
        except PackageNotFoundError:
            found.append(BundledComponent(component.name, None, component.fallback_licence))
            continue
        licence = licence_from_metadata(meta) or component.fallback_licence
        found.append(BundledComponent(component.name, meta.get("Version"), licence))
    return found
