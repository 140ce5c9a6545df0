"""Connection settings of every source: one CRM combined with one or more MES sources.

The profiles are listed on the left and edited on the right; each problem is shown next to its
field, the set's problems above the buttons. "Test connection" runs the source's check on the
shared asyncio loop and says in words how it went. Secrets typed here are held in memory until
Save, then written to the OS keyring only: never to sources.json, never to a log.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, replace
from itertools import count
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.sync.live_discovery import with_mapping
from app.sync.profiles import (
    MemorySecrets,
    SecretStore,
    SourceProfile,
    load_profiles,
    profiles_path,
    save_profiles,
    secret_env_name,
    set_problems,
)
from app.sync.registry import CheckResult, test_connection
from widgets.settings.opcua_mapping import MappingDialog
from widgets.settings.profile_form import (
    ALL_SECRET_KEYS,
    PROBLEM_STYLE,
    ProfileForm,
    backend_name,
    options_text,
    role_name,
    secret_key,
)

log = logging.getLogger(__name__)

OK_STYLE = "color: #1e8449;"
SECRET = "secret"  # the pending secret of a row; its keyring key follows the final profile
_ids = count(1)


@dataclass(slots=True)
class _Row:
    profile: SourceProfile
    uid: str  # stable while the dialog is open, whatever the name becomes
    saved_name: str | None  # the name its secrets are stored under; None when new


def set_problem_text(problem: str) -> str:
    """A problem of app.sync.profiles.set_problems in the person's language."""
    duplicate = re.fullmatch(r"two sources are called '(.*)'", problem)
    if duplicate:
        return QCoreApplication.translate(
            "ConnectionsDialog", "Two sources are called “%1”: each needs its own name."
        ).replace("%1", duplicate.group(1))
    crm = re.fullmatch(r"only one CRM source can be used at a time: (.*)", problem)
    if crm:
        return QCoreApplication.translate(
            "ConnectionsDialog", "Only one CRM source can be used at a time (now: %1); "
            "remove one or make it an MES source.").replace("%1", crm.group(1))
    if problem == "add at least one MES source":
        return QCoreApplication.translate(
            "ConnectionsDialog", "Add at least one MES source: the console joins the CRM "
            "with the shop floor.")
    return problem


class _DialogSecrets(SecretStore):
    """What "test connection" reads: the secret typed for the row, otherwise the stored one."""

    def __init__(self, row: _Row, pending: MemorySecrets, stored: SecretStore) -> None:
        self._row = row
        self._pending = pending
        self._stored = stored

    def get(self, profile: str, key: str) -> str | None:
        # As the console will run it: the environment variable wins (a new profile too).
        from_env = self._stored.from_environment(self._row.profile.name, key)
        if from_env:
            return from_env
        typed = self._pending.get(self._row.uid, SECRET)
        if typed:
            # The secret field is the profile's one secret: a stored one of another key
            # (a token from before, say) must not win over what was just typed.
            wanted = secret_key(self._row.profile.backend, self._row.profile.username)
            return typed if key == wanted else None
        if self._row.saved_name is None:
            return None
        return self._stored.get(self._row.saved_name, key)

    def set(self, profile: str, key: str, value: str) -> None:  # pragma: no cover
        raise NotImplementedError("a test never stores secrets")


