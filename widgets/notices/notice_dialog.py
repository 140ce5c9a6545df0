"""Review, edit and approve a customer notice. Nothing is recorded or sent before "Approve":
approval queues the notice as a customer-notice activity on the CRM order (through the
outbox) and, when SMTP is set up, e-mails it from the background worker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.automation.notices import Notice
from app.domain.crm import ActivityKind
from app.sync import actions
from widgets.common.background import Background
from widgets.common.queued_actions import PendingAction, QueuedActions
from widgets.notices.mail_settings import SmtpSettings, load_smtp, send_notice

Sender = Callable[[SmtpSettings, Notice], None]
_UNSET = object()


class NoticeDialog(QDialog):
    approved = Signal(object)  # the PendingAction of the activity queued
    mailed = Signal(bool, str)  # sent or not, and the error when not

    def __init__(self, notice: Notice, source: str, order_id: str, queued: QueuedActions,
                 smtp: SmtpSettings | None | object = _UNSET, send: Sender = send_notice,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeDialog")
        self.setWindowTitle(self.tr("Customer notice"))
        self.notice = notice
        self.source = source
        self.order_id = order_id
        self.queued = queued
        self.smtp: SmtpSettings | None = load_smtp() if smtp is _UNSET else smtp  # type: ignore
        self.send = send
        self.pending: PendingAction | None = None
        self.background = Background(self)
        self._not_stored = ""
        self._mail_text = ""
        self._build()
        queued.changed.connect(self._show_status)
        queued.failed.connect(self._on_failed)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        notice = self.notice
        to = notice.to_name or self.tr("(no contact)")
        if notice.to_email:
            to = f"{to} <{notice.to_email}>"
        language = "中文（台灣）" if notice.language == "zh_TW" else "English"
        self.to_label = QLabel(self.tr("{to} · written in {language}").format(
            to=to, language=language))
        self.to_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subject_edit = QLineEdit(notice.subject)
        self.subject_edit.setObjectName("noticeSubject")
        self.subject_error = self._error_label()
        self.body_edit = QPlainTextEdit(notice.body)
        self.body_edit.setObjectName("noticeBody")
        self.body_edit.setMinimumSize(520, 260)
        self.body_error = self._error_label()
        self.subject_edit.textEdited.connect(lambda _t: self.subject_error.hide())
        self.body_edit.textChanged.connect(self.body_error.hide)

        form = QFormLayout()
        form.addRow(self.tr("To"), self.to_label)
        form.addRow(self.tr("Subject"), self._with_error(self.subject_edit, self.subject_error))
        form.addRow(self.tr("Message"), self._with_error(self.body_edit, self.body_error))

        self.delivery_note = QLabel(self._delivery_text())
        self.delivery_note.setObjectName("sectionNote")
        self.delivery_note.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("noticeStatus")
        self.status.setWordWrap(True)
        self.status.hide()

        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approveNotice")
        self.approve_button.setDefault(True)
        self.approve_button.clicked.connect(self.approve)
        self.close_button = QPushButton(self.tr("Cancel"))
        self.close_button.clicked.connect(self.reject)
        self.offline_reason = QLabel()
        self.offline_reason.setObjectName("fieldError")
        self.offline_reason.setStyleSheet("color: #b00020;")
        if not self.queued.available:
            reason = self.tr("Offline: no connection to the CRM, so the notice cannot be"
                             " recorded now.")
            self.approve_button.setEnabled(False)
            self.approve_button.setToolTip(reason)
            self.offline_reason.setText(reason)
        self.offline_reason.setVisible(bool(self.offline_reason.text()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.offline_reason, 1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.delivery_note)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _delivery_text(self) -> str:
        if self.smtp is None:
            return self.tr("Approving records this notice on the CRM order only: no e-mail is"
                           " sent, because no mail server is set up (smtp.json).")
        if not self.notice.to_email:
            return self.tr("The contact has no e-mail address: approving records this notice"
                           " on the CRM order only.")
        return self.tr("Approving records this notice on the CRM order and e-mails it to"
                       " {email} through {host}.").format(email=self.notice.to_email,
                                                         host=self.smtp.host)

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.setStyleSheet("color: #b00020;")
        label.setWordWrap(True)
        label.hide()
        return label

    @staticmethod
    def _with_error(field: QWidget, error: QLabel) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field)
        layout.addWidget(error)
        return box

    # -- approving ---------------------------------------------------------------------------
    def edited(self) -> Notice:
        """The notice as the person left it."""
        return Notice(language=self.notice.language, to_name=self.notice.to_name,
                      to_email=self.notice.to_email, subject=self.subject_edit.text().strip(),
                      body=self.body_edit.toPlainText().strip() + "\n")

    def approve(self) -> None:
        if self.pending is not None or not self.queued.available:
            return
        subject = self.subject_edit.text().strip()
        body = self.body_edit.toPlainText().strip()
        ok = True
        if not subject:
            self._refuse(self.subject_error, self.tr("Write a subject: it cannot be empty."))
            ok = False
        if not body:
            self._refuse(self.body_error, self.tr("Write the message: it cannot be empty."))
            ok = False
        if not ok:
            return
        notice = self.edited()
        action = actions.activity(self.source, self.order_id,
                                  ActivityKind.CUSTOMER_NOTICE.value, notice.subject,
                                  notice.body)
        text = self.tr("Customer notice “{subject}”").format(subject=notice.subject)
        self.pending = self.queued.queue(action, text)
        self.subject_edit.setReadOnly(True)
        self.body_edit.setReadOnly(True)
        self.approve_button.setEnabled(False)
        self.close_button.setText(self.tr("Close"))
        self.close_button.clicked.disconnect()
        self.close_button.clicked.connect(self.accept)
        if self.smtp is not None and notice.to_email:
            settings = self.smtp
            self._mail_text = self.tr("Sending the e-mail to {email}…").format(
                email=notice.to_email)
            self.background.run(lambda: self.send(settings, notice), self._on_mailed,
                                self._on_mail_failed)
        self._show_status()
        self.approved.emit(self.pending)

    def _refuse(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()

    def _on_mailed(self, _result: object) -> None:
        self._mail_text = self.tr("E-mail sent to {email}.").format(email=self.notice.to_email)
        self._show_status()
        self.mailed.emit(True, "")

    def _on_mail_failed(self, error: BaseException) -> None:
        self._mail_text = self.tr("The e-mail could not be sent: {error}").format(
            error=str(error) or type(error).__name__)
        self._show_status()
        self.mailed.emit(False, str(error))

    def _on_failed(self, text: str, error: str) -> None:
        if self.pending is not None and text == self.pending.text:
            self._not_stored = error

    def _show_status(self) -> None:
        pending = self.pending
        if pending is None:
            return
        if self._not_stored:
            crm = self.tr("The notice could not be stored: {error}").format(
                error=self._not_stored)
        elif pending in self.queued.pending:
            if pending.refused:
                crm = self.tr("The CRM refused the notice: {reason}").format(
                    reason=pending.reason)
            else:
                crm = self.tr("Approved: waiting to be sent to the CRM.")
        else:
            crm = self.tr("Recorded on the CRM order.")
        self.status.setText("\n".join(t for t in (crm, self._mail_text) if t))
        self.status.show()
