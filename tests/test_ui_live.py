"""The live timer view, the projector and the cues, driven with real keys over a
real vault session and a fake clock: advance the clock, repaint, look."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from app.attendance import AttendanceStore, Mark, Presence
from app.formats import RoundKind, RoundPlan, Step, StepWho
from app.members import Appearance, MemberDraft
from app.session_run import SessionRun, saved_turns
from app.sessions import SessionDraft
from app.settings import Settings
from app.timer import Cue, TimerStatus
from ui import dialogs
from ui.sessions import cues
from ui.sessions.cues import Player
from ui.sessions.live_view import LiveView
from ui.sessions.projector_view import ProjectorView
from ui.widgets.timer_face import PROJECTOR, TimerFace, spoken_time

ROUNDS = (RoundPlan("Check-in", RoundKind.EACH, 2, "How are you arriving tonight?"),
          RoundPlan("Break", RoundKind.GROUP, 10, "Tea and a stretch."),
          RoundPlan("Check-out", RoundKind.EACH, 1))
HOSTILE = '<b>Bold</b> <img src="file:///etc/hostname">'


@pytest.fixture
def people(context, circle):
    """Five members, each choosing a different way to appear in shared things."""
    drafts = [MemberDraft("Alex Morgan", Appearance.FULL_NAME),
              MemberDraft("Chris Lindqvist", Appearance.INITIALS),
              MemberDraft("Dana Whitfield", Appearance.NOT_NAMED),
              MemberDraft("Bea Okafor", Appearance.FIRST_NAME),
              MemberDraft("Eli Santos", Appearance.FIRST_NAME)]
    return {m.name.split()[0]: m for m in context.members.add_many(circle.id, drafts)}


def prepare(context, circle, people, names=("Alex", "Chris", "Dana", "Bea"),
            rounds=ROUNDS) -> SessionRun:
    """A session at 19:00 Berlin time (the fake clock says 18:00 UTC = 19:00 there)."""
    session = context.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 6), time(19, 0), "Europe/Berlin", rounds, "Hall", "Test format"))
    order = [people[n].id for n in names]
    return SessionRun.prepare(context.vault, context.clock, session.id, order)


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)    # shortcuts answer in the active window
    return widget


@pytest.fixture
def no_player(monkeypatch):
    monkeypatch.setattr(cues, "find_player", lambda platform=None: None)


@pytest.fixture
def live(qtbot, context, circle, people, no_player):
    run = prepare(context, circle, people)
    members = {m.id: m for m in people.values()}
    return show(qtbot, LiveView(run, members, Settings(None)))


def press(view, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(view, key, modifier)


def later(view, clock, seconds: float) -> None:
    """Time passes; the view repaints as its timer would have."""
    clock.advance(seconds)
    view.refresh()


# --- what the facilitator sees ---------------------------------------------------

def test_space_starts_and_the_view_shows_speaker_time_next_and_pace(live, clock):
    assert live.next_button.text() == "Start (Space)"
    assert live.speaker.text() == "Press Start (Space) to begin"
    assert live.face.text == "2:00"
    assert live.pace.text() == "If we start now, we finish at 19:22"   # 8 + 10 + 4 minutes
    assert live.queue.ids()[0] == live.timer.order[0]

    press(live, Qt.Key.Key_Space)
    assert live.timer.status is TimerStatus.RUNNING
    assert live.next_button.text() == "Next (Space)"
    assert (live.round_title.text(), live.round_count.text()) == ("Check-in", "Round 1 of 3")
    assert live.guidance.text() == "How are you arriving tonight?"
    assert (live.speaker_caption.text(), live.speaker.text()) == ("Speaking now", "Alex Morgan")
    assert live.next_label.text() == "Next: Chris Lindqvist"
    assert [live.queue.item(r).text() for r in range(live.queue.count())] == [
        "Chris Lindqvist", "Dana Whitfield", "Bea Okafor"]
    later(live, clock, 47)
    assert live.face.text == "1:13"
    assert live.face.accessibleDescription() == "1 minute 13 seconds left"
    assert live.pace.text() == "At this pace we finish at 19:22 (planned 19:22)"


def test_cue_goes_green_amber_red_then_counts_the_overrun(live, clock):
    press(live, Qt.Key.Key_Space)
    later(live, clock, 95)
    assert (live.face.text, live.face.cue) == ("0:25", Cue.GREEN)
    later(live, clock, 1)                                  # 24 s = a fifth of 2 minutes
    assert (live.face.text, live.face.cue, live.face.caption) == ("0:24", Cue.AMBER,
                                                                  "nearly time")
    later(live, clock, 24)
    assert (live.face.text, live.face.cue, live.face.caption) == ("0:00", Cue.RED, "time is up")
    later(live, clock, 30)
    assert (live.face.text, live.face.cue, live.face.caption) == ("+0:30", Cue.RED, "over time")
    assert live.face.accessibleDescription() == "30 seconds over"
    later(live, clock, 30)                                 # a minute over: we finish later
    assert live.pace.text() == "At this pace we finish at 19:23 (planned 19:22)"


def test_p_pauses_the_clock_and_resumes_it(live, clock):
    press(live, Qt.Key.Key_Space)
    later(live, clock, 10)
    press(live, Qt.Key.Key_P)
    assert live.timer.status is TimerStatus.PAUSED
    assert (live.face.text, live.face.caption) == ("1:50", "paused")
    assert live.pause_action.text() == "Resume (P)"
    later(live, clock, 300)
    assert live.face.text == "1:50"
    assert not live._checkpoint.isActive()
    assert live._tick.interval() > 1000          # only the "finish at" minute wakes it
    press(live, Qt.Key.Key_P)
    later(live, clock, 5)
    assert (live.face.text, live.face.caption) == ("1:45", "time left")


def test_plus_and_equals_add_a_minute(live, clock):
    press(live, Qt.Key.Key_Space)
    later(live, clock, 30)
    press(live, Qt.Key.Key_Plus)
    assert live.face.text == "2:30"
    press(live, Qt.Key.Key_Equal)
    assert live.face.text == "3:30"
    press(live, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)
    assert live.face.text == "4:30"


def test_s_records_a_passed_turn(live, clock, context):
    press(live, Qt.Key.Key_Space)
    later(live, clock, 4)
    press(live, Qt.Key.Key_S)
    assert live.speaker.text() == "Chris Lindqvist"
    turns = saved_turns(context.vault, live.run.session.id)
    assert [(t.speaker, t.passed, t.actual) for t in turns] == [
        (live.timer.order[0], True, 4.0)]


def test_backspace_and_left_go_back_to_the_previous_speaker(live, clock, context):
    assert not live.previous_action.isEnabled()
    press(live, Qt.Key.Key_Space)
    later(live, clock, 20)
    press(live, Qt.Key.Key_Space)
    assert live.speaker.text() == "Chris Lindqvist"
    later(live, clock, 10)
    press(live, Qt.Key.Key_Backspace)
    assert live.speaker.text() == "Alex Morgan"
    assert live.face.text == "1:30"                 # keeps the time since
    assert saved_turns(context.vault, live.run.session.id) == []
    press(live, Qt.Key.Key_Space)
    press(live, Qt.Key.Key_Left)                    # arrows belong to the queue list
    assert live.speaker.text() == "Chris Lindqvist"


def test_keys_reach_the_view_whatever_has_focus(live, clock):
    live.queue.setFocus()
    press(live.queue, Qt.Key.Key_Space)
    assert live.timer.status is TimerStatus.RUNNING
    live.next_button.setFocus()
    press(live.next_button, Qt.Key.Key_Space)     # one Next, not a click as well
    assert live.speaker.text() == "Chris Lindqvist"


def test_dragging_the_queue_reorders_who_speaks_next(live, context, people):
    press(live, Qt.Key.Key_Space)
    dana, chris, bea = people["Dana"].id, people["Chris"].id, people["Bea"].id
    assert live.queue.ids() == [chris, dana, bea]
    # a drop moves a row in the list's model, as this does
    live.queue.model().moveRow(QModelIndex(), 1, QModelIndex(), 0)
    assert [t.speaker for t in live.timer.queue] == [dana, chris, bea]
    assert live.next_label.text() == "Next: Dana Whitfield"
    saved = context.vault.query("SELECT timer_state FROM sessions WHERE id = ?",
                                (live.run.session.id,))[0][0]
    assert [t["speaker"] for t in json.loads(saved)["queue"]] == [dana, chris, bea]
    live.queue.setCurrentRow(2)
    press(live.queue, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [t.speaker for t in live.timer.queue] == [dana, bea, chris]


def test_group_round_and_coaching_steps(qtbot, context, circle, people, clock, no_player):
    coaching = RoundPlan("Peer coaching", RoundKind.COACHING, steps=(
        Step("Presenting the challenge", 5, StepWho.PRESENTER),
        Step("Clarifying questions", 5, StepWho.GROUP)))
    run = prepare(context, circle, people, ("Bea", "Alex"),
                  (RoundPlan("Reading the agreement", RoundKind.GROUP, 3), coaching))
    view = show(qtbot, LiveView(run, {m.id: m for m in people.values()}, Settings(None)))
    press(view, Qt.Key.Key_Space)
    assert (view.speaker_caption.text(), view.speaker.text()) == ("Whole group",
                                                                  "Reading the agreement")
    assert not view.pass_action.isEnabled()
    assert view.next_label.text() == "Next round: Peer coaching — Presenting the challenge"
    press(view, Qt.Key.Key_Space)
    assert view.speaker.text() == "Presenting the challenge"
    assert view.partner.text() == "Presenter: Bea Okafor"
    assert view.queue_title.text() == "Still to come this round"
    assert view.next_label.text() == "Next: Clarifying questions"


def test_started_earlier_arrivals_and_departures(live, people):
    press(live, Qt.Key.Key_Space)
    live.started_earlier(30)
    assert live.face.text == "1:30"
    assert [m.name for m in live.arrival_choices()] == ["Eli Santos"]
    menu = live.arrived_button.menu()
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == "Eli Santos").trigger()
    assert live.queue.ids()[-1] == people["Eli"].id
    assert live.arrival_choices() == []
    marks = AttendanceStore(live.run.vault, live.run.clock).marks(live.run.session.id)
    assert marks[people["Eli"].id] == Mark(Presence.PRESENT, late=True)   # on the register
    menu = live.left_button.menu()
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == "Chris Lindqvist").trigger()
    assert people["Chris"].id not in live.queue.ids()
    assert live.next_label.text() == "Next: Dana Whitfield"


def test_end_session_asks_first_then_stops(live, qtbot, monkeypatch):
    assert not live.end_action.isEnabled()          # a slip before the start ends nothing
    press(live, Qt.Key.Key_Space)
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: False)
    live.end_action.trigger()
    assert live.timer.status is TimerStatus.RUNNING
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    with qtbot.waitSignal(live.finished, timeout=1000):
        live.end_action.trigger()
    assert live.timer.status is TimerStatus.FINISHED
    assert live.speaker.text() == "Thank you, everyone"
    assert not live._tick.isActive() and not live._checkpoint.isActive()
    assert not live.next_action.isEnabled()


def test_the_display_wakes_exactly_when_the_digits_change(live, clock):
    press(live, Qt.Key.Key_Space)
    assert live._tick.isSingleShot() and live._checkpoint.isActive()
    later(live, clock, 0.3)
    assert live._tick.interval() == 702
    later(live, clock, 0.7)
    assert live._tick.interval() == 1002


def test_carrying_on_shows_the_turn_paused_where_it_was(qtbot, live, clock, context):
    press(live, Qt.Key.Key_Space)
    later(live, clock, 50)
    live.run.checkpoint()
    live.stop()
    run = SessionRun.carry_on(context.vault, clock, live.run.session.id)
    again = show(qtbot, LiveView(run, live.members, Settings(None)))
    assert (again.speaker.text(), again.face.text, again.face.caption) == (
        "Alex Morgan", "1:10", "paused")
    press(again, Qt.Key.Key_P)
    later(again, clock, 10)
    assert again.face.text == "1:00"


def test_repainting_only_the_changed_digits_matches_a_full_paint(qtbot):
    """The face repaints just the characters that change; what is on screen
    must be what a whole repaint would give."""
    from PySide6.QtWidgets import QApplication

    face = show(qtbot, TimerFace())
    face.resize(900, 500)
    for remaining in (125, 121, 120, 111, 61, 60, 59, 10, 1, 0, -1, -9, -10, -61):
        face.show_time(remaining, Cue.RED if remaining <= 0 else Cue.GREEN)
        QApplication.processEvents()
        fresh = face.grab().toImage()
        on_screen = QApplication.primaryScreen().grabWindow(face.winId()).toImage()
        on_screen = on_screen.convertToFormat(fresh.format()).copy(fresh.rect())
        assert on_screen == fresh, face.text


def test_names_are_plain_text(qtbot, context, circle, no_player):
    member = context.members.add(circle.id, MemberDraft(HOSTILE, Appearance.FULL_NAME))
    run = prepare(context, circle, {"X": member}, ("X",))
    view = show(qtbot, LiveView(run, {member.id: member}, Settings(None)))
    press(view, Qt.Key.Key_Space)
    assert view.speaker.text() == HOSTILE
    assert view.speaker.textFormat() == Qt.TextFormat.PlainText


# --- the projector ---------------------------------------------------------------

def projector_text(projector: ProjectorView) -> str:
    return " | ".join(label.text() for label in projector.findChildren(QLabel)
                      if label.isVisible())


def test_projector_shows_only_shared_names_and_follows_the_live_view(live, qtbot, clock,
                                                                     people):
    projector = ProjectorView(live.run, live.members)
    qtbot.addWidget(projector)
    projector.show()
    live.refreshed.connect(projector.refresh)
    assert "Starting soon" in projector_text(projector)
    press(live, Qt.Key.Key_Space)
    seen = [projector_text(projector)]
    assert projector.speaker.text() == "Alex Morgan"          # chose full name
    assert projector.next_label.text() == "Next: C. L."
    later(live, clock, 30)
    assert projector.face.text == live.face.text == "1:30"
    press(live, Qt.Key.Key_Space)
    seen.append(projector_text(projector))
    assert projector.speaker.text() == "C. L."                # initials
    assert not projector.next_label.isVisible()               # Dana is not named
    press(live, Qt.Key.Key_Space)
    seen.append(projector_text(projector))
    assert projector.speaker.text() == "Speaking"
    assert projector.next_label.text() == "Next: Bea"
    later(live, clock, 130)
    assert (projector.face.text, projector.face.cue) == ("+0:10", Cue.RED)
    assert projector.round_title.text() == "Check-in"
    everything = " ".join(seen)
    for private in ("Chris", "Lindqvist", "Dana", "Whitfield", "Okafor", "How are you"):
        assert private not in everything


def test_projector_escape_closes_it(live, qtbot):
    projector = show(qtbot, ProjectorView(live.run, live.members))
    assert projector.face.scheme() is PROJECTOR      # light on dark, whatever the palette
    assert projector.face.grab().toImage().pixelColor(0, 0).name() == PROJECTOR.ground
    QTest.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible()


# --- cues ------------------------------------------------------------------------

def test_the_player_is_chosen_by_what_is_on_the_path(monkeypatch):
    found = {"aplay": "/usr/bin/aplay", "paplay": "/usr/bin/paplay"}
    monkeypatch.setattr(cues.shutil, "which", lambda name: found.get(name))
    assert cues.find_player("linux") == Player("paplay", ("/usr/bin/paplay",))
    found["pw-play"] = "/usr/bin/pw-play"
    assert cues.find_player("linux").name == "pw-play"
    found.clear()
    found["aplay"] = "/bin/aplay"
    assert cues.find_player("linux") == Player("aplay", ("/bin/aplay", "-q"))
    found.clear()
    assert cues.find_player("linux") is None
    assert cues.find_player("darwin") is None
    found["afplay"] = "/usr/bin/afplay"
    assert cues.find_player("darwin").name == "afplay"
    assert cues.find_player("win32") == Player("winsound")


def test_chime_sounds_once_when_a_turn_runs_out(qtbot, context, circle, people, clock,
                                                monkeypatch):
    monkeypatch.setattr(cues, "find_player", lambda platform=None: Player("aplay", ("aplay",)))
    chimes = []
    monkeypatch.setattr(cues, "play_chime", lambda player: chimes.append(player) or True)
    settings = Settings.load(context.paths)
    settings.set(cues.CHIME_KEY, True)
    view = show(qtbot, LiveView(prepare(context, circle, people),
                                {m.id: m for m in people.values()}, settings))
    assert view.chime_box.isEnabled() and view.chime_box.isChecked()
    press(view, Qt.Key.Key_Space)
    later(view, clock, 119)
    assert chimes == []
    later(view, clock, 1)
    assert len(chimes) == 1
    for _ in range(3):
        later(view, clock, 5)
    press(view, Qt.Key.Key_Plus)                     # back to time left, then over again
    later(view, clock, 60)
    assert view.face.cue is Cue.RED and len(chimes) == 1
    press(view, Qt.Key.Key_Space)
    later(view, clock, 121)
    assert len(chimes) == 2
    view.chime_box.setChecked(False)
    assert Settings.load(context.paths).get_bool(cues.CHIME_KEY, True) is False


def test_flash_pulses_the_face_once(qtbot, live, clock):
    live.flash_box.setChecked(True)
    press(live, Qt.Key.Key_Space)
    later(live, clock, 120)
    assert live.face.pulsing
    qtbot.waitUntil(lambda: not live.face.pulsing, timeout=3000)
    later(live, clock, 1)
    assert not live.face.pulsing


def test_without_a_player_the_chime_is_offered_disabled(live):
    assert not live.chime_box.isEnabled()
    assert "No program to play sounds" in live.chime_box.toolTip()
    assert not live.flash_box.isChecked()


def test_spoken_time():
    assert spoken_time(192) == "3 minutes 12 seconds left"
    assert spoken_time(60) == "1 minute left"
    assert spoken_time(0) == "Time is up"
    assert spoken_time(-65) == "1 minute 5 seconds over"


def test_the_chime_file_is_the_one_the_script_makes(tmp_path):
    import importlib.util
    import wave

    from app.paths import resource

    chime = resource("sounds", "chime.wav")
    spec = importlib.util.spec_from_file_location("make_chime", chime.with_name("make_chime.py"))
    make_chime = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_chime)
    assert chime.stat().st_size < 80_000
    with wave.open(str(chime)) as sound:
        assert (sound.getnchannels(), sound.getsampwidth(), sound.getframerate()) == (1, 2, 22050)
    make_chime.write(tmp_path / "again.wav")
    assert (tmp_path / "again.wav").read_bytes() == chime.read_bytes()


# --- the session window ----------------------------------------------------------

@pytest.fixture
def window(qtbot, context, circle, people, no_player):
    from ui.sessions.run_window import RunWindow

    win = RunWindow(context, prepare(context, circle, people),
                    {m.id: m for m in people.values()})
    return show(qtbot, win)


def test_window_title_pages_and_projector(window, qtbot, clock):
    assert window.windowTitle() == "Session — Test circle"
    assert window.current_page() == "live"
    QTest.keyClick(window, Qt.Key.Key_F5)
    projector = window.projector
    assert projector is not None and projector.isVisible()
    qtbot.addWidget(projector)
    QTest.keyClick(window, Qt.Key.Key_Space)
    later(window.live, clock, 61)
    assert projector.face.text == "0:59" and projector.speaker.text() == "Alex Morgan"
    review = QLabel("Review")
    window.add_page("review", review)
    with qtbot.waitSignal(window.finished, timeout=1000):
        window.live.run.do(window.live.timer.end)
        window.live.refresh()
    window.show_page("review")
    assert window.current_page() == "review" and not window.projector_action.isEnabled()


def test_closing_while_running_asks_and_saves(window, monkeypatch, clock, context):
    QTest.keyClick(window, Qt.Key.Key_Space)
    clock.advance(42)
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: False)
    window.close()
    assert window.isVisible()
    asked = []
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: asked.append(a[2]) or True)
    window.close()
    assert not window.isVisible()
    assert asked == ["The session is still running. Close and carry on later?"]
    state = context.vault.query("SELECT timer_state FROM sessions WHERE id = ?",
                                (window.run.session.id,))[0][0]
    assert json.loads(state)["elapsed"] == 42
    assert not window.live._tick.isActive()


def test_closing_before_the_start_does_not_ask(window, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: pytest.fail("asked"))
    window.close()
    assert not window.isVisible()


def test_a_view_without_a_run_offers_no_commands(qtbot, live, no_player):
    empty = show(qtbot, LiveView())
    press(empty, Qt.Key.Key_Space)
    assert not empty.next_action.isEnabled() and not empty.arrived_button.isEnabled()
    empty.show_run(live.run, live.members)
    assert empty.next_action.isEnabled() and empty.next_button.text() == "Start (Space)"


def test_a_quiet_close_saves_without_asking(window, monkeypatch, clock, context):
    QTest.keyClick(window, Qt.Key.Key_Space)
    clock.advance(12)
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: pytest.fail("asked"))
    window.quiet_close = True
    assert window.close()
    state = context.vault.query("SELECT timer_state FROM sessions WHERE id = ?",
                                (window.run.session.id,))[0][0]
    assert json.loads(state)["elapsed"] == 12
