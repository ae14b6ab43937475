"""The Qt binding itself: PySide6-Essentials 6.12.0 on Python 3.11 drops a
reference to None on every call to a Qt method that returns nothing, so a
session timer repainting once a second crashed the app ("none_dealloc")
after twenty minutes or so. pyproject.toml keeps that release out; this test
fails loudly if a release with the same fault ever comes back in."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 2000


def test_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("0:42")
        label.update()
    assert sys.getrefcount(None) > before - CALLS // 2


def test_signals_do_not_leak_references_to_true(qtbot):
    class Ticker(QObject):
        ticked = Signal(bool)

    ticker = Ticker()
    ticker.ticked.connect(lambda flag: None)
    before = sys.getrefcount(True)
    for _ in range(CALLS):
        ticker.ticked.emit(True)
    assert sys.getrefcount(True) > before - CALLS // 2
