"""The register of a session: marks, who is listed, the speaking order, starting."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timezone

import pytest

from app.attendance import (Mark, Presence, Tally, likely_end, needs_speakers, shuffled,
                            speaking_order, start_problem)
from app.circles import CircleDraft
from app.errors import ValidationError
from app.formats import RoundKind, RoundPlan, load_shipped
from app.members import MemberDraft
from app.session_run import SessionRun
from app.sessions import SessionDraft


def plan(context, circle, rounds=None, day=date(2026, 1, 6)):
    rounds = rounds or load_shipped()[0].rounds
    return context.sessions.create(circle.id, SessionDraft(day, time(19, 0), "Europe/London",
                                                           rounds))


def people(context, circle, *names):
    return context.members.add_many(circle.id, [MemberDraft(n) for n in names])


def test_marks_are_saved_and_updated(context, circle, clock):
    session = plan(context, circle)
    ann, bo = people(context, circle, "Ann Lee", "Bo Diaz")
    context.attendance.mark(session.id, ann.id, Presence.PRESENT)
    context.attendance.mark(session.id, bo.id, Presence.APOLOGIES)
    clock.advance(60)
    context.attendance.mark(session.id, ann.id, Presence.ABSENT, late=True)
    assert context.attendance.marks(session.id) == {
        ann.id: Mark(Presence.ABSENT, True), bo.id: Mark(Presence.APOLOGIES)}
    assert context.attendance.present(session.id) == set()
    assert context.vault.query("SELECT count(*) FROM attendance")[0][0] == 2


def test_marking_a_member_of_another_circle_is_refused(context, circle):
    session = plan(context, circle)
    ann, = people(context, circle, "Ann Lee")
    other = context.circles.create(CircleDraft("Other circle"))
    stranger, = people(context, other, "Stranger")
    with pytest.raises(ValidationError, match="not a member"):
        context.attendance.mark(session.id, stranger.id, Presence.PRESENT)
    with pytest.raises(ValidationError):
        context.attendance.mark_many(session.id, [ann.id, stranger.id], Presence.PRESENT)
    assert context.vault.query("SELECT count(*) FROM attendance")[0][0] == 0


def test_marking_everyone_at_once(context, circle):
    session = plan(context, circle)
    ann, bo, cy = people(context, circle, "Ann Lee", "Bo Diaz", "Cy Tran")
    context.attendance.mark_many(session.id, [ann.id, cy.id], Presence.PRESENT)
    assert context.attendance.present(session.id) == {ann.id, cy.id}


def test_register_lists_current_members_and_their_marks(context, circle):
    session = plan(context, circle)
    ann, bo, cy, di = people(context, circle, "Ann Lee", "Bo Diaz", "Cy Tran", "Di Moss")
    context.attendance.mark(session.id, cy.id, Presence.PRESENT)
    context.members.mark_left(bo.id, date(2026, 1, 1))     # left: not listed
    context.members.mark_left(cy.id, date(2026, 1, 1))     # left, but already marked: kept
    context.members.remove(di.id)
    lines = context.attendance.register(session.id)
    assert [(line.member.name, line.presence) for line in lines] == [
        ("Ann Lee", None), ("Cy Tran", Presence.PRESENT)]
    assert Tally.of(lines) == Tally(present=1, unmarked=1)
    assert Tally.of(lines).describe() == "1 present · 0 sent apologies · 0 absent · " \
                                         "1 not marked yet"
    context.sessions.delete(session.id)
    with pytest.raises(ValidationError):
        context.attendance.register(session.id)


def test_speaking_order_keeps_saved_order_appends_newcomers_and_drops_the_absent(context,
                                                                                  circle):
    ann, bo, cy, di = people(context, circle, "Ann Lee", "Bo Diaz", "Cy Tran", "Di Moss")
    members = [ann, bo, cy, di]
    saved = (cy.id, ann.id, bo.id)
    order = speaking_order(members, {ann.id, cy.id, di.id}, saved)
    assert order == [cy.id, ann.id, di.id]
    assert speaking_order(members, {bo.id, ann.id}) == [ann.id, bo.id]
    assert speaking_order(members, set(), saved) == []
    assert speaking_order(members, {"someone-else"}, ("someone-else",)) == []


def test_shuffled_is_a_permutation_and_leaves_the_original():
    order = [f"m{i}" for i in range(12)]
    result = shuffled(order, random.Random(4))
    assert sorted(result) == sorted(order) and result != order
    assert order == [f"m{i}" for i in range(12)]
    assert shuffled(order, random.Random(4)) == result


def test_start_needs_someone_present_only_for_person_by_person_rounds(context, circle):
    group_only = (RoundPlan("Silence", RoundKind.GROUP, 5),)
    assert not needs_speakers(group_only)
    assert needs_speakers(load_shipped()[0].rounds)
    coaching = next(f for f in load_shipped() if any(r.kind is RoundKind.COACHING
                                                    for r in f.rounds))
    assert needs_speakers(tuple(r for r in coaching.rounds if r.kind is RoundKind.COACHING))
    session = plan(context, circle)
    assert "present" in start_problem(session, 0)
    assert start_problem(session, 1) is None
    assert start_problem(plan(context, circle, group_only), 0) is None


def test_a_held_or_running_session_cannot_be_started_again(context, circle, clock):
    ann, = people(context, circle, "Ann Lee")
    session = plan(context, circle)
    run = SessionRun.prepare(context.vault, clock, session.id, [ann.id])
    run.do(run.timer.start)
    assert "started already" in start_problem(context.sessions.get(session.id), 1)
    run.do(run.timer.end)
    assert "already been held" in start_problem(context.sessions.get(session.id), 1)


def test_likely_end_from_the_planned_start_or_now_if_later(context, circle):
    session = plan(context, circle)        # 19:00 London; 11 min each plus 13 min together
    before = datetime(2026, 1, 6, 18, 30, tzinfo=timezone.utc)
    assert likely_end(session, 6, before).strftime("%H:%M") == "20:19"
    late = datetime(2026, 1, 6, 19, 10, tzinfo=timezone.utc)
    assert likely_end(session, 6, late).strftime("%H:%M") == "20:29"
    summer = plan(context, circle, day=date(2026, 7, 7))   # BST: shown in London time
    assert likely_end(summer, 0, before).strftime("%H:%M") == "19:13"
