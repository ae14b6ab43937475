"""Hostile text through every store method that takes text (see tests/hostile.py).

Each field is tried with the whole catalogue. For each string the outcome is
decided beforehand: stored exactly as the field promises (`as_line`,
`as_text`, `as_typed`), or refused with the app's ValidationError in a plain
sentence, because it is too long, empty where something is needed, or holds
a lone surrogate. Anything else (another exception, text changed some other
way, a refusal of good text) is a failure, reported by the string's name.
"""

from __future__ import annotations

from collections.abc import Callable
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from html.parser import HTMLParser

import pytest

from app.circles import CircleDraft
from app.context import AppContext
from app.errors import ValidationError
from app.formats import RoundKind, RoundPlan, Step
from app.journal.entries import EntryDraft
from app.journal.search import JournalQuery, Order, match_expression
from app.journal.tags import merge_tags
from app.members import MemberDraft
from app.notes import NoteSubject
from app.resources import ResourceDraft
from app.session_records import RecordField
from app.sessions import SessionDraft

from .hostile import HOSTILE, SMALL, as_line, as_text, as_typed, encodable, plain_sentence

WHEN = datetime(2026, 3, 5, 9, 30)


@dataclass
class World:
    """A vault with one of everything a text can belong to."""
    context: AppContext
    circle_id: str
    member_id: str
    session_id: str
    resource_id: str
    commitment_id: str
    entry_id: str


@pytest.fixture
def world(context) -> World:
    circle = context.circles.create(CircleDraft("Circle"))
    member = context.members.add(circle.id, MemberDraft("Ann"))
    session = context.sessions.create(circle.id, SessionDraft(
        date(2026, 3, 5), time(19, 0), "Europe/London", (RoundPlan("Check-in"),)))
    resource = context.resources.add(circle.id, ResourceDraft("Helpline"))
    commitment = context.commitments.add(session.id, member.id, "Walk")
    entry = context.journal.create(EntryDraft(WHEN, "Title", "Body"))
    return World(context, circle.id, member.id, session.id, resource.id, commitment.id,
                 entry.id)


@dataclass(frozen=True)
class Field:
    name: str
    shape: Callable[[str], str]      # how the field keeps text (tests/hostile.py)
    limit: int
    save: Callable[[World, str], str]  # store the text; what the store then reads back
    required: bool = False

    def expected(self, text: str) -> str | None:
        """What must be stored, or None when it must be refused."""
        value = self.shape(text)
        if (not encodable(text) or len(value) > self.limit
                or (self.required and not value)):
            return None
        return value


# ----- how each field is saved and read back ---------------------------------------

def _circle(w: World, **change: str) -> str:
    store = w.context.circles
    store.update(w.circle_id, replace(store.get(w.circle_id).as_draft(), **change))
    return getattr(store.get(w.circle_id), *change)


def _new_circle(w: World, text: str) -> str:
    store = w.context.circles
    return store.get(store.create(CircleDraft(text)).id).name


def _member(w: World, **change: str) -> str:
    store = w.context.members
    store.update(w.member_id, replace(store.get(w.member_id).as_draft(), **change))
    return getattr(store.get(w.member_id), *change)


def _new_member(w: World, text: str) -> str:
    store = w.context.members
    return store.get(store.add(w.circle_id, MemberDraft(text)).id).name


def _session(w: World, **change) -> object:
    store = w.context.sessions
    store.update(w.session_id, replace(store.get(w.session_id).as_draft(), **change))
    return store.get(w.session_id)


def _round(w: World, plan: RoundPlan) -> RoundPlan:
    return _session(w, rounds=(plan,)).rounds[0]


def _format(w: World, name: str, description: str = "") -> tuple[str, str]:
    saved = w.context.formats.save_rounds(w.circle_id, name, (RoundPlan("Round"),),
                                          description)
    again = next(f for f in w.context.formats.own(w.circle_id) if f.id == saved.id)
    return again.name, again.description


