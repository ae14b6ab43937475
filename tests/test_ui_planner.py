"""The session planner and the Sessions tab, driven through real widgets."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate, QModelIndex, Qt, QTime
from PySide6.QtWidgets import QApplication, QPushButton

from app.circles import CircleDraft
from app.formats import RoundKind, load_shipped
from app.members import MemberDraft
from app.schedule import Frequency, Schedule
from app.session_run import SessionRun
from app.sessions import SessionDraft, SessionStatus
from app.timezones import local_zone_name
from ui import dialogs
from ui.sessions import planner_dialog
from ui.sessions.planner_dialog import PlannerDialog
from ui.sessions.sessions_panel import SessionsPanel
from ui.widgets.undo_bar import UndoBar

from .ui_helpers import drive_dialog, press_ok

LEFT = Qt.MouseButton.LeftButton
TODAY = date(2026, 1, 6)            # the fake clock's day (a Tuesday)
NEXT_THURSDAY = date(2026, 1, 8)


def shipped(name: str):
    return next(f for f in load_shipped() if f.name == name)


@pytest.fixture
def weekly(context):
    return context.circles.create(CircleDraft(
        "Thursday circle", location="Village hall",
        schedule=Schedule(Frequency.WEEKLY, 3, time(18, 30))))


@pytest.fixture
def people(context, weekly):
    """Six current members and one who has left (not a speaker)."""
    context.members.add_many(weekly.id, [MemberDraft(n) for n in (
        "Ann", "Bo", "Cy", "Di", "Ed", "Flo")])
    context.members.add(weekly.id, MemberDraft("Gone", joined_on=date(2025, 1, 1),
                                               left_on=date(2025, 6, 1)))


@pytest.fixture
def bar(qtbot):
    undo = UndoBar()
    qtbot.addWidget(undo)
    return undo


@pytest.fixture
def panel(qtbot, context, weekly, people, bar):
    widget = SessionsPanel(context, bar.offer)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    widget.show_circle(weekly)
    return widget


def button(root, text: str) -> QPushButton:
    return next(b for b in root.findChildren(QPushButton) if b.text().replace("&", "") == text)


def click(qtbot, root, text: str) -> None:
    qtbot.mouseClick(button(root, text), LEFT)


def choose_format(dialog: PlannerDialog, name: str) -> None:
    """As a person picks from the list (setCurrentIndex alone is not 'activated')."""
    index = next(i for i in range(dialog.format.count())
                 if dialog.format.itemText(i).startswith(name))
    dialog.format.setCurrentIndex(index)
    dialog.format.activated.emit(index)


def expected_timing(start: time, seconds: float, people: int = 6) -> str:
    begin = datetime.combine(NEXT_THURSDAY, start)
    end = begin + timedelta(seconds=seconds)
    return f"Starts {begin:%H:%M} · ends about {end:%H:%M} with {people} people"


def row_texts(panel: SessionsPanel, session_id: str) -> list[str]:
    for top in range(panel.tree.topLevelItemCount()):
        heading = panel.tree.topLevelItem(top)
        for i in range(heading.childCount()):
            item = heading.child(i)
            if item.data(0, Qt.ItemDataRole.UserRole + 2) == session_id:
                return [item.text(c) for c in range(panel.tree.columnCount())]
    raise AssertionError("session not listed")


def select(panel: SessionsPanel, session_id: str) -> None:
    panel._select(session_id)
    assert panel.current().id == session_id


def plan_directly(context, circle, day=NEXT_THURSDAY, name="Short check-in"):
    fmt = shipped(name)
    return context.sessions.create(circle.id, SessionDraft(
        day, time(18, 30), "Europe/London", fmt.rounds, "Village hall", fmt.name))


# --- planning ------------------------------------------------------------------------------

def test_plan_a_session_from_a_format_and_see_it_upcoming(qtbot, monkeypatch, context,
                                                          weekly, panel):
    coaching = shipped("Peer coaching evening")

    def fill(dialog: PlannerDialog) -> None:
        assert dialog.date.date() == QDate(2026, 1, 8)      # the circle meets on Thursdays
        assert dialog.start.time() == QTime(18, 30)
        assert dialog.place.text() == "Village hall"
        assert dialog.zone.currentText() == local_zone_name()
        choose_format(dialog, coaching.name)
        assert dialog.agenda.rounds() == coaching.rounds
        assert dialog.timing.text() == expected_timing(time(18, 30), coaching.seconds(6))
        dialog.zone.setCurrentText("Europe/London")
        press_ok(qtbot, dialog)

    assert panel.stack.currentWidget() is panel.empty
    assert "No sessions planned yet." in panel.empty.text()
    seen = drive_dialog(monkeypatch, PlannerDialog, fill)
    click(qtbot, panel, "Plan a session…")
    assert seen and seen[0].result() == PlannerDialog.DialogCode.Accepted
    [session] = context.sessions.upcoming(weekly.id, TODAY)
    assert (session.day, session.start, session.timezone) == (
        NEXT_THURSDAY, time(18, 30), "Europe/London")
    assert session.rounds == coaching.rounds and session.format_name == coaching.name
    assert session.place == "Village hall"
    assert panel.upcoming_ids() == [session.id]
    assert panel.current().id == session.id
    end = session.planned_end(6)
    assert row_texts(panel, session.id) == [
        "Thu 8 Jan 2026", "18:30" + ("" if local_zone_name() == "Europe/London" else " GMT"),
        f"about {end:%H:%M}", "Planned", coaching.name]


def test_rounds_are_added_removed_and_reordered(qtbot, monkeypatch, context, weekly, panel):
    short = shipped("Short check-in")

    def titles(dialog: PlannerDialog) -> list[str]:
        """The rounds' titles as listed, checking the list shows them numbered in order."""
        rows = [dialog.agenda.list.item(i).text().split("\n")[0]
                for i in range(dialog.agenda.list.count())]
        shown = [row.split(". ", 1) for row in rows]
        assert [int(n) for n, _ in shown] == list(range(1, len(rows) + 1))
        assert [t for _, t in shown] == [r.title for r in dialog.agenda.rounds()]
        return [t for _, t in shown]

    def fill(dialog: PlannerDialog) -> None:
        choose_format(dialog, short.name)
        agenda = dialog.agenda
        start = titles(dialog)
        agenda.list.setCurrentRow(0)
        brk = next(a for a in agenda.add_menu.actions() if a.text().startswith("Break"))
        brk.trigger()                                             # added after the chosen one
        assert titles(dialog) == [start[0], "Break", *start[1:]]
        assert dialog.timing.text() == expected_timing(time(18, 30), short.seconds(6) + 600)
        assert agenda.list.item(1).text() == "2. Break\nWhole group · 10 min"
        qtbot.keyClick(agenda.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        assert titles(dialog) == [start[0], start[1], "Break", *start[2:]]
        assert agenda.list.currentRow() == 2
        click(qtbot, dialog, "Move up")
        click(qtbot, dialog, "Move up")
        assert titles(dialog)[0] == "Break"
        assert not button(dialog, "Move up").isEnabled()
        agenda.list.model().moveRow(QModelIndex(), 0, QModelIndex(), 2)   # as a drop does
        assert titles(dialog) == [start[0], "Break", *start[1:]]
        assert agenda.list.item(1).text().startswith("2. Break")
        agenda.list.setCurrentRow(1)
        qtbot.keyClick(agenda.list, Qt.Key.Key_Delete)
        assert titles(dialog) == start
        assert dialog.timing.text() == expected_timing(time(18, 30), short.seconds(6))
        agenda.list.setCurrentRow(0)
        agenda.form.title.selectAll()
        qtbot.keyClicks(agenda.form.title, "Arrivals")
        agenda.form.minutes.setValue(3)
        assert agenda.list.item(0).text() == "1. Arrivals\nPerson by person · 3 min each"
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PlannerDialog, fill)
    panel.plan_action.trigger()
    [session] = context.sessions.upcoming(weekly.id, TODAY)
    assert session.rounds[0].title == "Arrivals" and session.rounds[0].minutes == 3
    assert [r.title for r in session.rounds[1:]] == [r.title for r in short.rounds[1:]]


