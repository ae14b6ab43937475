"""The facilitator's live view of a running session: the round, who speaks,
the big timer, who is next, when we will finish at this pace, and the queue.

Every command goes through `run.do` (saved at once) and `dialogs.run_or_report`
(a refusal is a plain message). The view wakes only when the digits change (a
single-shot PreciseTimer re-armed for `timer.seconds_to_next_change()`; a coarse
one may fire early and wake twice), once a minute while paused or not started,
never once ended; a wake sets nothing but the digits unless the state changed.
A 30-second checkpoint saves the turn in progress while the timer runs.
The side column (`live_side.py`) also shows the speaker's commitments to follow up.
"""

from __future__ import annotations

import math
from contextlib import suppress
from typing import Callable, Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QMenu, QVBoxLayout, QWidget

from app.commitments import CommitmentStore
from app.errors import CirclekeeperError
from app.members import Member
from app.session_run import SessionRun
from app.settings import Settings
from app.timer import Cue, SessionTimer, TimerStatus

from .. import dialogs
from ..text import plain_label
from ..widgets.action_button import action_button
from ..widgets.timer_face import TimerFace
from .cues import CueChoices, Cues
from .live_menus import (fill_earlier, fill_people, menu_button, not_taking_part,
                         taking_part)
from .live_side import SideColumn
from .queue_list import scaled_font, text_scale
from .turn_text import next_text, pace_text, round_lines, speaker_lines

CHECKPOINT_MS = 30_000


