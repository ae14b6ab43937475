"""Sessions in the vault: formats, planning, the next date, running and saving."""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from app.errors import ValidationError
from app.formats import (RoundKind, RoundPlan, load_blocks, load_shipped, round_from_dict,
                         rounds_from_json, rounds_to_json)
from app.members import MemberDraft
from app.schedule import Frequency, Schedule, next_meeting
from app.session_run import SessionRun, abandon, saved_turns
from app.session_stats import minutes_text, session_stats
from app.sessions import SessionDraft, SessionStatus
from app.timer import TimerStatus

LONDON = "Europe/London"


def draft(day=date(2026, 3, 3), rounds=None, **kw) -> SessionDraft:
    return SessionDraft(day, time(19, 0), LONDON, rounds or load_shipped()[0].rounds, **kw)


@pytest.fixture
def people(context, circle):
    return context.members.add_many(circle.id, [MemberDraft(n) for n in
                                                ("Ann Lee", "Bo Chen", "Cat Diaz")])


# --- formats -----------------------------------------------------------------------

def test_shipped_formats_cover_every_kind_of_round():
    blocks = load_blocks()
    titles = {b.title for b in blocks}
    assert {"Check-in", "Open sharing", "Peer coaching", "Empathy circle", "Break",
            "Reading the group agreement", "Check-out"} <= titles
    assert {b.kind for b in blocks} == set(RoundKind)
    coaching = next(b for b in blocks if b.kind is RoundKind.COACHING)
    assert [s.title for s in coaching.steps] == [
        "Presenting the challenge", "Clarifying questions", "Coaching questions",
        "Reflections", "The presenter's takeaway"]
    formats = load_shipped()
    assert len(formats) >= 4 and all(f.rounds for f in formats)


def test_a_broken_format_file_is_skipped_not_fatal(tmp_path):
    (tmp_path / "01-good.toml").write_text(
        'name = "Good"\n[[rounds]]\ntitle = "Check-in"\nminutes = 2\n', "utf-8")
    (tmp_path / "02-bad-toml.toml").write_text("name = \n", "utf-8")
    (tmp_path / "03-bad-minutes.toml").write_text(
        'name = "Bad"\n[[rounds]]\ntitle = "X"\nminutes = "lots"\n', "utf-8")
    (tmp_path / "04-no-rounds.toml").write_text('name = "Empty"\n', "utf-8")
    assert [f.name for f in load_shipped(tmp_path)] == ["Good"]


@pytest.mark.parametrize("raw, message", [
    ({"title": "", "minutes": 2}, "title"),
    ({"title": "X", "kind": "dance"}, "unknown kind"),
    ({"title": "X", "minutes": 0}, "more than 0"),
    ({"title": "X", "minutes": True}, "number"),
    ({"title": "X", "kind": "coaching", "steps": []}, "at least one step"),
    ({"title": "X", "kind": "coaching", "steps": [{"title": "S", "minutes": 2,
                                                   "who": "nobody"}]}, "presenter"),
])
def test_round_mistakes_get_a_message(raw, message):
    with pytest.raises(ValidationError, match=message):
        round_from_dict(raw)


def test_rounds_survive_json_exactly():
    rounds = load_shipped()[1].rounds
    assert rounds_from_json(rounds_to_json(rounds)) == rounds


def test_planned_length_counts_speakers():
    rounds = (RoundPlan("Check-in", RoundKind.EACH, 2), RoundPlan("Break", RoundKind.GROUP, 10))
    assert sum(r.seconds(6) for r in rounds) == (12 + 10) * 60
    assert rounds[0].describe_time() == "2 min each"


# --- the next date -------------------------------------------------------------------

TUESDAY = 1


