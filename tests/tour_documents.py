"""A tour of the shareable documents: `python -m tests.tour_documents OUT`
builds a vault with a realistic circle (a dozen sessions held, themes,
commitments with and without names, resources), makes every kind of
document from it through `app.summarise`, and writes each as PDF and
Markdown to OUT, with PNGs of the PDF pages (`pdftoppm -r 60`) to look at.

Also written, because they are the pages most likely to go wrong: the
summary with hostile text in every field, a summary with nothing in it, and
the report over one session, over sixty, and over none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, time, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CIRCLE = "Thursday evening peer support"
AGREEMENT = """What is said here stays here; what is learned here leaves here.
One voice at a time, and no advice unless someone asks for it.
Speak from your own experience: "I" rather than "you" or "we".
It is fine to pass, and fine to leave the room if you need to.
Phones on silent, and away, please.
We start and finish on time."""
PEOPLE = (("Ann Lee", "full"), ("Bo Chen", "initials"), ("Cat Diaz", "none"),
          ("Dev Patel", "first"), ("Eilidh MacLeod", "full"), ("Fatima Shah", "first"),
          ("Gareth Evans", "none"), ("Hannah Kowalski", "full"),
          ("Ibrahim Osei", "first"))
HOSTILE = ("<b>bold</b> <img src=\"file:///etc/passwd\"> &amp; \u202eevil 👩\u200d👩\u200d👧 "
           "*stars* _under_ # [link](x) `code` | pipe")


def build(context) -> dict[str, object]:
    """The vault's circle, sessions and records; returns the shareable items."""
    from app import summarise
    from app.attendance import Presence
    from app.circles import CircleDraft
    from app.commitments import CommitmentStatus
    from app.formats import load_shipped
    from app.members import Appearance, MemberDraft
    from app.resources import ResourceDraft, ResourceKind
    from app.schedule import Frequency, Schedule
    from app.session_records import RecordField
    from app.session_run import abandon
    from app.sessions import SessionDraft

    circle = context.circles.create(CircleDraft(
        CIRCLE, location="St Mary's church hall, back room", agreement=AGREEMENT,
        schedule=Schedule(Frequency.FORTNIGHTLY, weekday=3, meeting_time=time(19, 30))))
    people = context.members.add_many(circle.id, [MemberDraft(n, Appearance(a))
                                                  for n, a in PEOPLE])
    rounds = load_shipped()[0].rounds
    held = []
    for index in range(12):
        day = date(2025, 9, 4) + timedelta(days=14 * index)
        session = context.sessions.create(circle.id, SessionDraft(
            day, time(19, 30), "Europe/London", rounds, place=""))
        present = [p for k, p in enumerate(people) if (k + index) % 5 != 0 or k < 2]
        away = [p for p in people if p not in present][:2]
        context.attendance.mark_many(session.id, [p.id for p in present], Presence.PRESENT)
        context.attendance.mark_many(session.id, [p.id for p in away], Presence.APOLOGIES)
        abandon(context.vault, context.clock, session.id)
        held.append(session)
    context.sessions.create(circle.id, SessionDraft(date(2026, 2, 26), time(19, 30),
                                                    "Europe/London", rounds))
    previous, last = held[-2], held[-1]
    early = [context.commitments.add(previous.id, people[i].id, text, named=True)
             for i, text in ((0, "Walk three mornings a week"), (1, "Call my sister"),
                             (3, "Ask my GP about the waiting list"))]
    context.commitments.mark(early[0].id, CommitmentStatus.DONE, last.id)
    context.commitments.mark(early[2].id, CommitmentStatus.DONE, last.id)
    context.commitments.mark(early[1].id, CommitmentStatus.CARRIED, last.id)
    for member, text, named in ((people[0], "Write to my brother before the next meeting", True),
                                (people[2], "Say no to one extra shift", True),
                                (people[4], "Bring the leaflet about the carers' café", True),
                                (people[5], "Take a proper lunch break on two days", False)):
        context.commitments.add(last.id, member.id, text, named=named)
    context.records.save(last.id, RecordField.THEMES, "\n".join((
        "Sleep, and how little of it some of us are getting",
        "Guilt about taking time for ourselves",
        "Dealing with the benefits office: long waits and lost forms",
        "Christmas plans, and the first one without someone")))
    context.records.save(last.id, RecordField.CELEBRATIONS, "\n".join((
        "Eilidh finished her first week back at work",
        "Two of us went to the walking group for the first time")))
    for title, kind, detail in (
            ("Samaritans", ResourceKind.HELPLINE, "116 123, free, any time, day or night"),
            ("Cruse Bereavement Support", ResourceKind.HELPLINE, "0808 808 1677"),
            ("Carers' café", ResourceKind.SERVICE,
             "Library community room, first Tuesday of the month, 10:30 to 12:00"),
            ("Option B, by Sheryl Sandberg and Adam Grant", ResourceKind.BOOK, "")):
        resource = context.resources.add(circle.id, ResourceDraft(title, kind, detail))
        context.records.choose_resource(last.id, resource.id, True)
    today = last.day + timedelta(days=1)
    return {
        "summary": summarise.session_summary(context, last.id),
        "sign-in": summarise.sign_in_sheet(context, circle.id, today),
        "agreement": summarise.agreement_handout(context, circle.id),
        "schedule": summarise.schedule_handout(context, circle.id, today),
        "report": summarise.circle_report(context, circle.id, date(2025, 9, 1), today,
                                          with_names=True),
    }


