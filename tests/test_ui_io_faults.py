"""What the person sees when the disk fills while they write: the journal
editor and the private notes, real widgets in a child process under the
LD_PRELOAD shim (tests/faults), so the vault's own writes fail with ENOSPC
or EIO. No store is replaced: the failure travels SQLite -> vault -> store
-> autosave -> the status line.

What must hold: "Saved" is shown only for words that are on disk; words
that could not be saved stay on screen marked "Not saved yet" with the
reason, are not dropped by moving on, and are saved once there is room.
The child is killed while the disk is still failing; the parent reopens
the vault and finds exactly what was last shown as saved.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Callable


from tests.faults.shim import Fault, child_answer, run_python

PASSPHRASE = "correct horse battery"
FIRST = "Written while there was room"
SECOND = " and kept on screen"
NOTE = "A note kept"
LOST = " LOST"        # typed last, while the disk is failing, never saved
WAIT_MS = 15_000      # a deadline for a slow machine, not a timing claim


# ----- in the child ------------------------------------------------------------

def wait_for(done: Callable[[], bool]) -> bool:
    from PySide6.QtTest import QTest

    for _ in range(WAIT_MS // 20):
        if done():
            return True
        QTest.qWait(20)
    return done()


def type_into(box, text: str) -> None:  # noqa: ANN001 (a text box)
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    box.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(box, text)


def journal_story(context, arm: Callable[[bool], None]) -> dict:  # noqa: ANN001
    """Write, fill the disk, write on, try to leave, free the disk, fill it again."""
    from ui.journal.journal_page import JournalPage

    page = JournalPage(context)
    page.resize(900, 600)
    page.show()
    page.reload()
    page.new_entry()
    editor, model = page.editor, page.entries.model

    def shown() -> dict:
        return {"status": editor.status.text(), "text": editor.body.toPlainText(),
                "rows": [model.data(model.index(r)) for r in range(model.rowCount())]}

    type_into(editor.body, FIRST)
    story = {"room": (wait_for(lambda: editor.status.text() == "Saved"), shown())}
    arm(True)
    type_into(editor.body, SECOND)
    story["full"] = (wait_for(lambda: editor.status.text().startswith("Not saved")), shown())
    page.new_entry()                                  # must not drop the words shown
    story["new entry refused"] = shown()
    arm(False)
    story["room again"] = (editor.flush(), shown())
    arm(True)
    type_into(editor.body, LOST)
    story["full again"] = (wait_for(lambda: editor.status.text().startswith("Not saved")),
                           shown())
    return story


def notes_story(context, circle_id: str, arm: Callable[[bool], None]) -> dict:  # noqa: ANN001
    """A note saved, then more typed on a full disk, then another member chosen."""
    from PySide6.QtCore import Qt

    from ui.circles.notes_panel import NotesPanel

    panel = NotesPanel(context)
    panel.resize(900, 600)
    panel.show()
    panel.show_circle(circle_id)
    editor = panel.editor

    def shown() -> dict:
        return {"status": editor.status.text(), "text": editor.text(),
                "subject": list(panel.current_subject() or ())}

    editor.set_focus()
    type_into(editor.text_box, NOTE)
    story = {"room": (wait_for(lambda: editor.status.text() == "Saved"), shown())}
    arm(True)
    type_into(editor.text_box, LOST)
    story["full"] = (wait_for(lambda: editor.status.text().startswith("Not saved")), shown())
    [member] = panel.subjects.findItems("Ann Lee", Qt.MatchFlag.MatchStartsWith)
    panel.subjects.setCurrentItem(member)                        # her note instead
    story["switch refused"] = shown()
    return story


def child_window() -> None:
    """One story (argv[3]: journal or notes); then killed, the disk still failing.
    (One story per child: a later save with room, even a legitimate one such
    as a focus change, must not muddle the other story's result.)"""
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from app.circles import CircleDraft
    from app.clock import SystemClock
    from app.context import AppContext
    from app.members import MemberDraft
    from app.paths import Paths
    from app.vault import open_vault
    from tests.faults.shim import arm, hits
    from ui import dialogs

    app = QApplication([])
    told: list[str] = []       # message boxes would block: say what they said instead
    dialogs.show_error = lambda parent, title, text, detail="": told.append(f"{title}: {text}")
    QMessageBox.exec = lambda box: told.append(f"BLOCKING {box.text()}")
    QDialog.exec = lambda dialog: told.append(f"BLOCKING {dialog.windowTitle()}")
    path, phrase = Path(sys.argv[1]), sys.argv[2] or None
    context = AppContext(Paths(path.parent / "data"), SystemClock(),
                         open_vault(path, phrase, create=True))
    circle = context.circles.create(CircleDraft("Tuesday circle"))
    context.members.add(circle.id, MemberDraft("Ann Lee"))
    story = (journal_story(context, arm) if sys.argv[3] == "journal"
             else notes_story(context, circle.id, arm))
    answer = {"story": story}
    print(json.dumps({**answer, "told": told, "hits": hits()}), flush=True)
    app.processEvents()
    os._exit(0)


# ----- in the parent -----------------------------------------------------------

def watch(tmp_path: Path, story: str, phrase: str | None, code: str) -> dict:
    """Run one story in a child's window under the fault; what it showed."""
    path = tmp_path / "vault" / "faulty.db"
    fault = Fault(code, path=str(path.parent.resolve()), armed=False)
    answer = child_answer(run_python(
        "from tests.test_ui_io_faults import child_window; child_window()", fault,
        args=[str(path), phrase or "", story]))
    assert answer["hits"] > 0, "the fault never fired"
    assert not any(line.startswith("BLOCKING") for line in answer["told"]), answer["told"]
    return answer["story"]


def stored(tmp_path: Path, phrase: str | None, sql: str) -> list[tuple]:
    """What the vault the child left holds (the child was killed, not closed)."""
    from app.vault import open_vault

    vault = open_vault(tmp_path / "vault" / "faulty.db", phrase)
    try:
        return vault.query(sql)
    finally:
        vault.close()


def assert_not_saved_told(view: dict) -> None:
    status = view["status"]
    assert status.startswith("Not saved yet: ") and (
        "disk is full" in status or "could not be written" in status), status


def test_the_journal_editor_says_saved_only_for_words_on_disk(tmp_path):
    story = watch(tmp_path, "journal", None, "ENOSPC")
    done, view = story["room"]
    assert done and view["status"] == "Saved" and view["rows"] and FIRST in view["rows"][0]

    done, view = story["full"]
    assert done, view
    assert_not_saved_told(view)
    assert view["text"] == FIRST + SECOND                     # nothing typed is dropped
    assert SECOND.strip() not in view["rows"][0]              # the list shows what is stored

    view = story["new entry refused"]
    assert view["text"] == FIRST + SECOND and view["status"].startswith("Not saved yet")

    saved, view = story["room again"]
    assert saved and view["status"] == "Saved" and SECOND.strip() in view["rows"][0]

    done, view = story["full again"]
    assert done and view["text"] == FIRST + SECOND + LOST
    assert_not_saved_told(view)

    assert stored(tmp_path, None, "SELECT body FROM journal_entries") == [(FIRST + SECOND,)]


def test_a_private_note_says_saved_only_for_words_on_disk(tmp_path):
    story = watch(tmp_path, "notes", PASSPHRASE, "EIO")
    done, view = story["room"]
    assert done and view["status"] == "Saved" and view["text"] == NOTE
    circle_subject = view["subject"]

    done, view = story["full"]
    assert done, view
    assert_not_saved_told(view)
    assert view["text"] == NOTE + LOST

    view = story["switch refused"]                # moving on would drop the words
    assert view["subject"] == circle_subject and view["text"] == NOTE + LOST
    assert view["status"].startswith("Not saved yet")

    assert stored(tmp_path, PASSPHRASE, "SELECT text FROM notes") == [(NOTE,)]
