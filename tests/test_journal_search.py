"""Journal search without a window: what the search box's words find, the
filters beside it, the orders, the pages, and the highlighted matches."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.journal.entries import EntryDraft
from app.journal.moods import Mood
from app.journal.search import (HIGHLIGHT_END, HIGHLIGHT_START, PREVIEW_CHARS, JournalQuery,
                                Order, highlighted_parts, match_expression)

DAY = datetime(2025, 3, 1, 9, 0)
HOSTILE = ['"', "*", "NEAR(", "NEAR(kind words, 2)", "-", "-kind", "AND", "OR", "NOT",
           "kind OR nothing", ":", "title:kind", "{title}: kind", "^", "^kind", "(((", ")",
           "'", "\\", "%", "_", "#", "##", "#-", '#"', '"#', '""""', '"kind', 'kind"words',
           "\ud800", "kind\ud800", "\udcff words", "\x00", "kind\x00words", "😀", "kind 😀",
           "👩‍👩‍👧 family", "k" * 10_000, "kind " * 2_000, "\u202e\u0301", "ﬁ", "ǅ", "ß"]


@pytest.fixture
def journal(context):
    return context.journal


@pytest.fixture
def search(context):
    return context.journal_search


def write(journal, when, body="", **fields):
    return journal.create(EntryDraft(when, body=body, **fields))


def found(search, text="", **filters):
    """Ids of the hits, newest first, checked against count() on the way."""
    query = JournalQuery(text, **filters)
    ids = search.ids(query)
    assert search.count(query) == len(ids) == len(set(ids))
    return ids


# --- what the words find --------------------------------------------------------------

def test_a_word_is_a_prefix_in_title_body_and_tags(journal, search):
    in_body = write(journal, DAY, "So much gratitude today")
    in_title = write(journal, DAY + timedelta(days=1), "x", title="Grateful")
    in_tags = write(journal, DAY + timedelta(days=2), tags=("gratefulness",))
    write(journal, DAY + timedelta(days=3), "ingratitude is not a prefix match")
    assert found(search, "grat") == [in_tags.id, in_title.id, in_body.id]
    assert found(search, "gratitude") == [in_body.id]
    assert found(search, "gratitudes") == []
    assert found(search, "zzz") == []


def test_a_quoted_phrase_needs_the_words_side_by_side(journal, search):
    adjacent = write(journal, DAY, "She had kind words for everyone")
    apart = write(journal, DAY + timedelta(days=1), "The words were kind")
    assert found(search, '"kind words"') == [adjacent.id]
    assert found(search, '"words kind"') == []
    assert found(search, "kind words") == [apart.id, adjacent.id]
    # still typing: the unclosed phrase's last word is a prefix
    assert found(search, '"kind wo') == [adjacent.id]
    assert found(search, '"kind wo"') == []
    assert found(search, '"kind words" everyone') == [adjacent.id]


def test_hashtag_search_looks_only_in_tags(journal, search):
    typed = write(journal, DAY, "A hard day #grief")
    chosen = write(journal, DAY + timedelta(days=1), "Another day", tags=("Grief",))
    mentioned = write(journal, DAY + timedelta(days=2), "grief without a hash")
    other = write(journal, DAY + timedelta(days=3), "#family #self-care")
    assert found(search, "#grief") == [chosen.id, typed.id]
    assert found(search, "#gri") == [chosen.id, typed.id]
    assert found(search, "#GRIEF") == [chosen.id, typed.id]
    assert found(search, "grief") == [mentioned.id, chosen.id, typed.id]
    assert found(search, "#self-care") == [other.id]
    assert found(search, "#grief day") == [chosen.id, typed.id]
    assert found(search, "#grief hash") == []


def test_accents_and_case_do_not_matter_either_way(journal, search):
    accented = write(journal, DAY, "Met at the Café")
    plain = write(journal, DAY + timedelta(days=1), "the cafe was loud")
    shouting = write(journal, DAY + timedelta(days=2), "CAFÉ AGAIN")
    decomposed = write(journal, DAY + timedelta(days=3), "cafe\u0301 au lait")
    everyone = [decomposed.id, shouting.id, plain.id, accented.id]
    for text in ("cafe", "CAFE", "café", "CAFÉ", "Cafe\u0301", "caf"):
        assert found(search, text) == everyone, text


def test_several_words_must_all_be_there(journal, search):
    both = write(journal, DAY, "kind words from Ann")
    one = write(journal, DAY + timedelta(days=1), "kind words from Bo")
    assert found(search, "kind ann") == [both.id]
    assert found(search, "ann kind") == [both.id]
    assert found(search, "  kind\t\nwords  ") == [one.id, both.id]
    assert found(search, "kind ann bo") == []


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises(journal, search, text):
    kind = write(journal, DAY, "kind words", title="Kind")
    write(journal, DAY + timedelta(days=1), "unrelated")
    for order in Order:
        query = JournalQuery(text, order=order)
        hits = search.page(query, 0, 50)
        assert search.count(query) == len(hits) == len(search.ids(query))
        assert len(hits) in (0, 1, 2)
        if query.is_search and hits:
            assert [hit.id for hit in hits] == [kind.id]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)), max_size=6))
