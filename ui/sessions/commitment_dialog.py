"""Adding or editing one commitment made at a session: who made it, what it
is, and whether they agreed to be named beside it in the shared summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QWidget

from app.commitments import Commitment
from app.members import Member

from ..text import plain_label
from ..widgets.checked_dialog import CheckedDialog

NO_ONE = "No one named"


@dataclass(frozen=True)
class CommitmentDraft:
    member_id: str | None
    text: str
    named: bool


def summary_line(text: str, member: Member | None, named: bool) -> str:
    """How the commitment reads in the shared summary."""
    shown = member.shared_name if member is not None and named else None
    return f"“{text}” — {shown}" if shown else f"“{text}” (without a name)"


def why_not_named(member: Member | None) -> str:
    """Why "named in the summary" cannot be ticked, or "" when it can."""
    if member is None:
        return ("With no one named, it stays out of everyone's check-in next time "
                "and appears without a name.")
    if member.shared_name is None:
        return (f"{member.name} chose not to be named in anything shared, so it "
                "appears without a name.")
    return ""


class CommitmentDialog(CheckedDialog):
    """Calls `save(draft)` on OK; a refusal is shown inside and the dialog stays."""

    def __init__(self, save: Callable[[CommitmentDraft], object], members: list[Member],
                 commitment: Commitment | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit commitment" if commitment else "Add a commitment", parent)
        self.setMinimumWidth(520)
        self._save, self.saved = save, None
        self.members = {m.id: m for m in members}
        self.who = QComboBox()
        self.who.setAccessibleName("Who made it")
        self.who.addItem(NO_ONE, None)
        for member in members:
            self.who.addItem(member.name, member.id)
        self.what = QLineEdit()
        self.what.setAccessibleName("What they will do")
        self.what.setPlaceholderText("e.g. Walk to work twice this week")
        self.what.setMaxLength(500)
        self.named = QCheckBox("&Named in the summary (they agreed)")
        self.named.setToolTip("Tick only if they said yes to their name beside it. Even "
                              "then it appears only as they chose to be named.")
        self.hint = plain_label("", wrap=True)
        self.hint.setObjectName("muted")
        form = QFormLayout(self)
        form.addRow("&Who:", self.who)
        form.addRow("&What:", self.what)
        form.addRow("", self.named)
        form.addRow("", self.hint)
        form.addRow(self.error)
        form.addRow(self.button_box("Save" if commitment else "Add"))
        if commitment is not None:
            self.who.setCurrentIndex(max(0, self.who.findData(commitment.member_id)))
            self.what.setText(commitment.text)
            self.named.setChecked(commitment.named)
        for signal in (self.who.currentIndexChanged, self.what.textChanged,
                       self.named.toggled):
            signal.connect(self._update)
        self._update()

    def member(self) -> Member | None:
        member_id = self.who.currentData()
        return self.members.get(member_id) if member_id else None

    def draft(self) -> CommitmentDraft:
        member = self.member()
        named = self.named.isChecked() and not why_not_named(member)
        return CommitmentDraft(member.id if member else None, self.what.text(), named)

    def _update(self) -> None:
        member = self.member()
        reason = why_not_named(member)
        self.named.setEnabled(not reason)
        text = self.what.text().strip() or "…"
        self.hint.setText(reason or "In the summary: " + summary_line(
            text, member, self.named.isChecked()))

    def check(self) -> None:
        self.saved = self._save(self.draft())
