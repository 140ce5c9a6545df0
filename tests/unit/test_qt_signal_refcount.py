"""PySide6 6.12.0 drops a reference to True on every Python-side Signal.emit; on Python 3.11 the
interpreter aborts after about a thousand emits, i.e. within a minute of syncing. pyproject.toml
keeps that release out; this test fails if an installed PySide6 has the leak again."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal(object)


def test_emitting_signals_keeps_reference_counts_of_true_and_false() -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.happened.connect(received.append)
    true_before, false_before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(200):
        emitter.happened.emit(i)
    assert received == list(range(200))
    # A little slack for references taken elsewhere meanwhile; the leak loses one per emit.
    assert sys.getrefcount(True) >= true_before - 20
    assert sys.getrefcount(False) >= false_before - 20
