"""The core of issue 4 without a window: private notes, the shareable record
of a session, resources, commitments carried forward, and the summaries."""

from __future__ import annotations

from datetime import date, time

import pytest

from app.attendance import Presence
from app.circles import CircleDraft
from app.commitments import CommitmentStatus
from app.errors import ValidationError
from app.formats import load_shipped
from app.members import Appearance, MemberDraft
from app.notes import NoteSubject
from app.resources import ResourceDraft, ResourceKind
from app.schedule import Frequency, Schedule
from app.session_records import RecordField, lines
from app.session_run import abandon
from app.sessions import SessionDraft
from app import summarise

LONDON = "Europe/London"


def plan(context, circle, day, place=""):
    return context.sessions.create(circle.id, SessionDraft(
        day, time(19, 0), LONDON, load_shipped()[0].rounds, place=place))


def hold(context, session, present):
    context.attendance.mark_many(session.id, [m.id for m in present], Presence.PRESENT)
    abandon(context.vault, context.clock, session.id)   # closes it as held
    return context.sessions.get(session.id)


@pytest.fixture
def people(context, circle):
    return context.members.add_many(circle.id, [
        MemberDraft("Ann Lee", Appearance.FULL_NAME, contact="ann@example.org"),
        MemberDraft("Bo Chen", Appearance.INITIALS),
        MemberDraft("Cat Diaz", Appearance.NOT_NAMED)])


# --- notes ---------------------------------------------------------------------------

def test_notes_are_kept_exactly_per_subject(context, circle, people):
    notes = context.notes
    assert notes.get(NoteSubject.CIRCLE, circle.id) == ""
    notes.save(NoteSubject.CIRCLE, circle.id, "  indented\n\nsecond line  ")
    notes.save(NoteSubject.MEMBER, people[0].id, "Ann first")
    notes.save(NoteSubject.MEMBER, people[0].id, "Ann second")
    assert notes.get(NoteSubject.CIRCLE, circle.id) == "  indented\n\nsecond line  "
    assert notes.get(NoteSubject.MEMBER, people[0].id) == "Ann second"
    assert notes.get(NoteSubject.MEMBER, people[1].id) == ""
    assert notes.subjects_with_notes(circle.id) == {
        (NoteSubject.CIRCLE, circle.id), (NoteSubject.MEMBER, people[0].id)}


def test_a_note_on_something_deleted_is_refused_with_a_sentence(context, circle, people):
    context.members.remove(people[0].id)
    with pytest.raises(ValidationError, match="no longer in the circle"):
        context.notes.save(NoteSubject.MEMBER, people[0].id, "text")
    with pytest.raises(ValidationError, match="too long"):
        context.notes.save(NoteSubject.CIRCLE, circle.id, "x" * 100_001)


# --- records, resources, commitments --------------------------------------------------

def test_lines_drop_blanks_and_bullets():
    assert lines("• sleep\n\n- work \n  * family\n–\n") == ("sleep", "work", "family")


def test_the_record_saves_each_field_and_the_chosen_resources(context, circle):
    session = plan(context, circle, date(2026, 3, 3))
    line = context.resources.add(circle.id, ResourceDraft("Samaritans", ResourceKind.HELPLINE,
                                                           "116 123"))
    book = context.resources.add(circle.id, ResourceDraft("Option B", ResourceKind.BOOK))
    context.records.save(session.id, RecordField.THEMES, "Sleep\nWork")
    context.records.save(session.id, RecordField.CELEBRATIONS, "A new job")
    context.records.choose_resource(session.id, line.id, True)
    context.records.choose_resource(session.id, book.id, True)
    context.records.choose_resource(session.id, book.id, False)
    record = context.records.get(session.id)
    assert (record.themes, record.celebrations) == ("Sleep\nWork", "A new job")
    assert record.resource_ids == {line.id}
    context.resources.remove(line.id)
    assert context.records.get(session.id).resource_ids == frozenset()
    assert [r.title for r in context.resources.list(circle.id)] == ["Option B"]


