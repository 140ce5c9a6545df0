"""Settings → Connections → Map machines on a real asyncua server whose node names and state
words are its own: browse, read the proposal, edit it, test it, use it, save it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.machines import MachineState
from app.sim.opcua_plant import OpcUaPlant
from app.sync.profiles import MemorySecrets, SourceProfile, load_profiles, save_profiles
from widgets.settings.connections_dialog import ConnectionsDialog

FIELD_NAMES = {"State": "MachineStatus", "GoodCount": "PartCounter",
               "ScrapCount": "RejectCounter", "Temperature": "SpindleTemp"}


@pytest.fixture(scope="module")
def plant() -> Iterator[OpcUaPlant]:
    with OpcUaPlant(("F-1", "F-2"), coded=[], machinery=[], upper_case_states=True,
                    names=FIELD_NAMES,
                    state_words={MachineState.IDLE: "Stopped"}) as started:
        yield started


def wait_for(qloop, signal, act: Callable[[], None]) -> object:
    """Do `act` on the console's loop and wait for `signal`'s argument."""
    async def scenario() -> object:
        finished = asyncio.get_running_loop().create_future()

        def arrived(value: object) -> None:
            if not finished.done():
                finished.set_result(value)

        signal.connect(arrived)
        try:
            act()
            return await asyncio.wait_for(finished, 20)
        finally:
            signal.disconnect(arrived)

    return qloop.run_until_complete(scenario())


def test_browse_propose_edit_test_and_use_a_mapping(qtbot, qloop, plant: OpcUaPlant,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "sources.json"
    save_profiles([SourceProfile(name="crm", role="crm", url="http://127.0.0.1:9"),
                   SourceProfile(name="line-ua", role="mes", backend="opcua", url=plant.url)],
                  path)
    dialog = ConnectionsDialog(None, path=path, secrets=MemorySecrets())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.mapping_button.isVisible()  # the CRM needs no mapping
    dialog.list.setCurrentRow(1)
    assert dialog.mapping_button.isVisible()
    qtbot.mouseClick(dialog.mapping_button, Qt.MouseButton.LeftButton)
    editor = dialog.mapping_dialog
    assert editor is not None and editor.isVisible()
    assert not editor.use_button.isEnabled()  # nothing to use yet

    proposal = wait_for(qloop, editor.proposed, editor.browse_button.click)
    assert proposal.ok, proposal.message
    assert editor.status_label.text() == (
        "Proposed: 2 machine(s), 1 state value(s) in the state table. Check it, then test it.")
    shown = json.loads(editor.editor.toPlainText())
    press = next(m for m in shown["machines"] if m["machine_id"] == "F-1")
    assert press["good"].endswith("F-1.GoodCount") and press["scrap"].endswith("F-1.ScrapCount")
    assert "part_counter" not in press.get("signals", {})
    assert shown["states"] == {"STOPPED": "idle"}

    # A person corrects it: a word the server may also send, and a wrong one first.
    shown["states"]["BROKEN DOWN"] = "kaputt"
    editor.editor.setPlainText(json.dumps(shown))
    assert "'kaputt' is not a machine state" in editor.problem_label.text()
    assert not editor.test_button.isEnabled() and not editor.use_button.isEnabled()
    shown["states"]["BROKEN DOWN"] = "down"
    editor.editor.setPlainText(json.dumps(shown))
    assert not editor.problem_label.isVisible()

    result = wait_for(qloop, editor.tested, editor.test_button.click)
    assert result.ok, result.message
    assert "mapped nodes found" in editor.status_label.text()

    with qtbot.waitSignal(editor.accepted):
        qtbot.mouseClick(editor.use_button, Qt.MouseButton.LeftButton)
    used = json.loads(dialog.profiles()[1].options["mapping"])
    assert used["states"] == {"STOPPED": "idle", "BROKEN DOWN": "down"}
    assert "mapping=" in dialog.form.options_edit.toPlainText()
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(load_profiles(path)[1].options["mapping"]) == used
