"""ERPNext (Frappe) as a CRM and/or an MES source (docs/backends/erpnext.md).

Profile: url = the site's address (https://erp.example.com), username = the integration
user's API key; its API secret is in the keyring under "api_secret". Options: page_size
("200"), promised_date_field ("delivery_date", or a custom Date field of Sales Order Item that
is "Allow on Submit"), time_zone (the site's System Settings time zone, "UTC" by default),
site (the site id given to workstations without a Plant Floor; the profile name by default).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from app.connectors.base import SourceError
from app.connectors.config import SecretReader, SourceProfile
from app.connectors.erpnext.client import FrappeClient, server_message
from app.connectors.erpnext.connector import FEEDS, ErpNextConnector


def from_profile(profile: SourceProfile, secrets: SecretReader, *,
                 transport: httpx.AsyncBaseTransport | None = None) -> ErpNextConnector:
    api_key = profile.username.strip()
    if not api_key:
        raise SourceError(f"source {profile.name!r}: the API key of the ERPNext user is "
                          "needed (User → Settings → API Access → Generate Keys)")
    secret = secrets.get(profile.name, "api_secret")
    if not secret:
        raise SourceError(f"no API secret stored for source {profile.name!r}")
    options = profile.options
    try:
        page_size = int(options.get("page_size") or "200")
    except ValueError:
        raise SourceError(f"source {profile.name!r}: page_size must be a number") from None
    time_zone = options.get("time_zone") or "UTC"
    try:
        ZoneInfo(time_zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise SourceError(f"source {profile.name!r}: unknown time zone {time_zone!r} (an "
                          "IANA name such as Asia/Taipei)") from None
    client = FrappeClient(profile.url, api_key, secret, transport=transport)
    return ErpNextConnector(
        profile.config(), client, page_size=page_size,
        promised_date_field=options.get("promised_date_field") or "delivery_date",
        time_zone=time_zone, site=options.get("site") or "")


__all__ = ["FEEDS", "ErpNextConnector", "FrappeClient", "from_profile", "server_message"]