def hard_cases(summary, report) -> dict[str, object]:
    """The summary with hostile text everywhere, one with nothing in it, and
    the report over one session and over sixty."""
    from dataclasses import replace

    from app.summaries import HeldSession, SharedCommitment, SharedResource

    long = "abcdefghij" * 500
    hostile = replace(
        summary, circle_name=HOSTILE, when=HOSTILE, place=long, themes=(HOSTILE, long),
        celebrations=(HOSTILE,), commitments=(SharedCommitment(HOSTILE, HOSTILE, True),),
        resources=(SharedResource(HOSTILE, HOSTILE, long),), next_meeting=HOSTILE)
    empty = replace(summary, themes=(), celebrations=(), commitments=(), done_since_last=0,
                    resources=())
    sixty = tuple(HeldSession(date(2024, 1, 4) + timedelta(days=14 * i), 4 + (i * 7) % 9,
                              i % 3) for i in range(60))
    return {"summary-hostile": hostile, "summary-empty": empty,
            "report-one": replace(report, sessions=report.sessions[-1:], by_member=None),
            "report-sixty": replace(report, start=sixty[0].day, end=sixty[-1].day,
                                    sessions=sixty, by_member=()),
            "report-none": replace(report, sessions=(), commitments_made=0,
                                   commitments_done=0, commitments_let_go=0,
                                   commitments_open=0)}


def main(out: Path) -> None:
    from app.clock import FakeClock
    from app.context import AppContext
    from app.export.documents import document_for

    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="ck-tour-docs-"))
    context = AppContext.for_data_dir(data, FakeClock())
    context.create_vault("Tour")
    try:
        items = build(context)
    finally:
        context.close_vault()
        shutil.rmtree(data, ignore_errors=True)
    items.update(hard_cases(items["summary"], items["report"]))
    for name, item in items.items():
        doc = document_for(item)
        pdf = write_with_pictures(doc, out, name)
        print(f"{pdf}  ({doc.file_stem})")


def write_with_pictures(doc, out: Path, name: str) -> Path:  # noqa: ANN001 (Document)
    """`name`.pdf and .md in `out`, and each PDF page as PNG (when pdftoppm is here)."""
    from app.export.documents import write_markdown, write_pdf

    pdf = write_pdf(doc, out / f"{name}.pdf")
    write_markdown(doc, out / f"{name}.md")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out / name)],
                       check=True)
    return pdf


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/docs"))
