"""Adding or editing one of a circle's resources: kind, name and details."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from app.resources import Resource, ResourceDraft, ResourceKind

from ..text import plain_label
from ..widgets.checked_dialog import CheckedDialog
from ..widgets.text_box import TextBox

SHARED = ("Shared as typed: these details can be chosen into a session's summary "
          "for members to take home.")


class ResourceDialog(CheckedDialog):
    """Calls `save(draft)` on OK; a refusal is shown inside and the dialog stays."""

    def __init__(self, save: Callable[[ResourceDraft], Resource],
                 resource: Resource | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit resource" if resource else "Add a resource", parent)
        self.setMinimumWidth(520)
        self._save, self.saved = save, None
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of resource")
        for kind in ResourceKind:
            self.kind.addItem(kind.label, kind)
        self.title = QLineEdit()
        self.title.setAccessibleName("Name")
        self.title.setPlaceholderText("e.g. Samaritans, Cruse Bereavement Support, a book's title")
        self.detail = TextBox()
        self.detail.setAccessibleName("Details")
        self.detail.setPlaceholderText("Phone number, opening hours, address, author… "
                                       "(optional)")
        self.detail.setTabChangesFocus(True)
        self.detail.setMinimumHeight(110)
        note = plain_label(SHARED, wrap=True)
        note.setObjectName("muted")
        form = QFormLayout(self)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Name:", self.title)
        form.addRow("&Details:", self.detail)
        form.addRow("", note)
        form.addRow(self.error)
        form.addRow(self.button_box("Save"))
        if resource is not None:
            self._fill(resource.as_draft())
        else:
            self.kind.setCurrentIndex(self.kind.findData(ResourceKind.HELPLINE))

    def _fill(self, draft: ResourceDraft) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(draft.kind), 0))
        self.title.setText(draft.title)
        self.detail.setPlainText(draft.detail)

    def _kind(self) -> ResourceKind:
        return ResourceKind(self.kind.currentData())  # Qt hands StrEnums back as str

    def draft(self) -> ResourceDraft:
        return ResourceDraft(self.title.text(), self._kind(), self.detail.toPlainText())

    def check(self) -> None:
        if not self.title.text().strip():
            self.title.setFocus()
        self.saved = self._save(self.draft())
