"""Shared fixtures: offscreen Qt, no network, a fake clock, a real temporary vault."""

from __future__ import annotations

import os
import socket

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads
# A QPrinter asks CUPS for printers as it is made, and libcups falls back to
# localhost:631 when its local socket is missing: point it at a path that does
# not exist, so printing tests touch no network (tests/test_no_sockets.py).
os.environ["CUPS_SERVER"] = "/nonexistent/circlekeeper-tests/cups.sock"

import pytest

from app.clock import FakeClock
from app.context import AppContext
from app.paths import DATA_DIR_ENV, Paths


class NetworkForbidden(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test: the app must never touch a network."""
    def refuse(*args, **kwargs):
        raise NetworkForbidden("Circlekeeper tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(autouse=True)
def no_blocking_message_boxes(monkeypatch):
    """A message box nobody answers would hang the run: fail the test instead.
    Tests answer questions by replacing the functions in ui/dialogs.py."""
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:  # pragma: no cover
        return

    from PySide6.QtWidgets import QDialog

    def refuse(box, *args, **kwargs):
        raise AssertionError(f"an unanswered message box would block: {box.text()!r}")

    def refuse_dialog(dialog, *args, **kwargs):
        raise AssertionError(f"an undriven dialog would block: {type(dialog).__name__} "
                             f"{dialog.windowTitle()!r} (use tests.ui_helpers.drive_dialog)")

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse_dialog)


@pytest.fixture(autouse=True)
def qt_application_first(qapp):
    """The QApplication exists before any code makes a headless QGuiApplication
    (the PDF export does, for the command line); widgets need the former."""
    return qapp


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """No test ever touches the real user data directory."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def context(isolated_data_dir, clock):
    """An AppContext with a fresh, open, plain vault."""
    ctx = AppContext(Paths(isolated_data_dir), clock)
    ctx.create_vault("Test vault")
    yield ctx
    ctx.close_vault()


@pytest.fixture
def circle(context):
    from app.circles import CircleDraft

    return context.circles.create(CircleDraft("Test circle"))


@pytest.fixture
def window(qtbot, isolated_data_dir, clock):
    """The main window over a freshly created vault, as a facilitator starts."""
    from ui.main_window import MainWindow

    ctx = AppContext.for_data_dir(isolated_data_dir, clock)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    assert win.open_vault(ctx.paths.new_vault_path("Facilitator"), create=True,
                          label="Facilitator")
    yield win
    ctx.close_vault()
