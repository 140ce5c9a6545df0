"""HTTP failures in words a person can act on, for every HTTP connector and "test connection".

"cannot resolve", "TLS certificate", "wrong credentials (401)", "missing permission (403)",
"wrong instance (404)" and "not a server of that kind" are what an administrator setting up a
source needs to tell apart; a bare exception name tells them nothing.

Each error also carries its kind and parameters (`error_kind`), so a console can word it in the
person's language; the English text stays for logs.
"""

from __future__ import annotations

import re
import socket
import ssl
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from app.connectors.base import BadPayload, SourceError, SourceRefused, SourceUnavailable

if TYPE_CHECKING:  # the health words need the kinds at start, not the HTTP client
    import httpx


class ErrorKind(StrEnum):
    """What went wrong, without the words; the parameters each kind carries are noted."""

    TLS_UNTRUSTED = "tls_untrusted"  # host
    TLS_FAILED = "tls_failed"  # host, reason: the handshake failed for another reason
    CANNOT_RESOLVE = "cannot_resolve"  # host
    TIMEOUT = "timeout"  # host
    CANNOT_CONNECT = "cannot_connect"  # url
    DROPPED = "dropped"  # host
    CREDENTIALS = "credentials"  # what, detail
    PERMISSION = "permission"  # what, detail
    NOT_FOUND = "not_found"  # what, detail
    TOO_MANY = "too_many"  # what, detail
    SERVER_ERROR = "server_error"  # what, status, detail
    REFUSED = "refused"  # what, status, detail
    MALFORMED = "malformed"  # what
    NOT_THAT_KIND = "not_that_kind"  # what, url
    # nodes: a live source's edge nodes (comma-separated) asked to publish their births again
    # and not answered yet; why: the connector's words for the first of them. Not a failure:
    # the source answers, but its machines' values may be stale or incomplete until then.
    REBIRTH_AWAITED = "rebirth_awaited"
    OTHER = "other"  # text: the connector's or backend's own words, shown as they are


ErrorParams = dict[str, str]
E = TypeVar("E", bound=SourceError)


def _tag(exc: E, kind: ErrorKind, **params: object) -> E:
    # Attributes on the exception: every connector raises these classes, none need change.
    exc.error_kind = kind  # type: ignore[attr-defined]
    exc.error_params = {k: str(v) for k, v in params.items()}  # type: ignore[attr-defined]
    return exc


# Connectors that word their own errors (the REST connector, the health probe) still say these;
# the first match wins, so the narrower patterns come first.
_WORDED: tuple[tuple[ErrorKind, re.Pattern[str]], ...] = (
    (ErrorKind.CANNOT_CONNECT, re.compile(r"cannot (?:connect|reach)(?: to (?P<url>[^\s()]+))?")),
    (ErrorKind.SERVER_ERROR,
     re.compile(r"(?:server error \(?|server answered |answered )HTTP (?P<status>\d{3})")),
    (ErrorKind.TIMEOUT, re.compile(r"no answer in time|timeout after")),
    (ErrorKind.DROPPED, re.compile(r"connection dropped|dropped the connection")),
    (ErrorKind.MALFORMED, re.compile(r"malformed JSON")),
)


def text_kind(text: str) -> tuple[ErrorKind, ErrorParams]:
    """The kind of an error known only by its English words; OTHER keeps the words."""
    for kind, pattern in _WORDED:
        match = pattern.search(text)
        if match is None:
            continue
        params = {k: v or "" for k, v in match.groupdict().items()}
        if kind is ErrorKind.SERVER_ERROR and int(params["status"]) < 500:
            kind = ErrorKind.REFUSED
        return kind, params
    return ErrorKind.OTHER, {"text": text}


def error_kind(exc: BaseException) -> tuple[ErrorKind, ErrorParams]:
    """The kind and parameters of a source error, as tagged here or else from its words."""
    kind = getattr(exc, "error_kind", None)
    if isinstance(kind, ErrorKind):
        return kind, dict(getattr(exc, "error_params", {}))
    return text_kind(str(exc))


