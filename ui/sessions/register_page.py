"""The register, taken in the hall before the session starts: who is present,
who sent apologies, who is absent, and the order people speak in.

Every mark and every change of order is saved at once, so closing the window
(or a flat battery) loses nothing. The facilitator sees full names here.
"""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QButtonGroup, QFrame, QGroupBox, QHBoxLayout, QPlainTextEdit,
                               QPushButton, QScrollArea, QStackedWidget, QToolButton,
                               QVBoxLayout, QWidget)

from app.attendance import (Presence, RegisterLine, Tally, likely_end, shuffled,
                            speaking_order, start_problem)
from app.commitments import Commitment
from app.context import AppContext
from app.session_stats import minutes_text
from app.sessions import Session

from .. import dialogs
from ..text import plain_label
from .order_list import OrderList

ID_ROLE = Qt.ItemDataRole.UserRole
CHOICES = (Presence.PRESENT, Presence.APOLOGIES, Presence.ABSENT)
SEGMENT_STYLE = """
QToolButton { padding: 4px 10px; border: 1px solid palette(mid); background: palette(button); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); }
QToolButton:focus { border: 2px solid palette(highlight); }
"""


def session_facts(session: Session, circle_location: str = "") -> str:
    """"Tuesday 6 January 2026 · 19:00 · Village hall · Peer support evening"."""
    day = f"{session.day:%A} {session.day.day} {session.day:%B %Y}"
    facts = [day, session.start.strftime("%H:%M")]
    place = session.place or circle_location
    if place:
        facts.append(place)
    facts.append(session.format_name or "Own agenda")
    return " · ".join(facts)


def followup_text(to_follow_up: list[Commitment], present: set[str]) -> str:
    """"3 open commitments from last time will come up at check-in", counting
    those of people present (any others wait for their next session)."""
    here = sum(1 for c in to_follow_up if c.member_id in present)
    away = len(to_follow_up) - here
    if not here:
        return (f"{away} open commitment{'s' if away != 1 else ''} from last time: each "
                "comes up at check-in if its owner is here.") if away else ""
    text = (f"{here} open commitment{'s' if here != 1 else ''} from last time will come "
            "up at check-in")
    return text + (f" ({away} more for people not here)." if away else ".")


class PresenceRow(QWidget):
    """One member's name and a three-way choice. Tab reaches the row; the
    arrow keys move (and mark) within it, as with radio buttons."""

    chosen = Signal(str, object)     # member id, Presence

    def __init__(self, line: RegisterLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member_id = line.member.id
        self.name = plain_label(line.member.name, wrap=True)
        self.name.setMinimumWidth(120)
        self.setMinimumHeight(36)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.name, 1)
        segments = QHBoxLayout()
        segments.setSpacing(0)
        for presence in CHOICES:
            button = QToolButton()
            button.setText(presence.label)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(f"{presence.label}: {line.member.name}")
            button.setProperty("presence", presence.value)
            self.group.addButton(button)
            segments.addWidget(button)
        layout.addLayout(segments)
        self.set_presence(line.presence)
        self.group.buttonClicked.connect(
            lambda b: self.chosen.emit(self.member_id, Presence(b.property("presence"))))

    def button(self, presence: Presence) -> QToolButton:
        return next(b for b in self.group.buttons() if b.property("presence") == presence.value)

    def presence(self) -> Presence | None:
        checked = self.group.checkedButton()
        return Presence(checked.property("presence")) if checked else None

    def set_presence(self, presence: Presence | None) -> None:
        if presence is None:   # an exclusive group cannot uncheck its last button
            self.group.setExclusive(False)
            for b in self.group.buttons():
                b.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.button(presence).setChecked(True)


