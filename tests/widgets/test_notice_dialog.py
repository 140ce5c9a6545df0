"""The customer-notice dialog: nothing leaves before approval, the edited text is what is
recorded, empty fields are refused, offline it says why, and SMTP runs in the worker."""

from __future__ import annotations

import pytest

from app.automation.notices import Notice
from app.sync.actions import ActionKind
from tests.widgets.recording_queue import RecordingQueue
from widgets.common.queued_actions import QueuedActions
from widgets.notices.mail_settings import SmtpSettings, load_smtp, smtp_path
from widgets.notices.notice_dialog import NoticeDialog

NOTICE = Notice(language="zh_TW", to_name="王經理", to_email="wang@example.tw",
                subject="訂單 SO-1042 第 1 項交期調整通知",
                body="王經理 您好：\n\n新的預計交期：2026年3月12日\n")


@pytest.fixture
def make_dialog(qtbot, bridge):
    def make(engine=None, **options) -> NoticeDialog:
        queued = QueuedActions(engine, bridge)
        dialog = NoticeDialog(NOTICE, "crm", "O1", queued, **options)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def test_edit_then_approve_queues_the_edited_notice(make_dialog, qtbot, qloop, bridge) -> None:
    engine = RecordingQueue()
    dialog = make_dialog(engine)
    assert "CRM order only" in dialog.delivery_note.text()
    assert engine.calls == []  # nothing before approval
    dialog.subject_edit.setText("訂單 SO-1042 交期更新")
    dialog.body_edit.setPlainText("王經理 您好：\n\n交期改為 2026年3月12日。")
    with qtbot.waitSignal(dialog.approved):
        dialog.approve_button.click()
    qtbot.waitUntil(lambda: dialog.pending is not None and dialog.pending.item_id == 1)
    (action,) = engine.calls
    assert action.kind == ActionKind.ACTIVITY
    assert (action.source, action.target_id) == ("crm", "O1")
    assert action.payload == {"kind": "customer_notice", "subject": "訂單 SO-1042 交期更新",
                              "body": "王經理 您好：\n\n交期改為 2026年3月12日。\n"}
    assert "waiting to be sent" in dialog.status.text()
    assert not dialog.approve_button.isEnabled()  # approved once, never twice
    bridge.publish_outbox([])  # delivered
    assert dialog.status.text() == "Recorded on the CRM order."


def test_an_empty_subject_or_body_is_refused(make_dialog, qloop) -> None:
    engine = RecordingQueue()
    dialog = make_dialog(engine)
    dialog.subject_edit.setText("  ")
    dialog.approve_button.click()
    assert dialog.subject_error.text() == "Write a subject: it cannot be empty."
    assert dialog.subject_error.isVisible() and not dialog.body_error.isVisible()
    dialog.subject_edit.setText("Subject")
    dialog.body_edit.setPlainText("\n  \n")
    dialog.approve_button.click()
    assert dialog.body_error.text() == "Write the message: it cannot be empty."
    assert dialog.pending is None and dialog.queued.pending == [] and engine.calls == []


def test_offline_approval_is_disabled_and_says_why(make_dialog) -> None:
    dialog = make_dialog(None)
    assert not dialog.approve_button.isEnabled()
    assert dialog.approve_button.toolTip().startswith("Offline")
    assert dialog.offline_reason.text().startswith("Offline")
    dialog.approve()  # even called directly, nothing happens
    assert dialog.pending is None


def test_with_smtp_approval_also_mails_it_in_the_worker(make_dialog, qtbot, qloop) -> None:
    sent: list[tuple[SmtpSettings, Notice]] = []
    settings = SmtpSettings(host="mail.example.tw", port=587, sender="am@example.tw")
    engine = RecordingQueue()
    dialog = make_dialog(engine, smtp=settings, send=lambda s, n: sent.append((s, n)))
    assert "wang@example.tw" in dialog.delivery_note.text()
    dialog.body_edit.setPlainText("Edited body")
    with qtbot.waitSignal(dialog.mailed) as blocker:
        dialog.approve_button.click()
    assert blocker.args == [True, ""]
    ((used, notice),) = sent
    assert used == settings and notice.body == "Edited body\n"
    assert "E-mail sent to wang@example.tw." in dialog.status.text()


def test_a_mail_that_fails_is_reported(make_dialog, qtbot, qloop) -> None:
    def refuse(_settings, _notice):
        raise ConnectionRefusedError("connection refused")

    settings = SmtpSettings(host="mail.example.tw", port=587, sender="am@example.tw")
    dialog = make_dialog(RecordingQueue(), smtp=settings, send=refuse)
    with qtbot.waitSignal(dialog.mailed):
        dialog.approve_button.click()
    assert "could not be sent: connection refused" in dialog.status.text()


def test_smtp_settings_are_read_from_the_config_folder() -> None:
    assert load_smtp() is None  # nothing configured: CRM only
    path = smtp_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"host": "mail.example.tw", "port": 465, "from": "am@example.tw",'
                    ' "username": "am"}', encoding="utf-8")
    assert load_smtp() == SmtpSettings("mail.example.tw", 465, "am@example.tw", "am")
    path.write_text("{not json", encoding="utf-8")
    assert load_smtp() is None


def test_send_notice_uses_starttls_and_the_keyring_password(monkeypatch) -> None:
    import smtplib

    import keyring

    from widgets.notices import mail_settings

    seen: dict[str, object] = {}

    class FakeSmtp:
        def __init__(self, host, port, timeout):
            seen["server"] = (host, port)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def ehlo(self):
            pass

        def has_extn(self, name):
            return name == "starttls"

        def starttls(self, context):
            seen["tls"] = True

        def login(self, user, password):
            seen["login"] = (user, password)

        def send_message(self, message):
            seen["message"] = message

    monkeypatch.setattr(smtplib, "SMTP", FakeSmtp)
    monkeypatch.setattr(keyring, "get_password",
                        lambda service, user: "s3cret" if service == "gemba-console-smtp"
                        else None)
    settings = SmtpSettings(host="mail.example.tw", port=587, sender="am@example.tw",
                            username="am")
    mail_settings.send_notice(settings, NOTICE)
    assert seen["server"] == ("mail.example.tw", 587) and seen["tls"] is True
    assert seen["login"] == ("am", "s3cret")
    message = seen["message"]
    assert message["Subject"] == NOTICE.subject
    assert "wang@example.tw" in message["To"]
    assert "2026年3月12日" in message.get_content()
