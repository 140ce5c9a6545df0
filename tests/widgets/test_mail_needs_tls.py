"""Mail to customers is never sent in clear by default: a server that offers no STARTTLS is
refused with the reason, unless the settings say "starttls": false."""

from __future__ import annotations

import socketserver
from collections.abc import Iterator

import pytest

from app.automation.notices import Notice
from tests.served_in_thread import served_in_thread
from widgets.notices.mail_settings import (
    MailNotSecured,
    SmtpSettings,
    load_smtp,
    send_notice,
    smtp_path,
)


class PlainSmtp(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server that offers no STARTTLS and takes mail in clear."""

    received: list[bytes] = []

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 plain.example ESMTP")
        while line := self.rfile.readline():
            verb = line.split(b" ")[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250-plain.example")
                self.reply("250 SIZE 1000000")  # no STARTTLS among its extensions
            elif verb == b"DATA":
                self.reply("354 go ahead")
                body = b""
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    body += part
                PlainSmtp.received.append(body)
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self.reply("250 ok")


@pytest.fixture
def plain_smtp_port() -> Iterator[int]:
    PlainSmtp.received = []
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), PlainSmtp)
    server.daemon_threads = True
    with served_in_thread(server) as port:
        yield port


NOTICE = Notice(language="en", to_name="Wang", to_email="wang@example.tw",
                subject="Your order SO-1", body="It ships on 12 March.")


def test_a_server_without_starttls_is_refused(plain_smtp_port: int) -> None:
    settings = SmtpSettings("127.0.0.1", plain_smtp_port, "am@example.tw")
    with pytest.raises(MailNotSecured, match="offers no STARTTLS"):
        send_notice(settings, NOTICE)
    assert PlainSmtp.received == []


def test_in_clear_only_when_the_settings_say_so(plain_smtp_port: int) -> None:
    path = smtp_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'{{"host": "127.0.0.1", "port": {plain_smtp_port}, '
                    '"from": "am@example.tw", "starttls": false}', encoding="utf-8")
    settings = load_smtp()
    assert settings is not None and settings.starttls is False
    send_notice(settings, NOTICE)
    assert len(PlainSmtp.received) == 1
    assert b"Subject: Your order SO-1" in PlainSmtp.received[0]


def test_a_starttls_setting_that_is_not_true_or_false_is_not_used() -> None:
    path = smtp_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"host": "mail.example.tw", "from": "am@example.tw", "starttls": "no"}',
                    encoding="utf-8")
    assert load_smtp() is None