@pytest.mark.parametrize("schedule, after, last, expected", [
    (Schedule(Frequency.WEEKLY, TUESDAY), date(2026, 3, 3), None, date(2026, 3, 3)),
    (Schedule(Frequency.WEEKLY, TUESDAY), date(2026, 3, 4), None, date(2026, 3, 10)),
    (Schedule(Frequency.FORTNIGHTLY, TUESDAY), date(2026, 3, 4), date(2026, 3, 3),
     date(2026, 3, 17)),
    (Schedule(Frequency.FORTNIGHTLY, TUESDAY), date(2026, 3, 11), date(2026, 3, 3),
     date(2026, 3, 17)),
    (Schedule(Frequency.MONTHLY, TUESDAY, week_of_month=1), date(2026, 3, 4), None,
     date(2026, 4, 7)),
    (Schedule(Frequency.MONTHLY, TUESDAY, week_of_month=-1), date(2026, 12, 30), None,
     date(2027, 1, 26)),
    (Schedule(Frequency.AD_HOC), date(2026, 3, 4), None, None),
])
def test_next_meeting(schedule, after, last, expected):
    assert next_meeting(schedule, after, last) == expected


def test_the_suggested_date_follows_the_sessions_already_planned(context, circle):
    weekly = Schedule(Frequency.WEEKLY, TUESDAY, time(19, 0))
    today = date(2026, 3, 1)
    assert context.sessions.suggest_date(circle.id, weekly, today) == date(2026, 3, 3)
    context.sessions.create(circle.id, draft(date(2026, 3, 3)))
    assert context.sessions.suggest_date(circle.id, weekly, today) == date(2026, 3, 10)
    ad_hoc = Schedule()
    assert context.sessions.suggest_date(circle.id, ad_hoc, today) == date(2026, 3, 8)


# --- planning ------------------------------------------------------------------------

def test_plan_edit_list_and_delete(context, circle):
    store = context.sessions
    first = store.create(circle.id, draft(date(2026, 3, 3), place="Hall <b>B</b>"))
    second = store.create(circle.id, draft(date(2026, 2, 24)))
    assert first.place == "Hall <b>B</b>" and first.status is SessionStatus.PLANNED
    assert first.starts_at.utcoffset().total_seconds() == 0          # GMT in March
    summer = store.update(first.id, draft(date(2026, 7, 7)))
    assert summer.starts_at.utcoffset().total_seconds() == 3600       # BST keeps 19:00
    today = date(2026, 3, 1)
    assert [s.id for s in store.upcoming(circle.id, today)] == [first.id]
    assert [s.id for s in store.past(circle.id, today)] == [second.id]
    store.delete(first.id)
    assert store.upcoming(circle.id, today) == []
    store.undelete(first.id)
    assert store.get(first.id).day == date(2026, 7, 7)


@pytest.mark.parametrize("bad, message", [
    (dict(timezone="Mars/Olympus"), "time zone"),
    (dict(rounds=()), "at least one round"),
    (dict(place="x" * 500), "too long"),
])
def test_bad_plans_are_refused_and_nothing_is_written(context, circle, bad, message):
    fields = {**draft().__dict__, **bad}
    with pytest.raises(ValidationError, match=message):
        context.sessions.create(circle.id, SessionDraft(**fields))
    assert context.vault.query("SELECT COUNT(*) FROM sessions") == [(0,)]


def test_a_circle_keeps_its_own_format(context, circle):
    session = context.sessions.create(circle.id, draft(rounds=(
        RoundPlan("Check-in", RoundKind.EACH, 3), RoundPlan("Walk", RoundKind.GROUP, 20))))
    saved = context.formats.save_from(session, "Our walking evening")
    assert [f.name for f in context.formats.available(circle.id)][0] == "Our walking evening"
    assert saved.rounds == session.rounds and saved.is_own
    context.formats.save_from(session, "our WALKING evening")             # same name: replaced
    assert len(context.formats.own(circle.id)) == 1
    context.formats.delete(saved.id)
    assert context.formats.own(circle.id) == []


# --- running and saving ----------------------------------------------------------------

