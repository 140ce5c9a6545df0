"""About Gemba Console: version, Python and Qt, and the bundled components with their licences."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.about.app_icon import app_icon
from widgets.about.components import BundledComponent, app_version, bundled_components

ICON_SIZE = 64
DIALOG_SIZE = (560, 520)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Gemba Console"))
        self.setWindowIcon(app_icon())
        self.resize(*DIALOG_SIZE)

        picture = QLabel()
        picture.setPixmap(app_icon().pixmap(ICON_SIZE, ICON_SIZE))
        name = QLabel(self.tr("Gemba Console"))
        name.setObjectName("aboutName")
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        name.setFont(font)
        self.version = app_version()
        self.version_label = QLabel(self.version_text(self.version))
        self.version_label.setObjectName("aboutVersion")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = QLabel(self.tr("Orders, machines, quality and lots together."))
        summary.setWordWrap(True)
        self.runtime_label = QLabel(self.tr("Python {python}, Qt {qt}, PySide6 {pyside}").format(
            python=platform.python_version(), qt=qVersion(), pyside=PySide6.__version__))
        self.runtime_label.setObjectName("aboutRuntime")
        self.runtime_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        heading = QVBoxLayout()
        heading.addWidget(name)
        heading.addWidget(self.version_label)
        heading.addWidget(summary)
        heading.addWidget(self.runtime_label)
        top = QHBoxLayout()
        top.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        components_title = QLabel(self.tr("Bundled components"))
        components_title.setObjectName("aboutComponentsTitle")
        bold = components_title.font()
        bold.setBold(True)
        components_title.setFont(bold)
        notice = QLabel(self.tr(
            "Gemba Console is built on these open-source components; each is used under its own "
            "licence. Qt and PySide6 are separate libraries in the installation folder."))
        notice.setWordWrap(True)
        self.components = bundled_components()
        self.table = self._components_table(self.components)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(components_title)
        layout.addWidget(notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def version_text(self, version: str | None) -> str:
        if version is None:
            return self.tr("Version unknown")
        return self.tr("Version {version}").format(version=version)

    def _components_table(self, components: list[BundledComponent]) -> QTableWidget:
        table = QTableWidget(len(components), 3)
        table.setObjectName("aboutComponents")
        table.setHorizontalHeaderLabels(
            [self.tr("Component"), self.tr("Version"), self.tr("Licence")])
        for row, component in enumerate(components):
            version = component.version if component.version is not None else self.tr(
                "not installed")
            for column, text in enumerate((component.name, version, component.licence)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table

    def licence_of(self, name: str) -> str | None:
        """The licence shown for the component called `name` (None: not in the table)."""
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == name:
                return self.table.item(row, 2).text()
        return None
