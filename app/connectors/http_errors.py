"""HTTP failures in words a person can act on, for every HTTP connector and "test connection".

"cannot resolve", "TLS certificate", "wrong credentials (401)", "missing permission (403)",
"wrong instance (404)" and "not a server of that kind" are what an administrator setting up a
source needs to tell apart; a bare exception name tells them nothing.
"""

from __future__ import annotations

import socket
import ssl

import httpx

from app.connectors.base import BadPayload, SourceError, SourceRefused, SourceUnavailable


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def transport_error(exc: httpx.HTTPError, url: str) -> SourceError:
    """A request that got no HTTP answer."""
    host = httpx.URL(url).host or url
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return SourceUnavailable(
                f"the TLS certificate of {host} is not trusted ({cause.verify_message}); "
                "install the company's CA certificate or correct the address")
        if isinstance(cause, socket.gaierror):
            return SourceUnavailable(f"cannot resolve {host}: check the address")
    text = str(exc)
    if "Name or service not known" in text or "nodename nor servname" in text \
            or "getaddrinfo failed" in text or "No address associated" in text:
        return SourceUnavailable(f"cannot resolve {host}: check the address")
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return SourceUnavailable(f"the TLS certificate of {host} is not trusted; install the "
                                 "company's CA certificate or correct the address")
    if isinstance(exc, httpx.TimeoutException):
        return SourceUnavailable(f"{host} gave no answer in time (timeout)")
    if isinstance(exc, httpx.ConnectError):
        return SourceUnavailable(f"cannot connect to {url} (is the server running, is a "
                                 "firewall in the way?)")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return SourceUnavailable(f"{host} dropped the connection mid-answer")
    return SourceUnavailable(f"{host}: {type(exc).__name__}: {exc}")


def status_error(status: int, what: str, detail: str = "") -> SourceError:
    """An HTTP error answer; `what` names the backend ("Salesforce", "the Odoo server")."""
    tail = f": {detail}" if detail else ""
    if status == 401:
        return SourceRefused(f"{what} refused the credentials (401 wrong user, password, "
                             f"key or token){tail}", status)
    if status == 403:
        return SourceRefused(f"{what} accepted the credentials but the user lacks a "
                             f"permission (403){tail}", status)
    if status == 404:
        return SourceRefused(f"{what} does not know this address (404: wrong instance, "
                             f"database or URL){tail}", status)
    if status == 429:
        return SourceUnavailable(f"{what} asks us to slow down (429 too many requests){tail}")
    if status >= 500:
        return SourceUnavailable(f"{what} had a server error (HTTP {status}){tail}")
    return SourceRefused(f"{what} refused the request (HTTP {status}){tail}", status)


def not_that_kind(what: str, url: str) -> BadPayload:
    """The address answers, but not as a server of the configured kind would."""
    return BadPayload(f"{url} answers, but not like {what} (is this the right address and "
                      "the right kind of source?)")