def run_for(context, circle, people, rounds=None) -> SessionRun:
    session = context.sessions.create(circle.id, draft(rounds=rounds))
    return SessionRun.prepare(context.vault, context.clock, session.id, [p.id for p in people])


def status_of(context, session_id) -> tuple:
    return context.vault.query("SELECT status, timer_state IS NOT NULL FROM sessions "
                               "WHERE id = ?", (session_id,))[0]


def test_every_turn_is_saved_as_it_ends(context, circle, people, clock):
    run = run_for(context, circle, people)
    sid = run.session.id
    assert status_of(context, sid) == ("planned", 0)
    run.do(run.timer.start)
    assert status_of(context, sid) == ("running", 1)
    clock.advance(100)
    run.do(run.timer.next)
    clock.advance(20)
    run.do(run.timer.pass_turn)
    turns = saved_turns(context.vault, sid)
    assert [(t.speaker, t.actual, t.passed) for t in turns] == [
        (people[0].id, 100, False), (people[1].id, 20, True)]
    clock.advance(3)
    run.do(run.timer.previous)                        # Bo carries on: the passed turn is unsaved
    assert len(saved_turns(context.vault, sid)) == 1
    clock.advance(50)
    run.do(run.timer.next)
    assert [(t.speaker, t.actual, t.passed) for t in saved_turns(context.vault, sid)] == [
        (people[0].id, 100, False), (people[1].id, 73, False)]
    run.do(run.timer.end)
    assert status_of(context, sid) == ("finished", 0)
    assert context.sessions.get(sid).status is SessionStatus.FINISHED


def test_a_refused_command_saves_nothing(context, circle, people):
    run = run_for(context, circle, people)
    with pytest.raises(ValidationError):
        run.do(run.timer.next)
    assert status_of(context, run.session.id) == ("planned", 0)


def test_carry_on_after_the_app_stopped(context, circle, people, clock):
    run = run_for(context, circle, people)
    run.do(run.timer.start)
    clock.advance(100)
    run.do(run.timer.next)
    clock.advance(30)
    run.checkpoint()                                  # the window does this every 30 s
    clock.advance(12)                                 # ...then the laptop dies

    assert [s.id for s in context.sessions.running()] == [run.session.id]
    again = SessionRun.carry_on(context.vault, clock, run.session.id)
    timer = again.timer
    assert timer.status is TimerStatus.PAUSED
    assert (timer.current.speaker, timer.elapsed) == (people[1].id, 30)
    assert [t.speaker for t in timer.done] == [people[0].id]
    again.do(timer.resume)
    clock.advance(10)
    again.do(timer.next)
    assert [t.actual for t in saved_turns(context.vault, run.session.id)] == [100, 40]


def test_a_run_not_carried_on_is_closed_with_its_turns(context, circle, people, clock):
    run = run_for(context, circle, people)
    run.do(run.timer.start)
    clock.advance(100)
    run.do(run.timer.next)
    abandon(context.vault, clock, run.session.id)
    assert context.sessions.running() == []
    assert context.sessions.get(run.session.id).status is SessionStatus.FINISHED
    assert len(saved_turns(context.vault, run.session.id)) == 1
    with pytest.raises(ValidationError):
        SessionRun.carry_on(context.vault, clock, run.session.id)
    with pytest.raises(ValidationError, match="already been held"):
        SessionRun.prepare(context.vault, clock, run.session.id, [])


def test_stats_compare_plan_and_talk_time(context, circle, people, clock):
    rounds = (RoundPlan("Check-in", RoundKind.EACH, 2), RoundPlan("Break", RoundKind.GROUP, 10))
    run = run_for(context, circle, people, rounds)
    run.do(run.timer.start)
    for seconds in (100, 150, 5):
        clock.advance(seconds)
        run.do(run.timer.next)
    clock.advance(900)
    run.do(run.timer.next)
    stats = session_stats(context.vault, run.session.id)
    assert [(r.title, r.planned, r.actual, r.turns) for r in stats.rounds] == [
        ("Check-in", 360, 255, 3), ("Break", 600, 900, 1)]
    assert stats.rounds[1].difference == 300
    assert [(t.member_id, t.seconds) for t in stats.talk] == [
        (people[1].id, 150), (people[0].id, 100), (people[2].id, 5)]
    assert (stats.planned, stats.actual) == (960, 1155)
    state = context.vault.query("SELECT speaker_order FROM sessions")[0][0]
    assert json.loads(state) == [p.id for p in people]