def _causes(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def transport_error(exc: httpx.HTTPError, url: str) -> SourceError:
    """A request that got no HTTP answer."""
    import httpx

    host = httpx.URL(url).host or url
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return _tag(SourceUnavailable(
                f"the TLS certificate of {host} is not trusted ({cause.verify_message}); "
                "install the company's CA certificate or correct the address"),
                ErrorKind.TLS_UNTRUSTED, host=host)
        if isinstance(cause, ssl.SSLError):
            # Plain HTTP on the HTTPS port, a TLS version or cipher the two do not share...
            reason = cause.reason or type(cause).__name__
            return _tag(SourceUnavailable(
                f"the TLS handshake with {host} failed ({reason}): is this the server's HTTPS "
                "port, and does it accept TLS 1.2 or later?"),
                ErrorKind.TLS_FAILED, host=host, reason=reason)
        if isinstance(cause, socket.gaierror):
            return _tag(SourceUnavailable(f"cannot resolve {host}: check the address"),
                        ErrorKind.CANNOT_RESOLVE, host=host)
    text = str(exc)
    if "Name or service not known" in text or "nodename nor servname" in text \
            or "getaddrinfo failed" in text or "No address associated" in text:
        return _tag(SourceUnavailable(f"cannot resolve {host}: check the address"),
                    ErrorKind.CANNOT_RESOLVE, host=host)
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return _tag(SourceUnavailable(f"the TLS certificate of {host} is not trusted; install "
                                      "the company's CA certificate or correct the address"),
                    ErrorKind.TLS_UNTRUSTED, host=host)
    if isinstance(exc, httpx.TimeoutException):
        return _tag(SourceUnavailable(f"{host} gave no answer in time (timeout)"),
                    ErrorKind.TIMEOUT, host=host)
    if isinstance(exc, httpx.ConnectError):
        return _tag(SourceUnavailable(f"cannot connect to {url} (is the server running, is a "
                                      "firewall in the way?)"), ErrorKind.CANNOT_CONNECT,
                    url=url)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return _tag(SourceUnavailable(f"{host} dropped the connection mid-answer"),
                    ErrorKind.DROPPED, host=host)
    return _tag(SourceUnavailable(f"{host}: {type(exc).__name__}: {exc}"), ErrorKind.OTHER,
                text=f"{host}: {type(exc).__name__}: {exc}")


def status_error(status: int, what: str, detail: str = "") -> SourceError:
    """An HTTP error answer; `what` names the backend ("Salesforce", "the Odoo server")."""
    tail = f": {detail}" if detail else ""
    params = {"what": what, "detail": detail}
    if status == 401:
        return _tag(SourceRefused(f"{what} refused the credentials (401 wrong user, password, "
                                  f"key or token){tail}", status), ErrorKind.CREDENTIALS,
                    **params)
    if status == 403:
        return _tag(SourceRefused(f"{what} accepted the credentials but the user lacks a "
                                  f"permission (403){tail}", status), ErrorKind.PERMISSION,
                    **params)
    if status == 404:
        return _tag(SourceRefused(f"{what} does not know this address (404: wrong instance, "
                                  f"database or URL){tail}", status), ErrorKind.NOT_FOUND,
                    **params)
    if status == 429:
        return _tag(SourceUnavailable(f"{what} asks us to slow down (429 too many requests)"
                                      f"{tail}"), ErrorKind.TOO_MANY, **params)
    if status >= 500:
        return _tag(SourceUnavailable(f"{what} had a server error (HTTP {status}){tail}"),
                    ErrorKind.SERVER_ERROR, status=status, **params)
    return _tag(SourceRefused(f"{what} refused the request (HTTP {status}){tail}", status),
                ErrorKind.REFUSED, status=status, **params)


def not_that_kind(what: str, url: str) -> BadPayload:
    """The address answers, but not as a server of the configured kind would."""
    return _tag(BadPayload(f"{url} answers, but not like {what} (is this the right address "
                           "and the right kind of source?)"), ErrorKind.NOT_THAT_KIND,
                what=what, url=url)
