"""The connection settings dialog against a real reference-contract server on loopback:
test connection in words, problems next to their fields, secrets kept out of sources.json."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.sync.profiles import MemorySecrets, SourceProfile, load_profiles, save_profiles
from tests.widgets.conftest import save_screenshot
from tests.widgets.connections_ui import add_source, run_test, type_into
from widgets.settings.connections_dialog import ConnectionsDialog

USER = "gemba"
PASSWORD = "right-horse-battery"
PAGE = {"items": [{"id": "C1", "version": 1, "name": "Acme"}], "next_cursor": None,
        "sync_token": "t1"}


class ContractHandler(BaseHTTPRequestHandler):
    """The reference contract's page shape behind basic auth; /html/... is a web page."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.startswith("/html/"):
            self._answer(200, b"<html><body>Welcome to the intranet</body></html>",
                         "text/html")
            return
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self._answer(401, json.dumps({"error": "unauthorized"}).encode())
            return
        if self.path.split("?")[0] in ("/crm/v1/customers", "/mes/v1/sites"):
            self._answer(200, json.dumps(PAGE).encode())
            return
        self._answer(404, json.dumps({"error": "no such feed"}).encode())

    def _answer(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet tests


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ContractHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def nobody_listens() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def sources_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "sources.json"


@pytest.fixture
def open_dialog(qtbot, sources_file: Path):
    def make(secrets: MemorySecrets | None = None) -> ConnectionsDialog:
        dialog = ConnectionsDialog(None, path=sources_file,
                                   secrets=secrets if secrets is not None else MemorySecrets())
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def test_empty_state_invites_to_add_the_sources(open_dialog) -> None:
    dialog = open_dialog()
    assert dialog.stack.currentWidget() is dialog.empty_label
    assert dialog.empty_label.text() == (
        "No sources yet — add the CRM and the MES the console should read.")
    assert not dialog.test_button.isEnabled()
    assert not dialog.remove_button.isEnabled()


def test_wrong_password_says_the_credentials_were_refused(
        qtbot, qloop, open_dialog, server_url) -> None:
    dialog = open_dialog()
    add_source(qtbot, dialog, server_url, USER, "wrong-password")
    assert dialog.form.field_labels["secret"].text() == "Password"
    text = run_test(qloop, dialog)
    assert "refused the credentials" in text
    assert "401" in text
    assert "#b03a2e" in dialog.result_label.styleSheet()  # red


def test_right_password_says_the_connection_works(
        qtbot, qloop, open_dialog, server_url) -> None:
    dialog = open_dialog()
    add_source(qtbot, dialog, server_url, USER, PASSWORD)
    text = run_test(qloop, dialog)
    assert text == "✓ Connection works: reference-contract CRM answers (customers readable)"
    assert "#1e8449" in dialog.result_label.styleSheet()  # green
    # Editing the profile afterwards: the old result no longer speaks for it.
    type_into(qtbot, dialog.form.name_edit, "crm-main")
    assert dialog.result_label.text() == ""


def test_nobody_listening_says_cannot_connect(qtbot, qloop, open_dialog, nobody_listens) -> None:
    dialog = open_dialog()
    add_source(qtbot, dialog, nobody_listens, USER, PASSWORD)
    assert "cannot connect" in run_test(qloop, dialog)


def test_a_web_page_is_not_a_contract_server(qtbot, qloop, open_dialog, server_url) -> None:
    dialog = open_dialog()
    add_source(qtbot, dialog, server_url + "/html", USER, PASSWORD)
    text = run_test(qloop, dialog)
    assert "not like a Gemba reference-contract server" in text


def test_problems_are_shown_next_to_their_field(qtbot, open_dialog) -> None:
    dialog = open_dialog()
    add_source(qtbot, dialog, "https://crm.example.test")
    form = dialog.form
    assert form.problem_labels["name"].isHidden()
    type_into(qtbot, form.name_edit, "my crm!")
    assert not form.problem_labels["name"].isHidden()
    assert "letters, digits" in form.problem_labels["name"].text()
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, form.name_edit, "crm")
    assert form.problem_labels["name"].isHidden()

    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # the MES
    form.backend_combo.setCurrentIndex(form.backend_combo.findText("OPC UA server"))
    assert [form.role_combo.itemText(i) for i in range(form.role_combo.count())] == ["MES"]
    type_into(qtbot, form.url_edit, "http://plc-line2:4840")
    assert form.problem_labels["url"].text() == "The address must start with opc.tcp://."
    assert not form.problem_labels["url"].isHidden()
    type_into(qtbot, form.url_edit, "opc.tcp://plc-line2:4840")
    assert form.problem_labels["url"].isHidden()

    form.backend_combo.setCurrentIndex(form.backend_combo.findText("MQTT Sparkplug B broker"))
    assert form.field_labels["instance"].text() == "Sparkplug group"
    assert form.problem_labels["instance"].text() == "The Sparkplug group id is needed."
    form.backend_combo.setCurrentIndex(form.backend_combo.findText("Odoo"))
    assert form.field_labels["instance"].text() == "Database"
    form.backend_combo.setCurrentIndex(form.backend_combo.findText("Microsoft Dynamics 365"))
    assert form.field_labels["instance"].text() == "Tenant id"
    assert form.field_labels["secret"].text() == "Client secret"
    assert [form.role_combo.itemText(i) for i in range(form.role_combo.count())] == ["CRM"]


