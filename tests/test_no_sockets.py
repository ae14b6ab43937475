"""No network: the whole suite runs with sockets forbidden (tests/conftest.py
replaces `socket.socket`), and a check of the process's open sockets finds none
after a full tour of the app.

The conftest guard only sees Python. Qt opens its sockets in C++ (D-Bus, the
accessibility bridge, a print server), out of its reach, so this test also
lists the process's file descriptors the way the kernel sees them: any
"socket:[inode]" among them fails the test, named by what /proc/net says it is.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.context import AppContext
from app.members import Appearance
from ui import dialogs
from ui.export.preview_dialog import PreviewDialog
from ui.main_window import MainWindow
from ui.sessions.planner_dialog import PlannerDialog
from ui.sessions.session_flow import REGISTER, REVIEW

from .test_ui_circles import add_circle_from_template, add_member
from .test_ui_journal import open_journal, rows
from .test_ui_notes_resources import open_notes, type_note
from .test_ui_planner import choose_format
from .test_ui_vaults import create_vault_via_dialog
from .ui_helpers import drive_dialog, press_ok

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="lists sockets through /proc, which only Linux has")

PASSPHRASE = "kettle on the hall stove"
NET_TABLES = ("tcp", "tcp6", "udp", "udp6", "unix", "raw", "raw6", "netlink", "packet")
FAMILIES = {1: "AF_UNIX", 2: "AF_INET (IPv4)", 10: "AF_INET6 (IPv6)", 16: "AF_NETLINK"}


# --- the process's sockets, as the kernel sees them ------------------------------------

def open_sockets() -> dict[int, str]:
    """Each open file descriptor that is a socket, with its inode."""
    found = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:          # closed between listing and reading (the listing's own fd)
            continue
        if target.startswith("socket:["):
            found[int(name)] = target[len("socket:["):-1]
    return found


def _address(hex_address: str) -> str:
    """/proc/net's "0100007F:0277" (host-order words) as "127.0.0.1:631"."""
    import ipaddress

    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    if sys.byteorder == "little":
        raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    ip = ipaddress.ip_address(raw)
    shown = str(ip) if ip.version == 4 else f"[{ip}]"
    return f"{shown}:{int(port, 16)}"


def family(fd: int) -> str:
    """The address family of socket `fd`, asked of libc (Python's socket is fenced off)."""
    import ctypes

    address, size = ctypes.create_string_buffer(128), ctypes.c_uint32(128)
    if ctypes.CDLL(None).getsockname(fd, address, ctypes.byref(size)) != 0:
        return "unknown"
    number = int.from_bytes(address.raw[:2], sys.byteorder)
    return FAMILIES.get(number, f"family {number}")


def describe(fd: int, inode: str) -> str:
    """What kind of socket `inode` is, from /proc/net (or why we cannot tell)."""
    for table in NET_TABLES:
        try:
            lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if table == "unix" and len(fields) >= 7 and fields[6] == inode:
                path = fields[7] if len(fields) > 7 else "(unnamed)"
                return f"a unix socket to {path}" + (" (abstract)" if path[:1] == "@" else "")
            if table in ("tcp", "tcp6", "udp", "udp6") and len(fields) > 9 and fields[9] == inode:
                return f"a {table} socket from {_address(fields[1])} to {_address(fields[2])}"
            if inode in fields[1:]:
                return f"a {table} socket"
    return f"an {family(fd)} socket not bound or connected yet (not in /proc/net)"


def report(sockets: dict[int, str], before: dict[int, str]) -> str:
    return "; ".join(
        f"fd {fd} is {describe(fd, inode)}"
        + (" (already open before the tour)" if before.get(fd) == inode else "")
        for fd, inode in sorted(sockets.items()))


# --- the tour --------------------------------------------------------------------------

@pytest.fixture
def start(qtbot, isolated_data_dir, clock):
    """The window as the app opens it for the first time: the start page."""
    window = MainWindow(AppContext.for_data_dir(isolated_data_dir, clock))
    qtbot.addWidget(window)
    window.show()
    window.start()
    yield window
    if window.session_flow is not None:
        window.session_flow.close_all(ask=False)
    window.context.close_vault()


def new_vault_and_circle(qtbot, monkeypatch, window) -> None:
    assert window.stack.currentWidget() is window.start_page
    create_vault_via_dialog(monkeypatch, qtbot, window, "Facilitator", PASSPHRASE)
    assert window.context.vault.encrypted
    qtbot.wait(1)                  # the window's after-opening work runs, as in the app
    add_circle_from_template(monkeypatch, qtbot, window, "Thursday circle")
    for name in ("Ann Lee", "Bo Chen", "Cat Diaz"):
        add_member(monkeypatch, qtbot, window, name, Appearance.FIRST_NAME)


