"""The right side: one circle's heading, its members, and what it is about."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from app.circles import Circle

from ..text import plain_label
from ..widgets.action_button import action_button
from ..sessions.sessions_panel import SessionsPanel
from .members_panel import MembersPanel
from .notes_panel import NotesPanel
from .resources_panel import ResourcesPanel


class CircleView(QWidget):
    def __init__(self, members: MembersPanel, sessions: SessionsPanel,
                 resources: ResourcesPanel, notes: NotesPanel, actions: list[QAction],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label("")
        self.title.setObjectName("circleTitle")
        self.title.setWordWrap(True)
        self.facts = plain_label("", wrap=True)
        self.facts.setObjectName("muted")
        header_buttons = QHBoxLayout()
        header_buttons.setSpacing(6)
        for action in actions:
            header_buttons.addWidget(action_button(action))
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.facts)
        header.addLayout(titles, 1)
        header.addLayout(header_buttons)

        self.members = members
        self.sessions = sessions
        self.resources = resources
        self.notes = notes
        self.purpose = plain_label("", wrap=True, selectable=True)
        self.agreement = QPlainTextEdit()
        self.agreement.setReadOnly(True)
        self.agreement.setAccessibleName("Group agreement")
        about = QWidget()
        about_layout = QVBoxLayout(about)
        about_layout.addWidget(plain_label("Purpose"))
        about_layout.addWidget(self.purpose)
        about_layout.addSpacing(8)
        about_layout.addWidget(plain_label("Group agreement"))
        about_layout.addWidget(self.agreement, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(members, "&Members")
        self.tabs.addTab(sessions, "&Sessions")
        self.about = about
        self.tabs.addTab(about, "Purpose && a&greement")
        # Alt+O and Alt+N: letters no button on any tab uses
        self.tabs.addTab(resources, "Res&ources")
        self.tabs.addTab(notes, "Private &notes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

    def show_circle(self, circle: Circle, member_count: int) -> None:
        self.title.setText(circle.name + ("  (archived)" if circle.archived else ""))
        self.show_facts(circle, member_count)
        self.purpose.setText(circle.purpose or "No purpose written yet.")
        self.agreement.setPlainText(circle.agreement or "No group agreement yet. "
                                    "Use “Edit circle…” to start one from a template.")
        self.members.show_circle(circle.id)
        self.sessions.show_circle(circle)
        self.resources.show_circle(circle.id)
        self.notes.show_circle(circle.id)

    def show_facts(self, circle: Circle, member_count: int) -> None:
        people = "1 member" if member_count == 1 else f"{member_count} members"
        facts = [circle.kind.label, circle.schedule.describe()]
        if circle.location:
            facts.append(circle.location)
        facts.append(people)
        self.facts.setText(" · ".join(facts))
