"""A circle's private notes: one on the circle as a whole and one per member.

The subjects are listed on the left, the note on the right. Each note is
saved as it is typed (see NoteEditor); choosing another subject saves the
one shown first, and if that save fails the choice stays where it was so
nothing typed is lost.

Choosing another circle saves the note shown too, but the circle list has
already moved on, so a note that cannot be saved then is *set aside*: said
once, kept in memory with why it failed, tried again whenever another note
saves, and put back in the editor, still marked "Not saved yet", when its
subject is shown again. When the vault closes, what still cannot be saved
is said once and let go (nothing private stays in memory after a lock).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from app.context import AppContext
from app.errors import CirclekeeperError
from app.members import Member
from app.notes import NoteSubject

from .. import dialogs
from ..text import plain_label
from ..widgets.note_editor import NoteEditor

Subject = tuple[NoteSubject, str]
SUBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
HEADING_ROLE = Qt.ItemDataRole.UserRole + 3
MARK = "  ✎"
PLACEHOLDER = ("Write what you want to remember: how things are going, what to follow "
               "up, what to bring next time. It is saved as you type.")


class NotesPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.circle_id: str | None = None
        self._shown: Subject | None = None      # the subject whose note is in the editor
        self._set_aside: dict[Subject, tuple[str, str]] = {}   # unsaved text, and why
        self.subjects = QListWidget()
        self.subjects.setAccessibleName("Whose private note")
        self.subjects.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.subjects.setMaximumWidth(280)
        self.subjects.setMinimumWidth(180)
        self.subjects.setStyleSheet("QListWidget::item { padding: 3px 4px; }")
        self.subjects.currentItemChanged.connect(lambda item, _: self._chosen(item))
        self.heading = plain_label("", wrap=True)
        self.heading.setObjectName("noteHeading")
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.editor = NoteEditor(placeholder=PLACEHOLDER)
        self.editor.saved.connect(self._mark_current)
        self.editor.saved.connect(self._save_set_aside)    # saving works again
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.editor, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.subjects)
        layout.addLayout(right, 1)

    # ----- showing ------------------------------------------------------------
    def show_circle(self, circle_id: str | None) -> None:
        """Show a circle's subjects (or none): another circle opens on its own
        note; the same circle again keeps the subject shown."""
        same = circle_id == self.circle_id
        if not same:
            self._set_aside_shown()
        self.circle_id = circle_id
        self._fill(keep=self._shown if same else None)

    def reload(self) -> None:
        """Members were added, removed, renamed or marked as left: list them
        again, keeping the subject shown if it is still there."""
        if self.circle_id is not None:
            self._fill(keep=self._shown)

    def close_out(self) -> None:
        """Save the note shown and let go of it (the vault is about to close)."""
        self._let_go()
        self.circle_id = None
        self._shown = None
        self._fill(keep=None)

    def current_subject(self) -> Subject | None:
        return self._shown

    def _fill(self, keep: Subject | None) -> None:
        members = self.context.members.list(self.circle_id) if self.circle_id else []
        noted = (self.context.notes.subjects_with_notes(self.circle_id)
                 if self.circle_id else set())
        noted |= {subject for subject, (text, _why) in self._set_aside.items() if text}
        self.subjects.blockSignals(True)
        self.subjects.clear()
        if self.circle_id is not None:
            self._add_subject("The circle as a whole", (NoteSubject.CIRCLE, self.circle_id),
                              noted, "Private note about the circle as a whole")
            self._add_members(members, noted)
        self.subjects.blockSignals(False)
        row = self._row_of(keep) if keep else -1
        if keep is not None and row < 0:
            self._discard()            # its member is gone: the note cannot be saved
        self._select(max(row, 0) if self.circle_id else -1)

    def _add_members(self, members: list[Member], noted: set[Subject]) -> None:
        current = [m for m in members if not m.has_left]
        left = [m for m in members if m.has_left]
        if not members:
            self._add_heading("No members yet", bold=False)
        if current:
            self._add_heading("Members")
        for member in current:
            self._add_subject(member.name, (NoteSubject.MEMBER, member.id), noted,
                              f"Private note about {member.name}")
        if left:
            self._add_heading("Left the circle")
        for member in left:
            self._add_subject(member.name, (NoteSubject.MEMBER, member.id), noted,
                              f"Private note about {member.name}, who has left the circle")

    def _add_heading(self, text: str, bold: bool = True) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont(self.subjects.font())
        font.setBold(bold)
        font.setItalic(not bold)
        item.setFont(font)
        self.subjects.addItem(item)

    def _add_subject(self, name: str, subject: Subject, noted: set[Subject],
                     heading: str) -> None:
        item = QListWidgetItem()
        item.setData(SUBJECT_ROLE, subject)
        item.setData(NAME_ROLE, name)
        item.setData(HEADING_ROLE, heading)
        self.subjects.addItem(item)
        _set_marked(item, subject in noted)

    def _row_of(self, subject: Subject) -> int:
        for row in range(self.subjects.count()):
            if self.subjects.item(row).data(SUBJECT_ROLE) == subject:
                return row
        return -1

    def _select(self, row: int) -> None:
        item = self.subjects.item(row) if row >= 0 else None
        self.subjects.blockSignals(True)
        self.subjects.setCurrentItem(item)
        self.subjects.blockSignals(False)
        self._chosen(item)

    # ----- choosing -----------------------------------------------------------
    def _chosen(self, item: QListWidgetItem | None) -> None:
        subject = item.data(SUBJECT_ROLE) if item is not None else None
        if subject is None:
            self._open(None, "")
            return
        if subject == self._shown and self.editor.isEnabled() and (
                self.editor.dirty or self.editor.text() == self.context.notes.get(*subject)):
            self.heading.setText(item.data(HEADING_ROLE))   # e.g. a rename: keep the
            return                                          # text and the cursor
        if not self._open(subject, item.data(HEADING_ROLE)):
            self._back_to_shown()

    def _open(self, subject: Subject | None, heading: str) -> bool:
        """Show `subject`'s note; False (and nothing changes) if the note
        shown before could not be saved."""
        if not self.editor.flush():      # load() would drop the unsaved text
            return False
        if subject is None:
            self.editor.load("", None)
        else:
            kind, subject_id = subject
            kept = self._set_aside.pop(subject, None)
            text, unsaved = kept or (self.context.notes.get(kind, subject_id), "")
            self.editor.load(text, lambda body: self.context.notes.save(
                kind, subject_id, body), unsaved=unsaved)
        self._shown = subject
        self.heading.setText(heading)
        return True

    def _back_to_shown(self) -> None:
        row = self._row_of(self._shown) if self._shown else -1
        self.subjects.blockSignals(True)
        self.subjects.setCurrentRow(row)
        self.subjects.blockSignals(False)
        self.editor.set_focus()

    def _set_aside_shown(self) -> None:
        """Another circle is chosen: save the note shown, or set it aside (see
        the module) and say so."""
        if self.editor.flush() or self._shown is None:
            return
        self._set_aside[self._shown] = (self.editor.text(), self.editor.problem)
        dialogs.show_error(self, "Note not saved",
                           "The last changes to the private note could not be saved: "
                           f"{self.editor.problem.rstrip('.')}.",
                           "They are kept for now, put back when you open that note again "
                           "and saved as soon as saving works again. If they still cannot "
                           "be saved when the vault closes, they are lost.")
        self._discard()

    def _save_set_aside(self) -> None:
        """Try again to save the notes set aside; those that fail stay aside."""
        for subject, (text, _why) in list(self._set_aside.items()):
            try:
                self.context.notes.save(*subject, text)
            except (CirclekeeperError, OSError) as error:
                why = str(error) if isinstance(error, CirclekeeperError) else (
                    error.strerror or str(error))
                self._set_aside[subject] = (text, why)
            else:
                del self._set_aside[subject]

    def _let_go(self) -> None:
        """The vault is closing: save the note shown and those set aside; if
        any cannot be saved, say so once (this is the last chance) and let go."""
        saved = self.editor.flush()
        if self._set_aside:
            self._save_set_aside()
        if saved and not self._set_aside:
            return
        why = self.editor.problem if not saved else next(iter(self._set_aside.values()))[1]
        count = len(self._set_aside) + (not saved)
        notes = "the private note" if count == 1 else f"{count} private notes"
        self._set_aside.clear()
        dialogs.show_error(self, "Note not saved",
                           f"The last changes to {notes} could not be saved: "
                           f"{why.rstrip('.')}.",
                           "The vault is closing, so they cannot be kept.")
        self._discard()

    def _discard(self) -> None:
        """Let go of unsaved text that can no longer be saved anywhere."""
        self.editor.autosaver.reset(None)

    def _mark_current(self) -> None:
        row = self._row_of(self._shown) if self._shown else -1
        if row >= 0:
            _set_marked(self.subjects.item(row), self.editor.text().replace("\x00", "") != "")


def _set_marked(item: QListWidgetItem, marked: bool) -> None:
    """A quiet pencil after the name of a subject that already has a note."""
    name = item.data(NAME_ROLE)
    item.setText(name + (MARK if marked else ""))
    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                 f"{name}, has a note" if marked else name)
    item.setToolTip("Has a private note" if marked else "")