def test_coaching_steps_are_edited_and_change_the_end(qtbot, monkeypatch, context, weekly,
                                                      panel):
    coaching = shipped("Peer coaching evening")

    def fill(dialog: PlannerDialog) -> None:
        choose_format(dialog, coaching.name)
        agenda = dialog.agenda
        row = next(i for i, r in enumerate(agenda.rounds()) if r.kind is RoundKind.COACHING)
        agenda.list.setCurrentRow(row)
        steps = agenda.form.steps
        assert not agenda.form.minutes.isVisibleTo(dialog) and steps.isVisibleTo(dialog)
        click(qtbot, dialog, "Add step")
        title, minutes, _who = steps._rows[-1]
        qtbot.keyClicks(title, "Silent minute")
        minutes.setValue(1)
        qtbot.mouseClick(steps.grid.itemAtPosition(1, 3).widget(), LEFT)  # remove step 1
        plan = agenda.rounds()[row]
        assert plan.steps[-1].title == "Silent minute"
        assert len(plan.steps) == len(coaching.rounds[row].steps)
        assert plan.minutes == 28 - 5 + 1
        assert "24 min in 5 steps" in agenda.list.item(row).text()
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PlannerDialog, fill)
    panel.plan_action.trigger()
    [session] = context.sessions.upcoming(weekly.id, TODAY)
    assert session.planned_seconds(6) == coaching.seconds(6) - 4 * 60