def _note(subject: NoteSubject, attribute: str) -> Callable[[World, str], str]:
    def save(w: World, text: str) -> str:
        w.context.notes.save(subject, getattr(w, attribute), text)
        return w.context.notes.get(subject, getattr(w, attribute))
    return save


def _record(field: RecordField) -> Callable[[World, str], str]:
    def save(w: World, text: str) -> str:
        w.context.records.save(w.session_id, field, text)
        return getattr(w.context.records.get(w.session_id), field.value)
    return save


def _resource(w: World, **change: str) -> str:
    store = w.context.resources
    store.update(w.resource_id, replace(store.get(w.resource_id).as_draft(), **change))
    return getattr(store.get(w.resource_id), *change)


def _new_commitment(w: World, text: str) -> str:
    store = w.context.commitments
    return store.get(store.add(w.session_id, w.member_id, text).id).text


def _commitment(w: World, text: str) -> str:
    store = w.context.commitments
    store.update(w.commitment_id, w.member_id, text, True)
    return store.get(w.commitment_id).text


def _new_entry(attribute: str) -> Callable[[World, str], str]:
    def save(w: World, text: str) -> str:
        entry = w.context.journal.create(EntryDraft(WHEN, **{attribute: text}))
        return getattr(w.context.journal.get(entry.id), attribute)
    return save


def _entry(attribute: str) -> Callable[[World, str], str]:
    def save(w: World, text: str) -> str:
        w.context.journal.update(w.entry_id, **{attribute: text})
        return getattr(w.context.journal.get(w.entry_id), attribute)
    return save


def _prompt(w: World, text: str) -> str:
    w.context.prompts.add(text)
    return w.context.prompts.own()[-1].text


FIELDS = [
    Field("circle name (new)", as_line, 200, _new_circle, required=True),
    Field("circle name", as_line, 200, lambda w, t: _circle(w, name=t), required=True),
    Field("circle purpose", as_text, 2000, lambda w, t: _circle(w, purpose=t)),
    Field("circle meeting place", as_line, 200, lambda w, t: _circle(w, location=t)),
    Field("circle agreement", as_text, 20_000, lambda w, t: _circle(w, agreement=t)),
    Field("member name (new)", as_line, 200, _new_member, required=True),
    Field("member name", as_line, 200, lambda w, t: _member(w, name=t), required=True),
    Field("member contact", as_text, 2000, lambda w, t: _member(w, contact=t)),
    Field("session place", as_line, 200, lambda w, t: _session(w, place=t).place),
    Field("session format name", as_line, 200,
          lambda w, t: _session(w, format_name=t).format_name),
    Field("round title", as_line, 200, lambda w, t: _round(w, RoundPlan(t)).title,
          required=True),
    Field("round guidance", as_text, 500,
          lambda w, t: _round(w, RoundPlan("Round", guidance=t)).guidance),
    Field("coaching step title", as_line, 200, lambda w, t: _round(w, RoundPlan(
        "Case", RoundKind.COACHING, steps=(Step(t, 5),))).steps[0].title, required=True),
    Field("format name", as_line, 200, lambda w, t: _format(w, t)[0], required=True),
    Field("format description", as_text, 2000, lambda w, t: _format(w, "Mine", t)[1]),
    Field("circle note", as_typed, 100_000, _note(NoteSubject.CIRCLE, "circle_id")),
    Field("member note", as_typed, 100_000, _note(NoteSubject.MEMBER, "member_id")),
    Field("session note", as_typed, 100_000, _note(NoteSubject.SESSION, "session_id")),
    Field("themes", as_text, 20_000, _record(RecordField.THEMES)),
    Field("celebrations", as_text, 20_000, _record(RecordField.CELEBRATIONS)),
    Field("next meeting", as_text, 500, _record(RecordField.NEXT_MEETING)),
    Field("resource name", as_line, 200, lambda w, t: _resource(w, title=t), required=True),
    Field("resource details", as_text, 2000, lambda w, t: _resource(w, detail=t)),
    Field("commitment (new)", as_line, 500, _new_commitment, required=True),
    Field("commitment", as_line, 500, _commitment, required=True),
    Field("entry title (new)", as_typed, 500, _new_entry("title")),
    Field("entry text (new)", as_typed, 1_000_000, _new_entry("body")),
    Field("entry prompt (new)", as_typed, 500, _new_entry("prompt")),
    Field("entry title", as_typed, 500, _entry("title")),
    Field("entry text", as_typed, 1_000_000, _entry("body")),
    Field("own prompt", as_line, 500, _prompt, required=True),
]


