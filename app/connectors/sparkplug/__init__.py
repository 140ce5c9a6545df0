"""MQTT Sparkplug B source: live machine status and state events from edge nodes.

See docs/sparkplug.md for topics, the metric naming convention and what lands in the cache.
"""

from __future__ import annotations

from app.connectors.base import SourceError
from app.connectors.config import SecretReader, SourceProfile
from app.connectors.sparkplug.connector import SparkplugConnector
from app.connectors.sparkplug.decoder import MetricNames

__all__ = ["MetricNames", "SparkplugConnector", "from_profile"]


def from_profile(profile: SourceProfile, secrets: SecretReader) -> SparkplugConnector:
    """Options: ca_file, cert_file, key_file (TLS, paths), client_id, metrics and state_codes
    (JSON, see MetricNames.from_options). The password is the secret "password"."""
    options = profile.options
    try:
        names = MetricNames.from_options(options)
        return SparkplugConnector(
            profile.config(), profile.instance,
            username=profile.username or None,
            password=secrets.get(profile.name, "password") if profile.username else None,
            ca_file=options.get("ca_file"), cert_file=options.get("cert_file"),
            key_file=options.get("key_file"), names=names, client_id=options.get("client_id"))
    except ValueError as exc:
        raise SourceError(f"source {profile.name}: {exc}") from None
