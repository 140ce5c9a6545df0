"""The console's main window: navigation on the left, one page per view, status below."""

from __future__ import annotations

import contextlib
import linecache
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.automation.alerts import AlertKind
from app.cache.outbox import OutboxItem
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.about.help_menu import install_help_menu
from widgets.alerts.alert_bar import AlertBar
from widgets.alerts.alert_center import AlertCenter
from widgets.automation.rule_runner import RuleRunner, alert_for
from widgets.automation.rules_page import install_rules_menu
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState
from widgets.common.engine_control import EngineControl
from widgets.common.feed_names import feed_name
from widgets.common.freshness_label import FreshnessLabel
from widgets.common.plan_service import PlanService
from widgets.common.queued_actions import QueuedActions
from widgets.common.runtime_link import RuntimeLink
from widgets.navigation import DEFAULT_SIZE, fill_navigation, new_navigation
from widgets.outbox.outbox_indicator import OutboxIndicator
from widgets.outbox.outbox_notice import OutboxNotice
from widgets.outbox.outbox_text import refusal_notice
from widgets.outbox.record_names import RecordNames
from widgets.settings.connections_menu import install_connections_menu
from widgets.settings.language_menu import LanguageSwitcher, install_language_menu
from widgets.status.source_health import Clock, SourceHealthBar, utc_now
from widgets.status.sync_now import SyncNowButton
from widgets.view_registry import VIEW_NAMES, VIEWS, ViewContext

# Shared mode (psycopg), the customer page and notices are imported when first used.
if TYPE_CHECKING:
    from widgets.shared import SharedConsole
    from widgets.shared.shared_firings import SharedFirings



def forget_imported_sources() -> None:
    """Drop the source lines linecache holds for files on disk (read again if a traceback
    needs them). PySide6's import hook reads the whole source of every module imported after
    it, to see whether it uses PySide6, and linecache keeps it all: tens of MiB at start."""
    for name in list(linecache.cache):
        if not name.startswith("<"):  # "<...>": generated code, not on disk to read again
            linecache.cache.pop(name, None)


class LazyViews(Mapping[str, QWidget]):
    """Every view by name; looking one up builds it if it is not built yet. Only the start view
    is built at start: the others (and the charts and analytics they import) wait until first
    needed, which keeps start-up quick and memory low."""

    def __init__(self, built: dict[str, QWidget], build: Callable[[str], QWidget]) -> None:
        self._built = built
        self._build = build

    def __getitem__(self, name: str) -> QWidget:
        if name not in VIEW_NAMES:
            raise KeyError(name)
        page = self._built.get(name)
        return page if page is not None else self._build(name)

    def __iter__(self) -> Iterator[str]:
        return iter(VIEW_NAMES)

    def __len__(self) -> int:
        return len(VIEW_NAMES)


