"""Privacy by construction, proven: a random canary in every private field
(notes, contact details, talk times, names withheld by consent), every kind
of shareable export generated (PDF, Markdown, print, the command line and the
calendar), their text read back and searched: not one canary may be there,
while every shared marker must be (so an empty export cannot pass)."""

from __future__ import annotations

import dataclasses
import secrets
import string
import unicodedata
from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import cli, summaries, summarise
from app.attendance import Presence
from app.circles import CircleDraft
from app.clock import FakeClock
from app.export.documents import document_for, print_document, write_markdown, write_pdf
from app.export.ics import export_calendar
from app.formats import RoundKind, RoundPlan
from app.members import Appearance, MemberDraft
from app.notes import NoteSubject
from app.resources import ResourceDraft, ResourceKind
from app.schedule import Frequency, Schedule
from app.session_records import RecordField
from app.session_run import SessionRun
from app.sessions import SessionDraft

TALK_SECONDS = 4444          # one turn this long: "1 h 14 min", "74 min", "4444"
TALK_MARKERS = ("4444", "1 h 14 min", "74 min")
ALLOWED_FIELDS = {            # every field a shareable type may have; add with care
    "circle_name", "when", "place", "present", "themes", "celebrations", "commitments",
    "done_since_last", "resources", "next_meeting", "text", "owner", "carried", "heading",
    "title", "detail", "names", "blank_rows", "intro", "points", "rhythm", "meetings", "format_name",
    "day", "apologies", "name", "attended", "start", "end", "sessions", "members",
    "commitments_made", "commitments_done", "commitments_let_go", "commitments_open",
    "by_member", "not_named"}


def canary(label: str) -> str:
    """Letters only, so a canary can never contain a talk-time number."""
    return "Qz" + label + "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(path: Path) -> str:
    return normalised("\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def test_shareable_types_have_no_field_for_private_data():
    types = [t for t in vars(summaries).values()
             if isinstance(t, type) and dataclasses.is_dataclass(t)]
    assert len(types) >= 10
    for kind in types:
        names = {f.name for f in dataclasses.fields(kind)}
        assert names <= ALLOWED_FIELDS, f"{kind.__name__} gained {names - ALLOWED_FIELDS}"
        for name in names:
            assert not any(word in name for word in ("note", "contact", "talk", "second",
                                                     "email", "phone", "private"))


class World:
    """A circle whose private fields all hold canaries, and whose shared
    fields hold markers that must come through."""

    def __init__(self, context, clock: FakeClock) -> None:
        self.secret = {k: canary(k) for k in (
            "circlenote", "membernote", "sessionnote", "contact", "hiddenname",
            "surname", "unnamedowner", "reportnote")}
        self.shared = {k: canary(k) for k in ("theme", "celebration", "commitment",
                                              "resource", "agreement", "circle")}
        s, p = self.secret, self.shared
        ctx = context
        self.circle = ctx.circles.create(CircleDraft(
            f"Circle {p['circle']}", agreement=f"Listen well\n{p['agreement']}",
            location="Hall", schedule=Schedule(Frequency.WEEKLY, 1, time(19, 0))))
        self.named, self.initials, self.hidden, self.quiet = ctx.members.add_many(
            self.circle.id, [
                MemberDraft("Ann Lee", Appearance.FULL_NAME, contact=s["contact"]),
                MemberDraft(f"Bo {s['surname']}", Appearance.FIRST_NAME, contact=s["contact"]),
                MemberDraft(f"Cy {s['hiddenname']}", Appearance.NOT_NAMED),
                MemberDraft(f"Di {s['unnamedowner']}", Appearance.FULL_NAME)])
        rounds = (RoundPlan("Check-in", RoundKind.EACH, 2.0),)
        self.first = ctx.sessions.create(self.circle.id, SessionDraft(
            date(2026, 1, 6), time(19, 0), "Europe/London", rounds, "Hall"))
        self.second = ctx.sessions.create(self.circle.id, SessionDraft(
            date(2026, 1, 13), time(19, 0), "Europe/London", rounds, "Hall"))
        self.next = ctx.sessions.create(self.circle.id, SessionDraft(
            date(2099, 1, 6), time(19, 0), "Europe/London", rounds, "Hall"))
        people = [self.named, self.initials, self.hidden, self.quiet]
        for session in (self.first, self.second):
            ctx.attendance.mark_many(session.id, [m.id for m in people], Presence.PRESENT)
            self._run(ctx, session.id, [m.id for m in people])
        ctx.notes.save(NoteSubject.CIRCLE, self.circle.id, s["circlenote"])
        ctx.notes.save(NoteSubject.MEMBER, self.named.id, s["membernote"])
        ctx.notes.save(NoteSubject.SESSION, self.second.id, s["sessionnote"])
        ctx.records.save(self.second.id, RecordField.THEMES, p["theme"])
        ctx.records.save(self.second.id, RecordField.CELEBRATIONS, p["celebration"])
        resource = ctx.resources.add(self.circle.id, ResourceDraft(
            p["resource"], ResourceKind.HELPLINE, "116 123"))
        ctx.records.choose_resource(self.second.id, resource.id, True)
        ctx.commitments.add(self.second.id, self.named.id, p["commitment"], named=True)
        ctx.commitments.add(self.second.id, self.hidden.id, "Rest more", named=True)
        ctx.commitments.add(self.second.id, self.quiet.id, "Walk", named=False)
        ctx.commitments.add(self.second.id, self.initials.id, "Sing", named=True)

    @staticmethod
    def _run(context, session_id: str, order: list[str]) -> None:
        clock = FakeClock(datetime(2026, 1, 6, 19, 0, tzinfo=timezone.utc))
        run = SessionRun.prepare(context.vault, clock, session_id, order)
        run.do(run.timer.start)
        clock.advance(TALK_SECONDS)
        while run.timer.current is not None:
            run.do(run.timer.next)
            clock.advance(61)

    def shareables(self, context) -> dict[str, summaries.Shareable]:
        today = date(2026, 1, 20)
        cid = self.circle.id
        return {
            "summary": summarise.session_summary(context, self.second.id),
            "sign-in": summarise.sign_in_sheet(context, cid, today),
            "agreement": summarise.agreement_handout(context, cid),
            "schedule": summarise.schedule_handout(context, cid, today),
            "report": summarise.circle_report(context, cid, date(2026, 1, 1), today),
            "report-named": summarise.circle_report(context, cid, date(2026, 1, 1), today,
                                                    with_names=True),
        }

    def forbidden(self, kind: str = "summary") -> list[str]:
        """Di chose to be named, but not beside her commitment: her name may
        appear on the sign-in sheet and in a report by name, never in a summary."""
        secret = dict(self.secret)
        if kind != "summary":
            secret.pop("unnamedowner")
        return [*secret.values(), *TALK_MARKERS]


EXPECTED = {  # shared markers each kind must show (proof the text was read at all)
    "summary": ("theme", "celebration", "commitment", "resource", "circle"),
    "sign-in": ("circle",), "agreement": ("agreement", "circle"), "schedule": ("circle",),
    "report": ("circle",), "report-named": ("circle",),
}


@pytest.fixture
def world(context, clock):
    return World(context, clock)


def check(text: str, world: World, kind: str, how: str) -> None:
    found = [marker for marker in world.forbidden(kind) if marker in text]
    assert not found, f"private data in the {how} of the {kind}: {found}"
    for key in EXPECTED[kind]:
        assert world.shared[key] in text, f"{key} missing from the {how} of the {kind}"


def test_no_canary_reaches_any_pdf_markdown_or_printout(world, context, tmp_path, qapp):
    from PySide6.QtPrintSupport import QPrinter

    for kind, item in world.shareables(context).items():
        doc = document_for(item)
        check(pdf_text(write_pdf(doc, tmp_path / f"{kind}.pdf")), world, kind, "PDF")
        markdown = write_markdown(doc, tmp_path / f"{kind}.md").read_text("utf-8")
        check(normalised(markdown), world, kind, "Markdown")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"{kind}-printed.pdf"))
        print_document(doc, printer)
        check(pdf_text(tmp_path / f"{kind}-printed.pdf"), world, kind, "printout")


