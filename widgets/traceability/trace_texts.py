"""Words of the Traceability view shared by its models and panels (one translation context,
"TraceTexts"; literal strings so lupdate finds each)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

CONTEXT = "TraceTexts"





def quantity_text(quantity: Decimal | None) -> str:
    if quantity is None:
        return ""
    # "12.500" reads "12.5"; normalize() alone would write 1E+1 for 10.
    text = f"{quantity.normalize():f}"
    return text


def time_text(at: datetime | None) -> str:
    """Local time, as the plant reads it."""
    if at is None:
        return ""
    return QLocale().toString(QDateTime(at).toLocalTime(), "yyyy-MM-dd HH:mm")


class TraceTexts:
    @staticmethod
    def column(column: int) -> str:
        words = [
            QCoreApplication.translate("TraceTexts", "Lot"),
            QCoreApplication.translate("TraceTexts", "Product"),
            QCoreApplication.translate("TraceTexts", "Kind"),
            QCoreApplication.translate("TraceTexts", "Quantity"),
            QCoreApplication.translate("TraceTexts", "Unit"),
            QCoreApplication.translate("TraceTexts", "Work order"),
            QCoreApplication.translate("TraceTexts", "Machine"),
            QCoreApplication.translate("TraceTexts", "Created"),
        ]
        return words[column]

    @staticmethod
    def kind(kind: str) -> str:
        words = {
            "raw": QCoreApplication.translate("TraceTexts", "raw"),
            "wip": QCoreApplication.translate("TraceTexts", "WIP"),
            "finished": QCoreApplication.translate("TraceTexts", "finished"),
            "unknown": QCoreApplication.translate("TraceTexts", "not in the cache"),
        }
        return words.get(kind, kind)

    @staticmethod
    def cycle_label(number: str) -> str:
        return QCoreApplication.translate("TraceTexts", "{lot} (cycle: already above)").format(
            lot=number)

    @staticmethod
    def cycle_tooltip() -> str:
        return QCoreApplication.translate(
            "TraceTexts", "This lot already appears above on this path: the genealogy holds a "
            "cycle, which is bad data in the MES. It is not expanded again.")

    @staticmethod
    def search_kind(kind: str) -> str:
        words = {
            "lot": QCoreApplication.translate("TraceTexts", "Lots"),
            "serial": QCoreApplication.translate("TraceTexts", "Serials"),
            "work_order": QCoreApplication.translate("TraceTexts", "Work orders"),
            "sales_order": QCoreApplication.translate("TraceTexts", "Sales orders"),
            "supplier_lot": QCoreApplication.translate("TraceTexts", "Supplier lots"),
        }
        return words.get(kind, kind)

    @staticmethod
    def lots_count(count: int) -> str:
        return QCoreApplication.translate("TraceTexts", "{count} lots").format(count=count)

    @staticmethod
    def not_provided() -> str:
        return QCoreApplication.translate("TraceTexts", "not provided by this source")
