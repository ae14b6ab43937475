"""The circle editor: name, purpose, kind, place, schedule and group agreement."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from app.agreements import AgreementTemplate
from app.circles import Circle, CircleDraft, CircleKind

from .. import dialogs
from ..text import plain_label
from ..widgets.checked_dialog import CheckedDialog
from ..widgets.text_box import TextBox
from .schedule_editor import ScheduleEditor


class CircleEditor(CheckedDialog):
    """Calls `save(draft)` on OK; a refusal is shown inside and the dialog stays."""

    def __init__(self, templates: list[AgreementTemplate],
                 save: Callable[[CircleDraft], Circle],
                 circle: Circle | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit circle" if circle else "New circle", parent)
        self.setMinimumSize(640, 600)
        self._save, self._templates, self.saved = save, templates, None
        self.name = QLineEdit()
        self.name.setAccessibleName("Circle name")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of circle")
        for kind in CircleKind:
            self.kind.addItem(kind.label, kind)
        self.purpose = TextBox()
        self.purpose.setAccessibleName("Purpose")
        self.purpose.setPlaceholderText("What the circle is for, in a sentence or two")
        self.purpose.setMaximumHeight(80)
        self.purpose.setTabChangesFocus(True)
        self.location = QLineEdit()
        self.location.setAccessibleName("Where it meets")
        self.location.setPlaceholderText("e.g. Village hall, back room")
        self.schedule = ScheduleEditor()
        self.agreement = TextBox()
        self.agreement.setAccessibleName("Group agreement")
        self.agreement.setTabChangesFocus(True)
        self.template = QComboBox()
        self.template.setAccessibleName("Agreement template")
        for template in templates:
            self.template.addItem(template.title, template)
        use = QPushButton("Use &template")
        use.clicked.connect(self._use_template)
        self._lay_out(use)
        if circle is not None:
            self._fill(circle.as_draft())
        elif templates:
            self.agreement.setPlainText(templates[0].text)
        self.name.setFocus()

    def _lay_out(self, use: QPushButton) -> None:
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Purpose:", self.purpose)
        form.addRow("&Where:", self.location)
        form.addRow("W&hen:", self.schedule)
        pick = QHBoxLayout()
        pick.addWidget(plain_label("Start from:"))
        pick.addWidget(self.template, 1)
        pick.addWidget(use)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        heading = plain_label("Group agreement")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        layout.addLayout(pick)
        layout.addWidget(self.agreement, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.button_box("Save"))

    def _fill(self, draft: CircleDraft) -> None:
        self.name.setText(draft.name)
        self.kind.setCurrentIndex(self.kind.findData(draft.kind))
        self.purpose.setPlainText(draft.purpose)
        self.location.setText(draft.location)
        self.schedule.set_schedule(draft.schedule)
        self.agreement.setPlainText(draft.agreement)

    def _use_template(self) -> None:
        template: AgreementTemplate | None = self.template.currentData()
        if template is None:
            return
        current = self.agreement.toPlainText().strip()
        if current and current != template.text and not dialogs.ask_confirm(
                self, "Replace the agreement?",
                f"Replace the agreement text with the “{template.title}” template?",
                "Replace", "What is in the box now will be replaced."):
            return
        self.agreement.setPlainText(template.text)

    def draft(self) -> CircleDraft:
        return CircleDraft(self.name.text(), self.purpose.toPlainText(),
                           CircleKind(self.kind.currentData()), self.location.text(),
                           self.schedule.schedule(), self.agreement.toPlainText())

    def check(self) -> None:
        self.saved = self._save(self.draft())
