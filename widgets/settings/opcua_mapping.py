"""Settings → Connections → Map machines: browse an OPC UA server, read the mapping it
proposes (machines, their nodes, the state table), edit it, test it, and use it.

The work is app.sync.live_discovery's; this dialog runs it on the console's asyncio loop and
shows the outcome in words. The mapping is edited as the JSON the profile keeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.sync.live_discovery import (
    Proposal,
    mapping_problem,
    propose_opcua_mapping,
    with_mapping,
)
from app.sync.profiles import SecretStore, SourceProfile
from app.sync.registry import CheckResult, test_connection
from widgets.settings.profile_form import PROBLEM_STYLE

log = logging.getLogger(__name__)
OK_STYLE = "color: #1e8449;"


class MappingDialog(QDialog):
    """Edits the node mapping of one OPC UA profile; `mapping()` after it is accepted.
    `proposed(Proposal)` when a browse ends, `tested(CheckResult)` when a test ends."""

    proposed = Signal(object)
    tested = Signal(object)

    def __init__(self, profile: SourceProfile, secrets: SecretStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("opcuaMappingDialog")
        self.setWindowTitle(self.tr("Machines of %1").replace("%1", profile.name or "?"))
        self.profile = profile
        self.secrets = secrets
        self._task: asyncio.Future[Any] | None = None

        intro = QLabel(self.tr(
            "Which nodes of the server say what about each machine. Browse the server for a "
            "proposal, correct it, test it. State values are compared ignoring case."))
        intro.setWordWrap(True)
        self.browse_button = QPushButton(self.tr("Browse the server"))
        self.browse_button.setObjectName("browseServer")
        self.test_button = QPushButton(self.tr("Test this mapping"))
        self.test_button.setObjectName("testMapping")
        self.status_label = QLabel()
        self.status_label.setObjectName("mappingStatus")
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.browse_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.status_label, 1)

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("mappingText")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlaceholderText(self.tr("No mapping yet: browse the server."))
        self.problem_label = QLabel()
        self.problem_label.setObjectName("mappingProblem")
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(False)

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.use_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.use_button.setText(self.tr("Use this mapping"))
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Cancel"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.button_box)
        self.resize(720, 560)

        text = profile.options.get("mapping", "")
        if text:
            with contextlib.suppress(ValueError):  # else shown as it is, with its problem
                text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        self.editor.setPlainText(text)
        self.browse_button.clicked.connect(self.browse)
        self.test_button.clicked.connect(self.test)
        self.editor.textChanged.connect(self._on_text_change)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self._on_text_change()

    # -- what it gives -----------------------------------------------------------------------
    def mapping(self) -> str:
        return self.editor.toPlainText()

    def problem(self) -> str:
        text = self.mapping()
        return mapping_problem(text) if text.strip() else ""

    # -- browse and test ---------------------------------------------------------------------
    def browse(self) -> None:
        self._run(propose_opcua_mapping(self.profile, self.secrets), self._browsed,
                  self.tr("Browsing %1…").replace("%1", self.profile.url or "?"))

    def test(self) -> None:
        profile = with_mapping(self.profile, self.mapping())
        self._run(test_connection(profile, self.secrets), self._tested,
                  self.tr("Testing the mapping on %1…").replace("%1", self.profile.url or "?"))

    def _run(self, work: Awaitable[Any], done: Callable[[Any], None], doing: str) -> None:
        if self._task is not None and not self._task.done():
            work.close()  # type: ignore[attr-defined]
            return
        try:
            self._task = asyncio.ensure_future(work)
        except RuntimeError:  # no asyncio loop: the console always has qasync's
            work.close()  # type: ignore[attr-defined]
            self._say(False, self.tr("Cannot do this here: no event loop."))
            return
        self._task.add_done_callback(lambda task: self._finished(task, done))
        self.status_label.setStyleSheet("")
        self.status_label.setText(doing)
        self._update_buttons()

    def _finished(self, task: asyncio.Future[Any], done: Callable[[Any], None]) -> None:
        self._update_buttons()
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("OPC UA mapping step failed unexpectedly: %s", type(error).__name__)
            self._say(False, self.tr("It failed (%1).").replace("%1", type(error).__name__))
            return
        done(task.result())

    def _browsed(self, proposal: Proposal) -> None:
        if proposal.ok:
            self.editor.setPlainText(proposal.mapping)
            self._say(True, self.tr("Proposed: %1 machine(s), %2 state value(s) in the state "
                                    "table. Check it, then test it.")
                      .replace("%1", str(proposal.machines)).replace("%2", str(proposal.states)))
        else:
            self._say(False, proposal.message)
        self.proposed.emit(proposal)

    def _tested(self, result: CheckResult) -> None:
        self._say(result.ok, self.tr("✓ %1").replace("%1", result.message) if result.ok
                  else self.tr("✗ %1").replace("%1", result.message))
        self.tested.emit(result)

    def _say(self, ok: bool, text: str) -> None:
        self.status_label.setStyleSheet(OK_STYLE if ok else PROBLEM_STYLE)
        self.status_label.setText(text)

    def _on_text_change(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._task is not None and not self._task.done()
        usable = bool(self.mapping().strip()) and not self.problem()
        self.browse_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy and usable)
        self.use_button.setEnabled(not busy and usable)

    def done(self, result: int) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        super().done(result)


__all__ = ["MappingDialog"]
