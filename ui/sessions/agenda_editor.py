"""The agenda of a session, round by round: a list to add, remove and reorder
rounds (buttons, keys or drag and drop) and a form for the chosen round.

The rounds live in a dict keyed by a small number stored on each list item,
so reordering moves only the keys and no Python object is ever dragged.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QFormLayout,
                               QGridLayout, QGroupBox, QHBoxLayout, QLineEdit, QListWidget,
                               QListWidgetItem, QMenu, QPushButton,
                               QToolButton, QVBoxLayout, QWidget)

from app.formats import MAX_MINUTES, MAX_ROUNDS, RoundKind, RoundPlan, Step, StepWho

from ..text import plain_label
from ..widgets.action_button import action_button
from ..widgets.text_box import TextBox

KEY_ROLE = Qt.ItemDataRole.UserRole + 10
WHO_LABELS = {StepWho.PRESENTER: "Presenter", StepWho.GROUP: "Group"}


class MinutesBox(QDoubleSpinBox):
    """Minutes in half-minute steps, shown as "2" or "1.5", never "2.0"."""

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible)
        self.setDecimals(1)
        self.setRange(0.5, MAX_MINUTES)
        self.setSingleStep(0.5)
        self.setSuffix(" min")

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return f"{value:g}"


class StepsEditor(QWidget):
    """The timed steps of a peer-coaching case, one row of fields per step."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[QLineEdit, MinutesBox, QComboBox]] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.add_button = QPushButton("Add &step")
        self.add_button.clicked.connect(self._add_step)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_steps(self, steps: tuple[Step, ...]) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()   # deleteLater waits for the event loop; hide it now
                widget.deleteLater()
        self._rows = []
        for column, heading in enumerate(("Step", "Time", "Who")):
            label = plain_label(heading)
            label.setObjectName("muted")
            self.grid.addWidget(label, 0, column)
        for step in steps:
            self._add_row(step)

    def _add_row(self, step: Step) -> None:
        n = len(self._rows) + 1
        title = QLineEdit(step.title)
        title.setAccessibleName(f"Step {n} title")
        minutes = MinutesBox(f"Step {n} minutes")
        minutes.setValue(step.minutes)
        who = QComboBox()
        who.setAccessibleName(f"Step {n}: who speaks")
        for value, label in WHO_LABELS.items():
            who.addItem(label, value)
        who.setCurrentIndex(who.findData(step.who))
        title.setCursorPosition(0)
        title.setPlaceholderText("What happens in this step")
        remove = QToolButton()
        remove.setText("✕")
        remove.setAccessibleName(f"Remove step {n}")
        remove.setToolTip(f"Remove step {n}")
        row = (title, minutes, who)
        remove.clicked.connect(lambda: self._remove_step(row))
        title.textChanged.connect(self.changed)
        minutes.valueChanged.connect(self.changed)
        who.currentIndexChanged.connect(self.changed)
        for column, widget in enumerate((title, minutes, who, remove)):
            self.grid.addWidget(widget, n, column)
        self._rows.append(row)

    def steps(self) -> tuple[Step, ...]:
        return tuple(Step(title.text(), minutes.value(), StepWho(who.currentData()))
                     for title, minutes, who in self._rows)

    def _add_step(self) -> None:
        self._add_row(Step("", 5.0, StepWho.GROUP))
        self._rows[-1][0].setFocus()
        self.changed.emit()

    def _remove_step(self, row: tuple) -> None:
        self.set_steps(tuple(s for r, s in zip(self._rows, self.steps()) if r is not row))
        self.changed.emit()


