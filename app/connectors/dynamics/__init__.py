"""Microsoft Dynamics 365 / Dataverse as the CRM (docs/backends/dynamics365.md).

Profile: url = https://<org>.crm.dynamics.com, instance = the directory (tenant) id,
username = the application (client) id; the client secret is in the keyring under
"client_secret". Options: api_version ("v9.2"), token_url (tests), promised_date_field
("requestdeliveryby" or a custom Date Only column of salesorderdetail), external_id_field
("gemba_actionid": the task column with the alternate key), lot_field ("gemba_lotid": the text
column of incident holding the lot), order_field (a lookup of incident to salesorder, as
"_<column>_value"; none by default), change_tracking ("auto" or "off").
"""

from __future__ import annotations

import httpx

from app.connectors.config import SecretReader, SourceProfile
from app.connectors.dynamics.client import DataverseClient
from app.connectors.dynamics.connector import FEEDS, DynamicsConnector


def from_profile(profile: SourceProfile, secrets: SecretReader, *,
                 transport: httpx.AsyncBaseTransport | None = None) -> DynamicsConnector:
    options = profile.options
    client = DataverseClient(
        org_url=profile.url, tenant=profile.instance.strip(), client_id=profile.username.strip(),
        client_secret=secrets.get(profile.name, "client_secret"),
        api_version=options.get("api_version") or "v9.2",
        token_url=options.get("token_url") or "", transport=transport)
    return DynamicsConnector(
        profile.config(), client,
        promised_date_field=options.get("promised_date_field") or "requestdeliveryby",
        external_id_field=options.get("external_id_field", "gemba_actionid"),
        lot_field=options.get("lot_field", "gemba_lotid"),
        order_field=options.get("order_field", ""),
        price_list=options.get("price_list", ""),
        change_tracking=options.get("change_tracking") or "auto")


__all__ = ["FEEDS", "DataverseClient", "DynamicsConnector", "from_profile"]
