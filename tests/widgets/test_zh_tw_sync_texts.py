"""zh_TW: what the sync layer reports (source errors, outbox reasons), the Overview table, dates
and the machine tile's OEE line read in Traditional Chinese and fit their room."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFontMetrics

from app import domain as d
from app.analytics.fulfilment import Reason
from app.analytics.kpi import Kpi, RowKind
from app.analytics.oee import OeeFigures
from app.analytics.order_risk import LineRisk, RiskLevel
from app.cache.outbox import OutboxItem, OutboxState
from app.sync.health import SourceHealth
from app.sync.outbox_reasons import OutboxReason
from widgets.common.date_text import day_month, moment_text
from widgets.machines.plant_snapshot import MachineTile
from widgets.machines.tile_delegate import OEE_GAP, PAD, TILE_SIZE, MachineTileDelegate
from widgets.outbox.outbox_model import Column, OutboxModel
from widgets.outbox.outbox_text import reason_text, refusal_notice
from widgets.overview.kpi_rows import KpiRowsModel, all_rows

URL = "http://127.0.0.1:8765"
ENGLISH = re.compile(r"[A-Za-z]{2,}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def english_words(text: str, *data: str) -> set[str]:
    for item in (URL, *data):
        text = text.replace(item, " ")
    return set(ENGLISH.findall(text)) - {"HTTP", "JSON", "CRM", "MES", "OEE"}


@pytest.fixture
def zh_tw_locale(zh_tw) -> Iterator[None]:
    """The catalogue and the locale, as `gemba --lang zh_TW` installs them."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan))
    try:
        yield
    finally:
        QLocale.setDefault(before)


def test_a_source_that_cannot_connect_says_so_in_chinese(
    zh_tw_locale, zh_tw, make_window, bridge, clock, qtbot
) -> None:
    window = make_window()
    down = SourceHealth(source="demo-mes", kind="mes", url=URL).succeeded(clock.now)
    for _ in range(3):
        # As the REST connector words it: the kind is found in the words.
        down = down.failed(clock.now, f"cannot connect to {URL}")
    bridge.publish_health(down)
    indicator = window.health_bar.indicators["demo-mes"]
    qtbot.waitUntil(indicator.error_label.isVisible)
    on_bar = indicator.error_label.text()
    assert on_bar == f"（無法連線到 {URL}（伺服器是否執行中？是否被防火牆阻擋？））"
    assert "無法連線到" in indicator.toolTip()
    assert english_words(on_bar) == set()
    assert english_words(indicator.toolTip(), "demo-mes") == set()
    assert down.last_error == f"cannot connect to {URL}"  # logs keep the English
    assert zh_tw.missing == set()


def test_a_server_error_and_malformed_json_are_worded_too(zh_tw, make_window, bridge,
                                                          clock) -> None:
    window = make_window()
    health = SourceHealth(source="demo-crm", kind="crm", url=URL)
    bridge.publish_health(health.failed(clock.now, "/v1/orders: server error HTTP 500"))
    assert window.health_bar.indicators["demo-crm"].error_label.text() == (
        "（伺服器錯誤（HTTP 500））")
    bridge.publish_health(health.failed(clock.now, "/v1/orders: malformed JSON (at byte 3)"))
    assert "格式錯誤的 JSON" in window.health_bar.indicators["demo-crm"].error_label.text()


def test_a_connected_source_shows_no_error(make_window, bridge, clock) -> None:
    window = make_window()
    bridge.publish_health(SourceHealth(source="demo-crm", kind="crm", url=URL)
                          .succeeded(clock.now))
    indicator = window.health_bar.indicators["demo-crm"]
    assert indicator.error_label.text() == "" and indicator.error_label.isHidden()


def parked_item(reason: str, state: OutboxState = OutboxState.PARKED) -> OutboxItem:
    now = datetime(2025, 12, 8, 6, 30, tzinfo=UTC)
    return OutboxItem(
        id=1, idempotency_key="k", source="demo-crm", action="promise_date",
        target_feed="crm.orders", target_id="O-000012",
        payload={"line_no": 1, "promised_date": "2026-04-30"}, record_version=3,
        state=state, attempts=1, last_error=reason, created_at=now, next_attempt_at=now,
        made_by="ana", delivered_at=None)


def test_a_refused_action_is_told_in_a_chinese_sentence(zh_tw) -> None:
    words = "record has changed since you saw it"
    item = parked_item(OutboxReason.refused("demo-crm", 412, words).text)
    notice = refusal_notice(item, "crm")
    assert notice.endswith(words) and CHINESE.search(notice)
    assert english_words(notice, words) == set()
    assert reason_text(item) == words  # the backend's own words, as sent


