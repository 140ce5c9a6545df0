"""Signing in to Salesforce: the OAuth 2.0 client credentials flow or the JWT bearer flow.

Both post a form to `<login or My Domain URL>/services/oauth2/token` and get back an access
token and the `instance_url` that every REST call goes to. Refusals come back as
`{"error": "invalid_grant", "error_description": "..."}`; they are turned into words here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

from app.connectors.base import SourceError, SourceRefused
from app.connectors.http_errors import not_that_kind, status_error, transport_error

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
JWT_LIFETIME_SECONDS = 180  # Salesforce accepts assertions that expire within 3 minutes

# What Salesforce's OAuth error codes mean to the person setting up the source.
_OAUTH_HINTS = {
    "invalid_client_id": "the consumer key (client id) is not known to this org",
    "invalid_client": "the consumer key or consumer secret is wrong",
    "invalid_grant": "the sign-in was refused",
    "unsupported_grant_type": "this flow is not enabled for the connected app",
    "invalid_app_access": "the integration user is not allowed to use the connected app",
    "inactive_user": "the integration user is inactive",
    "inactive_org": "the org is inactive or locked",
    "rate_limit_exceeded": "too many sign-in attempts; wait before trying again",
}


@dataclass(frozen=True, slots=True)
class Session:
    access_token: str
    instance_url: str  # e.g. https://acme.my.salesforce.com
    identity_url: str = ""  # https://login.salesforce.com/id/<org id>/<user id>

    @property
    def org_id(self) -> str:
        parts = self.identity_url.rstrip("/").split("/")
        return parts[-2] if len(parts) >= 2 and "/id/" in self.identity_url else ""


@dataclass(frozen=True, slots=True)
class SignIn:
    login_url: str  # https://login.salesforce.com, https://test.salesforce.com or My Domain
    client_id: str  # the connected app's consumer key
    flow: str = "client_credentials"  # or "jwt"
    client_secret: str | None = None  # client credentials flow
    private_key: str | None = None  # JWT bearer flow: PEM of the certificate's key
    user: str = ""  # JWT bearer flow: the integration user's username (sub)

    @property
    def token_url(self) -> str:
        return self.login_url.rstrip("/") + "/services/oauth2/token"

    def problems(self) -> str:
        if self.flow not in ("client_credentials", "jwt"):
            return f"unknown sign-in flow {self.flow!r} (use client_credentials or jwt)"
        if not self.client_id:
            return "the consumer key (client id) is missing"
        if self.flow == "client_credentials" and not self.client_secret:
            return "the consumer secret is missing from the keyring"
        if self.flow == "jwt" and not self.private_key:
            return "the private key for the JWT bearer flow is missing from the keyring"
        if self.flow == "jwt" and not self.user:
            return "the JWT bearer flow needs the integration user's username (option 'user')"
        return ""

    def form(self) -> dict[str, str]:
        if self.flow == "jwt":
            return {"grant_type": JWT_GRANT, "assertion": self.assertion()}
        return {"grant_type": "client_credentials", "client_id": self.client_id,
                "client_secret": self.client_secret or ""}

    def assertion(self, now: float | None = None) -> str:
        """The JWT: iss = consumer key, sub = username, aud = login URL, signed RS256."""
        try:
            import jwt
        except ImportError as exc:
            raise SourceError("the JWT bearer flow needs the PyJWT package with cryptography "
                              "in this build") from exc
        issued = int(now if now is not None else time.time())
        claims = {"iss": self.client_id, "sub": self.user,
                  "aud": self.login_url.rstrip("/"), "exp": issued + JWT_LIFETIME_SECONDS}
        try:
            return jwt.encode(claims, self.private_key or "", algorithm="RS256")
        except (ValueError, TypeError, jwt.PyJWTError) as exc:
            raise SourceRefused("the private key in the keyring cannot sign the JWT (is it the "
                                f"PEM of an RSA key?): {exc}", 400) from exc


async def sign_in(client: httpx.AsyncClient, how: SignIn) -> Session:
    """A new access token, or a SourceError that says what is wrong."""
    problem = how.problems()
    if problem:
        raise SourceRefused(f"Salesforce sign-in not possible: {problem}", 400)
    try:
        response = await client.post(how.token_url, data=how.form(),
                                     headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise transport_error(exc, how.token_url) from exc
    try:
        payload: Any = response.json()
    except ValueError:
        payload = None
    if response.status_code >= 500:
        raise status_error(response.status_code, "the Salesforce login server")
    if not isinstance(payload, dict):
        if response.status_code == 404:
            raise status_error(404, "the Salesforce login server", how.token_url)
        raise not_that_kind("a Salesforce login server", how.login_url)
    if response.status_code >= 400:
        code = str(payload.get("error", ""))
        description = str(payload.get("error_description", "")).strip()
        hint = _OAUTH_HINTS.get(code, "the sign-in was refused")
        if code == "invalid_grant" and how.flow == "jwt":
            hint = ("the JWT was refused: check the username, that the certificate is the "
                    "connected app's and that the user is pre-authorised")
        elif code == "invalid_grant":
            hint = ("the sign-in was refused: check that the client credentials flow is "
                    "enabled with a 'run as' user")
        said = f" (Salesforce says: {description}; {code})" if description else f" ({code})"
        raise SourceRefused(f"Salesforce refused the credentials: {hint}{said}",
                            response.status_code, payload)
    token, instance = payload.get("access_token"), payload.get("instance_url")
    if not isinstance(token, str) or not isinstance(instance, str) or not token:
        raise not_that_kind("a Salesforce login server", how.login_url)
    return Session(token, instance.rstrip("/"), str(payload.get("id", "")))
