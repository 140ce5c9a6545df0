"""The recall scope of a lot: every shipment of it (or of what was made from it), with
order, customer (key accounts first) and contacts; exported as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.analytics.exports import export_csv, export_xlsx
from app.analytics.recall import RecallRow
from widgets.traceability.recall_model import RecallModel
from widgets.traceability.trace_names import Names


class RecallDialog(QDialog):
    def __init__(self, lot_number: str, rows: Sequence[RecallRow], names: Names,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        self.lot_number = lot_number
        self.setWindowTitle(self.tr("Recall scope of lot {lot}").format(lot=lot_number))
        self.resize(1000, 480)
        self.summary = QLabel(self._summary())
        self.summary.setWordWrap(True)
        self.model = RecallModel(self.rows, names, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()  # a recall list is short: fit it once
        self.table.setAlternatingRowColors(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.xlsx_button = QPushButton(self.tr("Export XLSX…"))
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(bool(self.rows))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.csv_button.clicked.connect(lambda: self._ask_and_export("csv"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_export("xlsx"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _summary(self) -> str:
        if not self.rows:
            return self.tr("No shipment in the cache carried lot {lot} or anything made from "
                           "it.").format(lot=self.lot_number)
        customers = {r.customer_id for r in self.rows}
        keys = {r.customer_id for r in self.rows if r.key_account}
        return self.tr("{shipments} shipments of {lots} lots to {customers} customers "
                       "({keys} key accounts), {orders} sales orders.").format(
            shipments=len({r.shipment_id for r in self.rows}),
            lots=len({r.lot_id for r in self.rows}), customers=len(customers),
            keys=len(keys), orders=len({r.order_id for r in self.rows}))

    def _ask_and_export(self, kind: str) -> None:
        name = f"recall-{self.lot_number}.{kind}"
        filters = (self.tr("CSV files (*.csv)") if kind == "csv"
                   else self.tr("Excel workbooks (*.xlsx)"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export recall scope"), name,
                                              filters)
        if not path:
            return
        try:
            self.export_csv(Path(path)) if kind == "csv" else self.export_xlsx(Path(path))
        except OSError as error:
            QMessageBox.warning(self, self.tr("Export failed"),
                                self.tr("The file could not be written:\n{error}").format(
                                    error=error))

    def export_csv(self, path: Path) -> None:
        export_csv(self.rows, path, row_type=RecallRow)

    def export_xlsx(self, path: Path) -> None:
        export_xlsx(self.rows, path, row_type=RecallRow)
