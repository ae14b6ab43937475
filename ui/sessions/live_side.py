"""The live view's right-hand column, for the facilitator: the speaker's
commitments to follow up (hidden when there are none), then who is still
to speak this round."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.timer import SessionTimer, TimerStatus

from ..text import plain_label
from .followup_panel import FollowupPanel
from .queue_list import QueueList, queue_contents
from .turn_text import NameOf


class SideColumn(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.followup = FollowupPanel()
        self.queue_title = plain_label("Still to speak this round")
        self.queue = QueueList(self)
        self.queue_hint = plain_label("Drag to change the order.")
        self.queue_hint.setObjectName("muted")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.followup)
        column.addSpacing(4)
        column.addWidget(self.queue_title)
        column.addWidget(self.queue, 1)
        column.addWidget(self.queue_hint)

    def show_queue(self, timer: SessionTimer, name_of: NameOf) -> None:
        title, items, per_speaker = queue_contents(timer, name_of)
        self.queue_title.setText(title)
        self.queue.show_items(items, per_speaker, empty="No one else this round.")
        self.queue_hint.setVisible(per_speaker and len(items) > 1)
        self.setVisible(timer.status is not TimerStatus.FINISHED)