class ConnectionsDialog(QDialog):
    """Edit the sources' connection profiles; `saved(list[SourceProfile])` after Save."""

    saved = Signal(list)
    tested = Signal(object)  # the CheckResult of a finished "test connection"

    def __init__(self, parent: QWidget | None = None, path: Path | None = None,
                 secrets: SecretStore | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionsDialog")
        self.setWindowTitle(self.tr("Sources and connections"))
        self.path = path or profiles_path()
        self.secrets = secrets if secrets is not None else SecretStore()
        # Typed secrets by (row uid, keyring key), until Save; then in the keyring only.
        self.pending = MemorySecrets()
        self._rows: list[_Row] = []
        self._removed: list[str] = []  # saved names of removed profiles: forget their secrets
        self._task: asyncio.Future[CheckResult] | None = None
        self._test_generation = 0
        load_problem = ""
        try:
            profiles = load_profiles(self.path)
        except (ValueError, OSError) as exc:
            profiles = []
            load_problem = self.tr("The saved sources could not be read (%1); Save replaces "
                                   "the file.").replace("%1", str(exc))
        self._rows = [_Row(p, f"#{next(_ids)}", p.name) for p in profiles]
        self._build()
        self._refresh_list()
        if self._rows:
            self.list.setCurrentRow(0)
        self._show_current()
        self._update_problems()
        if load_problem:
            self.set_label.setText(load_problem)
            self.set_label.setVisible(True)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setObjectName("profileList")
        self.list.setMinimumWidth(240)
        self.add_button = QPushButton(self.tr("Add"))
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.remove_button = QPushButton(self.tr("Remove"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        left = QVBoxLayout()
        heading = QLabel(self.tr("Sources"))
        heading.setObjectName("sectionTitle")
        left.addWidget(heading)
        left.addWidget(self.list, 1)
        left.addLayout(buttons)

        self.form = ProfileForm()
        self.empty_label = QLabel(self.tr(
            "No sources yet — add the CRM and the MES the console should read."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        form_page = QWidget()
        form_column = QVBoxLayout(form_page)
        form_column.setContentsMargins(0, 0, 0, 0)
        form_column.addWidget(self.form)
        form_column.addStretch(1)
        self.stack.addWidget(form_page)

        top = QHBoxLayout()
        top.addLayout(left, 2)
        top.addWidget(self.stack, 5)

        self.set_label = QLabel()
        self.set_label.setObjectName("setProblems")
        self.set_label.setStyleSheet(PROBLEM_STYLE)
        self.set_label.setWordWrap(True)
        self.set_label.setVisible(False)

        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("testConnection")
        self.spinner = QProgressBar()
        self.spinner.setRange(0, 0)  # busy, no percentage
        self.spinner.setTextVisible(False)
        self.spinner.setFixedWidth(60)
        self.spinner.setVisible(False)
        self.result_label = QLabel()
        self.result_label.setObjectName("testResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        # An OPC UA source needs a node mapping: browse, propose, edit and test it there.
        self.mapping_button = QPushButton(self.tr("Map machines…"))
        self.mapping_button.setObjectName("opcuaMapping")
        self.mapping_button.setVisible(False)
        self.mapping_dialog: MappingDialog | None = None
        test_row = QHBoxLayout()
        test_row.addWidget(self.mapping_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.result_label, 1)

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.button_box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.cancel_button = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))

        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(test_row)
        layout.addWidget(self.set_label)
        layout.addWidget(self.button_box)
        self.resize(900, 560)

        self.list.currentRowChanged.connect(self._show_current)
        self.add_button.clicked.connect(self.add_profile)
        self.duplicate_button.clicked.connect(self.duplicate_profile)
        self.remove_button.clicked.connect(self.remove_profile)
        self.form.changed.connect(self._form_changed)
        self.form.secret_edited.connect(self._secret_typed)
        self.test_button.clicked.connect(self.test_current)
        self.mapping_button.clicked.connect(self.map_machines)
        self.button_box.accepted.connect(self.save)
        self.button_box.rejected.connect(self.reject)

    # -- the list ----------------------------------------------------------------------------
    def profiles(self) -> list[SourceProfile]:
        return [row.profile for row in self._rows]

    def _row_text(self, profile: SourceProfile) -> str:
        name = profile.name or self.tr("(no name)")
        return f"{name}\n{backend_name(profile.backend)} · {role_name(profile.role)}"

    def _refresh_list(self) -> None:
        current = self.list.currentRow()
        blocked = self.list.blockSignals(True)
        while self.list.count() > len(self._rows):
            self.list.takeItem(self.list.count() - 1)
        while self.list.count() < len(self._rows):
            self.list.addItem(QListWidgetItem())
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, row in enumerate(self._rows):
            item = self.list.item(index)
            item.setText(self._row_text(row.profile))
            bad = bool(row.profile.problems())
            item.setIcon(warning if bad else self.style().standardIcon(
                QStyle.StandardPixmap.SP_DriveNetIcon))
            item.setToolTip(self.tr("This source has a problem: see the form.") if bad else "")
        self.list.setCurrentRow(min(current, len(self._rows) - 1))
        self.list.blockSignals(blocked)

    def _unique_name(self, base: str) -> str:
        names = {row.profile.name for row in self._rows}
        if base not in names:
            return base
        for number in count(2):
            candidate = f"{base}-{number}"
            if candidate not in names:
                return candidate
        raise AssertionError("unreachable")

    def add_profile(self) -> None:
        has_crm = any(row.profile.role == "crm" for row in self._rows)
        role = "mes" if has_crm else "crm"
        profile = SourceProfile(name=self._unique_name(role), role=role)
        self._append(_Row(profile, f"#{next(_ids)}", None))

    def duplicate_profile(self) -> None:
        row = self._current()
        if row is None:
            return
        profile = replace(row.profile, name=self._unique_name(row.profile.name + "-copy"),
                          options=dict(row.profile.options))
        # Secrets are not copied: the copy is usually another plant with its own login.
        self._append(_Row(profile, f"#{next(_ids)}", None))

    def remove_profile(self) -> None:
        index = self.list.currentRow()
        if not 0 <= index < len(self._rows):
            return
        row = self._rows.pop(index)
        self._forget_pending(row.uid)
        if row.saved_name is not None:
            self._removed.append(row.saved_name)
        self._refresh_list()
        self.list.setCurrentRow(min(index, len(self._rows) - 1))
        self._show_current()
        self._update_problems()

    def _append(self, row: _Row) -> None:
        self._rows.append(row)
        self._refresh_list()
        self.list.setCurrentRow(len(self._rows) - 1)
        self._show_current()
        self._update_problems()
        self.form.name_edit.setFocus()
        self.form.name_edit.selectAll()

    def _current(self) -> _Row | None:
        index = self.list.currentRow()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    # -- the form ----------------------------------------------------------------------------
    def _show_current(self) -> None:
        row = self._current()
        self._clear_result()
        if row is None:
            self.stack.setCurrentWidget(self.empty_label)
        else:
            typed = self.pending.get(row.uid, SECRET) is not None
            self.form.set_profile(row.profile, typed, row.saved_name is not None)
            self._show_secret_place(row.profile)
            self.form.show_problems(self.form.problems())
            self.stack.setCurrentWidget(self.form.parentWidget())
        self.mapping_button.setVisible(row is not None and row.profile.backend == "opcua")
        self.duplicate_button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)
        self._update_buttons()

    def _form_changed(self) -> None:
        row = self._current()
        if row is None:
            return
        row.profile = self.form.profile()
        self._show_secret_place(row.profile)
        self.mapping_button.setVisible(row.profile.backend == "opcua")
        self.form.show_problems(self.form.problems())
        self._refresh_list()
        self._update_problems()
        self._clear_result()

    def map_machines(self) -> None:
        """Open the mapping editor of the current OPC UA profile; its mapping, when used,
        becomes the profile's `mapping` option."""
        row = self._current()
        if row is None or row.profile.backend != "opcua":
            return
        secrets = _DialogSecrets(row, self.pending, self.secrets)
        dialog = self.mapping_dialog = MappingDialog(row.profile, secrets, self)
        uid = row.uid
        dialog.accepted.connect(lambda: self._use_mapping(uid, dialog.mapping()))
        dialog.open()

    def _use_mapping(self, uid: str, text: str) -> None:
        row = self._current()
        if row is None or row.uid != uid:
            return  # another profile is shown now: its form is not this one's
        profile = with_mapping(row.profile, text)
        self.form.options_edit.setPlainText(options_text(profile.options))  # -> changed

    def _show_secret_place(self, profile: SourceProfile) -> None:
        key = secret_key(profile.backend, profile.username)
        self.form.show_secret_place(self.secrets.place(profile.name, key),
                                    secret_env_name(profile.name or "?", key))

    def _secret_typed(self, text: str) -> None:
        row = self._current()
        if row is None:
            return
        self._forget_pending(row.uid)
        if text:
            self.pending.set(row.uid, SECRET, text)
        self._clear_result()

    def _forget_pending(self, uid: str) -> None:
        for key in [key for key in self.pending.values if key[0] == uid]:
            del self.pending.values[key]

    def _update_problems(self) -> None:
        problems = [set_problem_text(p) for p in set_problems(self.profiles())]
        bad = [row.profile.name or "?" for row in self._rows if row.profile.problems()]
        if bad:
            problems.append(self.tr("Correct the marked fields of: %1.").replace(
                "%1", ", ".join(bad)))
        self.set_label.setText("\n".join(problems))
        self.set_label.setVisible(bool(problems))
        self._update_buttons()

    def _update_buttons(self) -> None:
        testing = self._task is not None and not self._task.done()
        row = self._current()
        self.test_button.setEnabled(row is not None and not testing)
        self.test_button.setText(self.tr("Testing…") if testing else self.tr("Test connection"))
        self.spinner.setVisible(testing)
        blocked = bool(set_problems(self.profiles())) or any(
            row.profile.problems() for row in self._rows) or bool(self.form_option_problem())
        self.save_button.setEnabled(not blocked)
        self.save_button.setToolTip(
            self.tr("Correct the problems listed above first.") if blocked else "")

    def form_option_problem(self) -> str:
        if self._current() is None:
            return ""
        return self.form.problems().get("options", "")

    # -- test connection ---------------------------------------------------------------------
    def _clear_result(self) -> None:
        self._test_generation += 1  # a test still running no longer speaks for the form
        self.result_label.clear()

    def test_current(self) -> None:
        row = self._current()
        if row is None or (self._task is not None and not self._task.done()):
            return
        self._clear_result()
        generation = self._test_generation
        secrets = _DialogSecrets(row, self.pending, self.secrets)
        check = test_connection(row.profile, secrets)
        try:
            self._task = asyncio.ensure_future(check)
        except RuntimeError:  # no asyncio loop: the console always has qasync's
            check.close()
            self._show_result(CheckResult(False, self.tr("Cannot test here: no event loop.")))
            return
        self._task.add_done_callback(lambda task: self._tested(task, generation))
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Connecting to %1…").replace(
            "%1", row.profile.url or "?"))
        self._update_buttons()

    def _tested(self, task: asyncio.Future[CheckResult], generation: int) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            # Never the secret: only the kind of failure (a bug in a connector, not the source).
            log.error("test connection failed unexpectedly: %s", type(error).__name__)
            result = CheckResult(False, self.tr("The test itself failed (%1).").replace(
                "%1", type(error).__name__))
        else:
            result = task.result()
        self._update_buttons()
        if generation == self._test_generation:
            self._show_result(result)
        self.tested.emit(result)

    def _show_result(self, result: CheckResult) -> None:
        if result.ok:
            self.result_label.setStyleSheet(OK_STYLE)
            self.result_label.setText(self.tr("✓ Connection works: %1").replace(
                "%1", result.message))
        else:
            self.result_label.setStyleSheet(PROBLEM_STYLE)
            self.result_label.setText(self.tr("✗ %1").replace("%1", result.message))

    # -- save and cancel ---------------------------------------------------------------------
    def save(self) -> None:
        profiles = self.profiles()
        failed: list[str] = []
        for row in self._rows:
            name = row.profile.name
            typed = self.pending.get(row.uid, SECRET)
            try:
                if typed:
                    if row.saved_name is not None and row.saved_name != name:
                        self._forget_secrets(row.saved_name)
                    self.secrets.set(name, secret_key(row.profile.backend,
                                                      row.profile.username), typed)
                elif row.saved_name is not None and row.saved_name != name:
                    self._move_secrets(row.saved_name, name)
            except Exception as exc:  # no keyring on this machine, locked, refused, ...
                log.warning("source %s: secret not stored (%s)", name, type(exc).__name__)
                key = secret_key(row.profile.backend, row.profile.username)
                if not (typed and self.secrets.from_environment(name, key)):
                    failed.append(secret_env_name(name, key))
                    continue
                # Its environment variable holds it: the console reads that, nothing is lost.
            self._forget_pending(row.uid)
            row.saved_name = name
        names = {p.name for p in profiles}
        for old in self._removed:
            if old not in names:
                try:
                    self._forget_secrets(old)
                except Exception as exc:
                    log.warning("source %s: secret not removed (%s)", old, type(exc).__name__)
        self._removed = []
        save_profiles(profiles, self.path)
        self.saved.emit(profiles)
        if failed:
            self.set_label.setText(self.tr(
                "Saved, but a secret typed here was not kept: no OS keyring answers on this "
                "machine. Set %1 in the environment of the console and the sync agent.").replace(
                    "%1", ", ".join(failed)))
            self.set_label.setVisible(True)
            return
        self.accept()

    def _move_secrets(self, old: str, new: str) -> None:
        for key in ALL_SECRET_KEYS:
            value = self.secrets.get(old, key)
            if value:
                self.secrets.set(new, key, value)
                self.secrets.set(old, key, "")

    def _forget_secrets(self, name: str) -> None:
        for key in ALL_SECRET_KEYS:
            self.secrets.set(name, key, "")

    def done(self, result: int) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        super().done(result)


__all__ = ["ConnectionsDialog"]