def plan_session(qtbot, monkeypatch, window) -> str:
    def fill(dialog: PlannerDialog) -> None:
        choose_format(dialog, "Short check-in")
        dialog.zone.setCurrentText("Europe/London")
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PlannerDialog, fill)
    panel = window.circles_page.sessions
    panel.plan_action.trigger()
    return panel.current().id


def run_session(qtbot, monkeypatch, window, clock, session_id: str) -> None:
    """Take the register, run a few real timer ticks with the projector up, end it."""
    window.circles_page.sessions.run_action.trigger()
    run_window = window.session_flow.windows[session_id]
    run_window.pages[REGISTER].mark_everyone_present()
    run_window.pages[REGISTER].start_button.click()
    live = run_window.live
    live.next_or_start()
    projector = run_window.open_projector()
    for _ in range(3):                       # the next whole second is 2 ms away (fake clock)
        clock.advance(0.998 if clock.monotonic() % 1 == 0 else 1)
        live.refresh()
        with qtbot.waitSignal(live.refreshed, timeout=2000):
            pass                             # the view's own QTimer fired
    assert projector.isVisible() and projector.speaker.text() == "Ann"   # as she chose
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    live.end_action.trigger()
    assert run_window.current_page() == REVIEW


def share_summary(qtbot, monkeypatch, window, target: Path) -> None:
    monkeypatch.setattr(dialogs, "ask_export_file", lambda *a: target)

    def save(dialog: PreviewDialog) -> None:
        assert dialog.page_count() >= 1
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)

    drive_dialog(monkeypatch, PreviewDialog, save)
    window.circles_page.sessions.share_action.trigger()
    assert target.read_bytes().startswith(b"%PDF")


def write_notes(qtbot, window) -> None:
    notes = open_notes(window)
    type_note(qtbot, notes, "Quiet evening.\nAsk Bo about the new job.")
    assert notes.editor.flush()


def keep_a_journal(qtbot, monkeypatch, window, target: Path) -> None:
    monkeypatch.setattr(dialogs, "ask_export_file", lambda *a: target)
    page = open_journal(qtbot, window)
    page.new_entry()
    qtbot.keyClicks(page.editor.title, "After the circle")
    qtbot.keyClicks(page.editor.body, "Tired but glad I went")
    assert page.flush()
    qtbot.keyClicks(page.entries.search_box, "glad")
    qtbot.waitUntil(lambda: len(rows(page)) == 1, timeout=2000)
    moods = window.journal_actions.show_moods()
    assert moods.isVisible()
    export = window.journal_actions.show_export(page)
    qtbot.mouseClick(export.pdf_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
    export.close()


def lock_and_unlock(qtbot, window) -> None:
    window.vault_actions.lock.trigger()
    assert window.stack.currentWidget() is window.unlock_page
    qtbot.keyClicks(window.unlock_page.passphrase, PASSPHRASE)
    window.unlock_page.unlock_button.click()
    assert window.stack.currentWidget() is window.workspace


def test_a_full_tour_of_the_app_leaves_no_socket_open(qtbot, monkeypatch, start, clock,
                                                      tmp_path):
    before = open_sockets()
    new_vault_and_circle(qtbot, monkeypatch, start)
    session_id = plan_session(qtbot, monkeypatch, start)
    run_session(qtbot, monkeypatch, start, clock, session_id)
    start.session_flow.close_all(ask=False)
    share_summary(qtbot, monkeypatch, start, tmp_path / "summary.pdf")
    write_notes(qtbot, start)
    keep_a_journal(qtbot, monkeypatch, start, tmp_path / "journal.pdf")
    lock_and_unlock(qtbot, start)
    assert start.context.circles.list()[0].name == "Thursday circle"
    qtbot.wait(10)                                     # let queued work run, then look

    sockets = open_sockets()
    assert not sockets, "the app has sockets open: " + report(sockets, before)


def test_the_check_sees_a_socket_made_below_python(tmp_path):
    """The fd listing is not fooled by the conftest guard: a socket made by C
    code (here libc's socketpair, as Qt's C++ would) is found and named."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pair = (ctypes.c_int * 2)()
    assert libc.socketpair(1, 1, 0, pair) == 0, os.strerror(ctypes.get_errno())  # AF_UNIX
    try:
        found = open_sockets()
        assert set(pair) <= set(found)
        assert describe(pair[0], found[pair[0]]) == "a unix socket to (unnamed)"
        assert family(pair[0]) == "AF_UNIX"
    finally:
        for fd in pair:
            os.close(fd)
    assert not set(pair) & set(open_sockets())


@pytest.mark.skipif(sys.byteorder != "little", reason="the sample addresses are little-endian")
def test_addresses_in_proc_net_are_read_for_the_message():
    assert _address("0100007F:0277") == "127.0.0.1:631"
    assert _address("00000000000000000000000001000000:0277") == "[::1]:631"