def test_any_mix_of_typing_never_raises(journal, search, pieces):
    if journal.count() == 0:
        write(journal, DAY, "kind words #grief")
    query = JournalQuery(" ".join(pieces))
    assert search.count(query) == len(search.page(query, 0, 10))


def test_no_letters_means_no_search(journal, search):
    older = write(journal, DAY, "one")
    newer = write(journal, DAY + timedelta(days=1), "two")
    for text in ("", "   ", '"', "***", "#", "-:^()", "😀", "\ud800", None):
        assert match_expression(text) is None
        query = JournalQuery(text)
        assert not query.is_search
        assert found(search, text) == [newer.id, older.id]
    assert JournalQuery("a").is_search
    assert JournalQuery("7").is_search


# --- filters ------------------------------------------------------------------------

@pytest.fixture
def month(journal):
    """A small month of entries, named for what tells them apart."""
    return {
        "first": write(journal, datetime(2025, 3, 1, 0, 0, 0), "walk by the sea",
                       mood=Mood.GOOD, tags=("walk",)),
        "starred": write(journal, datetime(2025, 3, 10, 12), "a sea of worries #worry",
                         mood=Mood.LOW, starred=True),
        "plain": write(journal, datetime(2025, 3, 20, 18), "quiet evening at home",
                       mood=Mood.GOOD),
        "last": write(journal, datetime(2025, 3, 31, 23, 59, 59), "sea air, #walk again",
                      starred=True),
        "before": write(journal, datetime(2025, 2, 28, 23, 59, 59), "sea in February",
                        mood=Mood.GOOD),
        "after": write(journal, datetime(2025, 4, 1, 0, 0, 0), "sea in April #walk"),
    }


def names(month, ids):
    by_id = {entry.id: name for name, entry in month.items()}
    return [by_id[i] for i in ids]


def test_each_filter_alone(search, month):
    assert names(month, found(search, tag="walk")) == ["after", "last", "first"]
    assert names(month, found(search, tag="wal")) == []                 # exact tag
    assert names(month, found(search, mood=Mood.GOOD)) == ["plain", "first", "before"]
    assert names(month, found(search, mood=Mood.GREAT)) == []
    assert names(month, found(search, starred=True)) == ["last", "starred"]
    assert names(month, found(search, start=date(2025, 3, 1), end=date(2025, 3, 31))) == [
        "last", "plain", "starred", "first"]
    assert names(month, found(search, start=date(2025, 3, 31))) == ["after", "last"]
    assert names(month, found(search, end=date(2025, 3, 1))) == ["first", "before"]
    assert names(month, found(search, start=date(2025, 3, 20), end=date(2025, 3, 20))) == [
        "plain"]
    assert found(search, start=date(2025, 3, 21), end=date(2025, 3, 30)) == []


def test_filters_combined_with_each_other_and_with_words(search, month):
    march = {"start": date(2025, 3, 1), "end": date(2025, 3, 31)}
    assert names(month, found(search, "sea", **march)) == ["last", "starred", "first"]
    assert names(month, found(search, "sea", tag="walk", **march)) == ["last", "first"]
    assert names(month, found(search, "sea", mood=Mood.GOOD)) == ["first", "before"]
    assert names(month, found(search, "sea", starred=True, **march)) == ["last", "starred"]
    assert names(month, found(search, "#walk", starred=True)) == ["last"]
    assert names(month, found(search, "sea", mood=Mood.LOW, starred=True, **march)) == [
        "starred"]
    assert found(search, "quiet", starred=True) == []
    assert found(search, "home", tag="walk") == []


def test_deleted_entries_are_never_found(journal, search, month):
    journal.delete(month["first"].id)
    assert "first" not in names(month, found(search, "sea"))
    assert "first" not in names(month, found(search, tag="walk"))
    assert "first" not in names(month, found(search, mood=Mood.GOOD))
    assert len(found(search)) == 5


# --- order and pages -----------------------------------------------------------------

def test_orders_newest_oldest_and_best(journal, search):
    best = write(journal, DAY, "hope, hope and more hope; hope again", title="Hope")
    once = write(journal, DAY + timedelta(days=1), "once there was hope " + "filler " * 40)
    twice = write(journal, DAY + timedelta(days=2), "hope and hope", title="Twice")
    write(journal, DAY + timedelta(days=3), "no match here")
    assert found(search, "hope") == [twice.id, once.id, best.id]
    assert search.ids(JournalQuery("hope", order=Order.OLDEST)) == [best.id, once.id, twice.id]
    assert search.ids(JournalQuery("hope", order=Order.BEST)) == [best.id, twice.id, once.id]
    # without words, best is newest first
    everything = search.ids(JournalQuery())
    assert search.ids(JournalQuery(order=Order.BEST)) == everything
    assert search.ids(JournalQuery(order=Order.OLDEST)) == everything[::-1]


