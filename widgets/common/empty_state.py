"""What a view shows while it has nothing to show, and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

# Long explanations stay readable as a short paragraph instead of one line across the monitor.
TEXT_MAX_WIDTH = 560
TEXT_MIN_WIDTH = 320


class EmptyState(QWidget):
    """A title and a one-line explanation, centred.

    The caller passes already-translated text: the view knows its own context for `tr`.
    """

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("emptyStateTitle")
        self.explanation_label = QLabel(explanation)
        self.explanation_label.setObjectName("emptyStateExplanation")
        for label in (self.title_label, self.explanation_label):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        text_box = QWidget()
        text_box.setMinimumWidth(TEXT_MIN_WIDTH)
        text_box.setMaximumWidth(TEXT_MAX_WIDTH)
        text_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.setSpacing(8)
        text_layout.addWidget(self.title_label)
        text_layout.addWidget(self.explanation_label)

        # A word-wrapped label centred by layout alignment shrinks to one short line; instead
        # the box expands (up to its maximum) between two expanding spacers.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text_box, 4)
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def set_texts(self, title: str, explanation: str) -> None:
        # Skipping identical text avoids a relayout on every cache refresh.
        if self.title_label.text() != title:
            self.title_label.setText(title)
        if self.explanation_label.text() != explanation:
            self.explanation_label.setText(explanation)


def empty_or_content(owner: QWidget, empty: QWidget, content: QWidget) -> QStackedWidget:
    """The view's two pages filling `owner`: its empty state, and its content (shown with
    `setCurrentWidget`)."""
    pages = QStackedWidget()
    pages.addWidget(empty)
    pages.addWidget(content)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(pages)
    return pages
