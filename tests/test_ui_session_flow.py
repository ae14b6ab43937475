"""A whole evening through the main window: plan, open, take the register,
run, review; and, after a crash, the offer to carry on."""

from __future__ import annotations

from datetime import date, time

import pytest

from app.attendance import Presence
from app.context import AppContext
from app.formats import RoundKind, RoundPlan
from app.members import MemberDraft
from app.session_run import SessionRun, saved_turns
from app.sessions import SessionDraft, SessionStatus
from ui import dialogs
from ui.main_window import MainWindow
from ui.sessions import cues
from ui.sessions.session_flow import REGISTER, REVIEW
from ui.sessions.run_window import LIVE

ROUNDS = (RoundPlan("Check-in", RoundKind.EACH, 2), RoundPlan("Break", RoundKind.GROUP, 10))


@pytest.fixture(autouse=True)
def no_player(monkeypatch):
    monkeypatch.setattr(cues, "find_player", lambda platform=None: None)


@pytest.fixture
def evening(window):
    """A circle with three members and a session planned, shown in the window."""
    context = window.context
    from app.circles import CircleDraft

    circle = context.circles.create(CircleDraft("Tuesday circle"))
    people = context.members.add_many(circle.id, [MemberDraft(n) for n in
                                                  ("Ann Lee", "Bo Chen", "Cat Diaz")])
    session = context.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 6), time(19, 0), "UTC", ROUNDS))
    window.circles_page.reload(circle.id)
    return circle, people, session


def test_an_evening_from_register_to_review(window, evening, qtbot, clock):
    circle, people, session = evening
    panel = window.circles_page.sessions
    panel.show_circle(circle, session.id)
    with qtbot.waitSignal(panel.run_requested):
        panel.run_action.trigger()
    run_window = window.session_flow.windows[session.id]
    qtbot.addWidget(run_window)
    assert run_window.current_page() == REGISTER

    register = run_window.pages[REGISTER]
    register.mark(people[0].id, Presence.PRESENT)
    register.mark(people[2].id, Presence.PRESENT)
    register.mark(people[1].id, Presence.APOLOGIES)
    register.start_button.click()
    assert run_window.current_page() == LIVE

    live = run_window.live
    live.next_or_start()
    assert live.speaker.text() == "Ann Lee"
    clock.advance(100)
    live.next_or_start()
    clock.advance(130)
    live.next_or_start()                                  # into the break
    assert live.speaker.text() == "Break"
    assert window.context.sessions.get(session.id).status is SessionStatus.RUNNING
    clock.advance(600)
    live.next_or_start()                                  # the last turn ends the session

    assert run_window.current_page() == REVIEW
    assert [t.actual for t in saved_turns(window.context.vault, session.id)] == [100, 130, 600]
    review = run_window.pages[REVIEW]
    assert review.talk.rowCount() >= 2
    assert panel.current().status is SessionStatus.FINISHED      # the panel followed
    review.closed.emit()
    qtbot.waitUntil(lambda: session.id not in window.session_flow.windows)


def one_turn_spoken(context, clock, session, people) -> None:
    """A run started and Ann's 70-second turn saved, as a crash would leave it."""
    run = SessionRun.prepare(context.vault, clock, session.id, [p.id for p in people])
    run.do(run.timer.start)
    clock.advance(70)
    run.do(run.timer.next)


def test_a_running_session_is_offered_to_carry_on(window, evening, qtbot, clock,
                                                  monkeypatch):
    circle, people, session = evening
    context = window.context
    one_turn_spoken(context, clock, session, people)
    path = context.vault.path
    window.close()                                        # as if the laptop had died

    asked = []
    monkeypatch.setattr(dialogs, "ask_choice",
                        lambda parent, title, text, choices, detail="":
                        asked.append((text, choices)) or 0)
    fresh = MainWindow(AppContext(context.paths, clock))
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.open_vault(path)
    qtbot.waitUntil(lambda: bool(asked))
    text, choices = asked[0]
    assert "Tuesday circle" in text and choices[0] == "Carry on where it was"
    carried = fresh.session_flow.windows[session.id]
    qtbot.addWidget(carried)
    assert carried.current_page() == LIVE
    assert carried.live.speaker.text() == "Bo Chen"
    assert len(carried.run.timer.done) == 1
    fresh.session_flow.close_all(ask=False)
    assert fresh.context.sessions.get(session.id).status is SessionStatus.RUNNING


def test_closing_it_as_held_keeps_the_turns(window, evening, qtbot, clock, monkeypatch):
    circle, people, session = evening
    context = window.context
    one_turn_spoken(context, clock, session, people)
    monkeypatch.setattr(dialogs, "ask_choice", lambda *a, **k: 1)
    window.session_flow.offer_to_carry_on()
    assert context.sessions.get(session.id).status is SessionStatus.FINISHED
    assert [t.actual for t in saved_turns(context.vault, session.id)] == [70]
    assert window.session_flow.windows == {}


def test_locking_the_vault_closes_a_running_session_window_quietly(window, evening, qtbot):
    circle, people, session = evening
    flow = window.session_flow
    run_window = flow.open(session.id)
    qtbot.addWidget(run_window)
    run_window.pages[REGISTER].mark(people[0].id, Presence.PRESENT)
    run_window.pages[REGISTER].start_button.click()
    run_window.live.next_or_start()
    context = window.context
    path = context.vault.path
    assert context.sessions.get(session.id).status is SessionStatus.RUNNING
    window.show_start()                                   # Lock now / switch vault
    qtbot.waitUntil(lambda: flow.windows == {})
    assert context.vault is None
    context.open_vault(path)                              # still running: can be carried on
    assert [s.id for s in context.sessions.running()] == [session.id]


def test_member_changes_reach_an_open_session_window_and_its_projector(window, evening,
                                                                       qtbot):
    from app.members import Appearance

    circle, people, session = evening
    context = window.context
    flow = window.session_flow
    run_window = flow.open(session.id)
    qtbot.addWidget(run_window)
    run_window.pages[REGISTER].mark(people[0].id, Presence.PRESENT)
    run_window.pages[REGISTER].start_button.click()
    run_window.live.next_or_start()
    projector = run_window.open_projector()
    qtbot.addWidget(projector)
    assert projector.speaker.text() == "Ann"
    context.members.update(people[0].id, MemberDraft("Ann Lee", Appearance.NOT_NAMED))
    newcomer = context.members.add(circle.id, MemberDraft("Dev Patel"))
    window.circles_page.members.changed.emit()
    assert projector.speaker.text() == "Speaking"          # off the wall at once
    assert newcomer.id in [m.id for m in run_window.live.arrival_choices()]
    flow.close_all(ask=False)
