"""The round timer as a pure state machine, driven by a fake clock: no sleeping."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from app.clock import FakeClock
from app.errors import ValidationError
from app.formats import RoundKind, RoundPlan, Step, StepWho
from app.timer import Cue, SessionTimer, TimerStatus, clock_text

COACHING = RoundPlan("Peer coaching", RoundKind.COACHING, steps=(
    Step("Presenting the challenge", 5, StepWho.PRESENTER),
    Step("Clarifying questions", 5, StepWho.GROUP),
    Step("Coaching questions", 10, StepWho.GROUP),
    Step("Reflections", 5, StepWho.GROUP),
    Step("The presenter's takeaway", 3, StepWho.PRESENTER),
))
EVENING = (
    RoundPlan("Check-in", RoundKind.EACH, 2),
    RoundPlan("Reading the group agreement", RoundKind.GROUP, 3),
    RoundPlan("Open sharing", RoundKind.EACH, 5),
    RoundPlan("Break", RoundKind.GROUP, 10),
    COACHING,
    RoundPlan("Empathy circle", RoundKind.PAIRS, 3),
    RoundPlan("Check-out", RoundKind.EACH, 1),
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def timer_for(clock: FakeClock, order=("a", "b", "c"), rounds=EVENING) -> SessionTimer:
    return SessionTimer(rounds, list(order), clock)


def who(turns) -> list:
    return [t.speaker for t in turns]


# --- a whole evening -------------------------------------------------------------

def test_a_two_hour_evening(clock):
    """Pauses, passes, late arrivals, added minutes, reordering and a slip of the
    finger, through every kind of round; then the record is checked turn by turn."""
    timer = timer_for(clock, ("a", "b", "c", "d", "e"))
    start = clock.now()
    # five people present at the start: 10 + 3 + 25 + 10 + 28 + 15 + 5 minutes
    assert timer.projected_end() == start + timedelta(minutes=96)
    assert timer.next_turn().speaker == "a"

    timer.start()                                     # --- check-in, 2 min each
    assert (timer.current.speaker, timer.remaining) == ("a", 120)
    clock.advance(100)
    timer.next()
    clock.advance(130)                                # b runs 10 s over
    assert timer.cue is Cue.RED and clock_text(timer.remaining) == "+0:10"
    # at this pace: b is over, so the rest is planned from now
    rest = 3 * 120 + 180 + 5 * 300 + 600 + 28 * 60 + 5 * 180 + 5 * 60
    assert timer.projected_end() == clock.now() + timedelta(seconds=rest)
    timer.next()
    timer.add_speaker("f")                            # f arrives: joins the end of this round
    assert who(timer.queue) == ["d", "e", "f"]
    clock.advance(5)
    timer.pass_turn()                                 # c passes
    clock.advance(50)
    timer.pause()                                     # a fire alarm test, 60 s
    clock.advance(60)
    assert timer.elapsed == 50
    timer.resume()
    clock.advance(70)
    timer.next()                                      # d: 120 s spoken
    clock.advance(90)
    timer.next()                                      # e
    clock.advance(110)
    timer.next()                                      # f

    assert timer.current.title == "Reading the group agreement"   # --- group, 3 min
    assert timer.current.speaker is None
    clock.advance(200)
    timer.next()

    assert timer.current.round_title == "Open sharing"            # --- 5 min each, six now
    assert who([timer.current, *timer.queue]) == ["a", "b", "c", "d", "e", "f"]
    timer.reorder(["c", "b", "d", "e", "f"])
    clock.advance(300)
    timer.next()                                      # a
    timer.add_time(60)                                # c is given a minute more
    assert timer.remaining == 360
    clock.advance(280)
    assert timer.cue is Cue.GREEN
    clock.advance(10)                                 # 70 s left of 360: amber (≤ 20 %)
    assert timer.cue is Cue.AMBER
    clock.advance(70)
    assert timer.cue is Cue.RED and clock_text(timer.remaining) == "0:00"
    timer.next()                                      # c: 360 s
    clock.advance(3)
    timer.next()                                      # b's turn ended by mistake...
    clock.advance(4)
    assert timer.previous()                           # ...so b carries on, time kept
    assert timer.current.speaker == "b" and timer.elapsed == 7
    clock.advance(293)
    timer.next()                                      # b: 300 s
    timer.add_speaker("g")                            # g arrives during open sharing
    for _ in range(4):                                # d, e, f, g
        clock.advance(240)
        timer.next()

    assert timer.current.title == "Break"            # --- break
    clock.advance(1260)                               # a long tea: 11 min over
    timer.next()

    steps = [timer.current, *timer.queue]             # --- coaching: a presents
    assert [t.title for t in steps][0] == "Presenting the challenge"
    assert [t.speaker for t in steps] == ["a", None, None, None, "a"]
    for step in steps:
        clock.advance(step.planned)
        timer.next()

    pairs = [timer.current, *timer.queue]             # --- empathy circle
    assert [(t.speaker, t.listener) for t in pairs] == [
        ("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "g"), ("g", "a")]
    clock.advance(180)
    timer.next()
    timer.remove_speaker("d")                         # d leaves early
    assert [(t.speaker, t.listener) for t in [timer.current, *timer.queue]] == [
        ("b", "c"), ("c", "e"), ("e", "f"), ("f", "g"), ("g", "a")]
    for _ in range(5):
        clock.advance(180)
        timer.next()

    assert timer.current.round_title == "Check-out"   # --- check-out, without d
    assert who([timer.current, *timer.queue]) == ["a", "b", "c", "e", "f", "g"]
    clock.advance(60)
    projected = timer.projected_end()
    assert projected == clock.now() + timedelta(seconds=5 * 60)
    for _ in range(6):
        timer.next()
        clock.advance(60)
    assert timer.status is TimerStatus.FINISHED
    assert timer.current is None and timer.next_turn() is None

    done = timer.done
    assert [(t.speaker, t.actual, t.passed) for t in done[:7]] == [
        ("a", 100, False), ("b", 130, False), ("c", 5, True), ("d", 120, False),
        ("e", 90, False), ("f", 110, False), (None, 200, False)]
    sharing = [t for t in done if t.round_title == "Open sharing"]
    assert [(t.speaker, t.actual, t.extra) for t in sharing] == [
        ("a", 300, 0), ("c", 360, 60), ("b", 300, 0), ("d", 240, 0), ("e", 240, 0),
        ("f", 240, 0), ("g", 240, 0)]
    assert len(done) == 6 + 1 + 7 + 1 + 5 + 6 + 6
    assert all(t.ended_at - t.started_at >= timedelta(seconds=t.actual) for t in done)
    total = (timer.ended_at - timer.started_at).total_seconds()
    assert total == sum(t.actual for t in done) + 60          # spoken time and the pause
    assert 115 * 60 < total < 125 * 60                          # about two hours


def test_remaining_time_never_drifts_from_the_monotonic_clock(clock):
    """However irregular the repaints, remaining = allowed − monotonic time spoken."""
    timer = timer_for(clock, ("a",), (RoundPlan("Open sharing", RoundKind.EACH, 60),))
    rng = random.Random(7)
    timer.start()
    began = clock.monotonic()
    paused = 0.0
    for i in range(20_000):
        step = rng.uniform(0.001, 0.9)
        clock.advance(step)
        if timer.status is TimerStatus.PAUSED:
            paused += step
        if i % 997 == 0:
            timer.toggle_pause()
        spoken = clock.monotonic() - began - paused
        assert timer.remaining == pytest.approx(3600 - spoken, abs=1e-6)


# --- each command ----------------------------------------------------------------

def test_pause_stops_the_clock_and_next_while_paused_runs_the_next_turn(clock):
    timer = timer_for(clock)
    timer.start()
    clock.advance(30)
    timer.pause()
    clock.advance(500)
    assert timer.remaining == 90 and timer.status is TimerStatus.PAUSED
    timer.next()
    assert timer.status is TimerStatus.RUNNING and timer.done[0].actual == 30
    clock.advance(10)
    assert timer.remaining == 110


def test_previous_at_the_first_turn_does_nothing(clock):
    timer = timer_for(clock)
    timer.start()
    clock.advance(10)
    assert timer.previous() is False
    assert timer.current.speaker == "a" and timer.elapsed == 10


def test_previous_across_a_round_reopens_the_last_turn(clock):
    timer = timer_for(clock, ("a",))
    timer.start()
    clock.advance(100)
    timer.next()                                      # into the agreement
    clock.advance(5)
    timer.previous()
    assert (timer.current.round_title, timer.current.speaker, timer.elapsed) == (
        "Check-in", "a", 105)
    assert timer.done == []
    timer.next()
    assert timer.current.title == "Reading the group agreement"


def test_started_earlier_moves_the_start_back(clock):
    timer = timer_for(clock)
    timer.start()
    first_start = timer.started_at
    timer.started_earlier(45)
    assert timer.remaining == 75
    assert timer.started_at == first_start - timedelta(seconds=45)
    with pytest.raises(ValidationError):
        timer.started_earlier(16 * 60)
    with pytest.raises(ValidationError):
        timer.started_earlier(0)


def test_reorder_must_name_exactly_those_waiting(clock):
    timer = timer_for(clock, ("a", "b", "c", "d"))
    timer.start()
    with pytest.raises(ValidationError):
        timer.reorder(["b", "c"])
    with pytest.raises(ValidationError):
        timer.reorder(["b", "c", "x"])
    timer.reorder(["d", "b", "c"])
    assert who(timer.queue) == ["d", "b", "c"]
    clock.advance(120)
    timer.next()
    clock.advance(120)
    timer.next()
    clock.advance(120)
    timer.next()
    timer.next()
    assert timer.current.title == "Reading the group agreement"
    with pytest.raises(ValidationError):
        timer.reorder([])                             # a whole-group round has no order


def test_a_late_arrival_before_the_start_is_in_every_round(clock):
    timer = timer_for(clock, ("a",))
    timer.add_speaker("b")
    timer.add_speaker("b")                            # twice is once
    timer.start()
    assert who([timer.current, *timer.queue]) == ["a", "b"]


def test_commands_out_of_turn_are_refused_and_change_nothing(clock):
    timer = timer_for(clock)
    for command in (timer.next, timer.pause, timer.resume, timer.previous,
                    lambda: timer.add_time(60)):
        with pytest.raises(ValidationError):
            command()
    assert timer.status is TimerStatus.READY and timer.changes == 0
    timer.start()
    with pytest.raises(ValidationError):
        timer.start()


def test_end_keeps_the_turn_in_progress_and_stops(clock):
    timer = timer_for(clock)
    timer.start()
    clock.advance(42)
    timer.end()
    assert timer.status is TimerStatus.FINISHED
    assert [(t.speaker, t.actual) for t in timer.done] == [("a", 42)]
    assert timer.projected_end() == clock.now()
    timer.end()                                       # a second end changes nothing
    assert len(timer.done) == 1


def test_coaching_presenters_take_turns_across_rounds(clock):
    timer = timer_for(clock, ("a", "b"), (COACHING, COACHING, COACHING))
    timer.start()
    presenters = []
    while timer.status is not TimerStatus.FINISHED:
        presenters.append(timer.current.presenter)
        timer.next()
    assert presenters == ["a"] * 5 + ["b"] * 5 + ["a"] * 5


def test_rounds_without_anyone_present_are_skipped(clock):
    timer = timer_for(clock, (), (RoundPlan("Check-in", RoundKind.EACH, 2),
                                  RoundPlan("Break", RoundKind.GROUP, 10)))
    timer.start()
    assert timer.current.title == "Break"
    timer.next()
    assert timer.status is TimerStatus.FINISHED


def test_carry_on_from_a_snapshot(clock):
    timer = timer_for(clock, ("a", "b", "c"))
    timer.start()
    clock.advance(100)
    timer.next()
    clock.advance(40)
    timer.add_time(60)
    snapshot = timer.snapshot()

    later = FakeClock(clock.now() + timedelta(minutes=20))
    again = SessionTimer.carry_on(EVENING, snapshot, list(timer.done), later)
    assert again.status is TimerStatus.PAUSED
    assert (again.current.speaker, again.elapsed, again.remaining) == ("b", 40, 140)
    assert who(again.queue) == ["c"]
    later.advance(300)                                # paused: nothing moves
    assert again.elapsed == 40
    again.resume()
    later.advance(20)
    again.next()
    assert again.done[-1].actual == 60 and again.current.speaker == "c"


# --- what the display shows --------------------------------------------------------

@pytest.mark.parametrize("remaining, text", [
    (300, "5:00"), (299.2, "5:00"), (59.01, "1:00"), (0.4, "0:01"), (0, "0:00"),
    (-0.9, "0:00"), (-1, "+0:01"), (-65.5, "+1:05"), (-3600, "+60:00"),
])
def test_clock_text(remaining, text):
    assert clock_text(remaining) == text


def test_the_display_changes_exactly_when_the_next_tick_is_due(clock):
    timer = timer_for(clock)
    timer.start()
    clock.advance(0.3)
    assert timer.seconds_to_next_change() == pytest.approx(0.7)
    before = clock_text(timer.remaining)
    clock.advance(0.69)
    assert clock_text(timer.remaining) == before
    clock.advance(0.02)
    assert clock_text(timer.remaining) != before
    clock.advance(125)                                # into the overrun
    wait = timer.seconds_to_next_change()
    before = clock_text(timer.remaining)
    clock.advance(wait - 0.01)
    assert clock_text(timer.remaining) == before
    clock.advance(0.02)
    assert clock_text(timer.remaining) != before


def test_end_before_the_start_is_refused(clock):
    timer = timer_for(clock)
    with pytest.raises(ValidationError):
        timer.end()
    assert timer.status is TimerStatus.READY


def test_the_last_listener_is_someone_still_here_when_the_first_speaker_leaves(clock):
    pairs = (RoundPlan("Empathy circle", RoundKind.PAIRS, 3),)
    timer = timer_for(clock, ("a", "b", "c", "d"), pairs)
    timer.start()
    clock.advance(180)
    timer.next()
    timer.remove_speaker("a")
    assert [(t.speaker, t.listener) for t in [timer.current, *timer.queue]] == [
        ("b", "c"), ("c", "d"), ("d", "b")]