class LiveView(QWidget):
    """`finished` once the session has ended; `refreshed` after every repaint
    (the projector follows it rather than keeping a timer of its own)."""

    finished = Signal()
    refreshed = Signal()

    def __init__(self, run: SessionRun | None = None,
                 members: Mapping[str, Member] | None = None,
                 settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: SessionRun | None = None
        self.members: dict[str, Member] = {}
        self.commitments: CommitmentStore | None = None     # to follow up (from show_run)
        self.settings = settings or Settings(None)
        self._seen_changes = -1
        self._pace_due = -math.inf          # monotonic time the pace line may next change
        self._told_finished = False
        self._checkpoint_failed = False
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self.refresh)
        self._checkpoint = QTimer(self)
        self._checkpoint.setInterval(CHECKPOINT_MS)
        self._checkpoint.timeout.connect(self._save_checkpoint)
        self._build()
        self.cues = Cues.here(self.settings, self.face.pulse)
        self._build_cue_choices()
        if run is not None:
            self.show_run(run, members or {})
        else:                                   # nothing to command until show_run
            for control in (*self.actions(), self.earlier_button, self.arrived_button,
                            self.left_button):
                control.setEnabled(False)

    # --- building ----------------------------------------------------------------------

    def _action(self, text: str, keys: list, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _size(self, widget: QWidget, factor: float, bold: bool = False) -> None:
        self._sized.append((widget, factor, bold))
        widget.setFont(scaled_font(self, factor, bold))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        scale = text_scale(self.height())
        for widget, factor, bold in self._sized:
            widget.setFont(scaled_font(self, factor * scale, bold))

    def _build(self) -> None:
        self._sized: list[tuple[QWidget, float, bool]] = []
        key = Qt.Key
        self.next_action = self._action("Start (Space)", [key.Key_Space], self.next_or_start)
        self.pause_action = self._action("Pause (P)", [key.Key_P], self.toggle_pause)
        self.add_action = self._action(
            "+1 minute (+)", [key.Key_Plus, Qt.KeyboardModifier.ShiftModifier | key.Key_Plus,
                              key.Key_Equal, Qt.KeyboardModifier.KeypadModifier | key.Key_Plus],
            self.add_minute)
        self.previous_action = self._action("Previous (Backspace)",
                                            [key.Key_Backspace], self.previous)
        self.pass_action = self._action("Passes (S)", [key.Key_S], self.pass_turn)
        self.end_action = self._action("End session…", [], self.end_session)

        self.round_title = plain_label("", wrap=True)
        self._size(self.round_title, 1.6, bold=True)
        self.round_count = plain_label("")
        self.round_count.setObjectName("muted")
        self.guidance = plain_label("", wrap=True)
        self.guidance.setObjectName("muted")
        self._size(self.guidance, 1.15)
        self.speaker_caption = plain_label("")
        self.speaker_caption.setObjectName("muted")
        self.speaker = plain_label("", wrap=True)
        self._size(self.speaker, 2.2, bold=True)
        self.partner = plain_label("")
        self._size(self.partner, 1.3)
        self.face = TimerFace(self)
        self.next_label = plain_label("", wrap=True)
        self._size(self.next_label, 1.3)
        self.pace = plain_label("")
        self._size(self.pace, 1.3)
        self.side = SideColumn()                # the follow-up panel and the queue
        self.followup, self.queue = self.side.followup, self.side.queue
        self.queue_title, self.queue_hint = self.side.queue_title, self.side.queue_hint
        self._size(self.queue_title, 1.1, bold=True)
        self._size(self.queue, 1.15)
        self._size(self.followup, 1.05)
        self.queue.reordered.connect(self.reorder_queue)
        self._lay_out()

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.round_title, 1)
        heading.addWidget(self.round_count, 0, Qt.AlignmentFlag.AlignTop)
        now = QVBoxLayout()
        now.setSpacing(4)
        for widget in (self.speaker_caption, self.speaker, self.partner):
            now.addWidget(widget)
        now.addWidget(self.face, 1)
        below = QHBoxLayout()
        below.addWidget(self.next_label, 1)
        below.addWidget(self.pace, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        now.addLayout(below)
        now.addStretch(0)            # takes the room when the face is hidden (at the end)
        middle = QHBoxLayout()
        middle.setSpacing(20)
        middle.addLayout(now, 3)
        middle.addWidget(self.side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(heading)
        layout.addWidget(self.guidance)
        layout.addSpacing(6)
        layout.addLayout(middle, 1)
        layout.addLayout(self._command_row())
        self.extras_row = QHBoxLayout()
        layout.addLayout(self.extras_row)
        self._build_extras()

    def _command_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        for action in (self.previous_action, self.pause_action, self.add_action,
                       self.pass_action):
            button = action_button(action)
            button.setMinimumHeight(44)
            row.addWidget(button, 1)
        self.next_button = action_button(self.next_action)
        self.next_button.setMinimumHeight(44)
        self._size(self.next_button, 1.25, bold=True)
        row.addWidget(self.next_button, 2)
        return row

    def _build_extras(self) -> None:
        self.earlier_button = menu_button("Started earlier…",
                                          lambda menu: fill_earlier(menu, self.started_earlier))
        self.arrived_button = menu_button("Someone arrived…", self._fill_arrived)
        self.left_button = menu_button("Someone left…", self._fill_left)
        for button in (self.earlier_button, self.arrived_button, self.left_button):
            self.extras_row.addWidget(button)
        self.extras_row.addStretch(1)

    def _build_cue_choices(self) -> None:
        self.cue_choices = CueChoices(self.cues)
        self.chime_box, self.flash_box = self.cue_choices.chime_box, self.cue_choices.flash_box
        self.extras_row.addWidget(self.cue_choices)
        self.extras_row.addSpacing(16)
        self.extras_row.addWidget(action_button(self.end_action))

    # --- the run -------------------------------------------------------------------------

    def show_run(self, run: SessionRun, members: Mapping[str, Member]) -> None:
        self.run = run
        self.commitments = CommitmentStore(run.vault, run.clock)
        self.members = dict(members)
        self._seen_changes = -1
        self._pace_due = -math.inf
        self._told_finished = False
        self.refresh()

    def set_members(self, members: Mapping[str, Member]) -> None:
        """The circle's members changed (a newcomer, a new naming choice)."""
        self.members = dict(members)
        self._seen_changes = -1             # names are part of what is shown
        self.refresh()

    @property
    def timer(self) -> SessionTimer:
        return self.run.timer

    def name_of(self, member_id: str | None) -> str:
        """The facilitator sees full names."""
        member = self.members.get(member_id) if member_id else None
        return member.name if member else "Someone"

    def stop(self) -> None:
        """Stop waking up (the window is closing)."""
        self._tick.stop()
        self._checkpoint.stop()

    # --- commands (buttons, keys, menus and tests all come here) -------------------------

    def _do(self, command: Callable[[], object],
            title: str = "The timer could not do that") -> bool:
        done = dialogs.run_or_report(self, lambda: self.run.do(command), title)
        self.refresh()
        return done

    def next_or_start(self) -> None:
        timer = self.timer
        self._do(timer.start if timer.status is TimerStatus.READY else timer.next)

    def toggle_pause(self) -> None:
        self._do(self.timer.toggle_pause)

    def add_minute(self) -> None:
        self._do(lambda: self.timer.add_time(60))

    def previous(self) -> None:
        self._do(self.timer.previous)

    def pass_turn(self) -> None:
        self._do(self.timer.pass_turn)

    def started_earlier(self, seconds: float) -> None:
        self._do(lambda: self.timer.started_earlier(seconds))

    def arrive(self, member_id: str) -> None:
        dialogs.run_or_report(self, lambda: self.run.arrive(member_id),
                              "The timer could not do that")
        self.refresh()

    def leave(self, member_id: str) -> None:
        self._do(lambda: self.timer.remove_speaker(member_id))

    def reorder_queue(self, speakers: list[str]) -> None:
        """The queue list was dragged into a new order."""
        if not self._do(lambda: self.timer.reorder(speakers)):
            QTimer.singleShot(0, self._show_queue)

    def end_session(self) -> None:
        if dialogs.ask_confirm(self, "End the session",
                               "End the session now?", "End session",
                               "Turns already spoken are kept. Rounds not reached "
                               "are not recorded."):
            self._do(self.timer.end)

    # --- menus ---------------------------------------------------------------------------

    def arrival_choices(self) -> list[Member]:
        return not_taking_part(self.members, self.timer.order)

    def _fill_arrived(self, menu: QMenu) -> None:
        fill_people(menu, self.arrival_choices(), self.arrive,
                    "Everyone in the circle is already here.")

    def _fill_left(self, menu: QMenu) -> None:
        fill_people(menu, taking_part(self.members, self.timer.order), self.leave,
                    "No one is taking part.")

    # --- showing -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the timer as it is now, and arm the next wake-up."""
        if self.run is None:
            return
        timer = self.run.timer
        changed = timer.changes != self._seen_changes
        if changed:
            self._seen_changes = timer.changes
            self._show_state()
        status, cue = timer.status, timer.cue
        self._show_clock(timer, status, cue)
        now = timer.clock.monotonic()
        if changed or now >= self._pace_due:
            self._show_pace(now)
        self._arm(timer, status)
        self.cues.observe(timer.current, cue, status is TimerStatus.RUNNING)
        self.refreshed.emit()
        if status is TimerStatus.FINISHED and not self._told_finished:
            self._told_finished = True
            self.finished.emit()

    def _show_state(self) -> None:
        timer, status = self.timer, self.timer.status
        title, count, guidance = round_lines(timer)
        self.round_title.setText(title)
        self.round_count.setText(count)
        self.guidance.setText(guidance)
        self.guidance.setVisible(bool(guidance))
        caption, headline, detail = speaker_lines(timer, self.name_of)
        self.speaker_caption.setText(caption)
        self.speaker.setText(headline)
        self.partner.setText(detail)
        self.partner.setVisible(bool(detail))
        self.next_label.setText(next_text(timer, self.name_of))
        self._show_queue()
        turn = timer.current
        person = (turn.speaker or turn.presenter) if turn is not None else None
        self.followup.show_for(self.commitments, self.run.session.id, person,
                               self.name_of(person))
        self._show_actions()
        self.face.setVisible(status is not TimerStatus.FINISHED)
        if status is not TimerStatus.RUNNING:
            self._checkpoint.stop()
        elif not self._checkpoint.isActive():
            self._checkpoint.start()

    def _show_queue(self) -> None:
        self.side.show_queue(self.timer, self.name_of)

    def _show_actions(self) -> None:
        status = self.timer.status
        active = status in (TimerStatus.RUNNING, TimerStatus.PAUSED)
        self.next_action.setText("Start (Space)" if status is TimerStatus.READY
                                 else "Next (Space)")
        self.next_action.setEnabled(status is not TimerStatus.FINISHED)
        self.pause_action.setText("Resume (P)" if status is TimerStatus.PAUSED else "Pause (P)")
        for action in (self.pause_action, self.add_action):
            action.setEnabled(active)
        self.pass_action.setEnabled(active and self.timer.current.speaker is not None)
        self.previous_action.setEnabled(active and bool(self.timer.done))
        self.end_action.setEnabled(active)       # nothing to end before the start
        self.earlier_button.setEnabled(active)
        self.left_button.setEnabled(status is not TimerStatus.FINISHED)
        self.arrived_button.setEnabled(status is not TimerStatus.FINISHED)

    def _show_clock(self, timer: SessionTimer, status: TimerStatus, cue: Cue) -> None:
        if status is TimerStatus.RUNNING:
            self.face.show_time(timer.remaining, cue)
        elif status is TimerStatus.PAUSED:
            self.face.show_time(timer.remaining, cue, "paused")
        elif status is TimerStatus.READY:
            first = timer.next_turn()
            self.face.show_time(first.allowed if first else 0.0, cue, "ready to start")

    def _show_pace(self, now: float) -> None:
        """The "we finish at" line. The projected end moves no faster than the
        clock (not at all while time is left): no change before its next minute."""
        end = self.timer.projected_end()
        text = pace_text(self.timer, self.run.session, end)
        if self.pace.text() != text:
            self.pace.setText(text)
        self._pace_due = now + 60 - end.second - end.microsecond / 1e6

    # --- waking up -------------------------------------------------------------------------

    def _arm(self, timer: SessionTimer, status: TimerStatus) -> None:
        if status is TimerStatus.RUNNING:
            wait = timer.seconds_to_next_change()
        elif status in (TimerStatus.READY, TimerStatus.PAUSED):
            end = timer.projected_end()      # moves with the wall clock: once a minute
            wait = 60 - end.second - end.microsecond / 1e6
        else:
            wait = None
        if wait is None:
            self._tick.stop()
        else:
            self._tick.start(max(1, math.ceil(round(wait * 1000, 3)) + 2))   # just after the flip

    def _save_checkpoint(self) -> None:
        """Report a failing disk once, not every half minute."""
        if self._checkpoint_failed:             # already said so: keep trying quietly
            with suppress(CirclekeeperError, OSError):
                self.run.checkpoint()
                self._checkpoint_failed = False
            return
        self._checkpoint_failed = not dialogs.run_or_report(self, self.run.checkpoint)
