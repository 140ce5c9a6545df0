"""Glue for shared mode: the agent's notifications reach the views, and the desk's role shows.

    shared = SharedConsole(store, bridge, parent=window)   # store from open_shared(url)
    shared.start()                  # LISTEN on its own thread
    label = RoleLabel(current_role(store.engine), shared=True)
    shared.connection_changed.connect(label.set_connected)
    ...
    shared.close()                  # before the store closes
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from app.cache.changes import ChangeSet
from app.cache.outbox import OutboxItem
from app.cache.shared_mode import ChangeListener
from app.cache.shared_roles import role as role_named
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.shared.refusal import action_words, role_title


class SharedConsole(QObject):
    """Starts a ChangeListener on the shared cache and publishes what it hears on the bridge,
    on the GUI thread: changed feeds as cache_changed, the outbox (when the agent sent or
    parked actions) as outbox_changed, new rule firings as firings_changed."""

    # Whether the shared database is reachable, and why not (its words) when it is not.
    connection_changed = Signal(bool, str)
    firings_changed = Signal()  # the agent stored rule firings (SharedFirings reads them)
    # From the listener's thread; the queued connections below deliver them on this object's
    # (the GUI) thread.
    _heard = Signal(object)
    _connection = Signal(bool, str)
    _outbox = Signal(object)
    _firings = Signal()

    def __init__(self, store: CacheStore, bridge: SyncBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._bridge = bridge
        self._listener: ChangeListener | None = None
        self._closed = False
        self._heard.connect(self._publish, Qt.ConnectionType.QueuedConnection)
        self._connection.connect(self._on_connection, Qt.ConnectionType.QueuedConnection)
        self._outbox.connect(self._publish_outbox, Qt.ConnectionType.QueuedConnection)
        self._firings.connect(self._on_firings, Qt.ConnectionType.QueuedConnection)

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.connected.is_set()

    def start(self) -> None:
        if self._listener is not None or self._closed:
            return
        self._listener = ChangeListener(self.store.engine.url, self._from_listener,
                                        store=self.store, on_connection=self._from_connection,
                                        on_outbox=self._from_outbox,
                                        on_firings=self._from_firings)
        self._listener.start()

    def close(self) -> None:
        """Stop listening (waits for the listener's thread); nothing is published after."""
        self._closed = True
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    # -- the listener's thread ---------------------------------------------------------------

    def _from_listener(self, changes: ChangeSet) -> None:
        if not self._closed:
            self._heard.emit(changes)

    def _from_connection(self, connected: bool, error: str) -> None:
        if not self._closed:
            self._connection.emit(connected, error)

    def _from_outbox(self, items: list[OutboxItem]) -> None:
        if not self._closed:
            self._outbox.emit(items)

    def _from_firings(self) -> None:
        if not self._closed:
            self._firings.emit()

    # -- the GUI thread ----------------------------------------------------------------------

    @Slot(object)
    def _publish(self, changes: ChangeSet) -> None:
        if not self._closed:
            self._bridge.publish_changes(changes)

    @Slot(object)
    def _publish_outbox(self, items: list[OutboxItem]) -> None:
        if not self._closed:
            self._bridge.publish_outbox(items)

    @Slot()
    def _on_firings(self) -> None:
        if not self._closed:
            self.firings_changed.emit()

    @Slot(bool, str)
    def _on_connection(self, connected: bool, error: str) -> None:
        if not self._closed:
            self.connection_changed.emit(connected, error)


class RoleLabel(QLabel):
    """"Shared database · plant manager" (or "Local cache · …"), for the status bar; its
    tooltip lists what the role may do. Follows the language when it changes."""

    def __init__(self, role_key: str | None, *, shared: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role_key = role_named(role_key).key if role_key else None
        self.shared = shared
        self.connected = True
        self.error = ""
        self.setObjectName("roleLabel")
        self._refresh()

    @Slot(bool, str)
    def set_connected(self, connected: bool, error: str = "") -> None:
        self.connected, self.error = connected, error
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()
        super().changeEvent(event)

    def _refresh(self) -> None:
        if self.shared:
            place = (self.tr("Shared database") if self.connected
                     else self.tr("Shared database unreachable"))
        else:
            place = self.tr("Local cache")
        who = role_title(self.role_key) if self.role_key else self.tr("no role")
        self.setText(self.tr("{place} · {role}").format(place=place, role=who))
        if self.role_key is not None:
            kinds = sorted(role_named(self.role_key).actions)
            may = ", ".join(action_words(kind) for kind in kinds)
            tip = self.tr("As {role} you may: {actions}.").format(role=who, actions=may)
        elif self.shared:
            tip = self.tr("This login is in no Gemba role: it may read, not act.")
        else:
            tip = ""
        if not self.connected and self.error:
            tip += "\n" + self.tr("Reconnecting: {error}").format(error=self.error)
        self.setToolTip(tip)