def problems(field: Field, world: World, catalogue: dict[str, str]) -> list[str]:
    """Every string of `catalogue` whose outcome is not the one expected."""
    found = []
    for name, text in catalogue.items():
        wanted = field.expected(text)
        try:
            stored = field.save(world, text)
        except ValidationError as error:
            if wanted is not None:
                found.append(f"{name}: refused ({error})")
            elif not plain_sentence(str(error)):
                found.append(f"{name}: refused without a plain sentence: {str(error)[:200]!r}")
            continue
        except Exception as error:  # noqa: BLE001 (the point is to name every crash)
            found.append(f"{name}: crashed with {type(error).__name__}: {str(error)[:200]}")
            continue
        if wanted is None:
            found.append(f"{name}: stored ({stored[:80]!r}), but should have been refused")
        elif stored != wanted:
            found.append(f"{name}: stored changed: {stored[:80]!r} != {wanted[:80]!r}")
    return found


@pytest.mark.parametrize("field", FIELDS, ids=[f.name for f in FIELDS])
def test_every_text_field_stores_hostile_text_exactly_or_refuses_it(field, world):
    found = problems(field, world, HOSTILE)
    assert not found, "\n".join(found)


def test_a_hostile_time_zone_is_refused_in_a_short_sentence(world):
    sessions = world.context.sessions
    draft = sessions.get(world.session_id).as_draft()
    for name, text in HOSTILE.items():
        with pytest.raises(ValidationError) as refused:
            sessions.update(world.session_id, replace(draft, timezone=text))
        assert plain_sentence(str(refused.value)) and len(str(refused.value)) < 200, name
    assert sessions.get(world.session_id).timezone == "Europe/London"


def test_a_refused_text_leaves_what_was_stored_before(world):
    context = world.context
    before = context.circles.get(world.circle_id)
    for text in (HOSTILE["lone_surrogate"], HOSTILE["megabyte_word"], " \t\n"):
        with pytest.raises(ValidationError):
            context.circles.update(world.circle_id, replace(before.as_draft(), name=text))
    assert context.circles.get(world.circle_id) == before
    count = len(context.members.list(world.circle_id))
    with pytest.raises(ValidationError):
        context.members.add_many(world.circle_id, [MemberDraft("Bo"),
                                                   MemberDraft(HOSTILE["lone_surrogate"])])
    assert len(context.members.list(world.circle_id)) == count


# ----- tags and search ------------------------------------------------------------------

@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_tags_are_kept_as_tags_or_refused(world, name):
    """A chosen tag is kept as a tag (`normalise_tag`: case-folded, spaces as
    hyphens, at most 60 characters); a tag that cannot be stored is refused."""
    text = HOSTILE[name]
    journal = world.context.journal
    if not encodable(text):
        with pytest.raises(ValidationError) as refused:
            journal.update(world.entry_id, tags=(text, "calm"))
        assert plain_sentence(str(refused.value))
        assert journal.get(world.entry_id).chosen_tags == ()
        return
    entry = journal.update(world.entry_id, tags=(text, "calm"), body=as_typed(text))
    assert entry.chosen_tags == merge_tags((text, "calm"), "")
    assert journal.get(world.entry_id).tags == merge_tags((text, "calm"), as_typed(text))
    for tag in entry.tags:                    # each tag finds its entry again
        hits = world.context.journal_search.page(JournalQuery(tag=tag), 0, 10)
        assert [hit.id for hit in hits] == [world.entry_id]