def test_secrets_typed_as_options_are_refused(qtbot, open_dialog) -> None:
    dialog = open_dialog()
    add_source(qtbot, dialog, "https://crm.example.test")
    dialog.form.options_edit.setPlainText("page_size=100\napi_token=abc")
    assert "looks like a secret" in dialog.form.problem_labels["options"].text()
    assert not dialog.save_button.isEnabled()


def test_two_crm_sources_are_not_a_working_set(qtbot, open_dialog) -> None:
    dialog = open_dialog()
    add_source(qtbot, dialog, "https://crm-a.example.test")
    add_source(qtbot, dialog, "https://mes.example.test")
    assert dialog.set_label.isHidden()
    add_source(qtbot, dialog, "https://crm-b.example.test")
    dialog.form.role_combo.setCurrentIndex(dialog.form.role_combo.findText("CRM"))
    assert not dialog.set_label.isHidden()
    assert dialog.set_label.text().startswith(
        "Only one CRM source can be used at a time (now: crm, mes-2)")
    assert not dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.set_label.isHidden()
    assert dialog.save_button.isEnabled()


def test_save_keeps_the_secret_out_of_the_file_and_reopening_shows_the_profiles(
        qtbot, qloop, open_dialog, sources_file: Path, server_url: str) -> None:
    secrets = MemorySecrets()
    dialog = open_dialog(secrets)
    add_source(qtbot, dialog, server_url, USER, PASSWORD)
    add_source(qtbot, dialog, "opc.tcp://plc-line2:4840", "operator", "plc-secret-42")
    form = dialog.form
    form.backend_combo.setCurrentIndex(form.backend_combo.findText("OPC UA server"))
    type_into(qtbot, form.name_edit, "line2")
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.list.visualItemRect(dialog.list.item(0)).center())
    assert dialog.form.name_edit.text() == "crm"
    assert "typed" in dialog.form.secret_edit.placeholderText()
    assert run_test(qloop, dialog).startswith("✓ Connection works")  # with the typed secret
    secret_label = dialog.form.field_labels["secret"]
    qtbot.waitUntil(lambda: secret_label.width() >= secret_label.sizeHint().width())
    save_screenshot(dialog, "connections-dialog.png")
    assert secrets.values == {}  # nothing leaves the dialog before Save

    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in saved.args[0]] == ["crm", "line2"]
    written = sources_file.read_text(encoding="utf-8")
    assert PASSWORD not in written and "plc-secret-42" not in written
    assert secrets.values == {("crm", "password"): PASSWORD,
                              ("line2", "password"): "plc-secret-42"}
    assert load_profiles(sources_file)[1] == SourceProfile(
        name="line2", role="mes", backend="opcua", url="opc.tcp://plc-line2:4840",
        username="operator")

    again = open_dialog(secrets)
    texts = [again.list.item(i).text() for i in range(again.list.count())]
    assert texts == ["crm\nGemba reference contract · CRM", "line2\nOPC UA server · MES"]
    assert again.form.url_edit.text() == server_url
    assert again.form.secret_edit.text() == ""  # a secret is never shown back
    assert "kept in the OS keyring" in again.form.secret_edit.placeholderText()


def test_a_saved_secret_is_used_by_the_test_and_cancel_loses_nothing(
        qtbot, qloop, open_dialog, sources_file: Path, server_url: str) -> None:
    save_profiles([SourceProfile(name="crm", role="crm", url=server_url, username=USER)],
                  sources_file)
    secrets = MemorySecrets({("crm", "password"): PASSWORD})
    dialog = open_dialog(secrets)
    assert run_test(qloop, dialog).startswith("✓ Connection works")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget() is dialog.empty_label
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in load_profiles(sources_file)] == ["crm"]
    assert secrets.values == {("crm", "password"): PASSWORD}


def test_renaming_moves_the_secret_and_removing_forgets_it(
        qtbot, open_dialog, sources_file: Path) -> None:
    save_profiles([SourceProfile(name="crm", role="crm", url="https://crm.example.test"),
                   SourceProfile(name="old-mes", role="mes", url="https://mes.example.test")],
                  sources_file)
    secrets = MemorySecrets({("crm", "token"): "t0k", ("old-mes", "token"): "m3s"})
    dialog = open_dialog(secrets)
    type_into(qtbot, dialog.form.name_edit, "crm-main")
    add_source(qtbot, dialog, "https://mes2.example.test")
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # (An empty value is how MemorySecrets remembers a deletion from the keyring.)
    assert {key: value for key, value in secrets.values.items() if value} == {
        ("crm-main", "token"): "t0k"}