@pytest.mark.parametrize("text", ["", "common"])
@pytest.mark.parametrize("order", list(Order))
def test_pages_return_every_hit_exactly_once(journal, search, text, order):
    wanted = {write(journal, DAY + timedelta(hours=n), f"common {'word ' * (n % 4)}").id
              for n in range(23)}
    write(journal, DAY + timedelta(minutes=30), "rare", mood=Mood.LOW)
    if not text:
        wanted = set(search.ids(JournalQuery()))
        assert len(wanted) == 24
    query = JournalQuery(text, order=order)
    paged = []
    for offset in range(0, 30, 5):
        page = search.page(query, offset, 5)
        assert len(page) == max(0, min(5, len(wanted) - offset))
        paged += [hit.id for hit in page]
    assert len(paged) == len(set(paged)) == len(wanted) == search.count(query)
    assert set(paged) == wanted
    assert paged == search.ids(query)


def test_ids_go_past_a_thousand(journal, search):
    journal.add_many([EntryDraft(DAY + timedelta(minutes=n), body=f"common n{n}")
                      for n in range(1003)])
    for query in (JournalQuery("common"), JournalQuery(), JournalQuery(order=Order.OLDEST)):
        ids = search.ids(query)
        assert len(ids) == len(set(ids)) == search.count(query) == 1003
    assert search.ids(JournalQuery("n1002")) == search.ids(JournalQuery())[:1]


# --- what a hit shows ----------------------------------------------------------------

def test_hits_carry_what_the_list_draws(journal, search):
    entry = write(journal, DAY, "first line\n\n  second   line\tend", title="A title",
                  mood=Mood.OKAY, starred=True, tags=("Family",))
    for text in ("", "second"):
        (hit,) = search.page(JournalQuery(text), 0, 10)
        assert (hit.id, hit.written_at, hit.mood, hit.starred, hit.tags) == (
            entry.id, DAY, Mood.OKAY, True, ("family",))
    assert search.page(JournalQuery(), 0, 1)[0].title == "A title"
    assert search.page(JournalQuery(), 0, 1)[0].preview == "first line second line end"


def test_a_long_preview_is_cut_at_a_word(journal, search):
    write(journal, DAY, "word " * 100)
    preview = search.page(JournalQuery(), 0, 1)[0].preview
    assert preview.endswith("word…")
    assert len(preview) <= PREVIEW_CHARS + 1


def test_matches_are_marked_in_titles_and_snippets(journal, search):
    write(journal, DAY, "Before the session I felt nervous, then calmer.",
          title="Nervous start")
    (hit,) = search.page(JournalQuery("nerv"), 0, 10)
    assert hit.title == f"{HIGHLIGHT_START}Nervous{HIGHLIGHT_END} start"
    assert f"{HIGHLIGHT_START}nervous{HIGHLIGHT_END}" in hit.preview
    assert highlighted_parts(hit.title) == [("Nervous", True), (" start", False)]
    assert highlighted_parts(hit.preview) == [
        ("Before the session I felt ", False), ("nervous", True), (", then calmer.", False)]
    (phrase,) = search.page(JournalQuery('"felt nervous"'), 0, 10)
    assert [text for text, match in highlighted_parts(phrase.preview) if match] == [
        "felt nervous"]


def test_highlighted_parts_split_right():
    s, e = HIGHLIGHT_START, HIGHLIGHT_END
    assert highlighted_parts("") == []
    assert highlighted_parts("plain") == [("plain", False)]
    assert highlighted_parts(f"{s}all{e}") == [("all", True)]
    assert highlighted_parts(f"a {s}b{e} {s}c{e}d") == [
        ("a ", False), ("b", True), (" ", False), ("c", True), ("d", False)]


def test_a_snippet_around_a_match_far_into_a_long_entry(journal, search):
    write(journal, DAY, "filler " * 300 + "needle " + "filler " * 300)
    (hit,) = search.page(JournalQuery("needle"), 0, 1)
    assert hit.preview.startswith("…") and hit.preview.endswith("…")
    assert [text for text, match in highlighted_parts(hit.preview) if match] == ["needle"]


def test_best_match_ranks_only_once_every_word_has_three_letters():
    assert not JournalQuery("ab", order=Order.BEST).ranked          # newest first for now
    assert JournalQuery("abo", order=Order.BEST).ranked
    assert not JournalQuery("about ti", order=Order.BEST).ranked
    assert JournalQuery('"a b" tired', order=Order.BEST).ranked     # a phrase is never short
    assert not JournalQuery("about", order=Order.NEWEST).ranked
