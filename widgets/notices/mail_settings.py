"""Optional SMTP for customer notices: `smtp.json` in the user's config folder (host, port,
from, username, and "starttls": false only to send without encryption) and the password in the
OS keyring under service "gemba-console-smtp" (never in the file). Without the file, notices
are recorded on the CRM only.

`send_notice` blocks (network): call it in the background worker, never on the GUI thread.
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from app.automation.notices import Notice
from app.cache_location import APP_NAME

log = logging.getLogger(__name__)
SMTP_FILE = "smtp.json"
KEYRING_SERVICE = "gemba-console-smtp"
TIMEOUT_SECONDS = 30


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    sender: str  # "from"
    username: str = ""
    # Off only when the file says "starttls": false: then password and mail travel in clear.
    starttls: bool = True


def smtp_path() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False)) / SMTP_FILE


def load_smtp(path: Path | None = None) -> SmtpSettings | None:
    """The settings, or None when there is no file or it cannot be used (logged)."""
    path = path or smtp_path()
    if not path.exists():
        return None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        host = str(data["host"]).strip()
        sender = str(data["from"]).strip()
        if not host or not sender:
            raise ValueError("host and from must not be empty")
        starttls = data.get("starttls", True)
        if not isinstance(starttls, bool):
            raise ValueError(f"starttls must be true or false, not {starttls!r}")
        return SmtpSettings(host=host, port=int(data.get("port", 587)), sender=sender,
                            username=str(data.get("username", "") or ""), starttls=starttls)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring SMTP settings in %s: %s", path, exc)
        return None


def smtp_password(settings: SmtpSettings) -> str | None:
    if not settings.username:
        return None
    import keyring  # the OS keyring: only when a mail is really sent

    return keyring.get_password(KEYRING_SERVICE, settings.username)


def build_message(settings: SmtpSettings, notice: Notice) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = formataddr((notice.to_name, notice.to_email)) if notice.to_name \
        else notice.to_email
    message["Subject"] = notice.subject
    message.set_content(notice.body, charset="utf-8")
    return message


class MailNotSecured(RuntimeError):
    """The server offers no STARTTLS, and the settings do not allow sending in clear."""


def send_notice(settings: SmtpSettings, notice: Notice) -> None:
    """Send it: implicit TLS on port 465, STARTTLS elsewhere; a server without STARTTLS is
    refused unless the settings turn it off."""
    if not notice.to_email:
        raise ValueError("the contact has no e-mail address")
    message = build_message(settings, notice)
    context = ssl.create_default_context()
    if settings.port == 465:
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port,
                                                timeout=TIMEOUT_SECONDS, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    with client:
        if settings.port != 465:
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            elif settings.starttls:
                raise MailNotSecured(
                    f"the mail server {settings.host}:{settings.port} offers no STARTTLS, so "
                    "the password and the mail would travel in clear; use its TLS port (465) "
                    f'or, on a trusted network only, set "starttls": false in {SMTP_FILE}')
        if settings.username:
            password = smtp_password(settings)
            if password is None:
                raise RuntimeError(f"no password in the keyring ({KEYRING_SERVICE}) for "
                                   f"{settings.username}")
            client.login(settings.username, password)
        client.send_message(message)
