"""zh_TW: every translated string has an entry, and no English slips past translation."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QTableView, QWidget

from app.sync.health import SourceHealth, SourceState
from widgets.common.feed_names import ALL_FEEDS, feed_name
from widgets.common.freshness_text import age_text, freshness_text, freshness_tooltip
from widgets.console_start import cache_failure_texts, demo_plant_failure_texts
from widgets.i18n import choose_language, language_for_locale
from widgets.orders.orders_view import OrdersView
from widgets.paths import TRANSLATIONS_DIR
from widgets.status.health_text import ago_text, tooltip_text
from widgets.view_registry import VIEW_NAMES

WIDGETS_DIR = Path(__file__).resolve().parents[2] / "widgets"
TS_FILE = TRANSLATIONS_DIR / "gemba_zh_TW.ts"
QM_FILE = TRANSLATIONS_DIR / "gemba_zh_TW.qm"

# Words a Taiwanese plant manager reads in English anyway: system names, the product's name,
# the keyboard's own label.
# Standard notation that Taiwanese plants use as is.
ALLOWED_ENGLISH = {"CRM", "MES", "OEE", "Gemba", "Ctrl", "Cp", "Cpk", "Pp", "Ppk", "LSL", "USL"}
URL_PATTERN = re.compile(r"https?://\S+")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
BACKEND_ERROR = "cannot connect (is the server running?)"  # data from the sync layer


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("zh_TW", "zh_TW"),
        ("zh_HK", "zh_TW"),
        ("zh_Hant_SG", "zh_TW"),
        ("zh_Hant", "zh_TW"),
        ("zh_CN", "en"),
        ("zh_Hans_HK", "en"),
        ("en_US", "en"),
        ("de_DE", "en"),
    ],
)
def test_language_follows_the_system_locale(locale: str, language: str) -> None:
    assert language_for_locale(QLocale(locale)) == language


def test_lang_option_overrides_the_locale() -> None:
    assert choose_language("en", QLocale("zh_TW")) == "en"
    assert choose_language("zh_TW", QLocale("en_US")) == "zh_TW"
    with pytest.raises(ValueError):
        choose_language("fr")


def health_in_every_state(clock_now) -> list[SourceHealth]:
    base = SourceHealth(source="demo-crm", kind="crm", url="http://127.0.0.1:8765")
    connected = base.succeeded(clock_now - timedelta(seconds=5))
    slow = SourceHealth(source="demo-mes", kind="mes", url="http://127.0.0.1:8765").succeeded(
        clock_now, slow=True
    )
    down = connected
    for _ in range(3):
        down = down.failed(clock_now, BACKEND_ERROR)
    return [base, connected, slow, down]


def visit_everything(window, bridge, clock) -> None:
    """Every view, every source state and every text the status bar can build."""
    for name in VIEW_NAMES:
        window.switch_view(name)
    for health in health_in_every_state(clock.now):
        bridge.publish_health(health)
        tooltip_text(health)
    for seconds in (None, 5, 120, 7200, 3 * 86400):
        last = None if seconds is None else clock.now - timedelta(seconds=seconds)
        ago_text(last, clock.now)
    demo_plant_failure_texts(RuntimeError("boom"))
    cache_failure_texts(RuntimeError("boom"))
    for seconds in (5, 30, 120, 7200, 3 * 86400):
        age_text(timedelta(seconds=seconds))
    freshness_text(None, clock.now, stale=False)
    freshness_text(clock.now, clock.now, stale=True)
    freshness_tooltip(True)
    freshness_tooltip(False)
    for feed in ALL_FEEDS:
        feed_name(feed)


def test_every_translated_string_has_a_zh_tw_entry(zh_tw, make_window, bridge, clock) -> None:
    window = make_window()
    visit_everything(window, bridge, clock)
    assert zh_tw.missing == set()
    # And the catalogue really is in use.
    assert window.windowTitle() == "Gemba 營運主控台"
    assert window.navigation.item(0).text() == "總覽"
    assert window.health_bar.indicators["demo-crm"].state_label.text() == "中斷"


def test_the_recorder_catches_a_string_without_entry(zh_tw) -> None:
    # Guards the test above: an untranslated string must be recorded, not silently passed.
    QCoreApplication.translate("MainWindow", "A sentence nobody translated")
    assert ("MainWindow", "A sentence nobody translated") in zh_tw.missing


def visible_texts(window) -> list[str]:
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QTableView) and widget.isVisible():
            texts += model_texts(widget.model())
        if not widget.isVisible():
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QListWidget):
            for row in range(widget.count()):
                texts += [widget.item(row).text(), widget.item(row).toolTip()]
    if hasattr(window, "statusBar"):
        texts.append(window.statusBar().currentMessage())
    return texts


def model_texts(model) -> list[str]:
    texts = [model.headerData(c, Qt.Orientation.Horizontal) or ""
             for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            texts += [index.data() or "", index.data(Qt.ItemDataRole.ToolTipRole) or ""]
    return [str(text) for text in texts]


def untranslated_english(texts: list[str], data: list[str]) -> set[str]:
    """English words left after removing URLs and data (source names, backend errors)."""
    found: set[str] = set()
    for text in texts:
        for item in data:
            text = text.replace(item, " ")
        text = URL_PATTERN.sub(" ", text)
        found |= {word for word in ENGLISH_WORD.findall(text) if word not in ALLOWED_ENGLISH}
    return found


DATA = ["demo-crm", "demo-mes", BACKEND_ERROR, "answering slowly"]


def test_no_visible_english_in_zh_tw(zh_tw, make_window, bridge, clock, qtbot) -> None:
    window = make_window()
    for health in health_in_every_state(clock.now):
        bridge.publish_health(health)
    qtbot.waitUntil(lambda: all(i.isVisible() for i in window.health_bar.indicators.values()))
    leaks: dict[str, set[str]] = {}
    for name in VIEW_NAMES:
        window.switch_view(name)
        words = untranslated_english(visible_texts(window), DATA)
        if words:
            leaks[name] = words
    assert leaks == {}


def test_the_scan_flags_english_that_skipped_translation(zh_tw, make_window) -> None:
    window = make_window()
    stray = QLabel("Machines running")
    window.views["orders"].layout().addWidget(stray)
    window.switch_view("orders")
    stray.show()
    assert {"Machines", "running"} <= untranslated_english(visible_texts(window), DATA)


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    path = str(found) if found.exists() else shutil.which(name)
    assert path, f"{name} not found next to {sys.executable} or on PATH"
    return path


def test_catalogue_covers_every_string_in_the_source(tmp_path: Path) -> None:
    """lupdate over widgets/ finds no string the .ts lacks, even on paths tests do not run."""
    ts_copy = tmp_path / TS_FILE.name
    shutil.copy(TS_FILE, ts_copy)
    sources = sorted(str(p) for p in WIDGETS_DIR.rglob("*.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "none",
         "-ts", str(ts_copy)],
        check=True, capture_output=True,
    )
    unfinished = [
        message.findtext("source")
        for message in ElementTree.parse(ts_copy).iter("message")
        if message.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []


def test_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS_FILE), "-qm", str(fresh)],
        check=True, capture_output=True,
    )
    assert fresh.read_bytes() == QM_FILE.read_bytes(), "run resources/translations/regenerate.sh"


def test_translations_keep_their_placeholders() -> None:
    for message in ElementTree.parse(TS_FILE).iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        assert sorted(re.findall(r"\{\w+\}", source)) == sorted(
            re.findall(r"\{\w+\}", translation)
        ), source


def test_state_words_are_translated(zh_tw) -> None:
    from widgets.status.health_text import state_word

    assert [state_word(s) for s in SourceState] == ["連線中", "已連線", "不穩定", "中斷"]


REFUSAL = "demo-crm refused it (HTTP 412): record has changed since you saw it"
# Data, not interface: ids, a person's name, a backend's words, contract feed names (tooltips).
SYNC_DATA = [*DATA, "O-000012", "SO-1012", "ana", "record has changed since you saw it",
             *sorted(ALL_FEEDS, key=len, reverse=True)]


def test_no_visible_english_with_cached_data_and_outbox_in_zh_tw(
    zh_tw, make_window, bridge, clock, qtbot, store, engine
) -> None:
    from dataclasses import replace

    from app import domain as d
    from app.cache.outbox import OutboxItem, OutboxState

    store.upsert("demo-crm", "crm.orders", [d.SalesOrder(
        id="O-000012", number="SO-1012", customer_id="C1", status=d.OrderStatus.CONFIRMED,
        created_at=clock.now)])
    store.mark_synced("demo-crm", "crm.orders", at=clock.now - timedelta(minutes=10))
    window = make_window(store=store, engine=engine)
    for health in health_in_every_state(clock.now):
        bridge.publish_health(health)
    for feed in OrdersView.FEEDS:
        bridge.publish_synced("demo-crm", feed, clock.now - timedelta(minutes=10))
    item = OutboxItem(
        id=1, idempotency_key="k", source="demo-crm", action="promise_date",
        target_feed="crm.orders", target_id="O-000012",
        payload={"line_no": 1, "promised_date": "2026-04-30"}, record_version=3,
        state=OutboxState.QUEUED, attempts=0, last_error="", created_at=clock.now,
        next_attempt_at=clock.now, made_by="ana", delivered_at=None)
    waiting = replace(item, id=2)
    bridge.publish_outbox([item, waiting])
    bridge.publish_outbox([replace(item, state=OutboxState.PARKED, last_error=REFUSAL), waiting])
    qtbot.waitUntil(window.outbox_notice.isVisible)
    window.outbox_notice.review_button.click()
    dialog = window.outbox_indicator.dialog
    qtbot.waitExposed(dialog)

    leaks: dict[str, set[str]] = {}
    for name in VIEW_NAMES:
        window.switch_view(name)
        words = untranslated_english(visible_texts(window) + visible_texts(dialog), SYNC_DATA)
        if words:
            leaks[name] = words
    assert leaks == {}
    window.switch_view("orders")
    assert "已過時" in window.freshness.text()  # stale, in words
    assert zh_tw.missing == set()