class MainWindow(QMainWindow):
    # Emitted from closeEvent: the CLI ends its asyncio run on it (quitOnLastWindowClosed is
    # off, so the Qt loop keeps running long enough to close clients cleanly).
    closed = Signal()
    view_changed = Signal(str)

    def __init__(
        self,
        bridge: SyncBridge,
        clock: Clock = utc_now,
        store: CacheStore | None = None,
        engine: EngineControl | None = None,
        parent: QWidget | None = None,
        language: LanguageSwitcher | None = None,
        run_rules: bool = True,
        start_view: str = VIEW_NAMES[0],
    ) -> None:
        """`store`: the cache the views read (None: nothing to show); `engine`: the running
        sync engine (None: offline, nothing to sync or send); `language`: offers the language
        menu (None: no menu, the language stays as started); `start_view`: the view shown
        first, the only one built now."""
        super().__init__(parent)
        self._bridge = bridge
        self._clock = clock
        self._store = store
        self._engine = engine
        self._language = language
        self.resize(DEFAULT_SIZE)

        self.navigation = new_navigation()
        self.stack = QStackedWidget()
        self.page_title = QLabel()
        self.page_title.setObjectName("pageTitle")
        self.freshness = FreshnessLabel(bridge, clock)
        # The views built so far; `views` builds the others on demand.
        self._built: dict[str, QWidget] = {}
        self.views = LazyViews(self._built, self._build_view)
        self.counts = CacheCounts(store, bridge, self)
        # The plant's derived state (the plan, machines down, the SPC watch, the rules),
        # computed once off the UI thread; the services below present what it publishes.
        # Rules run here unless this is a desk of a shared cache: there the sync agent runs
        # them once for every desk.
        self.runtime = (RuntimeLink(bridge, store, clock, rules=run_rules, describe=alert_for,
                                    parent=self) if store is not None else None)
        self.planner = PlanService(bridge, store, clock, self, runtime=self.runtime)
        # Alerts for a person (machine down, SPC rules): a bar across the top of the window.
        self.alert_center = AlertCenter(self.runtime, parent=self)
        self.rule_runner = (RuleRunner(self.runtime, engine, parent=self)
                            if self.runtime is not None and run_rules else None)
        # There, the desk raises the alerts of the firings the agent stores (show_role).
        self.shared_firings: SharedFirings | None = None
        if store is not None and not run_rules:
            from widgets.shared.shared_firings import SharedFirings

            self.shared_firings = SharedFirings(store, self.alert_center, clock, parent=self)
            self.shared_firings.start()
        # Customer notices approved here go to the CRM through the outbox.
        self.notice_actions = QueuedActions(engine, bridge, self)
        self.record_names = RecordNames(store)
        for number in range(1, len(VIEWS) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.switch_view(VIEW_NAMES[n - 1]))
        self.navigation.currentRowChanged.connect(self._on_row_changed)

        pages = QWidget()
        pages_layout = QVBoxLayout(pages)
        pages_layout.setContentsMargins(24, 16, 24, 16)
        header = QHBoxLayout()
        header.addWidget(self.page_title)
        header.addStretch(1)
        header.addWidget(self.freshness)
        pages_layout.addLayout(header)
        # A view whose feeds no configured source serves (lots from Salesforce, say) says so
        # instead of showing zeros.
        self.not_provided = EmptyState("", "")
        self.not_provided.setObjectName("notProvided")
        self.content = QStackedWidget()
        self.content.addWidget(self.stack)
        self.content.addWidget(self.not_provided)
        pages_layout.addWidget(self.content, 1)
        bridge.served_changed.connect(self._show_provided)

        central = QWidget()
        self._outer = QVBoxLayout(central)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        layout = QHBoxLayout()
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(pages, 1)
        self._outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(False)

        self._retranslate_soon = QTimer(self, singleShot=True, interval=0)
        self._retranslate_soon.timeout.connect(self.retranslate)
        self._build_texts()
        self.switch_view(start_view)

    def _build_texts(self) -> None:
        """Everything that shows translated text: menus, views, alert bar and status bar. Run
        again after a language switch (views are built again when shown; their data comes from
        the cache)."""
        self.setWindowTitle(self.tr("Gemba Console"))
        self.menuBar().clear()
        if self._language is not None:
            install_language_menu(self, self._language)
        install_connections_menu(self)
        if self._store is not None:
            install_rules_menu(self, self._store, self.rule_runner)
        install_help_menu(self)

        # A light placeholder per page keeps the stack's rows those of the navigation.
        for _spec in VIEWS:
            self.stack.addWidget(QWidget())
        fill_navigation(self.navigation)

        self.alert_bar = AlertBar(self.alert_center)
        self.alert_bar.opened.connect(self._wire_alarm_list)
        self._outer.insertWidget(0, self.alert_bar)
        self.health_bar = SourceHealthBar(self._bridge, clock=self._clock,
                                          shared=getattr(self._engine, "reloads_only", False))
        self.outbox_notice = OutboxNotice()
        self.outbox_indicator = OutboxIndicator(self._bridge, self._engine, self.record_names)
        self.sync_now_button = SyncNowButton(self._engine)
        self.outbox_indicator.refused.connect(self._tell_refused)
        self.outbox_notice.review_requested.connect(self.outbox_indicator.open_dialog)
        status = self.statusBar()
        status.addWidget(self.health_bar, 1)
        # The notice gets the room the source indicators leave; it elides the rest.
        status.addWidget(self.outbox_notice, 1)
        status.addPermanentWidget(self.outbox_indicator)
        status.addPermanentWidget(self.sync_now_button)

    def _build_view(self, name: str) -> QWidget:
        """Build the view called `name` in place of its placeholder, wired to the window."""
        index = VIEW_NAMES.index(name)
        context = ViewContext(self._bridge, self.counts, self._clock, self._store,
                              self._engine, self.planner,
                              self.rule_runner or self.shared_firings)
        page = VIEWS[index].build(context)
        page.setObjectName(f"{name}View")
        self._built[name] = page
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        if self.stack.currentWidget() is placeholder:
            self.stack.setCurrentWidget(page)  # so that no other page flashes up meanwhile
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if name == "orders":
            # From an order held up by a material to that material.
            page.material_requested.connect(self.show_material)
        if name in ("orders", "complaints"):
            # From any view that names a customer to the customer's page.
            page.customer_requested.connect(self.open_customer)
        if name == "events":
            # A rule's firing about a slipping order: draft the customer notice for review.
            page.notice_requested.connect(self.draft_notice)
        forget_imported_sources()  # of the modules the view has just imported
        return page

    def retranslate(self) -> None:
        """Show every text in the language now installed, on the same view."""
        current = self.current_view_name() if self.stack.count() else VIEW_NAMES[0]
        self.navigation.blockSignals(True)
        self.navigation.clear()
        # Every page goes; the current view is built again now, the others when next shown.
        while self.stack.count():
            page = self.stack.widget(0)
            self.stack.removeWidget(page)
            page.deleteLater()
        self._built.clear()
        for widget in (self.health_bar, self.outbox_notice, self.outbox_indicator,
                       self.sync_now_button):
            self.statusBar().removeWidget(widget)
            widget.deleteLater()
        self.alert_bar.deleteLater()
        self.navigation.blockSignals(False)
        self._build_texts()
        self.freshness.refresh()
        self.switch_view(current)
        self._on_row_changed(self.navigation.currentRow())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        # Installing a translator sends one of these per translator: rebuild once.
        if event.type() == QEvent.Type.LanguageChange and self.stack.count():
            self._retranslate_soon.start()
        super().changeEvent(event)

    def show_role(self, role: str | None, shared: SharedConsole | None = None) -> None:
        """The person's role in the status bar (and, in shared mode, the database's state)."""
        from widgets.shared import RoleLabel

        self.role_label = RoleLabel(role, shared=shared is not None)
        if shared is not None:
            shared.connection_changed.connect(self.role_label.set_connected)
            if self.shared_firings is not None:
                shared.firings_changed.connect(self.shared_firings.check)
        self.statusBar().addPermanentWidget(self.role_label)

    def switch_view(self, name: str) -> None:
        """Show the view called `name` (one of VIEW_NAMES)."""
        if name not in VIEW_NAMES:
            raise ValueError(f"unknown view {name!r}; choose from {', '.join(VIEW_NAMES)}")
        self.navigation.setCurrentRow(VIEW_NAMES.index(name))

    def open_customer(self, source: str, customer_id: str) -> QWidget | None:
        if self._store is None:
            return None
        from widgets.customer.customer_pages import open_customer_page

        return open_customer_page(self._store, source, customer_id, self.planner, self._clock,
                                  self)

    def draft_notice(self, firing) -> QWidget | None:
        if self._store is None:
            return None
        from widgets.notices.notice_opener import open_notice_for_firing

        dialog = open_notice_for_firing(firing, self._store, self.planner.plan,
                                        self.notice_actions, self)
        if dialog is None:
            self.statusBar().showMessage(self.tr(
                "No notice drafted: this event names no order line with a new expected date."),
                10_000)
        return dialog

    def _wire_alarm_list(self, alarms) -> None:
        alarms.open_alarm.connect(self.open_alarm)
        alarms.open_order.connect(lambda order: self.open_order(order.order_id))

    def open_alarm(self, alarm) -> QWidget | None:
        """What the alarm names: the machine's detail, or the characteristic in Quality."""
        alert = alarm.alert
        if alert.kind == AlertKind.MACHINE_DOWN:
            self.switch_view("machines")
            return self.views["machines"].open_detail((alert.source, alert.subject_id))
        self.switch_view("quality")
        quality = self.views["quality"]
        if not alert.rule:
            return quality

        def select_violation() -> None:
            """Each time this chart is shown (a chart shows twice when the view is new): its
            violation of the alarm's rule, points selected. Until another chart is picked."""
            result = quality.result
            if result is None:
                return
            if (result.selection.source, result.selection.characteristic_id) != (
                    alert.source, alert.subject_id):
                self._forget_alarm_chart()
                return
            rows = [i for i, v in enumerate(result.violations) if v.rule == alert.rule]
            if rows:  # the one that began when the alarm's condition did, else the latest
                quality.select_violation(next(
                    (i for i in rows if result.violations[i].first_at == alert.since),
                    rows[-1]))

        def show_chart() -> None:
            quality.catalogue_loaded.disconnect(show_chart)
            quality.open_characteristic(alert.source, alert.subject_id)

        self._forget_alarm_chart()
        quality.updated.connect(select_violation)
        self._alarm_chart = (quality, select_violation)
        if not quality.open_characteristic(alert.source, alert.subject_id):
            quality.catalogue_loaded.connect(show_chart)  # a view just built: once it can
        return quality

    def _forget_alarm_chart(self) -> None:
        """Stop selecting the last opened alarm's violation on the Quality chart."""
        held = getattr(self, "_alarm_chart", None)
        self._alarm_chart = None
        if held is not None:
            view, handler = held
            with contextlib.suppress(RuntimeError, TypeError):  # the view was rebuilt
                view.updated.disconnect(handler)

    def open_order(self, order_id: str) -> None:
        """The order's first line in Orders; once its rows are read, when the view is new."""
        self.switch_view("orders")
        orders = self.views["orders"]
        if orders.data is not None:
            orders.show_order(order_id)
            return

        def once_loaded() -> None:
            orders.loaded.disconnect(once_loaded)
            orders.show_order(order_id)

        orders.loaded.connect(once_loaded)

    def show_material(self, item_id: str) -> None:
        self.switch_view("materials")
        self.views["materials"].select_item(item_id)

    def current_view_name(self) -> str:
        return VIEW_NAMES[self.stack.currentIndex()]

    def now(self) -> datetime:
        """The window's clock: the one its runtime dates each plan by."""
        return self._clock()

    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        if VIEWS[row].name not in self._built:
            self._build_view(VIEWS[row].name)
        self.stack.setCurrentIndex(row)
        self.page_title.setText(VIEWS[row].label())
        self.freshness.set_feeds(VIEWS[row].feeds)
        self._show_provided()
        self.view_changed.emit(VIEWS[row].name)

    def _show_provided(self, _served: object = None) -> None:
        """The current view, or what its feeds are when no configured source serves them."""
        served = self._bridge.served()
        spec = VIEWS[max(self.stack.currentIndex(), 0)]
        if served is None or not spec.feeds or served & set(spec.feeds):
            self.content.setCurrentWidget(self.stack)
            return
        self.not_provided.set_texts(
            self.tr("Not provided by this source"),
            self.tr("The connected sources do not provide what this view shows: {feeds}. "
                    "Add a source that does in Settings → Connections…").format(
                feeds=", ".join(feed_name(f) for f in spec.feeds)))
        self.content.setCurrentWidget(self.not_provided)

    def _tell_refused(self, item: OutboxItem) -> None:
        kind = next((h.kind for h in self._bridge.health() if h.source == item.source), None)
        self.outbox_notice.show_notice(item.id, refusal_notice(item, kind, self.record_names))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        super().closeEvent(event)
        if self.runtime is not None:
            self.runtime.stop()
        self.closed.emit()
