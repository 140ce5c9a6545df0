"""Settings → Connections says where a source's secret is kept, and the console reads the
same GEMBA_SECRET_<PROFILE>_<KEY> variables as the sync agent: on a machine without a keyring
service a password can still be given, and nobody is told it was kept when it was not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.sync.profiles import (
    MemorySecrets,
    SecretPlace,
    SecretStore,
    SourceProfile,
    save_profiles,
)
from tests.widgets.connections_ui import add_source, run_test, type_into
from tests.widgets.test_connections_dialog import (
    PASSWORD,
    USER,
    open_dialog,
    server_url,
    sources_file,
)

FIXTURES = (open_dialog, server_url, sources_file)  # imported for pytest to find
VARIABLE = "GEMBA_SECRET_CRM_PASSWORD"


def with_an_mes(sources_file: Path, url: str) -> None:
    """A working set needs an MES beside the CRM, or Save stays off."""
    save_profiles([SourceProfile(name="mes", role="mes", url=url)], sources_file)


def new_crm(qtbot, dialog, url: str, secret: str = "") -> None:
    add_source(qtbot, dialog, url, USER, secret)
    type_into(qtbot, dialog.form.name_edit, "crm")


def test_a_password_from_the_environment_is_said_and_used_by_the_test(
        qtbot, qloop, open_dialog, server_url) -> None:
    dialog = open_dialog(MemorySecrets(environment={VARIABLE: PASSWORD}, keyring=False))
    new_crm(qtbot, dialog, server_url)  # nothing typed, never saved
    place = dialog.form.secret_place_label.text()
    assert place.startswith(f"Read from the environment variable {VARIABLE}")
    assert run_test(qloop, dialog).startswith("✓ Connection works")


def test_without_a_keyring_or_variable_the_form_says_the_secret_is_not_kept(
        qtbot, open_dialog, server_url, sources_file: Path) -> None:
    with_an_mes(sources_file, server_url)
    dialog = open_dialog(MemorySecrets(keyring=False))
    new_crm(qtbot, dialog, server_url, PASSWORD)
    assert dialog.form.secret_place_label.text() == (
        "Not kept: this machine has no keyring service. Set the environment variable "
        f"{VARIABLE} for the console and the sync agent.")
    # The name follows the profile's: the variable is the one the console will read.
    type_into(qtbot, dialog.form.name_edit, "crm-main")
    assert "GEMBA_SECRET_CRM_MAIN_PASSWORD" in dialog.form.secret_place_label.text()
    type_into(qtbot, dialog.form.name_edit, "crm")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # not closed as if all went well
    assert VARIABLE in dialog.set_label.text() and "was not kept" in dialog.set_label.text()
    assert PASSWORD not in sources_file.read_text(encoding="utf-8")


def test_with_a_keyring_the_form_says_so_and_names_the_variable_that_would_win(
        qtbot, open_dialog, server_url) -> None:
    dialog = open_dialog(MemorySecrets())
    new_crm(qtbot, dialog, server_url)
    assert dialog.form.secret_place_label.text() == (
        f"Kept in the OS keyring on Save (or set the environment variable {VARIABLE}).")


def test_a_typed_password_the_variable_supplies_saves_without_a_keyring(
        qtbot, open_dialog, server_url, sources_file: Path) -> None:
    with_an_mes(sources_file, server_url)
    dialog = open_dialog(MemorySecrets(environment={VARIABLE: PASSWORD}, keyring=False))
    new_crm(qtbot, dialog, server_url, "typed-anyway")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.set_label.isVisible()


def test_the_store_reads_the_agents_variables_and_says_where_a_secret_is(monkeypatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    store = SecretStore()
    monkeypatch.delenv("GEMBA_SECRET_LINE_2_PASSWORD", raising=False)
    assert store.place("line-2", "password") is SecretPlace.NOWHERE
    assert store.get("line-2", "password") is None
    monkeypatch.setenv("GEMBA_SECRET_LINE_2_PASSWORD", "from-env")
    assert store.place("line-2", "password") is SecretPlace.ENVIRONMENT
    assert store.get("line-2", "password") == "from-env"
    # A profile built for the console's sync engine gets it the same way.
    profile = SourceProfile(name="line-2", role="mes", backend="opcua",
                            url="opc.tcp://plc:4840", username="operator")
    assert store.get(profile.name, "password") == "from-env"
