"""Salesforce as the CRM: REST + SOQL, OAuth client credentials or JWT bearer sign-in.

`from_profile(profile, secrets)` builds the connector from a source profile:
url = login or My Domain URL, username = the connected app's consumer key, options:
flow ("client_credentials" or "jwt"), user (JWT subject), api_version ("v62.0"),
external_id_field (Task, default Gemba_Action_Id__c), promised_date_field (OrderItem),
promise_reason_field (OrderItem, optional), lot_field (Case), case_order_field (Case,
optional), quote_external_id_field (Opportunity, default Gemba_Quote_Id__c), quote_stage
(default "Proposal/Price Quote"). Secrets: "client_secret" or "private_key".
"""

from __future__ import annotations

import httpx

from app.connectors.config import SecretReader, SourceProfile
from app.connectors.salesforce.auth import SignIn
from app.connectors.salesforce.connector import DEFAULT_API_VERSION, SalesforceConnector
from app.connectors.salesforce.mapping import Fields


def fields_from(options: dict[str, str]) -> Fields:
    default = Fields()
    return Fields(
        promised_date=options.get("promised_date_field") or default.promised_date,
        promise_reason=options.get("promise_reason_field", default.promise_reason),
        case_lot=options.get("lot_field") or default.case_lot,
        case_order=options.get("case_order_field", default.case_order),
        task_external_id=options.get("external_id_field") or default.task_external_id,
        progress=options.get("progress_field", default.progress),
        stage=options.get("stage_field", default.stage),
        predicted=options.get("predicted_field", default.predicted),
        at_risk=options.get("at_risk_field", default.at_risk),
        summary=options.get("summary_field", default.summary),
        quote_external_id=options.get("quote_external_id_field") or default.quote_external_id,
        quote_stage=options.get("quote_stage") or default.quote_stage,
    )


def from_profile(profile: SourceProfile, secrets: SecretReader,
                 transport: httpx.AsyncBaseTransport | None = None) -> SalesforceConnector:
    options = profile.options
    flow = options.get("flow", "client_credentials")
    how = SignIn(
        login_url=profile.url.rstrip("/"), client_id=profile.username, flow=flow,
        client_secret=secrets.get(profile.name, "client_secret") if flow != "jwt" else None,
        private_key=secrets.get(profile.name, "private_key") if flow == "jwt" else None,
        user=options.get("user", ""))
    return SalesforceConnector(profile.config(), how,
                               api_version=options.get("api_version") or DEFAULT_API_VERSION,
                               fields=fields_from(options), transport=transport)


__all__ = ["Fields", "SalesforceConnector", "SignIn", "fields_from", "from_profile"]