def test_an_unknown_time_zone_is_refused_and_nothing_is_lost(qtbot, monkeypatch, context,
                                                             weekly, panel):
    def fill(dialog: PlannerDialog) -> None:
        dialog.place.setText("Library, room 2")
        dialog.zone.setCurrentText("Mars/Olympus_Mons")
        assert "choose a time zone from the list" in dialog.timing.text()
        press_ok(qtbot, dialog)
        assert dialog.isVisible() and dialog.error.isVisible()
        assert "Mars/Olympus_Mons" in dialog.error.text()
        assert "not a time zone" in dialog.error.text()
        assert context.sessions.list(weekly.id) == []
        assert dialog.place.text() == "Library, room 2"
        dialog.zone.setCurrentText("Europe/Paris")
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PlannerDialog, fill)
    panel.plan_action.trigger()
    [session] = context.sessions.list(weekly.id)
    assert (session.timezone, session.place) == ("Europe/Paris", "Library, room 2")


def test_a_round_with_no_title_is_refused_inside_the_dialog(qtbot, monkeypatch, context,
                                                            weekly, panel):
    def fill(dialog: PlannerDialog) -> None:
        dialog.agenda.list.setCurrentRow(0)
        dialog.agenda.form.title.clear()
        assert dialog.agenda.list.item(0).text().startswith("1. (a round with no title)")
        press_ok(qtbot, dialog)
        assert dialog.isVisible() and "title" in dialog.error.text()
        dialog.reject()

    drive_dialog(monkeypatch, PlannerDialog, fill)
    panel.plan_action.trigger()
    assert context.sessions.list(weekly.id) == []


# --- editing, deleting, running ------------------------------------------------------------

def test_edit_moves_the_session_and_keeps_it_chosen(qtbot, monkeypatch, context, weekly, panel):
    session = plan_directly(context, weekly)
    panel.show_circle(weekly, session.id)

    def fill(dialog: PlannerDialog) -> None:
        assert dialog.windowTitle() == "Edit session"
        assert dialog.agenda.rounds() == session.rounds
        assert dialog.format.currentText() == "Short check-in"
        dialog.date.setDate(QDate(2026, 1, 15))
        dialog.start.setTime(QTime(19, 15))
        dialog.place.setText("Back room")
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PlannerDialog, fill)
    click(qtbot, panel, "Edit…")
    moved = context.sessions.get(session.id)
    assert (moved.day, moved.start, moved.place) == (date(2026, 1, 15), time(19, 15),
                                                     "Back room")
    assert panel.current().id == session.id
    assert row_texts(panel, session.id)[0] == "Thu 15 Jan 2026"


def test_delete_then_undo(qtbot, context, weekly, panel, bar):
    first = plan_directly(context, weekly)
    second = plan_directly(context, weekly, NEXT_THURSDAY + timedelta(days=7))
    panel.show_circle(weekly, first.id)
    assert panel.upcoming_ids() == [first.id, second.id]
    click(qtbot, panel, "Delete")
    assert panel.upcoming_ids() == [second.id]
    assert bar.isVisibleTo(bar.parentWidget() or bar) and "Thu 8 Jan 2026" in bar.message.text()
    qtbot.mouseClick(bar.undo_button, LEFT)
    assert panel.upcoming_ids() == [first.id, second.id]
    assert panel.current().id == first.id
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)   # the Delete key works too
    assert context.sessions.upcoming(weekly.id, TODAY) == [context.sessions.get(second.id)]


def test_deleting_a_held_session_asks_first(qtbot, monkeypatch, context, clock, weekly, panel):
    session = plan_directly(context, weekly, TODAY)
    run = SessionRun.prepare(context.vault, clock, session.id, [])
    run.do(run.timer.start)
    run.do(run.timer.end)
    panel.show_circle(weekly, session.id)
    assert row_texts(panel, session.id)[3] == "Held"
    asked = []
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: asked.append(a) or False)
    panel.delete_action.trigger()
    assert asked and context.sessions.get(session.id)
    assert not panel.edit_action.isEnabled()
    assert panel.run_action.text() == "&Review…"
    with qtbot.waitSignal(panel.run_requested) as signal:     # the window shows the review
        panel.run_action.trigger()
    assert signal.args == [session.id]


def test_run_and_carry_on(qtbot, context, clock, weekly, panel):
    session = plan_directly(context, weekly, TODAY)
    panel.show_circle(weekly, session.id)
    assert button(panel, "Run…").isEnabled()
    with qtbot.waitSignal(panel.run_requested) as signal:
        click(qtbot, panel, "Run…")
    assert signal.args == [session.id]
    speakers = [m.id for m in context.members.list(weekly.id) if not m.has_left]
    run = SessionRun.prepare(context.vault, clock, session.id, speakers)
    run.do(run.timer.start)
    panel.show_circle(weekly, session.id)
    assert panel.current().status is SessionStatus.RUNNING
    assert button(panel, "Carry on…").isEnabled()
    assert not panel.delete_action.isEnabled() and not panel.edit_action.isEnabled()
    with qtbot.waitSignal(panel.run_requested) as signal:
        click(qtbot, panel, "Carry on…")
    assert signal.args == [session.id]


