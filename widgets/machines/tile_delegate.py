"""Paints one machine tile: a band in the state's colour with the state word and the time in
state, then name, current job and customer, OEE with A/P/Q, counts and a small trend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from widgets.machines.machine_state import duration_text, state_colour, state_word
from widgets.machines.plant_snapshot import MachineTile
from widgets.machines.tile_model import TILE_ROLE

TILE_SIZE = QSize(188, 136)
BAND_HEIGHT = 24
PAD = 8
TEXT = QColor("#1b2631")
MUTED = QColor("#5d6d7e")
BORDER = QColor("#d5dde5")
SELECTED = QColor("#2c3e50")
OEE_GAP = 6  # between "OEE 56%" and its factors, so neither runs into the other


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def points(value: float | None) -> str:
    """A percentage without its sign, where room is short: "92"."""
    return "–" if value is None else f"{value * 100:.0f}"


def count(value: object) -> str:
    try:
        return f"{int(value):,}"  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "–"


class MachineTileDelegate(QStyledItemDelegate):
    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt's name)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return TILE_SIZE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        tile: MachineTile | None = index.data(TILE_ROLE)
        if tile is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        self._frame(painter, box, tile, selected)
        self._band(painter, box, tile, option.font)
        self._body(painter, box.toRect(), tile, option.font)
        painter.restore()

    def _frame(self, painter: QPainter, box: QRectF, tile: MachineTile, selected: bool) -> None:
        path = QPainterPath()
        path.addRoundedRect(box, 6, 6)
        painter.fillPath(path, QColor("#ffffff"))
        painter.setPen(QPen(SELECTED if selected else BORDER, 2 if selected else 1))
        painter.drawPath(path)

    def _band(self, painter: QPainter, box: QRectF, tile: MachineTile, base: QFont) -> None:
        band = QRectF(box.left(), box.top(), box.width(), BAND_HEIGHT)
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)  # the two shapes overlap: fill both
        path.addRoundedRect(band, 6, 6)
        path.addRect(QRectF(band.left(), band.center().y(), band.width(), band.height() / 2))
        painter.fillPath(path, state_colour(tile.state))
        font = QFont(base)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        inner = band.adjusted(PAD, 0, -PAD, 0).toRect()
        since = ""
        if tile.since is not None:
            since = duration_text(self._now() - tile.since)
        metrics = QFontMetrics(font)
        since_width = metrics.horizontalAdvance(since) + PAD
        word = state_word(tile.state)
        if tile.reason:  # the MES's words, as sent
            word = self.tr("{state} · {reason}").format(state=word, reason=tile.reason)
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(inner.adjusted(0, 0, -since_width, 0), flags,
                         metrics.elidedText(word, Qt.TextElideMode.ElideRight,
                                            inner.width() - since_width))
        painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         since)

    def _body(self, painter: QPainter, rect: QRect, tile: MachineTile, base: QFont) -> None:
        left = rect.left() + PAD
        width = rect.width() - 2 * PAD
        y = rect.top() + BAND_HEIGHT + 4
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        line = QFontMetrics(base).height()
        self._text(painter, bold, TEXT, QRect(left, y, width, line), tile.name)
        y += line
        job = tile.work_order or self.tr("no work order")
        if tile.customer:
            job = f"{job} · {tile.customer}"
        self._text(painter, small, MUTED, QRect(left, y, width, line), job)
        y += line + 2
        self._oee(painter, tile, QRect(left, y, width, line + 2), bold, small)
        y += line + 4
        counts = self.tr("Good {good} · Scrap {scrap}").format(
            good=count(tile.good), scrap=count(tile.scrap))
        self._text(painter, small, MUTED, QRect(left, y, width, line), counts)
        y += line + 2
        spark = QRectF(left, y, width, max(8, rect.bottom() - PAD - y))
        draw_sparkline(painter, spark, list(tile.trend), state_colour(tile.state))

    def oee_texts(self, tile: MachineTile, width: int, bold: QFont,
                  small: QFont) -> tuple[str, str]:
        """"OEE 56%" and its factors, fitted into `width` side by side: the factors lose
        their separators, then elide; the OEE itself is never cut."""
        figures = tile.oee
        head = self.tr("OEE {value}").format(value=percent(getattr(figures, "oee", None)))
        if figures is None:
            return head, ""
        values = {"a": points(figures.availability), "p": points(figures.performance),
                  "q": points(figures.quality)}
        room = width - QFontMetrics(bold).horizontalAdvance(head) - OEE_GAP
        metrics = QFontMetrics(small)
        apq = self.tr("A {a} · P {p} · Q {q}").format(**values)
        if metrics.horizontalAdvance(apq) > room:
            apq = self.tr("A {a} P {p} Q {q}", "where room is short").format(**values)
        return head, metrics.elidedText(apq, Qt.TextElideMode.ElideRight, max(0, room))

    def _oee(self, painter: QPainter, tile: MachineTile, rect: QRect, bold: QFont,
             small: QFont) -> None:
        head, apq = self.oee_texts(tile, rect.width(), bold, small)
        self._text(painter, bold, TEXT, rect, head)
        if apq:
            painter.setFont(small)
            painter.setPen(MUTED)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             apq)

    @staticmethod
    def _text(painter: QPainter, font: QFont, colour: QColor, rect: QRect, text: str) -> None:
        painter.setFont(font)
        painter.setPen(colour)
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         elided)


def sparkline_points(rect: QRectF, values: Sequence[float]) -> list[QPointF]:
    """The values scaled to `rect` from 0 (not from their lowest), so a machine that made
    nothing draws on the baseline and a small count stays small."""
    if len(values) < 2:
        return []
    low, high = min(0.0, min(values)), max(values)
    span = high - low or 1.0
    step = rect.width() / (len(values) - 1)
    return [QPointF(rect.left() + i * step, rect.bottom() - (v - low) / span * rect.height())
            for i, v in enumerate(values)]


def draw_sparkline(painter: QPainter, rect: QRectF, values: Sequence[float],
                   colour: QColor) -> None:
    """A line through the values; flat stretches show the machine made nothing. Fewer than
    two points draw nothing."""
    points = sparkline_points(rect, values)
    if not points:
        return
    painter.setPen(QPen(colour, 1.5))
    painter.drawPolyline(points)
