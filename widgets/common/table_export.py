"""Export what a table shows to CSV or XLSX, and the "Export…" button every view carries.

What is exported is what the person sees, in the order they see it: the rows the view's
proxy keeps (filtered, sorted), the columns its header shows (hidden ones left out, moved
ones where they were moved), the header texts and each cell's text. A model may answer
EXPORT_ROLE with a typed value (a date, a datetime, a number, a Decimal) for a cell whose text
is formatted for the eye ("12 Mar", "1,200 pcs"): the workbook then gets a real date or number
cell. Trees export their expanded rows only, with each row's level.

The writing (formula-looking text kept as text, UTF-8 with a BOM, real XLSX cells) lives in
app.analytics.exports; errors are shown next to the button, never in a modal box.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTreeView,
    QWidget,
)

from app.analytics.exports import SUFFIXES, export_table

# A typed value for export (date, datetime, int, float, Decimal); None: use the display text.
EXPORT_ROLE = Qt.ItemDataRole.UserRole + 50
DISPLAY = Qt.ItemDataRole.DisplayRole
CONTEXT = "TableExport"
ERROR_COLOUR = "#c62828"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def file_filters() -> str:
    """The save dialog's filters; the first one is the default."""
    return ";;".join((_tr("Excel workbook (*.xlsx)"), _tr("CSV (*.csv)")))


@dataclass(frozen=True, slots=True)
class TableData:
    """A table ready to write: header texts and rows of values."""

    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


# What a view hands the exporter: a model (all its rows, in its order), a table or tree view
# (its model as shown: visible columns in their visual order, expanded tree rows), or a
# TableData made by the view itself (the machine tiles).
Exportable = QAbstractItemModel | QAbstractItemView | TableData
AskPath = Callable[[QWidget | None, str], str | None]  # (parent, suggested path) -> path


def cell_value(model: QAbstractItemModel, index: QModelIndex) -> Any:
    """The typed value when the model offers one, else the display text ("" for nothing)."""
    value = model.data(index, EXPORT_ROLE)
    if value is None:
        value = model.data(index, DISPLAY)
    return "" if value is None else value


def _header_texts(model: QAbstractItemModel, columns: list[int]) -> list[str]:
    texts = []
    for column in columns:
        text = model.headerData(column, Qt.Orientation.Horizontal, DISPLAY)
        texts.append("" if text is None else str(text))
    return texts


def _columns(model: QAbstractItemModel, header: QHeaderView | None) -> list[int]:
    if header is None or header.count() != model.columnCount():
        return list(range(model.columnCount()))
    logical = (header.logicalIndex(visual) for visual in range(header.count()))
    return [c for c in logical if not header.isSectionHidden(c)]


def _flat_rows(model: QAbstractItemModel, columns: list[int],
               hidden: Callable[[int], bool] | None = None) -> list[list[Any]]:
    rows = []
    for row in range(model.rowCount()):
        if hidden is not None and hidden(row):
            continue
        rows.append([cell_value(model, model.index(row, column)) for column in columns])
    return rows


def _tree_rows(view: QTreeView, model: QAbstractItemModel,
               columns: list[int]) -> Iterator[list[Any]]:
    def walk(parent: QModelIndex, level: int) -> Iterator[list[Any]]:
        for row in range(model.rowCount(parent)):
            if view.isRowHidden(row, parent):
                continue
            first = model.index(row, 0, parent)
            yield [level] + [cell_value(model, model.index(row, c, parent)) for c in columns]
            if view.isExpanded(first):
                yield from walk(first, level + 1)

    return walk(QModelIndex(), 1)


def table_data(source: Exportable) -> TableData:
    """Headers and rows of what `source` shows (see the module's docstring)."""
    if isinstance(source, TableData):
        return source
    if isinstance(source, QTreeView):
        model = source.model()
        columns = _columns(model, source.header())
        return TableData([_tr("Level")] + _header_texts(model, columns),
                         list(_tree_rows(source, model, columns)))
    if isinstance(source, QTableView):
        model = source.model()
        columns = _columns(model, source.horizontalHeader())
        return TableData(_header_texts(model, columns),
                         _flat_rows(model, columns, source.isRowHidden))
    if isinstance(source, QAbstractItemView):
        model = source.model()
        columns = list(range(model.columnCount()))
        return TableData(_header_texts(model, columns), _flat_rows(model, columns))
    columns = list(range(source.columnCount()))
    return TableData(_header_texts(source, columns), _flat_rows(source, columns))


