"""Following commitments up at check-in, in the facilitator's live view (never
on the projector): while someone speaks, their open commitments from earlier
sessions, each with Done, Carry on and Let go. Each choice is saved at once
and stays shown, so it can be changed; clicking the chosen one again takes
it back. The panel hides when the speaker has nothing to follow up.
"""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QToolButton,
                               QVBoxLayout, QWidget)

from app.commitments import Commitment, CommitmentStatus, CommitmentStore
from app.errors import CirclekeeperError

from .. import dialogs
from ..text import plain_label
from .register_page import SEGMENT_STYLE

CHOICES = ((CommitmentStatus.DONE, "Done"), (CommitmentStatus.CARRIED, "Carry on"),
           (CommitmentStatus.LET_GO, "Let go"))


def made_text(commitment: Commitment) -> str:
    """"from 1 January" (no zero padding, on every platform)."""
    return f"from {commitment.made_on.day} {commitment.made_on:%B}"


class FollowupRow(QWidget):
    """One commitment and its three choices. `chosen(commitment id, status)`."""

    chosen = Signal(str, object)

    def __init__(self, commitment: Commitment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commitment_id = commitment.id
        self.status = commitment.status
        self.text = plain_label(commitment.text, wrap=True)
        self.made = plain_label(made_text(commitment))
        self.made.setObjectName("muted")
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)      # the chosen one can be clicked off again
        segments = QHBoxLayout()
        segments.setSpacing(0)
        for status, label in CHOICES:
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setAccessibleName(f"{label}: {commitment.text}")
            button.setProperty("status", status.value)
            button.clicked.connect(lambda _checked=False, s=status: self._clicked(s))
            self.group.addButton(button)
            segments.addWidget(button)
        segments.addStretch(1)
        heading = QHBoxLayout()
        heading.addWidget(self.text, 1)
        heading.addWidget(self.made, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(heading)
        layout.addLayout(segments)
        self.set_status(commitment.status)

    def button(self, status: CommitmentStatus) -> QToolButton:
        return next(b for b in self.group.buttons() if b.property("status") == status.value)

    def set_status(self, status: CommitmentStatus) -> None:
        self.status = status
        for button in self.group.buttons():
            button.setChecked(button.property("status") == status.value)

    def _clicked(self, status: CommitmentStatus) -> None:
        self.set_status(self.status)        # show what is saved until the save says otherwise
        self.chosen.emit(self.commitment_id,
                         CommitmentStatus.OPEN if status is self.status else status)


class FollowupPanel(QFrame):
    """The speaker's commitments to follow up; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followup")
        self.setStyleSheet(SEGMENT_STYLE + "QFrame#followup { border: 1px solid palette(mid);"
                           " border-radius: 6px; }")
        self.store: CommitmentStore | None = None
        self.session_id = ""
        self.member_id: str | None = None
        self.rows: dict[str, FollowupRow] = {}
        self.title = plain_label("", wrap=True)
        self.caption = plain_label("From earlier sessions — never shown on the projector.", wrap=True)
        self.caption.setObjectName("muted")
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.caption)
        layout.addLayout(self.rows_box)
        self.hide()

    def show_for(self, store: CommitmentStore | None, session_id: str,
                 member_id: str | None, name: str) -> None:
        """Show `member_id`'s commitments to follow up at this session (none: hide).
        The same speaker again (a pause, a minute added) rebuilds nothing."""
        if (store, session_id, member_id) == (self.store, self.session_id, self.member_id):
            return
        self.store, self.session_id, self.member_id = store, session_id, member_id
        self.title.setText(f"Follow up with {name}")
        self.reload()

    def commitments(self) -> list[Commitment]:
        if self.store is None or self.member_id is None:
            return []
        with suppress(CirclekeeperError):       # the session went: nothing to follow up
            return self.store.open_for(self.session_id, self.member_id)
        return []

    def reload(self) -> None:
        while self.rows_box.count():
            old = self.rows_box.takeAt(0).widget()
            old.hide()
            old.deleteLater()
        self.rows = {}
        commitments = self.commitments()
        for commitment in commitments:
            row = FollowupRow(commitment)
            row.chosen.connect(self.mark)
            self.rows_box.addWidget(row)
            self.rows[commitment.id] = row
        self._spread_font()
        self.setVisible(bool(commitments))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._spread_font()

    def _spread_font(self) -> None:
        """Give the panel's font (the live view scales it with the window) to its
        words and buttons: under a style sheet, Qt does not pass it on."""
        for widget in self.findChildren(QWidget):
            if not isinstance(widget, (QLabel, QToolButton)):
                continue
            font = QFont(self.font())
            font.setBold(widget is self.title)
            widget.setFont(font)

    def mark(self, commitment_id: str, status: CommitmentStatus) -> None:
        """Save the choice at once; the row then shows what the vault holds."""
        store, session_id = self.store, self.session_id
        if store is not None and dialogs.run_or_report(
                self, lambda: store.mark(commitment_id, status, session_id),
                "The follow-up was not saved"):
            self.rows[commitment_id].set_status(status)
