"""Adding or editing a member: name, how they appear, private contact, dates."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from app.members import Appearance, Member, MemberDraft, shared_name

from ..text import plain_label
from ..widgets.checked_dialog import CheckedDialog
from ..widgets.optional_date import OptionalDate
from ..widgets.text_box import TextBox


class MemberDialog(CheckedDialog):
    """Calls `save(draft)` on OK; a refusal is shown inside and the dialog stays."""

    def __init__(self, save: Callable[[MemberDraft], Member], today: date,
                 member: Member | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit member" if member else "Add a member", parent)
        self.setMinimumWidth(520)
        self._save, self.saved = save, None
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.appearance = QComboBox()
        self.appearance.setAccessibleName("How they appear in anything shared")
        for choice in Appearance:
            self.appearance.addItem(choice.label, choice)
        self.preview = plain_label("")
        self.preview.setObjectName("muted")
        self.contact = TextBox()
        self.contact.setAccessibleName("Private contact details")
        self.contact.setPlaceholderText("Phone, email… (optional)")
        self.contact.setMaximumHeight(70)
        self.contact.setTabChangesFocus(True)
        private = plain_label("Private: contact details never appear in anything shared.",
                              wrap=True)
        private.setObjectName("privateBadge")
        self.joined = OptionalDate("Joined on", today)
        self.left = OptionalDate("Left on", today)
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("&Shown as:", self.appearance)
        form.addRow("", self.preview)
        form.addRow("&Contact:", self.contact)
        form.addRow("", private)
        form.addRow("", self.joined)
        form.addRow("", self.left)
        form.addRow(self.error)
        form.addRow(self.button_box("Save"))
        self.name.textChanged.connect(self._update_preview)
        self.appearance.currentIndexChanged.connect(self._update_preview)
        if member is not None:
            self._fill(member.as_draft())
        else:
            self.appearance.setCurrentIndex(self.appearance.findData(Appearance.FIRST_NAME))
            self.joined.set_value(today)
        self._update_preview()

    def _fill(self, draft: MemberDraft) -> None:
        self.name.setText(draft.name)
        self.appearance.setCurrentIndex(self.appearance.findData(draft.appearance))
        self.contact.setPlainText(draft.contact)
        self.joined.set_value(draft.joined_on)
        self.left.set_value(draft.left_on)

    def _update_preview(self) -> None:
        shown = shared_name(self.name.text(), self._appearance())
        self.preview.setText(f"In summaries and on the projector: {shown}" if shown
                             else "In summaries and on the projector: not named")

    def _appearance(self) -> Appearance:
        return Appearance(self.appearance.currentData())  # Qt hands StrEnums back as str

    def draft(self) -> MemberDraft:
        return MemberDraft(self.name.text(), self._appearance(),
                           self.contact.toPlainText(), self.joined.value(), self.left.value())

    def check(self) -> None:
        self.saved = self._save(self.draft())
