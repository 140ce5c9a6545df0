"""Painted cells: progress as a bar with its percentage, risk as a coloured badge with its word.
Nothing is a widget per row; the delegates paint only the rows on screen."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.analytics.order_risk import RiskLevel
from widgets.orders.order_texts import risk_colour, risk_word
from widgets.orders.orders_model import PROGRESS_ROLE, RISK_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

TRACK = QColor("#e3e8ee")
FILL = QColor("#4a90c2")
FILL_DONE = QColor("#6aa84f")
TEXT = QColor("#1b2631")


class _CellDelegate(QStyledItemDelegate):
    def background(self, painter: QPainter, option: QStyleOptionViewItem,
                   index: AnyIndex) -> None:
        """The cell's own background (selection, alternate rows), without its text."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)  # type: ignore[arg-type]
        opt.text = ""  # type: ignore[attr-defined]
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)


class ProgressDelegate(_CellDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,  # type: ignore[override]
              index: AnyIndex) -> None:
        self.background(painter, option, index)
        value = index.data(PROGRESS_ROLE)
        if value is None:
            return
        fraction = max(0.0, min(1.0, float(value)))
        rect = QRectF(option.rect).adjusted(6, 6, -6, -6)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(rect, 3, 3)
        if fraction > 0:
            filled = QRectF(rect.left(), rect.top(), max(4.0, rect.width() * fraction),
                            rect.height())
            painter.setBrush(FILL_DONE if fraction >= 1.0 else FILL)
            painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(QPen(TEXT))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, index.data() or "")
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # type: ignore[override]  # noqa: N802
                 index: AnyIndex) -> QSize:
        return QSize(90, 22)


class RiskBadgeDelegate(_CellDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,  # type: ignore[override]
              index: AnyIndex) -> None:
        self.background(painter, option, index)
        try:  # Qt hands the enum back as its plain string
            level = RiskLevel(index.data(RISK_ROLE))
        except ValueError:
            return
        word = risk_word(level)
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        cell = QRectF(option.rect).adjusted(4, 4, -4, -4)  # type: ignore[attr-defined]
        width = min(cell.width(), metrics.horizontalAdvance(word) + 16)
        badge = QRectF(cell.left(), cell.top(), width, cell.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(risk_colour(level))
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setPen(QPen(QColor("#ffffff")))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, word)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # type: ignore[override]  # noqa: N802
                 index: AnyIndex) -> QSize:
        return QSize(84, 22)
