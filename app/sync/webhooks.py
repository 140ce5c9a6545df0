"""Webhooks: events POSTed as signed JSON to receivers outside the plant (Zapier, Power
Automate, any catch hook).

A webhook event is an outbox action (app.sync.actions.webhook) whose source is a
`WebhookTarget`: the outbox sender stores it first and sends it like any other write, with the
same idempotency key on every try (the X-Gemba-Delivery header), retrying 5xx, 408, 429,
timeouts and refused connections with backoff and parking any other 4xx with the receiver's
reason. docs/webhooks.md is the receiver's guide.

Targets come from `webhooks.json` in the user's config folder (names and URLs only); each
target's secret comes from the OS keyring or, for headless agents, from the environment
variable GEMBA_WEBHOOK_SECRET_<NAME>. Secrets are never written to files or logs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from platformdirs import user_config_dir

from app.cache_location import APP_NAME
from app.connectors.base import SourceRefused, SourceUnavailable, WriteResult

log = logging.getLogger(__name__)

CONFIG_FILE = "webhooks.json"
KEYRING_SERVICE = "gemba-console-webhook"
SECRET_ENV_PREFIX = "GEMBA_WEBHOOK_SECRET_"
SIGNATURE_PREFIX = "sha256="
DEFAULT_TIMEOUT = 10.0
REASON_MAX_CHARS = 300  # of the receiver's answer, kept as the parked item's reason
_RETRY_STATUSES = frozenset({408, 429})


class WebhookConfigError(ValueError):
    """webhooks.json cannot be read or says something impossible."""


# -- signing ---------------------------------------------------------------------------------
def _as_bytes(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def sign(secret: str, timestamp: int | str, body: bytes | str) -> str:
    """The X-Gemba-Signature value: "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>"."""
    message = f"{timestamp}.".encode() + _as_bytes(body)
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify_signature(secret: str, timestamp: int | str, body: bytes | str, header: str,
                     tolerance_seconds: float = 300, *, now: float | None = None) -> bool:
    """True when `header` (X-Gemba-Signature) signs `body` (the raw bytes received) with
    `secret`, and `timestamp` (X-Gemba-Timestamp) is within `tolerance_seconds` of now."""
    try:
        sent_at = int(str(timestamp).strip())
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance_seconds:
        return False
    if not header or not header.strip().startswith(SIGNATURE_PREFIX):
        return False
    expected = sign(secret, str(timestamp).strip(), body)
    return hmac.compare_digest(expected.encode(), header.strip().encode())


def encode_body(payload: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON: the exact bytes that are signed and sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- the target ------------------------------------------------------------------------------
class WebhookTarget:
    """One receiver: where the outbox sender expects a connector for a webhook item's source."""

    def __init__(self, name: str, url: str, secret: str, timeout: float = DEFAULT_TIMEOUT,
                 client: httpx.AsyncClient | None = None) -> None:
        if not name:
            raise ValueError("a webhook target needs a name")
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise ValueError(f"webhook {name!r}: {url!r} is not an http(s) URL")
        if not secret:
            raise ValueError(f"webhook {name!r} has no secret")
        self.name = name
        self.url = url
        self._secret = secret
        self.timeout = timeout
        self._client = client

    def __repr__(self) -> str:  # never the secret
        return f"WebhookTarget(name={self.name!r}, url={self.url!r})"

    def feeds(self) -> tuple[str, ...]:
        return ()  # a webhook serves nothing to read

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(self.timeout),
                                             follow_redirects=False)
        return self._client

    def headers(self, body: bytes, event: str, delivery: str,
                timestamp: int | None = None) -> dict[str, str]:
        stamp = int(time.time()) if timestamp is None else timestamp
        return {
            "Content-Type": "application/json",
            "User-Agent": "gemba-console-webhook/1",
            "X-Gemba-Event": event,
            "X-Gemba-Delivery": delivery,
            "X-Gemba-Timestamp": str(stamp),
            "X-Gemba-Signature": sign(self._secret, stamp, body),
        }

    async def write(self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
                    version: int | None) -> WriteResult:
        """POST the event; a 2xx is delivered, a 5xx/408/429/timeout/no connection raises
        SourceUnavailable (retried), any other answer raises SourceRefused (parked)."""
        data = encode_body(body)
        url = self.url + path if path else self.url
        headers = self.headers(data, str(body.get("event", "")), idempotency_key)
        try:
            response = await self._http().request(method, url, content=data, headers=headers)
        except httpx.TimeoutException as exc:
            raise SourceUnavailable(f"webhook {self.name}: timeout after {self.timeout:g} s "
                                    f"({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise SourceUnavailable(f"webhook {self.name}: cannot reach the receiver "
                                    f"({type(exc).__name__}: {exc})") from exc
        status = response.status_code
        if 200 <= status < 300:
            return WriteResult(status=status, record={})
        reason = _answer_words(response)
        if status >= 500 or status in _RETRY_STATUSES:
            raise SourceUnavailable(f"webhook {self.name}: receiver answered HTTP {status}"
                                    + (f": {reason}" if reason else ""))
        if 300 <= status < 400:
            where = response.headers.get("location", "")
            reason = f"redirected to {where!r}; configure the final URL" if where else \
                (reason or "redirected")
        raise SourceRefused(reason or f"HTTP {status}", status)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _answer_words(response: httpx.Response) -> str:
    text = response.text.strip()
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        for key in ("detail", "message", "error", "reason"):
            if isinstance(answer.get(key), str):
                text = answer[key]
                break
    text = " ".join(text.split())
    return text if len(text) <= REASON_MAX_CHARS else text[:REASON_MAX_CHARS - 1] + "…"