def test_commitments_come_up_at_the_next_session_until_followed_up(context, circle, people):
    ann, bo, _ = people
    first = plan(context, circle, date(2026, 3, 3))
    second = plan(context, circle, date(2026, 3, 17))
    third = plan(context, circle, date(2026, 3, 31))
    walk = context.commitments.add(first.id, ann.id, "Walk three mornings", named=True)
    call = context.commitments.add(first.id, bo.id, "Call my sister")
    read = context.commitments.add(first.id, ann.id, "Read a chapter")
    assert context.commitments.to_review(first.id) == []
    assert [c.text for c in context.commitments.open_for(second.id, ann.id)] == [
        "Walk three mornings", "Read a chapter"]
    context.commitments.mark(walk.id, CommitmentStatus.DONE, second.id)
    context.commitments.mark(call.id, CommitmentStatus.CARRIED, second.id)
    context.commitments.mark(read.id, CommitmentStatus.LET_GO, second.id)
    # still listed at the second session, with the choice made, so it can be changed
    assert {c.text: c.status for c in context.commitments.to_review(second.id)} == {
        "Walk three mornings": CommitmentStatus.DONE,
        "Call my sister": CommitmentStatus.CARRIED,
        "Read a chapter": CommitmentStatus.LET_GO}
    # only the carried one comes up again at the third
    assert [c.text for c in context.commitments.to_review(third.id)] == ["Call my sister"]
    context.commitments.mark(walk.id, CommitmentStatus.OPEN, second.id)
    assert context.commitments.get(walk.id).status_session_id is None


def test_each_session_keeps_the_follow_up_decided_there(context, circle, people):
    """Carried at the second session, done at the third: the second session's
    summary still says "carried on", and taking back the third's choice leaves
    the second's alone."""
    ann = people[0]
    first, second, third = (hold(context, plan(context, circle, day), [ann]) for day in (
        date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 31)))
    walk = context.commitments.add(first.id, ann.id, "Walk daily", named=True)
    context.commitments.mark(walk.id, CommitmentStatus.CARRIED, second.id)
    context.commitments.mark(walk.id, CommitmentStatus.DONE, third.id)
    carried = summarise.session_summary(context, second.id).commitments
    assert [(c.text, c.carried) for c in carried] == [("Walk daily", True)]
    assert summarise.session_summary(context, third.id).done_since_last == 1
    assert context.commitments.get(walk.id).status is CommitmentStatus.DONE
    context.commitments.mark(walk.id, CommitmentStatus.OPEN, third.id)
    assert [c.status for c in context.commitments.to_review(third.id)] == [
        CommitmentStatus.OPEN]
    assert summarise.session_summary(context, second.id).commitments == carried
    assert context.commitments.get(walk.id).status is CommitmentStatus.CARRIED


def test_a_commitment_needs_words_and_a_member_of_this_circle(context, circle, people):
    session = plan(context, circle, date(2026, 3, 3))
    other = context.circles.create(CircleDraft("Other circle"))
    stranger = context.members.add(other.id, MemberDraft("Stranger"))
    with pytest.raises(ValidationError, match="commitment"):
        context.commitments.add(session.id, people[0].id, "   ")
    with pytest.raises(ValidationError, match="not a member"):
        context.commitments.add(session.id, stranger.id, "Something")


# --- summaries ------------------------------------------------------------------------

def test_the_summary_names_only_as_each_member_agreed(context, circle, people):
    ann, bo, cat = people
    first = hold(context, plan(context, circle, date(2026, 3, 3), "Hall"), [ann, bo, cat])
    plan(context, circle, date(2026, 3, 17), "Library")
    context.records.save(first.id, RecordField.THEMES, "Sleep\n\nWork")
    context.commitments.add(first.id, ann.id, "Walk", named=True)
    context.commitments.add(first.id, bo.id, "Call", named=True)
    context.commitments.add(first.id, cat.id, "Rest", named=True)     # chose not named
    context.commitments.add(first.id, ann.id, "Sing", named=False)    # not this time
    summary = summarise.session_summary(context, first.id)
    assert summary.when == "Tuesday 3 March 2026, 19:00"
    assert (summary.place, summary.present) == ("Hall", 3)
    assert summary.themes == ("Sleep", "Work")
    assert [(c.text, c.owner) for c in summary.commitments] == [
        ("Walk", "Ann Lee"), ("Call", "B. C."), ("Rest", None), ("Sing", None)]
    assert summary.next_meeting == "Tuesday 17 March 2026, 19:00, Library"


def test_an_old_summary_names_the_session_that_followed_it(context, circle):
    first = hold(context, plan(context, circle, date(2026, 3, 3)), [])
    hold(context, plan(context, circle, date(2026, 3, 17), "Library"), [])
    assert summarise.session_summary(context, first.id).next_meeting == (
        "Tuesday 17 March 2026, 19:00, Library")


def test_the_next_meeting_falls_back_on_the_schedule(context):
    circle = context.circles.create(CircleDraft(
        "Weekly", schedule=Schedule(Frequency.WEEKLY, weekday=1, meeting_time=time(18, 30))))
    held = hold(context, plan(context, circle, date(2026, 3, 3)), [])
    assert summarise.session_summary(context, held.id).next_meeting == (
        "Tuesday 10 March 2026, 18:30")
    context.records.save(held.id, RecordField.NEXT_MEETING, "After Easter, date by text")
    assert summarise.session_summary(context, held.id).next_meeting == (
        "After Easter, date by text")


