"""Where the console's data comes from: one entry per backend source."""

from __future__ import annotations

# SourceConfig lives with the connectors (they are configured with it); re-exported here.
from app.connectors.config import SourceConfig

__all__ = ["SourceConfig", "demo_sources"]


def demo_sources(base_url: str) -> list[SourceConfig]:
    """The demo plant serves both a CRM and an MES on one address."""
    return [
        SourceConfig(name="demo-crm", kind="crm", base_url=base_url,
                     probe_path="/crm/v1/customers?limit=1"),
        SourceConfig(name="demo-mes", kind="mes", base_url=base_url,
                     probe_path="/mes/v1/machines/status?limit=1"),
    ]
