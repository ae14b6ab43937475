"""Following up commitments at the next session: in the facilitator's live view
while each person speaks, counted on the register, and never on the projector."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from app.attendance import Presence
from app.commitments import CommitmentStatus
from app.formats import RoundKind, RoundPlan
from app.members import Appearance, MemberDraft
from app.session_run import SessionRun, abandon
from app.sessions import SessionDraft
from app.settings import Settings
from ui.sessions import cues
from ui.sessions.followup_panel import FollowupPanel
from ui.sessions.live_view import LiveView
from ui.sessions.projector_view import ProjectorView
from ui.sessions.register_page import RegisterPage

ROUNDS = (RoundPlan("Check-in", RoundKind.EACH, 2),
          RoundPlan("Break", RoundKind.GROUP, 10),
          RoundPlan("Check-out", RoundKind.EACH, 1))
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def no_player(monkeypatch):
    monkeypatch.setattr(cues, "find_player", lambda platform=None: None)


@pytest.fixture
def people(context, circle):
    drafts = [MemberDraft("Alex Morgan", Appearance.FULL_NAME),
              MemberDraft("Bea Okafor", Appearance.FIRST_NAME),
              MemberDraft("Chris Lindqvist", Appearance.INITIALS)]
    return {m.name.split()[0]: m for m in context.members.add_many(circle.id, drafts)}


def plan(context, circle, day):
    return context.sessions.create(circle.id, SessionDraft(day, time(19, 0), "UTC", ROUNDS))


@pytest.fixture
def made(context, clock, circle, people):
    """Commitments made at the session before: two of Alex's, one of Bea's
    (a minute apart, as typed: they are listed in the order they were made)."""
    before = plan(context, circle, date(2026, 1, 1))
    abandon(context.vault, context.clock, before.id)
    made = {}
    for key, who, text in (("walk", "Alex", "Walk to work twice"),
                           ("read", "Alex", "Read a chapter"), ("call", "Bea", "Call my sister")):
        made[key] = context.commitments.add(before.id, people[who].id, text, named=True)
        clock.advance(60)
    return made


@pytest.fixture
def tonight(context, circle, made):
    return plan(context, circle, date(2026, 1, 8))


def show(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def live(qtbot, context, people, tonight):
    order = [people[n].id for n in ("Alex", "Bea", "Chris")]
    run = SessionRun.prepare(context.vault, context.clock, tonight.id, order)
    return show(qtbot, LiveView(run, {m.id: m for m in people.values()}, Settings(None)))


def shown(panel: FollowupPanel) -> list[str]:
    return [row.text.text() for row in panel.rows.values()] if panel.isVisible() else []


def status_of(context, commitment):
    return context.commitments.get(commitment.id).status


def test_the_speakers_open_commitments_show_while_they_speak(live):
    panel = live.followup
    assert shown(panel) == []                                  # not before the start
    QTest.keyClick(live, Qt.Key.Key_Space)
    assert live.speaker.text() == "Alex Morgan"
    assert panel.isVisible() and panel.title.text() == "Follow up with Alex Morgan"
    assert shown(panel) == ["Walk to work twice", "Read a chapter"]
    assert [row.made.text() for row in panel.rows.values()] == ["from 1 January"] * 2
    QTest.keyClick(live, Qt.Key.Key_Space)
    assert shown(panel) == ["Call my sister"]
    QTest.keyClick(live, Qt.Key.Key_Space)
    assert live.speaker.text() == "Chris Lindqvist"
    assert not panel.isVisible()                               # nothing for Chris: hidden
    QTest.keyClick(live, Qt.Key.Key_Space)
    assert live.speaker.text() == "Break" and not panel.isVisible()


def test_done_carry_on_and_let_go_are_saved_and_can_be_changed(qtbot, live, context, made,
                                                               tonight):
    QTest.keyClick(live, Qt.Key.Key_Space)
    walk = live.followup.rows[made["walk"].id]
    qtbot.mouseClick(walk.button(CommitmentStatus.DONE), LEFT)
    saved = context.commitments.get(made["walk"].id)
    assert (saved.status, saved.status_session_id) == (CommitmentStatus.DONE, tonight.id)
    assert walk.button(CommitmentStatus.DONE).isChecked()
    qtbot.mouseClick(walk.button(CommitmentStatus.CARRIED), LEFT)     # changed her mind
    assert status_of(context, made["walk"]) is CommitmentStatus.CARRIED
    assert [b.isChecked() for b in walk.group.buttons()] == [False, True, False]
    qtbot.mouseClick(walk.button(CommitmentStatus.CARRIED), LEFT)     # clicked off: open
    assert status_of(context, made["walk"]) is CommitmentStatus.OPEN
    assert not any(b.isChecked() for b in walk.group.buttons())
    read = live.followup.rows[made["read"].id]
    qtbot.mouseClick(read.button(CommitmentStatus.LET_GO), LEFT)
    assert status_of(context, made["read"]) is CommitmentStatus.LET_GO
    QTest.keyClick(live, Qt.Key.Key_Space)
    bea = live.followup.rows[made["call"].id]
    qtbot.mouseClick(bea.button(CommitmentStatus.DONE), LEFT)
    assert status_of(context, made["call"]) is CommitmentStatus.DONE
    QTest.keyClick(live, Qt.Key.Key_Backspace)                 # back to Alex: choices shown
    assert shown(live.followup) == ["Walk to work twice", "Read a chapter"]
    assert live.followup.rows[made["read"].id].button(CommitmentStatus.LET_GO).isChecked()


def test_a_follow_up_that_cannot_be_saved_is_said(qtbot, monkeypatch, live, context, made):
    from ui import dialogs

    QTest.keyClick(live, Qt.Key.Key_Space)
    context.commitments.remove(made["walk"].id)                # gone under the panel
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: errors.append(a[2]))
    row = live.followup.rows[made["walk"].id]
    qtbot.mouseClick(row.button(CommitmentStatus.DONE), LEFT)
    assert errors == ["That commitment is no longer there."]
    assert not row.button(CommitmentStatus.DONE).isChecked()


def all_text(widget: QWidget) -> str:
    return " | ".join(label.text() for label in widget.findChildren(QLabel))


def test_the_projector_shows_no_commitments(qtbot, live, made):
    projector = show(qtbot, ProjectorView(live.run, live.members))
    live.refreshed.connect(projector.refresh)
    seen, facilitator = [], []
    for _speaker in ("Alex", "Bea"):
        live.next_or_start()
        seen.append(all_text(projector))
        facilitator.append(all_text(live))
    assert projector.speaker.text() == "Bea"
    assert projector.findChildren(FollowupPanel) == []
    for private in ("Walk to work twice", "Read a chapter", "Call my sister", "Follow up"):
        assert private in " ".join(facilitator)                # the facilitator saw it...
        assert private not in " ".join(seen)                   # ...the room never did


def test_the_register_counts_what_will_come_up(qtbot, context, people, tonight, made):
    page = RegisterPage(context, tonight.id)
    qtbot.addWidget(page)
    page.show()
    assert page.followups.isVisible()
    assert page.followups.text() == ("3 open commitments from last time: each comes up at "
                                     "check-in if its owner is here.")
    page.mark(people["Alex"].id, Presence.PRESENT)
    assert page.followups.text() == ("2 open commitments from last time will come up at "
                                     "check-in (1 more for people not here).")
    page.mark(people["Bea"].id, Presence.PRESENT)
    assert page.followups.text() == ("3 open commitments from last time will come up at "
                                     "check-in.")
    context.commitments.mark(made["call"].id, CommitmentStatus.DONE, tonight.id)
    page.reload()                                              # followed up already
    assert page.followups.text() == ("2 open commitments from last time will come up at "
                                     "check-in.")


def test_a_first_session_has_nothing_to_count(qtbot, context, circle, people):
    page = RegisterPage(context, plan(context, circle, date(2026, 1, 1)).id)
    qtbot.addWidget(page)
    page.show()
    assert not page.followups.isVisible()