# -- configuration ---------------------------------------------------------------------------
def default_config_path() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE


def secret_env_name(name: str) -> str:
    """E.g. "zapier-late-orders" -> "GEMBA_WEBHOOK_SECRET_ZAPIER_LATE_ORDERS"."""
    return SECRET_ENV_PREFIX + re.sub(r"[^A-Z0-9]", "_", name.upper())


def find_secret(name: str) -> str | None:
    """The target's secret: the environment variable first (headless agents), then the OS
    keyring (service "gemba-console-webhook", username = the target's name)."""
    from_env = os.environ.get(secret_env_name(name))
    if from_env:
        return from_env
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, name) or None
    except Exception as exc:  # no keyring backend on this machine, locked, ...
        log.warning("webhook %s: keyring not readable (%s)", name, type(exc).__name__)
        return None


def load_webhook_targets(path: Path | str | None = None, *,
                         get_secret: Callable[[str], str | None] = find_secret
                         ) -> list[WebhookTarget]:
    """The targets of `path` (default: webhooks.json in the user's config folder), a JSON list
    of {"name", "url"[, "timeout"]}. No file: no targets. A target without a secret is left out
    (with a warning): events are never sent unsigned. A broken file raises WebhookConfigError.
    """
    file = Path(path) if path is not None else default_config_path()
    if not file.exists():
        return []
    try:
        entries = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WebhookConfigError(f"{file}: {exc}") from exc
    if isinstance(entries, dict) and isinstance(entries.get("webhooks"), list):
        entries = entries["webhooks"]
    if not isinstance(entries, list):
        raise WebhookConfigError(f"{file}: expected a list of {{name, url}}")
    targets: list[WebhookTarget] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not isinstance(entry.get("url"), str):
            raise WebhookConfigError(f"{file}: entry {number} needs a name and a url")
        name, url = entry["name"].strip(), entry["url"].strip()
        if not name or name in seen:
            raise WebhookConfigError(f"{file}: entry {number}: empty or repeated name {name!r}")
        seen.add(name)
        if "secret" in entry:
            raise WebhookConfigError(
                f"{file}: webhook {name!r}: secrets do not belong in this file; put it in the "
                f"keyring (service {KEYRING_SERVICE!r}) or in {secret_env_name(name)}")
        timeout = entry.get("timeout", DEFAULT_TIMEOUT)
        if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
            raise WebhookConfigError(f"{file}: webhook {name!r}: timeout must be a positive "
                                     "number of seconds")
        secret = get_secret(name)
        if not secret:
            log.warning("webhook %s left out: no secret in the keyring (service %s) or in %s",
                        name, KEYRING_SERVICE, secret_env_name(name))
            continue
        try:
            targets.append(WebhookTarget(name, url, secret, float(timeout)))
        except ValueError as exc:
            raise WebhookConfigError(f"{file}: {exc}") from exc
    return targets