class RoundForm(QGroupBox):
    """The chosen round's title, time, guidance and (coaching) steps."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Chosen round", parent)
        self._plan: RoundPlan | None = None
        self._loading = False
        self.title = QLineEdit()
        self.title.setAccessibleName("Round title")
        self.kind = plain_label("")
        self.minutes_label = plain_label("Minutes:")
        self.minutes = MinutesBox("Minutes")
        self.guidance = TextBox()
        self.guidance.setAccessibleName("Guidance for the facilitator")
        self.guidance.setPlaceholderText("A line or two shown on the facilitator's screen")
        self.guidance.setTabChangesFocus(True)
        self.guidance.setFixedHeight(self.guidance.fontMetrics().lineSpacing() * 4 + 12)
        self.steps = StepsEditor()
        self.form = QFormLayout()
        self.form.addRow("&Title:", self.title)
        self.form.addRow("Kind:", self.kind)
        self.form.addRow(self.minutes_label, self.minutes)
        self.form.addRow("&Guidance:", self.guidance)
        self.form.addRow("Steps:", self.steps)
        self.minutes_label.setBuddy(self.minutes)
        outer = QVBoxLayout(self)
        outer.addLayout(self.form)
        outer.addStretch(1)
        for signal in (self.title.textChanged, self.minutes.valueChanged,
                       self.guidance.textChanged, self.steps.changed):
            signal.connect(self._edited)
        self.show_plan(None)

    def show_plan(self, plan: RoundPlan | None) -> None:
        self._loading, self._plan = True, plan
        self.setEnabled(plan is not None)
        plan_or_blank = plan or RoundPlan("")
        self.title.setText(plan_or_blank.title)
        self.kind.setText(plan.kind.label if plan else "Choose a round in the list.")
        self.guidance.setPlainText(plan_or_blank.guidance)
        coaching = plan_or_blank.kind is RoundKind.COACHING
        self.form.setRowVisible(self.minutes, not coaching)
        self.form.setRowVisible(self.steps, coaching)
        self.minutes_label.setText("&Each speaker:" if plan_or_blank.kind.per_speaker
                                   else "&Whole round:")
        self.minutes.setSuffix(" min each" if plan_or_blank.kind.per_speaker else " min")
        self.minutes.setValue(plan_or_blank.minutes)
        self.steps.set_steps(plan_or_blank.steps if coaching else ())
        self._loading = False

    def plan(self) -> RoundPlan | None:
        if self._plan is None:
            return None
        coaching = self._plan.kind is RoundKind.COACHING
        steps = self.steps.steps() if coaching else ()
        minutes = sum(s.minutes for s in steps) if coaching else self.minutes.value()
        return replace(self._plan, title=self.title.text(), minutes=minutes,
                       guidance=self.guidance.toPlainText(), steps=steps)

    def _edited(self) -> None:
        if not self._loading and self._plan is not None:
            self._plan = self.plan()
            self.changed.emit()


class AgendaEditor(QWidget):
    changed = Signal()   # the rounds changed: the planner recomputes the end time

    def __init__(self, blocks: list[RoundPlan], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plans: dict[int, RoundPlan] = {}
        self._next_key = 0
        self.list = QListWidget()
        self.list.setAccessibleName("Rounds")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setTabKeyNavigation(False)
        self.list.setMinimumWidth(240)
        self.list.setSpacing(2)
        self.list.model().rowsMoved.connect(self._moved)
        self.list.currentRowChanged.connect(self._show_current)
        self.form = RoundForm()
        self.form.changed.connect(self._form_edited)
        self.add_menu = QMenu(self)
        for block in blocks:
            action = self.add_menu.addAction(
                f"{block.title}  ({block.kind.label.lower()}, {block.describe_time()})"
                .replace("&", "&&"))
            action.triggered.connect(lambda _=False, b=block: self.add_round(b))
        self.add_button = QPushButton("&Add round")
        self.add_button.setAccessibleName("Add round")
        self.add_button.setMenu(self.add_menu)
        self.remove_action = self._action("&Remove", self.remove_round, "Delete in the list")
        self.up_action = self._action("Move &up", lambda: self.move_round(-1),
                                      "Alt+Up in the list")
        self.down_action = self._action("Move dow&n", lambda: self.move_round(1),
                                        "Alt+Down in the list")
        self.list.installEventFilter(self)
        self._lay_out()
        self._update_actions()

    def _action(self, text: str, slot, hint: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(hint)
        action.triggered.connect(slot)
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Delete removes the chosen round, Alt+Up and Alt+Down move it (the
        same keys as the speaking order in the register)."""
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            key = event.key()
            if key == Qt.Key.Key_Delete and not alt:
                self.remove_round()
                return True
            if alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_round(-1 if key == Qt.Key.Key_Up else 1)
                return True
        return super().eventFilter(watched, event)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        for action in (self.remove_action, self.up_action, self.down_action):
            button = action_button(action)
            button.setToolTip(action.toolTip())
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = plain_label("Drag to reorder, or use Alt+Up and Alt+Down.",
                           wrap=True)
        hint.setObjectName("muted")
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(hint)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self.form, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(columns, 1)

    # ----- the rounds ---------------------------------------------------------
    def set_rounds(self, rounds: tuple[RoundPlan, ...] | list[RoundPlan]) -> None:
        self.list.clear()
        self._plans.clear()
        for plan in rounds:
            self.list.addItem(self._new_item(plan))
        self._relabel()
        self.list.setCurrentRow(0 if rounds else -1)
        self._show_current()
        self.changed.emit()

    def rounds(self) -> tuple[RoundPlan, ...]:
        return tuple(self._plans[self._key(self.list.item(row))]
                     for row in range(self.list.count()))

    def _new_item(self, plan: RoundPlan) -> QListWidgetItem:
        key, self._next_key = self._next_key, self._next_key + 1
        self._plans[key] = plan
        item = QListWidgetItem()
        item.setData(KEY_ROLE, key)
        return item

    @staticmethod
    def _key(item: QListWidgetItem) -> int:
        return int(item.data(KEY_ROLE))

    def _relabel(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            plan = self._plans[self._key(item)]
            title = plan.title.strip() or "(a round with no title)"
            item.setText(f"{row + 1}. {title}\n{plan.kind.label} · {plan.describe_time()}")

    # ----- doing --------------------------------------------------------------
    def add_round(self, plan: RoundPlan) -> None:
        if self.list.count() >= MAX_ROUNDS:
            return
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        self.list.insertItem(row, self._new_item(plan))
        self._relabel()
        self.list.setCurrentRow(row)
        self.list.setFocus()
        self._update_actions()
        self.changed.emit()

    def remove_round(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        item = self.list.takeItem(row)
        self._plans.pop(self._key(item), None)
        self._relabel()
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._show_current()
        self.changed.emit()

    def move_round(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        # moveRow's destination is "insert before": one further when moving down
        self.list.model().moveRow(QModelIndex(), row, QModelIndex(),
                                  target + 1 if step > 0 else target)
        self.list.setCurrentRow(target)

    def _moved(self, *_: object) -> None:
        self._relabel()
        self._update_actions()
        self.changed.emit()

    def _show_current(self, *_: object) -> None:
        item = self.list.currentItem()
        self.form.show_plan(self._plans[self._key(item)] if item else None)
        self._update_actions()

    def _form_edited(self) -> None:
        item, plan = self.list.currentItem(), self.form.plan()
        if item is None or plan is None:
            return
        self._plans[self._key(item)] = plan
        self._relabel()
        self.changed.emit()

    def _update_actions(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        self.remove_action.setEnabled(row >= 0)
        self.up_action.setEnabled(row > 0)
        self.down_action.setEnabled(0 <= row < count - 1)
        self.add_button.setEnabled(count < MAX_ROUNDS)