def test_the_consoles_own_reasons_are_translated(zh_tw) -> None:
    gone = parked_item(OutboxReason.not_configured("webhook", "gone-hook").text)
    assert reason_text(gone) == "Webhook gone-hook 已不在設定中"
    assert english_words(refusal_notice(gone, None), "gone-hook", "Webhook") == set()
    waiting = parked_item(f"cannot connect to {URL}", OutboxState.QUEUED)
    model = OutboxModel()
    model.set_items([waiting])
    assert model.index(0, Column.REASON).data() == (
        f"無法連線到 {URL}（伺服器是否執行中？是否被防火牆阻擋？）")
    assert zh_tw.missing == set()


def risk_figures() -> object:
    from app.runtime.overview_figures import OverviewFigures

    now = datetime(2025, 3, 5, 4, 0, tzinfo=UTC)
    order = d.SalesOrder(
        id="O1", number="SO-1001", customer_id="C1", status=d.OrderStatus.CONFIRMED,
        created_at=now, lines=[d.OrderLine(line_no=1, product_id="P-1", quantity=Decimal(5),
                                           unit="pcs", requested_date=date(2025, 3, 9))])
    risk = LineRisk(RiskLevel.AT_RISK, (Reason("x", "{n} days late", (("n", 2),)),), None,
                    date(2025, 3, 10))
    kpi = Kpi("orders_at_risk", 1.0, "lines", (), (("O1", 1),), RowKind.ORDER_LINE)
    return OverviewFigures(
        now=now, zone=ZoneInfo("Asia/Taipei"), kpis={kpi.name: kpi},
        orders={"O1": ("crm", order)},
        customers={("crm", "C1"): d.Customer(id="C1", name="Acme", number="C-1")},
        risks={("O1", 1): risk})


def test_the_overview_table_speaks_chinese(zh_tw) -> None:
    model = KpiRowsModel()
    model.set_table(all_rows(risk_figures())["orders_at_risk"])  # type: ignore[arg-type]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["訂單", "項次", "客戶", "產品", "數量", "單位", "承諾交期", "風險",
                       "預計完工", "原因"]
    assert model.index(0, 7).data() == "有風險"
    assert zh_tw.missing == set()


def test_dates_read_in_the_zh_tw_order(zh_tw_locale) -> None:
    assert day_month(date(2025, 12, 8)) == "12月8日"
    moment = datetime(2025, 12, 8, 6, 30, tzinfo=UTC)
    local = moment.astimezone()
    assert moment_text(moment) == f"{local:%Y/%m/%d %H:%M}"
    model = OutboxModel()
    model.set_items([parked_item("", OutboxState.QUEUED)])
    assert model.index(0, Column.MADE_AT).data() == f"{local:%Y/%m/%d %H:%M}"
    assert model.index(0, Column.ACTION).data().endswith("2026/04/30")


def test_dates_stay_english_in_english() -> None:
    assert day_month(date(2025, 12, 8)) == "8 Dec"


@pytest.mark.parametrize("size", [(1280, 720), (1600, 1000)])
@pytest.mark.parametrize("factors", [(0.561, 0.623, 0.9), (1.0, 1.0, 1.0), (None, None, None)])
def test_the_oee_line_fits_the_tile(zh_tw, make_window, size, factors) -> None:
    window = make_window()
    window.resize(*size)
    window.switch_view("machines")
    delegate = window.views["machines"].delegate
    assert isinstance(delegate, MachineTileDelegate)
    base = window.views["machines"].grid.font()
    bold, small = type(base)(base), type(base)(base)
    bold.setBold(True)
    small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
    a, p, q = factors
    oee = OeeFigures(100.0, 100.0 * (a or 0), 0.0, 100.0 * (a or 0) * (p or 0),
                     100.0 * (q or 0), 100.0 * (1 - (q or 0))) if a else None
    tile = MachineTile(source="demo-mes", id="M1", name="CNC-1", oee=oee)
    width = TILE_SIZE.width() - 3 - 2 * PAD  # the frame's inset, then the padding
    head, apq = delegate.oee_texts(tile, width, bold, small)
    used = QFontMetrics(bold).horizontalAdvance(head)
    if apq:
        used += OEE_GAP + QFontMetrics(small).horizontalAdvance(apq)
    assert head.startswith("OEE ")
    assert used <= width


def test_a_tile_keeps_the_mes_reason_inside_a_translated_text(zh_tw, make_window) -> None:
    from widgets.machines.tile_model import MachineTileModel

    tile = MachineTile(source="demo-mes", id="M1", name="CNC-1", state=d.MachineState.DOWN,
                       reason="spindle bearing")
    text = MachineTileModel().tooltip(tile)
    assert text.endswith("：spindle bearing")  # the MES's words, as sent
    assert english_words(text, "CNC", "spindle bearing", "M1") == set()