@pytest.mark.parametrize("seconds, text", [
    (45, "45 s"), (90, "2 min"), (3599, "1 h 00 min"), (3540, "59 min"), (3900, "1 h 05 min")])
def test_minutes_text(seconds, text):
    assert minutes_text(seconds) == text


# --- what the review found --------------------------------------------------------------

def test_a_started_session_keeps_its_plan_and_a_running_one_is_not_deleted(
        context, circle, people, clock):
    run = run_for(context, circle, people)
    run.do(run.timer.start)
    sid = run.session.id
    with pytest.raises(ValidationError, match="can no longer be changed"):
        context.sessions.update(sid, draft(rounds=(RoundPlan("Walk", RoundKind.GROUP, 5),)))
    with pytest.raises(ValidationError, match="running"):
        context.sessions.delete(sid)
    with pytest.raises(ValidationError, match="carry it on"):
        SessionRun.prepare(context.vault, clock, sid, [])
    assert context.sessions.get(sid).rounds == load_shipped()[0].rounds


def test_a_save_that_fails_leaves_timer_and_vault_agreeing(context, circle, people, clock,
                                                           monkeypatch):
    from app.errors import DiskFull

    run = run_for(context, circle, people)
    run.do(run.timer.start)
    clock.advance(90)
    run.do(run.timer.next)
    clock.advance(50)
    real_save = run.save

    def disk_full():
        raise DiskFull("The disk is full.")

    monkeypatch.setattr(run, "save", disk_full)
    for command in (run.timer.next, run.timer.previous, lambda: run.timer.add_time(60)):
        with pytest.raises(DiskFull):
            run.do(command)
        assert run.timer.current.speaker == people[1].id      # the screen did not move on
        assert run.timer.current.extra == 0 and len(run.timer.done) == 1
    monkeypatch.setattr(run, "save", real_save)
    clock.advance(10)
    run.do(run.timer.next)                                    # trying again works
    assert [(t.speaker, t.actual) for t in saved_turns(context.vault, run.session.id)] == [
        (people[0].id, 90), (people[1].id, 60)]


def test_started_earlier_takes_the_time_from_the_turn_before(context, circle, people, clock):
    run = run_for(context, circle, people)
    run.do(run.timer.start)
    clock.advance(100)
    run.do(run.timer.next)
    clock.advance(5)
    run.do(lambda: run.timer.started_earlier(20))            # Bo began 20 s before the press
    assert run.timer.elapsed == 25
    turns = saved_turns(context.vault, run.session.id)
    assert [t.actual for t in turns] == [80]                  # Ann's turn was 20 s shorter
    for _ in range(2):
        run.do(lambda: run.timer.started_earlier(400))
    with pytest.raises(ValidationError, match="15 minutes in all"):
        run.do(lambda: run.timer.started_earlier(400))


def test_a_planned_end_across_the_clock_change_counts_real_time(context, circle):
    # the clocks in London go back at 02:00 on 25 October 2026
    late = context.sessions.create(circle.id, SessionDraft(
        date(2026, 10, 24), time(23, 30), LONDON, (RoundPlan("Vigil", RoundKind.GROUP, 180),)))
    end = late.planned_end(1)
    utc = __import__("datetime").timezone.utc
    assert (end.astimezone(utc) - late.starts_at.astimezone(utc)).total_seconds() == 3 * 3600
    assert end.strftime("%H:%M") == "01:30"       # not 02:30: the hour 01:00-02:00 came twice
