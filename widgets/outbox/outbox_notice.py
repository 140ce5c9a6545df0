"""A non-blocking notice in the status bar when a source refuses someone's change."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from widgets.common.elided_label import ElidedLabel

NOTICE_MS = 120_000  # long enough to be read after a coffee; the indicator stays anyway


class OutboxNotice(QWidget):
    # The id of the refused outbox item the person wants to review.
    review_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxNotice")
        # A plain QWidget ignores its style sheet's background unless asked to paint it.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.item_id: int | None = None
        self.text_label = ElidedLabel()
        self.text_label.setObjectName("outboxNoticeText")
        self.review_button = QPushButton(self.tr("Review"))
        self.review_button.setObjectName("outboxNoticeReview")
        self.review_button.setFlat(True)
        self.dismiss_button = QPushButton("✕")
        self.dismiss_button.setObjectName("outboxNoticeDismiss")
        self.dismiss_button.setFlat(True)
        self.dismiss_button.setToolTip(self.tr("Dismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 4, 0)
        layout.setSpacing(6)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.review_button)
        layout.addWidget(self.dismiss_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTICE_MS)
        self._timer.timeout.connect(self.dismiss)
        self.review_button.clicked.connect(self._review)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.hide()

    def show_notice(self, item_id: int, text: str) -> None:
        self.item_id = item_id
        self.text_label.setText(text)
        self.text_label.setToolTip(text)
        self.show()
        self._timer.start()

    def dismiss(self) -> None:
        self._timer.stop()
        self.item_id = None
        self.hide()

    def _review(self) -> None:
        if self.item_id is not None:
            self.review_requested.emit(self.item_id)
        self.dismiss()
