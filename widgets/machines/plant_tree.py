"""The ISA-95 tree on the left of the Machines view: picking a node filters the tiles."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from widgets.machines.plant_snapshot import UNASSIGNED, NodeKey, TreeNode, unassigned_key

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
_SEP = "\x1f"


def _encode(key: NodeKey | None) -> str:
    # Item data holds a string: Qt would hand a tuple back as a list.
    return "" if key is None else _SEP.join(key)


def _decode(text: str | None) -> NodeKey | None:
    if not text:
        return None
    source, level, node_id = text.split(_SEP)
    return (source, level, node_id)


class PlantTree(QTreeWidget):
    # The chosen node's key, or None for every machine.
    node_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plantTree")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self._roots: list[TreeNode] = []
        self.currentItemChanged.connect(self._on_current)
        self.set_nodes([])

    def set_nodes(self, roots: list[TreeNode]) -> None:
        """Rebuild the tree (only when the plant's structure changes), keeping the choice."""
        self._roots = roots
        chosen = self.chosen()
        self.blockSignals(True)
        self.clear()
        everything = QTreeWidgetItem([self.tr("All machines")])
        everything.setData(0, NODE_ROLE, "")
        self.addTopLevelItem(everything)
        for root in roots:
            self.addTopLevelItem(self._item(root))
        self.expandToDepth(2)
        self.setCurrentItem(self._find(chosen) or everything)
        self.blockSignals(False)
        if self.chosen() != chosen:
            self.node_chosen.emit(self.chosen())

    def add_unassigned(self, source: str) -> None:
        key = unassigned_key(source)
        if self._find(key) is None:
            self._roots.append(TreeNode(key, ""))
            self.addTopLevelItem(self._item(self._roots[-1]))

    def chosen(self) -> NodeKey | None:
        item = self.currentItem()
        return _decode(item.data(0, NODE_ROLE)) if item is not None else None

    def choose(self, key: NodeKey | None) -> None:
        item = self._find(key)
        if item is not None:
            self.setCurrentItem(item)

    def _item(self, node: TreeNode) -> QTreeWidgetItem:
        name = node.name
        if node.key[1] == UNASSIGNED:
            # Machines that report a status but are in no equipment list the MES serves.
            name = self.tr("Unassigned ({source})").format(source=node.key[0])
        item = QTreeWidgetItem([name])
        item.setData(0, NODE_ROLE, _encode(node.key))
        item.setToolTip(0, name)
        for child in node.children:
            item.addChild(self._item(child))
        return item

    def _find(self, key: NodeKey | None) -> QTreeWidgetItem | None:
        for item in self._items():
            if item.data(0, NODE_ROLE) == _encode(key):
                return item
        return None

    def _items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            out.append(item)
            stack += [item.child(i) for i in range(item.childCount())]
        return out

    def _on_current(self, current: QTreeWidgetItem | None, _: QTreeWidgetItem | None) -> None:
        self.node_chosen.emit(_decode(current.data(0, NODE_ROLE)) if current is not None
                             else None)