def test_past_sessions_are_listed_apart(context, weekly, panel):
    old = plan_directly(context, weekly, TODAY - timedelta(days=12))
    panel.show_circle(weekly)
    assert panel.upcoming_ids() == [] and panel.past_ids() == [old.id]
    assert row_texts(panel, old.id)[3] == "Not run"
    assert not panel.export_action.isEnabled()


# --- formats and the calendar --------------------------------------------------------------

def test_save_as_format_is_offered_first_next_time(qtbot, monkeypatch, context, weekly, panel):
    monkeypatch.setattr(planner_dialog, "ask_format_name", lambda parent, suggested: "Our way")

    def save_format(dialog: PlannerDialog) -> None:
        choose_format(dialog, "Short check-in")
        dialog.agenda.list.setCurrentRow(0)
        next(a for a in dialog.agenda.add_menu.actions() if a.text().startswith("Break")).trigger()
        click(qtbot, dialog, "Save as a format of this circle…")
        assert dialog.format.currentText() == "Our way  (this circle's)"
        assert "Saved as “Our way”" in dialog.note.text()
        dialog.reject()                                  # the session itself is not planned

    drive_dialog(monkeypatch, PlannerDialog, save_format)
    panel.plan_action.trigger()
    [own] = context.formats.own(weekly.id)
    assert own.name == "Our way" and [r.title for r in own.rounds][1] == "Break"
    assert context.sessions.list(weekly.id) == []

    def check_offered(dialog: PlannerDialog) -> None:
        assert dialog.format.itemText(0) == "Our way  (this circle's)"
        assert dialog.format.currentIndex() == 0
        assert dialog.agenda.rounds() == own.rounds
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PlannerDialog, check_offered)
    panel.plan_action.trigger()
    [session] = context.sessions.list(weekly.id)
    assert session.format_name == "Our way"


def test_changing_format_after_edits_asks_before_replacing(qtbot, monkeypatch, weekly, panel):
    answers = [False, True]
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: answers.pop(0))

    def fill(dialog: PlannerDialog) -> None:
        choose_format(dialog, "Short check-in")
        dialog.agenda.list.setCurrentRow(0)
        qtbot.keyClick(dialog.agenda.list, Qt.Key.Key_Delete)
        kept = dialog.agenda.rounds()
        choose_format(dialog, "Empathy circle")             # "no": the edits stay
        assert dialog.agenda.rounds() == kept
        assert dialog.format.currentText() == "Short check-in"
        choose_format(dialog, "Empathy circle")             # "yes": replaced
        assert dialog.agenda.rounds() == shipped("Empathy circle").rounds
        dialog.reject()

    drive_dialog(monkeypatch, PlannerDialog, fill)
    panel.plan_action.trigger()
    assert answers == []


def test_export_calendar_from_the_panel(qtbot, monkeypatch, context, weekly, panel, tmp_path):
    sessions = [plan_directly(context, weekly), plan_directly(context, weekly, date(2026, 7, 16))]
    plan_directly(context, weekly, TODAY - timedelta(days=7))      # past: not exported
    panel.show_circle(weekly)
    asked, told = [], []

    def ask_save(parent, title, filters, suggested="", suffix=""):
        asked.append((suggested, suffix))
        return tmp_path / "thursday"

    monkeypatch.setattr(dialogs, "ask_save_file", ask_save)
    monkeypatch.setattr(dialogs, "show_info", lambda *a, **k: told.append(a[2]))
    click(qtbot, panel, "Export calendar…")
    assert asked == [("thursday-circle.ics", "ics")]
    assert told and "2 upcoming sessions" in told[0]
    calendar = Calendar.from_ical((tmp_path / "thursday.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]).split("@")[0] for e in events] == [s.id for s in sessions]
    assert [e.decoded("DTSTART").hour for e in events] == [18, 18]
    assert events[0].decoded("DTEND") == sessions[0].planned_end(6)


def test_tab_leaves_the_rounds_list(qtbot, monkeypatch, weekly, panel):
    def fill(dialog: PlannerDialog) -> None:
        with qtbot.waitActive(dialog):
            dialog.activateWindow()
        dialog.agenda.list.setFocus()
        qtbot.keyClick(dialog.agenda.list, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not dialog.agenda.list
        dialog.reject()

    drive_dialog(monkeypatch, PlannerDialog, fill)
    panel.plan_action.trigger()
