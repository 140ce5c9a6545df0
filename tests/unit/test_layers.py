"""The layers of DESIGN.md, checked on the imports themselves: `app` never imports Qt widgets
or `widgets`; `widgets` never imports httpx or a connector."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((str(path.relative_to(ROOT)), node.module))
    return found


def _offending(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{where}: {name}" for where, name in _imports(package)
            if any(name == bad or name.startswith(bad + ".") for bad in forbidden)]


def test_app_knows_no_widgets() -> None:
    assert _offending("app", ("widgets", "PySide6.QtWidgets", "PySide6.QtGui",
                              "pyqtgraph")) == []


def test_widgets_know_no_network_or_connectors() -> None:
    # The contract's feed table (names and record types, no I/O) is vocabulary, not a connector.
    found = _offending("widgets", ("httpx", "app.connectors"))
    assert [f for f in found if not f.endswith(": app.contract")] == []