def export_model(source: Exportable, path: Path, *, sheet: str = "Export") -> int:
    """Write what `source` shows to `path` (CSV or XLSX by its suffix); the number of rows.
    Raises OSError when the file cannot be written, ValueError for another suffix."""
    data = table_data(source)
    return export_table(data.headers, data.rows, Path(path), sheet=sheet)


def _default_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def ask_save_path(parent: QWidget | None, suggested: str) -> str | None:
    """The save dialog (XLSX first, CSV); None when the person cancels. The suffix of the
    chosen filter is added when the name has none of ours."""
    path, chosen = QFileDialog.getSaveFileName(parent, _tr("Export"), suggested,
                                               file_filters())
    if not path:
        return None
    if Path(path).suffix.lower() not in SUFFIXES:
        path += ".csv" if "*.csv" in chosen else ".xlsx"
    return path


class ExportControl(QWidget):
    """An "Export…" button and, next to it, what the last export did (or why it failed)."""

    exported = Signal(str, int)  # the file written, rows written
    failed = Signal(str)  # the error, as shown

    def __init__(self, source: Callable[[], Exportable], default_name: str,
                 ask_path: AskPath | None = None, parent: QWidget | None = None,
                 sheet: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportControl")
        self._source = source
        self.default_name = default_name
        self.ask_path: AskPath = ask_path or ask_save_path
        self.sheet = (sheet or Path(default_name).stem or "Export")[:31]
        self.folder: Path | None = None  # where the last export went: the next one starts there
        self.last_path: Path | None = None
        self.button = QPushButton(self.tr("Export…"))
        self.button.setObjectName("exportButton")
        self.button.setToolTip(self.tr(
            "Save the rows shown, as filtered and sorted here, as an Excel workbook or a CSV "
            "file"))
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.status)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.ask_and_export)

    def suggested_path(self) -> str:
        name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", self.default_name)  # a lot "A/7"
        if Path(name).suffix.lower() not in SUFFIXES:
            name = f"{name}-{date.today().isoformat()}.xlsx"
        return str((self.folder or _default_folder()) / name)

    def ask_and_export(self) -> bool:
        path = self.ask_path(self.window(), self.suggested_path())
        if not path:
            return False
        return self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the table to `path` and say so next to the button; False (and the error
        there) when it could not be written."""
        path = Path(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rows = export_model(self._source(), path, sheet=self.sheet)
        except (OSError, ValueError) as error:
            text = self.tr("Not saved: {error}").format(error=_error_text(error, path))
            self._tell(text, str(path), error=True)
            self.failed.emit(text)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.folder = path.parent
        self.last_path = path
        self._tell(self.tr("{count} rows saved to {name}").format(count=rows, name=path.name),
                   str(path), error=False)
        self.exported.emit(str(path), rows)
        return True

    def _tell(self, text: str, tooltip: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setToolTip(tooltip)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.status.setProperty("error", error)
        self.status.show()


def _error_text(error: BaseException, path: Path) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror} ({path})"  # the file asked for, not our temporary name
    return str(error)


def export_button(parent: QWidget | None, model_getter: Callable[[], Exportable],
                  default_name: str, ask_path: AskPath | None = None) -> ExportControl:
    """An "Export…" button with its status label, for a view's toolbar.

    `model_getter()` is called at each export and returns what to export: the view's table
    (QTableView/QTreeView: what it shows), a model (all its rows), or a TableData.
    `default_name` is the suggested file name ("orders" -> orders-2026-03-02.xlsx).
    `ask_path(parent, suggested) -> path | None` replaces the save dialog (tests)."""
    return ExportControl(model_getter, default_name, ask_path, parent)