@pytest.mark.parametrize("order", list(Order))
def test_searching_for_hostile_text_never_fails_and_finds_what_was_stored(world, order):
    journal, search = world.context.journal, world.context.journal_search
    ids = {name: journal.create(EntryDraft(WHEN, body=as_typed(text))).id
           for name, text in SMALL.items() if encodable(text)}
    for name, text in HOSTILE.items():
        query = JournalQuery(text, order=order)
        count = search.count(query)
        hits = search.page(query, 0, 50)
        assert count >= len(hits), name
        if name in ids and query.is_search:
            assert ids[name] in [hit.id for hit in hits], name
        for tagged in (JournalQuery(f"#{text}", order=order), JournalQuery(tag=text)):
            search.count(tagged)
            search.page(tagged, 0, 50)


def test_a_pasted_page_is_one_search_term_per_word():
    """A page pasted into the search box repeats its words hundreds of times;
    each word is searched once (FTS5 slows with the square of repeated terms)."""
    page = HOSTILE["megabyte_text"][:20_000]
    expression = match_expression(page)
    assert expression == match_expression(" ".join(dict.fromkeys(page.split())))
    assert expression.count("AND") < 30


# ----- what is stored, read back from the HTML exports --------------------------------

class _Html(HTMLParser):
    """The tags of an HTML document and its text, character references resolved."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
SAFE_TAGS = {"html", "head", "meta", "style", "body", "h1", "h2", "h3", "p", "div", "span",
             "table", "thead", "tbody", "tr", "td", "th", "ul", "ol", "li", "br", "b", "i",
             "hr", "img"}


def test_every_html_export_shows_stored_hostile_text_literally(context, clock):
    from app import summarise
    from app.attendance import Presence
    from app.export.documents import document_for
    from app.members import Appearance
    from app.session_run import abandon

    names = {as_line(t) for t in SMALL.values() if encodable(t) and as_line(t)}
    circle = context.circles.create(CircleDraft(
        "<script>alert(1)</script> \u202eCircle", agreement="\n".join(sorted(names))))
    people = context.members.add_many(circle.id, [MemberDraft(n, Appearance.FULL_NAME)
                                                  for n in sorted(names)])
    for name in sorted(names):
        context.resources.add(circle.id, ResourceDraft(name))
    session = context.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 5), time(19, 0), "Europe/London", (RoundPlan("Check-in"),)))
    context.attendance.mark_many(session.id, [p.id for p in people], Presence.PRESENT)
    abandon(context.vault, clock, session.id)
    context.records.save(session.id, RecordField.THEMES, "\n".join(sorted(names)))
    for resource in context.resources.list(circle.id):
        context.records.choose_resource(session.id, resource.id, True)
    today = date(2026, 1, 6)
    items = [summarise.session_summary(context, session.id),
             summarise.sign_in_sheet(context, circle.id, today),
             summarise.agreement_handout(context, circle.id),
             summarise.circle_report(context, circle.id, date(2025, 1, 1), today,
                                     with_names=True)]
    for item in items:
        page = _Html(document_for(item).html)
        assert {tag for tag, _ in page.tags} <= SAFE_TAGS, type(item).__name__
        assert all(attrs.get("src", "circlekeeper:").startswith("circlekeeper:")
                   for tag, attrs in page.tags if tag == "img")
        text = unicodedata.normalize("NFC", "".join(page.text)).translate(BIDI)
        assert "<script>alert(1)</script> Circle" in text
        if not isinstance(item, summarise.CircleReport):
            for name in names:
                shown = unicodedata.normalize("NFC", name).translate(BIDI)
                assert shown.lstrip("#-*• ") in text, (type(item).__name__, name)