def test_names_follow_consent_exactly(world, context):
    summary = summarise.session_summary(context, world.second.id)
    owners = {c.text: c.owner for c in summary.commitments}
    assert owners == {world.shared["commitment"]: "Ann Lee", "Rest more": None,
                      "Walk": None, "Sing": "Bo"}
    named = summarise.circle_report(context, world.circle.id, date(2026, 1, 1),
                                    date(2026, 1, 31), with_names=True)
    assert {n.name for n in named.by_member} == {"Ann Lee", "Bo",
                                                 f"Di {world.secret['unnamedowner']}"}
    assert named.not_named == 1
    sheet = summarise.sign_in_sheet(context, world.circle.id, date(2026, 1, 20))
    assert len(sheet.names) == 3 and "Bo" in sheet.names


def test_no_canary_reaches_the_command_line_exports(world, context, tmp_path, monkeypatch):
    vault = context.vault.path
    context.close_vault()
    out = tmp_path / "out"
    out.mkdir()
    name = world.circle.name
    runs = {"summary": ["summary", "--all"], "sign-in": ["handout", "sign-in"],
            "agreement": ["handout", "agreement"], "schedule": ["handout", "schedule"],
            "report-named": ["report", "--from", "2026-01-01", "--to", "2026-01-31",
                             "--with-names"]}
    for kind, words in runs.items():
        for fmt in ("pdf", "md"):
            folder = out / f"{kind}-{fmt}"
            folder.mkdir()
            code = cli.main(["export", *words, "--circle", name, "--vault", str(vault),
                             "--format", fmt, "--output", str(folder)])
            assert code == 0
            for path in folder.iterdir():
                text = pdf_text(path) if fmt == "pdf" else normalised(path.read_text("utf-8"))
                if kind != "summary" or world.shared["theme"] in text:
                    check(text, world, kind, f"command-line {fmt}")
                else:   # the first session's summary has no shared record
                    assert not [m for m in world.forbidden(kind) if m in text]


def test_no_canary_reaches_the_calendar(world, context, tmp_path):
    target = tmp_path / "c.ics"
    export_calendar(world.circle, context.sessions.list(world.circle.id), 4, target,
                    stamp=datetime.now(timezone.utc))
    text = normalised(target.read_text("utf-8").replace("\r\n ", ""))
    assert world.shared["circle"] in text
    assert not [m for m in world.forbidden() if m in text]
    assert "Ann" not in text and "Bo " not in text


def test_contacts_and_talk_times_are_in_the_vault_so_the_canaries_are_real(world, context):
    """The canaries must exist where a careless export could find them."""
    from app.session_stats import session_stats

    assert world.secret["contact"] in {m.contact for m in context.members.list(world.circle.id)}
    talk = session_stats(context.vault, world.second.id).talk
    assert any(round(t.seconds) == TALK_SECONDS for t in talk)
    assert context.notes.get(NoteSubject.SESSION, world.second.id) == world.secret["sessionnote"]
