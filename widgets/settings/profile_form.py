"""The form of one source's connection profile: what kind of source, its role, where it is, who
logs in, and the secret (typed here, kept in the OS keyring or read from a GEMBA_SECRET_...
environment variable, never shown back or written to a file). Labels follow the kind of
source: a database for Odoo, a tenant id for Dynamics, a Sparkplug group for a broker."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.sync.profiles import BACKENDS, SecretPlace, SourceProfile

PROBLEM_STYLE = "color: #b03a2e;"
SECRET_HINTS = ("password", "secret", "token", "apikey", "api_key", "private")


def backend_name(backend: str) -> str:
    """The kind of source in words a person knows it by."""
    names = {
        "reference": QCoreApplication.translate("ProfileForm", "Gemba reference contract"),
        "salesforce": QCoreApplication.translate("ProfileForm", "Salesforce"),
        "dynamics": QCoreApplication.translate("ProfileForm", "Microsoft Dynamics 365"),
        "odoo": QCoreApplication.translate("ProfileForm", "Odoo"),
        "erpnext": QCoreApplication.translate("ProfileForm", "ERPNext"),
        "tryton": QCoreApplication.translate("ProfileForm", "Tryton"),
        "opcua": QCoreApplication.translate("ProfileForm", "OPC UA server"),
        "sparkplug": QCoreApplication.translate("ProfileForm", "MQTT Sparkplug B broker"),
    }
    return names.get(backend, backend)


def role_name(role: str) -> str:
    if role == "crm":
        return QCoreApplication.translate("ProfileForm", "CRM")
    if role == "mes":
        return QCoreApplication.translate("ProfileForm", "MES")
    return role


# The keyring key of each kind of source's secret. The reference contract takes a token, or a
# password when a user is given (app.connectors.rest.from_profile).
SECRET_KEYS: dict[str, str] = {
    "reference": "password",
    "salesforce": "client_secret",
    "dynamics": "client_secret",
    "odoo": "password",
    "erpnext": "api_secret",
    "tryton": "password",
    "opcua": "password",
    "sparkplug": "password",
}
ALL_SECRET_KEYS = ("password", "token", "client_secret", "api_secret")

URL_SCHEMES = {"opcua": ("opc.tcp://",), "sparkplug": ("mqtt://", "mqtts://")}


def secret_key(backend: str, username: str) -> str:
    if backend == "reference" and not username.strip():
        return "token"
    return SECRET_KEYS.get(backend, "password")


def _labels(backend: str, key: str) -> tuple[str, str, str, str]:
    """(instance label, user label, secret label, URL placeholder) of a kind of source."""
    instance = {
        "reference": QCoreApplication.translate("ProfileForm", "Instance (not used)"),
        "salesforce": QCoreApplication.translate("ProfileForm", "Organisation id"),
        "dynamics": QCoreApplication.translate("ProfileForm", "Tenant id"),
        "odoo": QCoreApplication.translate("ProfileForm", "Database"),
        "erpnext": QCoreApplication.translate("ProfileForm", "Company"),
        "tryton": QCoreApplication.translate("ProfileForm", "Database"),
        "opcua": QCoreApplication.translate("ProfileForm", "Namespace URI"),
        "sparkplug": QCoreApplication.translate("ProfileForm", "Sparkplug group"),
    }.get(backend, QCoreApplication.translate("ProfileForm", "Instance"))
    user = {
        "salesforce": QCoreApplication.translate("ProfileForm", "Client id (consumer key)"),
        "dynamics": QCoreApplication.translate("ProfileForm", "Client id (app registration)"),
        "erpnext": QCoreApplication.translate("ProfileForm", "API key"),
        "opcua": QCoreApplication.translate("ProfileForm", "User (empty: anonymous)"),
        "sparkplug": QCoreApplication.translate("ProfileForm", "User (empty: anonymous)"),
        "reference": QCoreApplication.translate("ProfileForm", "User (empty: token)"),
    }.get(backend, QCoreApplication.translate("ProfileForm", "User"))
    secret = {
        "token": QCoreApplication.translate("ProfileForm", "Token"),
        "client_secret": QCoreApplication.translate("ProfileForm", "Client secret"),
        "api_secret": QCoreApplication.translate("ProfileForm", "API secret"),
    }.get(key, QCoreApplication.translate("ProfileForm", "Password"))
    placeholder = {
        "reference": "https://plant.example.com",
        "salesforce": "https://mycompany.my.salesforce.com",
        "dynamics": "https://mycompany.crm4.dynamics.com",
        "odoo": "https://odoo.example.com",
        "erpnext": "https://erp.example.com",
        "tryton": "https://tryton.example.com",
        "opcua": "opc.tcp://plc-line2.example.com:4840",
        "sparkplug": "mqtts://broker.example.com:8883",
    }.get(backend, "https://")
    return instance, user, secret, placeholder


def field_problem(field: str, message: str, profile: SourceProfile) -> str:
    """A problem of profile.problems() in the person's language (the app's words otherwise)."""
    if field == "name":
        return QCoreApplication.translate(
            "ProfileForm", "Use letters, digits, '-', '_' or '.' (at most 40 characters), "
            "starting with a letter or digit.")
    if field == "backend":
        return QCoreApplication.translate("ProfileForm", "Unknown kind of source.")
    if field == "role" and profile.backend in BACKENDS:
        return QCoreApplication.translate("ProfileForm", "A %1 source cannot be the %2.").replace(
            "%1", backend_name(profile.backend)).replace("%2", role_name(profile.role))
    if field == "url":
        schemes = URL_SCHEMES.get(profile.backend, ("http://", "https://"))
        joined = schemes[0] if len(schemes) == 1 else QCoreApplication.translate(
            "ProfileForm", "%1 or %2").replace("%1", schemes[0]).replace("%2", schemes[1])
        return QCoreApplication.translate(
            "ProfileForm", "The address must start with %1.").replace("%1", joined)
    if field == "instance" and profile.backend in ("odoo", "tryton"):
        return QCoreApplication.translate("ProfileForm", "The database name is needed.")
    if field == "instance" and profile.backend == "sparkplug":
        return QCoreApplication.translate("ProfileForm", "The Sparkplug group id is needed.")
    return message


def parse_options(text: str) -> tuple[dict[str, str], str]:
    """key=value lines (blank lines and # comments skipped) and what is wrong with them."""
    options: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        key = key.strip()
        if not equals or not key:
            return options, QCoreApplication.translate(
                "ProfileForm", "Line %1 is not key=value.").replace("%1", str(number))
        if any(hint in key.lower().replace("-", "_") for hint in SECRET_HINTS):
            return options, QCoreApplication.translate(
                "ProfileForm", "“%1” looks like a secret: options are written to a file; "
                "put secrets in the secret field.").replace("%1", key)
        options[key] = value.strip()
    return options, ""


def options_text(options: dict[str, str]) -> str:
    return "".join(f"{key}={value}\n" for key, value in options.items())


class ProfileForm(QWidget):
    """Edits one SourceProfile; `changed` on every edit, `secret_edited(str)` when the secret is
    typed (the text goes to the dialog's pending secrets, nowhere else)."""

    changed = Signal()
    secret_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. crm or plant-hsinchu"))
        self.backend_combo = QComboBox()
        for backend in BACKENDS:
            self.backend_combo.addItem(backend_name(backend), backend)
        self.role_combo = QComboBox()
        self.url_edit = QLineEdit()
        self.instance_edit = QLineEdit()
        self.username_edit = QLineEdit()
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.options_edit = QPlainTextEdit()
        self.options_edit.setPlaceholderText(self.tr("key=value, one a line (advanced)"))
        self.options_edit.setTabChangesFocus(True)
        self.options_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        for name, widget in (("name", self.name_edit), ("backend", self.backend_combo),
                             ("role", self.role_combo), ("url", self.url_edit),
                             ("instance", self.instance_edit),
                             ("username", self.username_edit), ("secret", self.secret_edit),
                             ("options", self.options_edit)):
            widget.setObjectName(f"profile_{name}")

        self.problem_labels: dict[str, QLabel] = {}
        self.field_labels: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rows = (
            ("name", self.tr("Name"), self.name_edit),
            ("backend", self.tr("Kind of source"), self.backend_combo),
            ("role", self.tr("Role"), self.role_combo),
            ("url", self.tr("Address (URL)"), self.url_edit),
            ("instance", self.tr("Instance"), self.instance_edit),
            ("username", self.tr("User"), self.username_edit),
            ("secret", self.tr("Password"), self.secret_edit),
            ("options", self.tr("Options"), self.options_edit),
        )
        for key, caption, widget in rows:
            label = QLabel(caption)
            label.setBuddy(widget)
            label.setContentsMargins(0, 3, 0, 0)  # level with the field's text, kept at the top
            self.field_labels[key] = label
            problem = QLabel()
            problem.setObjectName(f"problem_{key}")
            problem.setStyleSheet(PROBLEM_STYLE)
            problem.setWordWrap(True)
            problem.setVisible(False)
            self.problem_labels[key] = problem
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(problem)
            layout.addRow(label, cell)
            layout.setAlignment(label, Qt.AlignmentFlag.AlignTop)

        # Where the secret is read from and kept: the keyring, an environment variable, or
        # nowhere on a machine with neither (said before Save, not after).
        self.secret_place_label = QLabel()
        self.secret_place_label.setObjectName("secretPlace")
        self.secret_place_label.setWordWrap(True)
        self.secret_place_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)  # the variable's name, to copy
        self.problem_labels["secret"].parentWidget().layout().addWidget(self.secret_place_label)

        self.name_edit.textEdited.connect(self._edited)
        self.backend_combo.currentIndexChanged.connect(self._backend_changed)
        self.role_combo.currentIndexChanged.connect(self._edited)
        self.url_edit.textEdited.connect(self._edited)
        self.instance_edit.textEdited.connect(self._edited)
        self.username_edit.textEdited.connect(self._username_edited)
        self.secret_edit.textEdited.connect(self._secret_edited)
        self.options_edit.textChanged.connect(self._edited)
        self._follow_backend("reference")

    # -- in and out -------------------------------------------------------------------------
    def set_profile(self, profile: SourceProfile, secret_typed: bool, stored: bool) -> None:
        """Show `profile`; the secret field stays empty (a typed secret is never shown back)."""
        self._loading = True
        try:
            self.name_edit.setText(profile.name)
            index = self.backend_combo.findData(profile.backend)
            self.backend_combo.setCurrentIndex(max(index, 0))
            self._follow_backend(profile.backend, profile.role)
            self.url_edit.setText(profile.url)
            self.instance_edit.setText(profile.instance)
            self.username_edit.setText(profile.username)
            self._follow_user()
            self.secret_edit.clear()
            if secret_typed:
                hint = self.tr("typed; stored in the OS keyring on Save")
            elif stored:
                hint = self.tr("unchanged (kept in the OS keyring); type to replace")
            else:
                hint = self.tr("not stored yet")
            self.secret_edit.setPlaceholderText(hint)
            self.options_edit.setPlainText(options_text(profile.options))
        finally:
            self._loading = False

    def show_secret_place(self, place: SecretPlace, variable: str) -> None:
        """Say where the secret will be kept; `variable` is its GEMBA_SECRET_… name."""
        if place is SecretPlace.ENVIRONMENT:
            text = self.tr("Read from the environment variable %1, which wins over a "
                           "password typed here.")
            self.secret_edit.setPlaceholderText(self.tr("set by %1").replace("%1", variable))
            self.secret_place_label.setStyleSheet("")
        elif place is SecretPlace.KEYRING:
            text = self.tr("Kept in the OS keyring on Save (or set the environment variable "
                           "%1).")
            self.secret_place_label.setStyleSheet("")
        else:
            text = self.tr("Not kept: this machine has no keyring service. Set the "
                           "environment variable %1 for the console and the sync agent.")
            self.secret_place_label.setStyleSheet(PROBLEM_STYLE)
        self.secret_place_label.setText(text.replace("%1", variable))

    def profile(self) -> SourceProfile:
        options, _ = parse_options(self.options_edit.toPlainText())
        return SourceProfile(
            name=self.name_edit.text().strip(),
            role=self.role_combo.currentData() or "",
            backend=self.backend_combo.currentData() or "",
            url=self.url_edit.text().strip(),
            instance=self.instance_edit.text().strip(),
            username=self.username_edit.text().strip(),
            options=options,
        )

    def secret_key(self) -> str:
        return secret_key(self.backend_combo.currentData() or "", self.username_edit.text())

    def problems(self) -> dict[str, str]:
        """Field -> problem in words, the profile's own and the options'."""
        profile = self.profile()
        found = {field: field_problem(field, message, profile)
                 for field, message in profile.problems().items()}
        _, options_problem = parse_options(self.options_edit.toPlainText())
        if options_problem:
            found["options"] = options_problem
        return found

    def show_problems(self, problems: dict[str, str]) -> None:
        for field, label in self.problem_labels.items():
            label.setText(problems.get(field, ""))
            label.setVisible(field in problems)

    # -- following the kind of source --------------------------------------------------------
    def _follow_backend(self, backend: str, role: str | None = None) -> None:
        current = role if role is not None else self.role_combo.currentData()
        allowed = BACKENDS.get(backend, ("crm", "mes"))
        blocked = self.role_combo.blockSignals(True)
        self.role_combo.clear()
        for each in allowed:
            self.role_combo.addItem(role_name(each), each)
        if role is not None and current not in allowed and current:
            # A saved profile whose role its kind cannot play: shown, and flagged as a problem.
            self.role_combo.addItem(role_name(current), current)
        index = self.role_combo.findData(current)
        self.role_combo.setCurrentIndex(max(index, 0))
        self.role_combo.setEnabled(self.role_combo.count() > 1)
        self.role_combo.blockSignals(blocked)
        self._follow_user()

    def _follow_user(self) -> None:
        backend = self.backend_combo.currentData() or ""
        instance, user, secret, placeholder = _labels(backend, self.secret_key())
        self.field_labels["instance"].setText(instance)
        self.field_labels["username"].setText(user)
        self.field_labels["secret"].setText(secret)
        self.url_edit.setPlaceholderText(placeholder)
        self.instance_edit.setEnabled(backend != "reference" or bool(self.instance_edit.text()))

    def _backend_changed(self) -> None:
        if self._loading:
            return
        self._follow_backend(self.backend_combo.currentData() or "")
        self._edited()

    def _username_edited(self) -> None:
        self._follow_user()
        self._edited()

    def _secret_edited(self, text: str) -> None:
        if not self._loading:
            self.secret_edited.emit(text)

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()
