"""One customer on one screen, for an account manager on a call: open order lines with their
risk, on-time delivery and lead times, complaints, lots shipped, open opportunities, contacts.

A window of its own (non-modal). Everything is read and computed in the views' worker; the
page reads again when the console's planner brings a new plan (which it makes whenever the
cache changes), or when `reload()` is called.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.customer_summary import CustomerSummary
from app.analytics.fulfilment import quantity_text
from app.analytics.order_risk import RiskLevel
from app.cache.store import CacheStore
from app.domain import OpportunityStage
from widgets.common.age_text import age_words
from widgets.common.background import Background
from widgets.complaints.complaint_text import severity_colour, severity_word
from widgets.complaints.complaint_text import status_word as complaint_status_word
from widgets.orders.order_texts import (
    day_text,
    latest_of,
    predicted_text,
    reasons_text,
    risk_colour,
    risk_word,
)
from widgets.status.source_health import utc_now

WHITE = QColor("#ffffff")
DEFAULT_SIZE = (1100, 750)


class Section(QWidget):
    """A note, then a table, or a clear text when there is nothing to list."""

    def __init__(self, headers: Sequence[str], empty_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setObjectName("sectionNote")
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("sectionEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5d6d7e; font-size: 14px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(8, 8, 8, 8)
        self.layout_.addWidget(self.note)
        self.layout_.addWidget(self.stack, 1)
        self.note.hide()

    @property
    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def fill(self, rows: Sequence[Sequence[Any]]) -> None:
        """Each cell: text, or (text, colour) for a coloured bold word, or (text, colour,
        True) for a badge (white on the colour)."""
        table = self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if isinstance(cell, tuple):
                    item = QTableWidgetItem(cell[0])
                    item.setFont(bold)
                    if len(cell) > 2 and cell[2]:
                        item.setBackground(QBrush(cell[1]))
                        item.setForeground(QBrush(WHITE))
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    else:
                        item.setForeground(QBrush(cell[1]))
                else:
                    item = QTableWidgetItem(cell)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        for c in range(table.columnCount() - 1):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(c, min(max(table.columnWidth(c) + 12, 60), 320))
        self.stack.setCurrentWidget(self.table if rows else self.empty)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""


class CustomerPage(QWidget):
    loaded = Signal()  # the page shows what was read (or that there is nothing)

    def __init__(self, store: CacheStore | None, source: str, customer_id: str,
                 planner: Any = None, clock: Callable[[], datetime] = utc_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("customerPage")
        self.store, self.source, self.customer_id = store, source, customer_id
        self.planner = planner
        self.clock = clock
        self.summary: CustomerSummary | None = None
        self.background = Background(self)
        self._running = False
        self._again = False
        self.setWindowTitle(self.tr("Customer {id}").format(id=customer_id))
        self.resize(*DEFAULT_SIZE)

        self.name = QLabel(customer_id)
        self.name.setObjectName("customerName")
        self.name.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel(self.tr("Key account"))
        self.badge.setObjectName("keyAccountBadge")
        self.badge.setStyleSheet("background: #1565c0; color: white; font-weight: 600;"
                                 " border-radius: 4px; padding: 2px 8px;")
        self.badge.hide()
        self.meta = QLabel()
        self.meta.setObjectName("customerMeta")
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kpis = QLabel(self.tr("Reading the cache…"))
        self.kpis.setObjectName("customerKpis")
        self.kpis.setWordWrap(True)
        self.kpis.setStyleSheet("font-size: 13px;")
        title_row = QHBoxLayout()
        title_row.addWidget(self.name)
        title_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)

        self.orders = Section(
            [self.tr("Order"), self.tr("Line"), self.tr("Product"), self.tr("Quantity"),
             self.tr("Progress"), self.tr("Promised"), self.tr("Predicted"), self.tr("Risk"),
             self.tr("Why")],
            self.tr("No open order lines: everything ordered has been delivered."))
        self.delivery = Section(
            [self.tr("Order"), self.tr("Line"), self.tr("Product"), self.tr("Quantity"),
             self.tr("Ordered"), self.tr("Promised"), self.tr("Delivered"),
             self.tr("Lead time"), self.tr("On time")],
            self.tr("Nothing delivered to this customer yet: no on-time history or lead"
                    " times."))
        self.chart: Any = None  # DeliveryChart, made when there is a delivery to show
        self.delivery_caption = QLabel(self.tr("Recent deliveries"))
        self.delivery_caption.setObjectName("sectionTitle")
        self.delivery.layout_.insertWidget(1, self.delivery_caption)
        self.complaints = Section(
            [self.tr("Complaint"), self.tr("Opened"), self.tr("Age"), self.tr("Severity"),
             self.tr("Status"), self.tr("Category"), self.tr("Order"), self.tr("Product"),
             self.tr("Lot")],
            self.tr("No complaints from this customer."))
        self.lots = Section(
            [self.tr("Shipped"), self.tr("Order"), self.tr("Line"), self.tr("Quantity"),
             self.tr("Product"), self.tr("Lot")],
            self.tr("No lots shipped to this customer."))
        self.opportunities = Section(
            [self.tr("Opportunity"), self.tr("Product"), self.tr("Quantity"),
             self.tr("Stage"), self.tr("Probability"), self.tr("Weighted"),
             self.tr("Expected close")],
            self.tr("No open opportunities with this customer."))
        self.contacts = Section(
            [self.tr("Name"), self.tr("Email"), self.tr("Phone"), self.tr("Language")],
            self.tr("No contacts of this customer in the cache."))
        self.sections = {"orders": self.orders, "delivery": self.delivery,
                         "complaints": self.complaints, "lots": self.lots,
                         "opportunities": self.opportunities, "contacts": self.contacts}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("customerTabs")
        for section in self.sections.values():
            self.tabs.addTab(section, "")
        self._tab_titles(None)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(title_row)
        layout.addWidget(self.meta)
        layout.addWidget(self.kpis)
        layout.addWidget(self.tabs, 1)

        if planner is not None:
            planner.plan_ready.connect(lambda _plan: self.reload())
        self.reload()

    # -- reading -----------------------------------------------------------------------------
    def reload(self) -> None:
        if self.store is None:
            self._show(None)
            return
        if self._running:
            self._again = True
            return
        self._running = True
        from widgets.customer.customer_data import load_customer

        store, source, customer_id = self.store, self.source, self.customer_id
        plan = self.planner.plan if self.planner is not None else None
        now = self.clock()
        self.background.run(lambda: load_customer(store, source, customer_id, plan, now),
                            self._done, self._failed)

    def _done(self, summary: CustomerSummary | None) -> None:
        self._finish()
        self._show(summary)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.kpis.setText(self.tr("The customer could not be read from the cache: {error}")
                          .format(error=str(error) or type(error).__name__))
        self.loaded.emit()

    def _finish(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.reload()

    # -- showing -----------------------------------------------------------------------------
    def _show(self, s: CustomerSummary | None) -> None:
        self.summary = s
        if s is None:
            self.kpis.setText(self.tr("The cache holds no customer {id} from {source}.")
                              .format(id=self.customer_id, source=self.source))
            for section in self.sections.values():
                section.fill([])
            self._tab_titles(None)
            self.loaded.emit()
            return
        c = s.customer
        self.setWindowTitle(self.tr("Customer: {name}").format(name=c.name))
        self.name.setText(c.name)
        self.badge.setVisible(c.key_account)
        meta = [self.tr("No. {number}").format(number=c.number)] if c.number else []
        if c.country:
            meta.append(self.tr("Country {country}").format(country=c.country))
        meta.append(self.tr("Language {language}").format(language=c.language))
        meta.append(self.tr("CRM {source}").format(source=self.source))
        self.meta.setText(" · ".join(meta))
        self.kpis.setText(self._kpi_text(s))
        self._fill_orders(s)
        self._fill_delivery(s)
        self._fill_complaints(s)
        self._fill_lots(s)
        self._fill_opportunities(s)
        self.contacts.fill([[p.name, p.email or "—", p.phone or "—", p.language]
                            for p in s.contacts])
        self._tab_titles(s)
        self.loaded.emit()

    def _kpi_text(self, s: CustomerSummary) -> str:
        late = s.risk_counts.get(RiskLevel.LATE, 0)
        risky = s.risk_counts.get(RiskLevel.AT_RISK, 0)
        parts = [self.tr("{n} open order lines ({late} late, {risky} at risk)").format(
            n=len(s.open_lines), late=late, risky=risky)]
        rate = s.delivery.rate
        parts.append(self.tr("on time {rate} %").format(rate=round(rate * 100))
                     if rate is not None else self.tr("no deliveries yet"))
        parts.append(self.tr("{n} open complaints").format(n=s.open_complaints))
        parts.append(self.tr("{n} open opportunities").format(n=len(s.opportunities)))
        return " · ".join(parts)

    def _tab_titles(self, s: CustomerSummary | None) -> None:
        titles = [self.tr("Open orders"), self.tr("Delivery"), self.tr("Complaints"),
                  self.tr("Lots shipped"), self.tr("Opportunities"), self.tr("Contacts")]
        if s is not None:
            counts = [len(s.open_lines), s.delivery.total, len(s.complaints), len(s.lots),
                      len(s.opportunities), len(s.contacts)]
            titles = [f"{t} ({n})" for t, n in zip(titles, counts, strict=True)]
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)

    def _fill_orders(self, s: CustomerSummary) -> None:
        self.orders.fill([[
            r.number, str(r.line_no), r.product_id, f"{quantity_text(r.quantity)} {r.unit}",
            self.tr("{percent} % ({done} {unit})").format(
                percent=int(r.progress * 100), done=quantity_text(r.done), unit=r.unit),
            day_text(r.promised), predicted_text(r.predicted, latest_of(r.reasons)),
            (risk_word(r.risk), risk_colour(r.risk), True), reasons_text(r.reasons)]
            for r in s.open_lines])
        for row, line in enumerate(s.open_lines):
            why = reasons_text(line.reasons)
            for column in range(self.orders.table.columnCount()):
                self.orders.table.item(row, column).setToolTip(why)

    def _fill_delivery(self, s: CustomerSummary) -> None:
        d = s.delivery
        if d.rate is None:
            self.delivery.set_note("")
        else:
            lead = (self.tr("median lead time {days} days from order to last shipment")
                    .format(days=f"{d.median_lead_days:g}")
                    if d.median_lead_days is not None else "")
            self.delivery.set_note(self.tr(
                "On time: {rate} % ({on_time} of {total} lines delivered on or before the"
                " promised date) · {lead}").format(rate=round(d.rate * 100), on_time=d.on_time,
                                                   total=d.total, lead=lead))
        if d.months:
            if self.chart is None:
                from widgets.customer.delivery_chart import DeliveryChart  # pyqtgraph lazily

                self.chart = DeliveryChart()
                self.chart.setMaximumHeight(220)
                self.delivery.layout_.insertWidget(1, self.chart)
            self.chart.show_months(d.months)
            self.chart.show()
        elif self.chart is not None:
            self.chart.hide()
        self.delivery_caption.setVisible(bool(d.recent))
        late = QColor("#c62828")
        fine = QColor("#2e7d32")
        self.delivery.fill([[
            r.number, str(r.line_no), r.product_id, f"{quantity_text(r.quantity)} {r.unit}",
            day_text(r.ordered), day_text(r.due), day_text(r.delivered),
            self.tr("{n} d").format(n=r.lead_days),
            (self.tr("on time"), fine) if r.on_time
            else (self.tr("{n} d late").format(n=r.days_late), late)] for r in d.recent])

    def _fill_complaints(self, s: CustomerSummary) -> None:
        open_ = s.open_complaints
        self.complaints.set_note(self.tr("{open} open, {closed} closed").format(
            open=open_, closed=len(s.complaints) - open_) if s.complaints else "")
        self.complaints.fill([[
            c.number, day_text(c.opened.astimezone().date()),
            age_words(c.age),
            (severity_word(c.severity), severity_colour(c.severity)),
            complaint_status_word(c.status), c.category, c.order_number or "—",
            c.product_id or "—", c.lot_number or "—"] for c in s.complaints])

    def _fill_lots(self, s: CustomerSummary) -> None:
        self.lots.fill([[
            r.shipped_at.astimezone().strftime("%Y-%m-%d %H:%M"), r.order_number,
            str(r.line_no), f"{quantity_text(r.quantity)} {r.unit}", r.product_id or "—",
            r.lot_number] for r in s.lots])

    def _fill_opportunities(self, s: CustomerSummary) -> None:
        totals = s.weighted_by_unit
        self.opportunities.set_note(self.tr("Weighted (quantity × probability): {total}")
                                    .format(total=", ".join(
                                        f"{quantity_text(q)} {u}" for u, q in totals.items()))
                                    if totals else "")
        self.opportunities.fill([[
            o.name, o.product_id, f"{quantity_text(o.quantity)} {o.unit}",
            self._stage_word(o.stage), f"{round(o.probability * 100)} %",
            f"{quantity_text(o.weighted)} {o.unit}", day_text(o.expected_close)]
            for o in s.opportunities])

    def _stage_word(self, stage: OpportunityStage) -> str:
        return {OpportunityStage.QUALIFY: self.tr("qualify"),
                OpportunityStage.PROPOSE: self.tr("propose"),
                OpportunityStage.NEGOTIATE: self.tr("negotiate"),
                OpportunityStage.WON: self.tr("won"),
                OpportunityStage.LOST: self.tr("lost")}[stage]