class RegisterPage(QWidget):
    """The register and speaking order of one session.

    `start_requested(order)` carries the member ids of those present, in
    speaking order; the session window starts the run with it."""

    start_requested = Signal(list)

    def __init__(self, context: AppContext, session_id: str, parent: QWidget | None = None,
                 *, rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self.context, self.session_id, self.rng = context, session_id, rng
        self.session = context.sessions.get(session_id)
        self.circle = context.circles.get(self.session.circle_id)
        self.lines: list[RegisterLine] = []
        self.rows: dict[str, PresenceRow] = {}
        self.order = OrderList()
        self.order.reordered.connect(self._save_order)
        self.summary = plain_label(wrap=True)
        self.summary.setObjectName("registerSummary")
        self.summary.setStyleSheet("font-weight: 600;")
        self.why_not = plain_label(wrap=True)
        self.why_not.setObjectName("muted")
        self.followups = plain_label(wrap=True)
        self.followups.setObjectName("muted")
        self.start_button = QPushButton("&Start the session")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda: self.start_requested.emit(self.order.ids()))
        self.agreement_button = QPushButton("Read the &agreement")
        self.agreement_button.setCheckable(True)
        self.agreement_button.toggled.connect(self._show_agreement)
        self.body = QStackedWidget()
        self.body.addWidget(self._register_body())
        self.body.addWidget(self._agreement_body())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._header())
        layout.addWidget(self.body, 1)
        layout.addLayout(self._footer())
        self.reload()

    # --- building ---------------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        title = plain_label(self.circle.name, wrap=True)
        title.setObjectName("pageTitle")
        facts = plain_label(session_facts(self.session, self.circle.location), wrap=True)
        facts.setObjectName("muted")
        titles = QVBoxLayout()
        titles.addWidget(title)
        titles.addWidget(facts)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.agreement_button, 0, Qt.AlignmentFlag.AlignTop)
        return header

    def _register_body(self) -> QWidget:
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(2)
        rows_widget = QWidget()
        rows_widget.setStyleSheet(SEGMENT_STYLE)
        outer = QVBoxLayout(rows_widget)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.rows_box)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(rows_widget)
        self.everyone_button = QPushButton("Mark &everyone present")
        self.everyone_button.setToolTip("Everyone not marked as having sent apologies.")
        self.everyone_button.clicked.connect(self.mark_everyone_present)
        self.empty = plain_label("This circle has no members yet. Add them on the "
                                 "circle's Members tab.", wrap=True)
        self.empty.setObjectName("emptyState")
        register = QGroupBox("Register")
        column = QVBoxLayout(register)
        top = QHBoxLayout()
        top.addWidget(self.everyone_button)
        top.addStretch(1)
        column.addLayout(top)
        column.addWidget(self.empty)
        column.addWidget(scroll, 1)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 8, 0, 8)
        row.addWidget(register, 3)
        row.addWidget(self._order_box(), 2)
        return body

    def _order_box(self) -> QGroupBox:
        box = QGroupBox("Speaking order")
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Alt+Up in the list")
        self.up_button.clicked.connect(lambda: self.order.move_current(-1))
        self.down_button = QPushButton("Move &down")
        self.down_button.setToolTip("Alt+Down in the list")
        self.down_button.clicked.connect(lambda: self.order.move_current(1))
        self.shuffle_button = QPushButton("S&huffle")
        self.shuffle_button.setToolTip("A random order of those present")
        self.shuffle_button.clicked.connect(self.shuffle)
        self.order.currentRowChanged.connect(lambda _: self._update_buttons())
        self.order_hint = hint = plain_label(wrap=True)
        hint.setObjectName("muted")
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.shuffle_button)
        column = QVBoxLayout(box)
        column.addWidget(hint)
        column.addWidget(self.order, 1)
        column.addLayout(buttons)
        return box

    def _agreement_body(self) -> QWidget:
        self.agreement = QPlainTextEdit()
        self.agreement.setReadOnly(True)
        self.agreement.setAccessibleName("Group agreement")
        font = QFont(self.font())
        font.setPointSizeF(max(self.font().pointSizeF(), 10.0) * 1.6)
        self.agreement.setFont(font)
        self.agreement.document().setDocumentMargin(16)
        self.agreement.setPlainText(
            self.circle.agreement or "This circle has no written agreement yet. "
            "Use “Edit circle…” to start one from a template.")
        return self.agreement

    def _footer(self) -> QHBoxLayout:
        texts = QVBoxLayout()
        texts.addWidget(self.summary)
        texts.addWidget(self.followups)
        texts.addWidget(self.why_not)
        footer = QHBoxLayout()
        footer.addLayout(texts, 1)
        footer.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return footer

    # --- showing ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the register and the saved order again from the vault."""
        self.session = self.context.sessions.get(self.session_id)
        self.lines = self.context.attendance.register(self.session_id)
        self.to_follow_up = [c for c in self.context.commitments.to_review(self.session_id)
                             if c.member_id and c.status_session_id != self.session_id]
        while self.rows_box.count():
            old = self.rows_box.takeAt(0).widget()
            old.hide()
            old.deleteLater()
        self.rows = {}
        for line in self.lines:
            row = PresenceRow(line)
            row.chosen.connect(self.mark)
            self.rows_box.addWidget(row)
            self.rows[line.member.id] = row
        self.empty.setVisible(not self.lines)
        self._set_tab_order()
        self._follow_marks()

    def _set_tab_order(self) -> None:
        """Down the register first, then the speaking order, then start."""
        chain: list[QWidget] = [self.agreement_button, self.everyone_button]
        for row in self.rows.values():
            chain.extend(row.group.buttons())
        chain += [self.order, self.up_button, self.down_button, self.shuffle_button,
                  self.start_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def present_ids(self) -> set[str]:
        return {line.member.id for line in self.lines if line.presence is Presence.PRESENT}

    def _names(self) -> dict[str, str]:
        return {line.member.id: line.member.name for line in self.lines}

    def _follow_marks(self) -> None:
        """Rebuild the order from who is present, keeping the order kept so far."""
        members = [line.member for line in self.lines]
        saved = tuple(self.order.ids()) or self.session.speaker_order
        order = speaking_order(members, self.present_ids(), saved)
        self.order.show_order(order, self._names())
        if tuple(order) != self.session.speaker_order:
            self._save_order()
        self._update_summary()

    def _update_summary(self) -> None:
        present = len(self.order.ids())
        seconds = self.session.planned_seconds(present)
        end = likely_end(self.session, present, self.context.clock.now())
        self.summary.setText(f"{Tally.of(self.lines).describe()} · about "
                             f"{minutes_text(seconds)}, ending about {end:%H:%M}")
        followups = followup_text(self.to_follow_up, self.present_ids())
        self.followups.setText(followups)
        self.followups.setVisible(bool(followups))
        problem = start_problem(self.session, present)
        self.why_not.setText(problem or "")
        self.why_not.setVisible(problem is not None)
        self.start_button.setEnabled(problem is None)
        self.everyone_button.setEnabled(bool(self._not_yet_present()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        row, count = self.order.currentRow(), self.order.count()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.shuffle_button.setEnabled(count > 1)
        self.order_hint.setText(
            "Those present, in the order they speak in rounds that go person by person. "
            "Drag a name, or use Alt+Up and Alt+Down, to move it." if count else
            "Nobody is marked present yet. People appear here as they are marked present.")

    def _show_agreement(self, on: bool) -> None:
        self.body.setCurrentIndex(1 if on else 0)
        self.agreement_button.setText("Back to the &register" if on else "Read the &agreement")

    # --- changing ---------------------------------------------------------------------

    def mark(self, member_id: str, presence: Presence) -> None:
        self.mark_many([member_id], presence)

    def _not_yet_present(self) -> list[str]:
        """Who "Mark everyone present" marks: everyone but those present already
        and those who sent apologies (usually known, and marked, beforehand)."""
        return [line.member.id for line in self.lines
                if line.presence not in (Presence.PRESENT, Presence.APOLOGIES)]

    def mark_everyone_present(self) -> None:
        self.mark_many(self._not_yet_present(), Presence.PRESENT)

    def mark_many(self, member_ids: list[str], presence: Presence) -> None:
        if not member_ids:
            return
        store = self.context.attendance
        if not dialogs.run_or_report(
                self, lambda: store.mark_many(self.session_id, member_ids, presence)):
            self.reload()   # show what the vault holds, not what was clicked
            return
        marked = set(member_ids)
        self.lines = [RegisterLine(line.member, presence) if line.member.id in marked else line
                      for line in self.lines]
        for member_id in member_ids:
            self.rows[member_id].set_presence(presence)
        self._follow_marks()

    def shuffle(self) -> None:
        self.order.show_order(shuffled(self.order.ids(), self.rng), self._names())
        self._save_order()

    def _save_order(self) -> None:
        ids = self.order.ids()
        if dialogs.run_or_report(
                self, lambda: self.context.sessions.set_speaker_order(self.session_id, ids)):
            self.session = self.context.sessions.get(self.session_id)
        self._update_summary()