def test_handouts_follow_consent_and_the_schedule(context, people):
    circle = context.circles.create(CircleDraft(
        "Monthly", agreement="Confidentiality\n\nOne voice at a time", location="Hall",
        schedule=Schedule(Frequency.MONTHLY, weekday=3, meeting_time=time(19, 30),
                          week_of_month=1)))
    for person in ("Ann Lee", "Zed Ward"):
        context.members.add(circle.id, MemberDraft(person, Appearance.FIRST_NAME))
    context.members.add(circle.id, MemberDraft("Hidden Person", Appearance.NOT_NAMED))
    sheet = summarise.sign_in_sheet(context, circle.id, date(2026, 3, 1))
    assert sheet.names == ("Ann", "Zed") and sheet.blank_rows >= 4
    assert sheet.when == "Thursday 5 March 2026, 19:30"
    assert summarise.agreement_handout(context, circle.id).points == (
        "Confidentiality", "One voice at a time")
    schedule = summarise.schedule_handout(context, circle.id, date(2026, 3, 1))
    assert [m.when for m in schedule.meetings][:2] == [
        "Thursday 5 March 2026, 19:30", "Thursday 2 April 2026, 19:30"]
    assert len(schedule.meetings) == summarise.SCHEDULE_LENGTH


def test_a_template_agreement_keeps_its_lead_in_and_loses_its_own_numbers():
    intro, points = summarise.agreement_points(
        "We agree that:\n\n1. What is said here stays here.\n2) We listen.\n"
        "a. Phones away.\n10 minutes early is fine")
    assert intro == "We agree that:"
    assert points == ("What is said here stays here.", "We listen.", "Phones away.",
                      "10 minutes early is fine")


def test_no_agreement_is_a_sentence_not_an_empty_page(context, circle):
    with pytest.raises(ValidationError, match="no group agreement"):
        summarise.agreement_handout(context, circle.id)


def test_the_circle_report_counts_and_names_only_when_asked(context, circle, people):
    ann, bo, cat = people
    one = hold(context, plan(context, circle, date(2026, 3, 3)), [ann, bo, cat])
    two = hold(context, plan(context, circle, date(2026, 3, 17)), [ann, cat])
    context.attendance.mark(two.id, bo.id, Presence.APOLOGIES)
    hold(context, plan(context, circle, date(2026, 5, 5)), [ann])       # outside the period
    done = context.commitments.add(one.id, ann.id, "Walk")
    context.commitments.add(one.id, bo.id, "Call")
    context.commitments.mark(done.id, CommitmentStatus.DONE, two.id)
    report = summarise.circle_report(context, circle.id, date(2026, 3, 1), date(2026, 3, 31))
    assert [(s.day.day, s.present, s.apologies) for s in report.sessions] == [
        (3, 3, 0), (17, 2, 1)]
    assert (report.commitments_made, report.commitments_done, report.commitments_open) == (
        2, 1, 1)
    assert report.by_member is None
    named = summarise.circle_report(context, circle.id, date(2026, 3, 1), date(2026, 3, 31),
                                    with_names=True)
    assert [(n.name, n.attended) for n in named.by_member] == [("Ann Lee", 2), ("B. C.", 1)]
    assert named.not_named == 1
    assert report.members == 3
    context.members.mark_left(bo.id, date(2026, 3, 20))
    context.members.add(circle.id, MemberDraft("Dee New", joined_on=date(2026, 4, 2)))
    assert summarise.circle_report(context, circle.id, date(2026, 3, 1),
                                   date(2026, 3, 31)).members == 2
    with pytest.raises(ValidationError, match="ends before"):
        summarise.circle_report(context, circle.id, date(2026, 3, 31), date(2026, 3, 1))


def test_names_in_the_shared_text_are_pointed_out(context, circle, people):
    held = hold(context, plan(context, circle, date(2026, 3, 3)), [])
    context.records.save(held.id, RecordField.CELEBRATIONS, "Bo's new job!\nA calm week")
    context.commitments.add(held.id, people[0].id, "Walk", named=True)   # named as agreed
    summary = summarise.session_summary(context, held.id)
    assert summarise.names_mentioned(context, summary, circle.id) == ["Bo Chen"]
    context.records.save(held.id, RecordField.CELEBRATIONS, "Bonfire night")
    summary = summarise.session_summary(context, held.id)
    assert summarise.names_mentioned(context, summary, circle.id) == []
