"""The shareable record of one session, written by the facilitator after the
evening: themes that came up (without names), what the group celebrated,
commitments, resources to pass on, and the next meeting.

Everything is saved as it is typed or ticked. One status line speaks for
all three text fields: a failure while any of them is still unsaved, and
"Saved" only once all of them are. "Preview and share…" emits
`share_requested(session_id)` once every field is saved; whoever listens
shows the preview and the export (this module builds neither). What is
typed here is shared: the private note has its own editor and its own tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from app.context import AppContext
from app.resources import Resource
from app.session_records import RecordField
from app.sessions import Session
from app.summarise import default_next_meeting

from .. import dialogs
from ..text import bold_label, plain_label, tooltip
from ..widgets.action_button import action_button, make_action
from ..widgets.autosave import Autosaver, autosave_box, status_text
from ..widgets.check_marks import visible_check_boxes
from ..widgets.text_box import TextBox
from .commitments_editor import CommitmentsEditor

SHARED = "Shared with members: names only as each agreed"
SHARED_DETAIL = ("This is the summary members are given. Your private note and the "
                 "timings are on their own tabs and are never shared.")
NO_RESOURCES = ("This circle has no resources yet. They are added on the circle's "
                "Resources tab.")
ID_ROLE = Qt.ItemDataRole.UserRole


def resource_text(resource: Resource) -> str:
    """"Helpline: Samaritans — 116 123" (shown as plain text; lines joined by " · ")."""
    text = f"{resource.kind.label}: {resource.title}"
    detail = " · ".join(" ".join(line.split()) for line in resource.detail.splitlines()
                        if line.strip())
    return f"{text} — {detail}" if detail else text


def shared_banner(button: QWidget) -> QFrame:
    """The notice that what follows is shared, with `button` beside it."""
    banner = QFrame()
    banner.setObjectName("sharedBanner")
    banner.setStyleSheet("QFrame#sharedBanner { border: 1px solid palette(mid);"
                         " border-radius: 6px; background: palette(alternate-base); }"
                         " QFrame#sharedBanner QLabel { background: transparent; }")
    title = bold_label(SHARED, "sharedNotice")
    detail = plain_label(SHARED_DETAIL, wrap=True)
    detail.setObjectName("muted")
    texts = QVBoxLayout()
    texts.setSpacing(2)
    texts.addWidget(title)
    texts.addWidget(detail)
    row = QHBoxLayout(banner)
    row.setContentsMargins(12, 6, 8, 6)
    row.addLayout(texts, 1)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
    return banner


class ResourcePicker(QWidget):
    """The circle's resources, each ticked to pass it on in this session's summary."""

    def __init__(self, context: AppContext, session: Session,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.session = context, session
        self.list = QListWidget()
        self.list.setAccessibleName("Resources to pass on")
        self.list.setWordWrap(True)                 # long details wrap rather than scroll
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        visible_check_boxes(self.list)
        self.list.itemChanged.connect(self._toggled)
        self.empty = plain_label(NO_RESOURCES, wrap=True)
        self.empty.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)
        self.reload()

    def reload(self) -> None:
        resources = self.context.resources.list(self.session.circle_id)
        chosen = self.context.records.get(self.session.id).resource_ids
        self.list.blockSignals(True)
        self.list.clear()
        for resource in resources:
            item = QListWidgetItem(resource_text(resource))
            item.setData(ID_ROLE, resource.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if resource.id in chosen
                               else Qt.CheckState.Unchecked)
            if resource.detail:
                item.setToolTip(tooltip(resource.detail))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setVisible(bool(resources))
        self.empty.setVisible(not resources)

    def chosen(self) -> set[str]:
        return {self.list.item(r).data(ID_ROLE) for r in range(self.list.count())
                if self.list.item(r).checkState() == Qt.CheckState.Checked}

    def _toggled(self, item: QListWidgetItem) -> None:
        resource_id = item.data(ID_ROLE)
        chosen = item.checkState() == Qt.CheckState.Checked
        if not dialogs.run_or_report(self, lambda: self.context.records.choose_resource(
                self.session.id, resource_id, chosen)):
            QTimer.singleShot(0, self.reload)      # not while the item is the sender


class RecordEditor(QWidget):
    """The editable shareable record of one session."""

    share_requested = Signal(str)       # session id: show the preview and export

    def __init__(self, context: AppContext, session_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.session_id = context, session_id
        self.session = context.sessions.get(session_id)
        record = context.records.get(session_id)
        self.status = plain_label("", wrap=True)
        self.status.setObjectName("muted")
        self.themes = self._text_box(
            "Themes that came up", record.themes,
            "One theme per line, without names — for example:\nSleep\nStarting a new job")
        self.celebrations = self._text_box(
            "What the group celebrated", record.celebrations,
            "One per line — for example:\nA first week back at work")
        self.next_meeting = QLineEdit(record.next_meeting)
        self.next_meeting.setAccessibleName("Next meeting")
        self.next_meeting.setMaxLength(500)
        self.next_meeting.setPlaceholderText(default_next_meeting(context, self.session))
        self.savers: dict[RecordField, Autosaver] = {}
        for field, box in ((RecordField.THEMES, self.themes),
                           (RecordField.CELEBRATIONS, self.celebrations),
                           (RecordField.NEXT_MEETING, self.next_meeting)):
            self.savers[field] = self._autosave(field, box)
        self.commitments = CommitmentsEditor(context, self.session)
        self.resources = ResourcePicker(context, self.session)
        self.share_action = make_action(self, "&Preview and share…", self.request_share)
        self.share_button = action_button(self.share_action)
        self.share_button.setMinimumHeight(36)
        self.share_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(shared_banner(self.share_button))
        layout.addLayout(self._grid(), 1)
        layout.addLayout(self._next_meeting_row())
        layout.addWidget(self.status)

    def _text_box(self, name: str, text: str, placeholder: str) -> QPlainTextEdit:
        box = TextBox(text)
        box.setAccessibleName(name)
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        return box

    def _autosave(self, field: RecordField, box: QPlainTextEdit | QLineEdit) -> Autosaver:
        saver = autosave_box(box, lambda text: self.context.records.save(
            self.session_id, field, text))
        saver.saved.connect(self._show_status)
        saver.failed.connect(self._show_status)
        box.textChanged.connect(self._show_status)      # after the saver marks it dirty
        return saver

    def _show_status(self) -> None:
        self.status.setText(status_text(self.savers.values()))

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for row, column, title, widget in (
                (0, 0, "Themes that came up (no names)", self.themes),
                (1, 0, "What the group celebrated", self.celebrations),
                (0, 1, "Commitments", self.commitments),
                (1, 1, "Resources to pass on", self.resources)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            grid.addWidget(box, row, column)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        return grid

    def _next_meeting_row(self) -> QHBoxLayout:
        label = plain_label("&Next meeting:")
        label.setBuddy(self.next_meeting)
        hint = plain_label("Left empty, the summary gives the one shown in grey.")
        hint.setObjectName("muted")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.next_meeting, 1)
        row.addWidget(hint)
        return row

    def flush(self) -> bool:
        """Save every field now; False if any could not be saved."""
        results = [saver.flush() for saver in self.savers.values()]
        return all(results)

    @property
    def dirty(self) -> bool:
        return any(saver.dirty for saver in self.savers.values())

    @property
    def problem(self) -> str:
        """Why a field could not be saved ("" when none failed)."""
        return next((s.problem for s in self.savers.values() if s.dirty and s.problem), "")

    def reload_circle(self) -> None:
        """The circle's resources or members changed: show them as they are now."""
        self.resources.reload()
        current = self.commitments.current()
        self.commitments.reload(current.id if current else None)

    def discard(self) -> None:
        """Let go of unsaved text that can no longer be saved (the vault is closing)."""
        for saver in self.savers.values():
            saver.reset(None)

    def request_share(self) -> None:
        if not self.flush():
            dialogs.show_error(self, "Not saved yet",
                               "Part of the summary could not be saved, so it is not "
                               "ready to share yet.", self.status.text())
            return
        self.share_requested.emit(self.session_id)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.flush()         # a last try (its window flushed first): shown on the status
        super().hideEvent(event)
