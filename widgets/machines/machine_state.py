"""A machine state's colour and word, the same wherever a state is shown.

Okabe–Ito colours, as in the status bar (green = fine, vermillion = down, orange = needs a
look), so colour-blind readers can tell them apart; the word is always shown beside the colour.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain import MachineState

STATE_COLOURS: dict[MachineState, QColor] = {
    MachineState.RUNNING: QColor("#009E73"),  # bluish green, as "connected"
    MachineState.IDLE: QColor("#0072B2"),  # blue
    MachineState.SETUP: QColor("#E69F00"),  # orange, as "degraded"
    MachineState.DOWN: QColor("#D55E00"),  # vermillion, as "down"
    MachineState.MAINTENANCE: QColor("#CC79A7"),  # reddish purple
    MachineState.OFFLINE: QColor("#6B7785"),  # grey: no news is not good news
}
UNKNOWN_COLOUR = QColor("#9AA5B1")

# Down first: the plant manager's first question is what is not producing.
STATE_URGENCY: dict[MachineState, int] = {
    MachineState.DOWN: 0, MachineState.OFFLINE: 1, MachineState.MAINTENANCE: 2,
    MachineState.SETUP: 3, MachineState.IDLE: 4, MachineState.RUNNING: 5,
}


def state_word(state: MachineState | None) -> str:
    # Literal strings per state, so lupdate finds each one.
    words = {
        MachineState.RUNNING: QCoreApplication.translate("MachineState", "running"),
        MachineState.IDLE: QCoreApplication.translate("MachineState", "idle"),
        MachineState.SETUP: QCoreApplication.translate("MachineState", "setup"),
        MachineState.DOWN: QCoreApplication.translate("MachineState", "down"),
        MachineState.MAINTENANCE: QCoreApplication.translate("MachineState", "maintenance"),
        MachineState.OFFLINE: QCoreApplication.translate("MachineState", "offline"),
    }
    if state in words:
        return words[state]
    return QCoreApplication.translate("MachineState", "no status")


def state_colour(state: MachineState | None) -> QColor:
    return STATE_COLOURS.get(state, UNKNOWN_COLOUR) if state else UNKNOWN_COLOUR


def duration_text(duration: timedelta) -> str:
    """"45 min", "3 h 05 min", "2 d 4 h": how long a machine has been in its state."""
    minutes = max(0, int(duration.total_seconds() // 60))
    if minutes < 60:
        return QCoreApplication.translate("MachineState", "{minutes} min").format(
            minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return QCoreApplication.translate("MachineState", "{hours} h {minutes:02d} min").format(
            hours=hours, minutes=minutes)
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("MachineState", "{days} d {hours} h").format(
        days=days, hours=hours)
