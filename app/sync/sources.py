"""Where the console's data comes from: one entry per backend source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceConfig:
    name: str  # unique, part of every record's key: (source, id)
    kind: str  # "crm" or "mes"
    base_url: str  # e.g. http://127.0.0.1:8765
    # The cheap request that tells whether the source answers.
    probe_path: str = ""

    @property
    def probe_url(self) -> str:
        default = "/crm/v1/customers" if self.kind == "crm" else "/mes/v1/sites"
        path = self.probe_path or default
        return self.base_url.rstrip("/") + path


def demo_sources(base_url: str) -> list[SourceConfig]:
    """The demo plant serves both a CRM and an MES on one address."""
    return [
        SourceConfig(name="demo-crm", kind="crm", base_url=base_url,
                     probe_path="/crm/v1/customers?limit=1"),
        SourceConfig(name="demo-mes", kind="mes", base_url=base_url,
                     probe_path="/mes/v1/machines/status?limit=1"),
    ]
