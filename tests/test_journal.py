"""The journal core without a window: entries (with their place in time and in
the full-text index), tags, moods, reflection prompts and the mood series."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.errors import ValidationError
from app.journal.entries import MAX_BODY, EntryDraft
from app.journal.mood_series import (Bucket, Span, bucket_for, bucket_start, mood_series,
                                     span_period)
from app.journal.moods import Mood, mood_or_none
from app.journal.prompts import MAX_PROMPT, OWN_THEME, shipped_prompts
from app.journal.search import JournalQuery
from app.journal.tags import merge_tags, normalise_tag, parse_tag_list, tags_in_text

MORNING = datetime(2025, 3, 1, 9, 0)


@pytest.fixture
def journal(context):
    return context.journal


def write(journal, when, body="", **fields):
    return journal.create(EntryDraft(when, body=body, **fields))


def indexed(context, expression):
    """Keys (rowids) the FTS5 index itself holds for an expression."""
    return [row[0] for row in context.vault.query(
        "SELECT rowid FROM journal_search WHERE journal_search MATCH ? ORDER BY rowid",
        (expression,))]


def key_of(context, entry_id):
    return context.vault.query("SELECT key FROM journal_entries WHERE id = ?", (entry_id,))[0][0]


def index_blocks_hold(context, word):
    """Whether the word's bytes are anywhere in the index's own storage."""
    return any(word.encode() in (block or b"") for (block,) in
               context.vault.query("SELECT block FROM journal_search_data"))


def integrity_check(context):
    context.vault.conn.execute(
        "INSERT INTO journal_search(journal_search) VALUES('integrity-check')")


# --- entries: time and order -----------------------------------------------------------

def test_past_dates_and_same_day_and_same_second_keep_their_order(journal):
    later = write(journal, datetime(2025, 3, 2, 8, 0), "later day")
    old = write(journal, datetime(2019, 7, 14, 23, 59, 59), "years ago")
    same = [write(journal, MORNING.replace(microsecond=n * 1000), f"same second {n}")
            for n in range(4)]
    evening = write(journal, datetime(2025, 3, 1, 21, 0), "same day, later")
    noon = write(journal, datetime(2025, 3, 1, 12, 0), "same day, earlier")

    assert [e.id for e in journal.all()] == [
        old.id, *(e.id for e in same), noon.id, evening.id, later.id]
    assert all(e.written_at == MORNING for e in same)          # whole seconds kept
    assert old.written_at == datetime(2019, 7, 14, 23, 59, 59)
    assert journal.count() == 8
    assert [e.id for e in journal.entries([later.id, same[2].id, old.id, later.id])] == [
        old.id, same[2].id, later.id]
    # the writer's wall clock is kept (Day One entries keep their own zone's time)
    zoned = datetime(2025, 3, 1, 9, 30, tzinfo=ZoneInfo("America/New_York"))
    entry = write(journal, zoned, "in New York", timezone="America/New_York")
    assert (entry.written_at, entry.timezone) == (MORNING.replace(minute=30), "America/New_York")


def test_too_many_entries_in_one_second_are_refused_plainly(journal):
    journal.add_many([EntryDraft(MORNING) for _ in range(1000)])
    with pytest.raises(ValidationError, match="same second"):
        write(journal, MORNING)
    assert write(journal, MORNING + timedelta(seconds=1)).written_at.second == 1
    assert journal.count() == 1001


# --- entries: text exactly as typed -------------------------------------------------

def test_text_is_kept_exactly_as_typed_less_nuls(journal):
    body = "  leading spaces\n\n\nblank lines above\r\nwindows line\ttab  trailing  \n"
    entry = write(journal, MORNING, body + "\x00", title=" A\x00 title ")
    assert entry.body == body
    assert entry.title == " A title "
    assert journal.get(entry.id).body == body
    updated = journal.update(entry.id, body="new\x00\r\n  text  ")
    assert updated.body == "new\r\n  text  "
    html = '<b>bold</b> &amp; <script>alert("x")</script> it&#39;s <img src=x onerror=1>'
    entry = write(journal, MORNING, html, title="<i>Title</i>")
    assert (journal.get(entry.id).body, entry.title) == (html, "<i>Title</i>")
    assert entry.tags == ()        # &#39; is an entity, not a tag


def test_a_million_characters_are_accepted_and_more_are_refused(journal):
    big = "x" * MAX_BODY
    entry = write(journal, MORNING, big)
    assert journal.get(entry.id).body == big
    assert len(write(journal, MORNING, big + "\x00\x00").body) == MAX_BODY   # NULs don't count
    with pytest.raises(ValidationError, match=r"too long \(1,000,001 characters; at most 1,000,000\)"):
        write(journal, MORNING, big + "y")
    with pytest.raises(ValidationError, match="too long"):
        journal.update(entry.id, body=big + "y")
    assert journal.count() == 2
    assert journal.get(entry.id).body == big
    with pytest.raises(ValidationError, match="title is too long"):
        write(journal, MORNING, title="t" * 501)


# --- entries: updates ----------------------------------------------------------------

def test_every_field_can_be_updated(journal, clock):
    entry = write(journal, MORNING, "first words", title="Old", mood=Mood.LOW,
                  tags=("grief",), prompt="What helped?")
    clock.advance(60)
    changed = journal.update(entry.id, title="New", body="second words #hope",
                             mood=Mood.GREAT, tags=("Family",), starred=True,
                             prompt="Who listened?")
    assert (changed.title, changed.body, changed.mood, changed.starred, changed.prompt) == (
        "New", "second words #hope", Mood.GREAT, True, "Who listened?")
    assert changed.chosen_tags == ("family",)
    assert changed.tags == ("family", "hope")
    assert changed.created_at == entry.created_at
    assert changed.updated_at > entry.updated_at
    assert journal.update(entry.id, mood=None, starred=False).mood is None
    assert (journal.get(entry.id).starred, journal.get(entry.id).title) == (False, "New")


def test_moving_written_at_moves_the_entry_in_order_and_in_the_index(context, journal):
    first = write(journal, MORNING, "alpha")
    second = write(journal, MORNING + timedelta(days=1), "bravo")
    third = write(journal, MORNING + timedelta(days=2), "charlie")

    moved = journal.update(third.id, written_at=MORNING - timedelta(days=30))
    assert moved.written_at == MORNING - timedelta(days=30)
    assert [e.id for e in journal.all()] == [third.id, first.id, second.id]
    assert indexed(context, "charlie") == [key_of(context, third.id)]
    newest = context.journal_search.page(JournalQuery(), 0, 10)
    assert [h.id for h in newest] == [second.id, first.id, third.id]
    assert journal.days_with_entries(2025, 1) == {30: 1}

    # into a second that already has an entry: after it
    journal.update(third.id, written_at=MORNING)
    assert [e.id for e in journal.all()] == [first.id, third.id, second.id]
    assert key_of(context, third.id) == key_of(context, first.id) + 1
    assert indexed(context, "charlie") == [key_of(context, third.id)]
    assert journal.days_with_entries(2025, 1) == {}
    assert journal.days_with_entries(2025, 3) == {1: 2, 2: 1}
    integrity_check(context)


# --- entries: delete, restore, and the index --------------------------------------------

def test_delete_hides_the_entry_and_its_words_leave_the_index(context, journal):
    keep = write(journal, MORNING, "zanzibar shared")
    gone = write(journal, MORNING + timedelta(hours=1), "quixotic shared", tags=("secret",))
    assert index_blocks_hold(context, "quixotic")

    journal.delete(gone.id)
    with pytest.raises(ValidationError, match="no longer exists"):
        journal.get(gone.id)
    with pytest.raises(ValidationError, match="no longer exists"):
        journal.update(gone.id, body="back?")
    assert journal.count() == 1
    assert [e.id for e in journal.all()] == [keep.id]
    assert journal.entries([gone.id]) == []
    assert indexed(context, "quixotic") == []
    assert not index_blocks_hold(context, "quixotic")        # secure-delete
    assert context.journal_search.count(JournalQuery("shared")) == 1
    assert context.journal_search.count(JournalQuery(tag="secret")) == 0
    assert journal.tag_counts() == []
    integrity_check(context)

    journal.restore(gone.id)
    assert journal.get(gone.id).body == "quixotic shared"
    assert indexed(context, "quixotic") == [key_of(context, gone.id)]
    assert context.journal_search.count(JournalQuery("shared")) == 2
    assert journal.tag_counts() == [("secret", 1)]
    integrity_check(context)


def test_index_stays_consistent_over_a_mixed_sequence(context, journal):
    entries = [write(journal, MORNING + timedelta(hours=n), f"word{n} common", title=f"t{n}")
               for n in range(6)]
    journal.update(entries[0].id, body="replaced common")
    journal.delete(entries[1].id)
    journal.delete(entries[1].id)                           # twice is harmless
    journal.update(entries[2].id, written_at=MORNING - timedelta(days=3), title="moved")
    journal.restore(entries[3].id)                          # not deleted: harmless
    journal.delete(entries[4].id)
    journal.restore(entries[4].id)
    journal.update(entries[4].id, body="after restore")
    integrity_check(context)
    assert indexed(context, "word0") == []
    assert indexed(context, "word1") == []
    assert indexed(context, "word4") == []
    assert indexed(context, "restore") == [key_of(context, entries[4].id)]
    assert indexed(context, "common") == sorted(
        key_of(context, e.id) for e in (entries[0], entries[2], entries[3], entries[5]))


# --- entries: moods ------------------------------------------------------------------

def test_mood_is_none_or_one_to_five(context, journal):
    assert write(journal, MORNING).mood is None
    for mood in Mood:
        assert write(journal, MORNING, mood=mood).mood is mood
    for wrong in (0, 6):
        with pytest.raises(ValidationError, match="one of five steps"):
            write(journal, MORNING, mood=wrong)
    assert journal.count() == 6
    # a stored value out of range (an older or damaged vault) reads as no mood
    entry = write(journal, MORNING, mood=Mood.GOOD)
    context.vault.conn.execute("PRAGMA ignore_check_constraints = ON")
    context.vault.conn.execute("UPDATE journal_entries SET mood = 9 WHERE id = ?", (entry.id,))
    context.vault.conn.execute("PRAGMA ignore_check_constraints = OFF")
    assert journal.get(entry.id).mood is None


def test_mood_words_and_reading_imported_values():
    assert [m.word for m in Mood] == ["Very low", "Low", "Okay", "Good", "Great"]
    assert Mood.GOOD.label == "4 · Good" and all(m.face for m in Mood)
    assert [mood_or_none(v) for v in (1, "5", 3.0, 0, 6, -1, None, "", "high")] == [
        Mood.VERY_LOW, Mood.GREAT, Mood.OKAY, None, None, None, None, None, None]


# --- entries: imports, tag counts, calendar ------------------------------------------

def test_add_many_reports_progress_and_skips_the_same_import(journal):
    def draft(n, source="jrnl"):
        return EntryDraft(MORNING + timedelta(minutes=n), body=f"entry {n}",
                          source=source, source_id=str(n))

    seen = []
    assert journal.add_many([draft(n) for n in range(5)], batch=2, progress=seen.append) == (5, 0)
    assert seen == [2, 4, 5]
    again = [draft(3), draft(4), draft(5), draft(5), draft(3, source="dayone"),
             EntryDraft(MORNING, body="no id"), EntryDraft(MORNING, body="no id")]
    assert journal.add_many(again) == (4, 3)
    assert journal.count() == 9
    assert journal.add_many([]) == (0, 0)


def test_tag_counts_most_used_first_without_deleted(journal):
    write(journal, MORNING, "#grief #hope")
    write(journal, MORNING, "#hope", tags=("family",))
    gone = write(journal, MORNING, "#grief #grief #zebra")
    write(journal, MORNING, tags=("Hope", "abc"))
    journal.delete(gone.id)
    assert journal.tag_counts() == [("hope", 3), ("abc", 1), ("family", 1), ("grief", 1)]


def test_days_with_entries_counts_each_day_of_one_month(journal):
    for when in [datetime(2025, 3, 1, 0, 0), datetime(2025, 3, 1, 23, 59, 59),
                 datetime(2025, 3, 15, 12), datetime(2025, 3, 31, 23, 59, 59),
                 datetime(2025, 2, 28, 23, 59, 59), datetime(2025, 4, 1)]:
        write(journal, when)
    gone = write(journal, datetime(2025, 3, 20))
    journal.delete(gone.id)
    assert journal.days_with_entries(2025, 3) == {1: 2, 15: 1, 31: 1}
    write(journal, datetime(2025, 12, 31, 22))
    write(journal, datetime(2026, 1, 1, 1))
    assert journal.days_with_entries(2025, 12) == {31: 1}
    assert journal.days_with_entries(2026, 1) == {1: 1}


# --- tags ----------------------------------------------------------------------------

def test_hashtags_in_text_follow_the_rules():
    text = ("# Heading\n#1 on the list, it&#39;s &#x27; fine. #Grief and #grief again, "
            "#self-care- #café #家族 #x_y2 mail@host#frag a#b ##double (#paren) #-no #Straße")
    assert tags_in_text(text) == ["grief", "self-care", "café", "家族", "x_y2", "paren",
                                  "strasse"]
    assert tags_in_text("") == [] and tags_in_text(None) == []
    assert tags_in_text("#cafe\u0301") == ["café"]              # one NFC form
    assert len(tags_in_text("#" + "a" * 100)[0]) == 60


def test_hashtags_in_scripts_with_combining_marks_are_whole():
    assert tags_in_text("#हिंदी #தமிழ்") == ["हिंदी", "தமிழ்"]


def test_chosen_tags_are_normalised_and_merged_with_text_tags():
    assert normalise_tag("#Self Care ") == "self-care"
    assert normalise_tag("  # ") == ""
    assert parse_tag_list("grief, #Family  self care,,") == ("grief", "family", "self", "care")
    assert merge_tags(("Family", "#grief", ""), "about #GRIEF and #hope") == (
        "family", "grief", "hope")


def test_removing_a_hashtag_from_the_text_keeps_the_chosen_tags(context, journal):
    entry = write(journal, MORNING, "about #grief and #family", tags=("Family", "work"))
    assert entry.chosen_tags == ("family", "work")
    assert entry.tags == ("family", "work", "grief")
    changed = journal.update(entry.id, body="about nothing")
    assert changed.tags == ("family", "work")
    assert changed.chosen_tags == ("family", "work")
    assert journal.tag_counts() == [("family", 1), ("work", 1)]
    assert context.journal_search.count(JournalQuery("#grief")) == 0
    assert context.journal_search.count(JournalQuery(tag="grief")) == 0
    assert context.journal_search.count(JournalQuery("#work")) == 1
    assert journal.update(entry.id, tags=()).tags == ()


# --- prompts -------------------------------------------------------------------------

def test_shipped_prompts_cover_the_issues_themes():
    prompts = shipped_prompts()
    themes = {p.theme for p in prompts}
    assert {"Personal resonance", "The role of support", "Listening",
            "Learning from others", "Vulnerability and boundaries", "Gratitude",
            "Celebrating progress"} <= themes
    for theme in themes:
        assert sum(p.theme == theme for p in prompts) >= 2
    assert all(p.text == p.text.strip() and p.text and p.id is None for p in prompts)


def test_a_damaged_prompt_file_is_skipped(tmp_path):
    (tmp_path / "a_good.toml").write_text(
        '[[theme]]\nname = "Hope"\nprompts = ["  What gave you hope?  ", "", 3]\n'
        '[[theme]]\nprompts = ["no theme name"]\n', encoding="utf-8")
    (tmp_path / "b_broken.toml").write_text('[[theme]\nname = "Broken', encoding="utf-8")
    (tmp_path / "c_binary.toml").write_bytes(b"\xff\xfe\x00name")
    (tmp_path / "d_odd.toml").write_text('theme = "not a list"\n', encoding="utf-8")
    (tmp_path / "e_more.toml").write_text(
        '[[theme]]\nname = "Rest"\nprompts = ["How did you rest?"]\n', encoding="utf-8")
    assert [(p.theme, p.text) for p in shipped_prompts(tmp_path)] == [
        ("Hope", "What gave you hope?"), ("Rest", "How did you rest?")]


def test_own_prompts_are_added_and_removed(context, clock):
    store = context.prompts
    first = store.add("  What  surprised\nme today?\x00 ")
    clock.advance(5)
    second = store.add("x" * MAX_PROMPT)
    assert first.text == "What surprised me today?"
    assert (first.theme, bool(first.id)) == (OWN_THEME, True)
    assert store.own() == [first, second]
    assert store.all()[-2:] == [first, second]
    assert len(store.all()) == len(shipped_prompts()) + 2
    for empty in ("", "   \n\t", None, "\x00"):
        with pytest.raises(ValidationError, match="Write the prompt first"):
            store.add(empty)
    with pytest.raises(ValidationError, match="at most 500"):
        store.add("x" * (MAX_PROMPT + 1))
    store.remove(first.id)
    assert store.own() == [second]
    assert first not in store.all()


def test_suggest_offers_a_different_prompt(context):
    store = context.prompts
    own = store.add("My very own question?")
    current = shipped_prompts()[0].text
    rng = random.Random(7)
    offered = [store.suggest(rng, avoid=current) for _ in range(300)]
    assert all(p.text != current for p in offered)
    assert own in offered
    assert len({p.text for p in offered}) == len(store.all()) - 1
    assert store.suggest(random.Random(1)) in store.all()


# --- mood series ---------------------------------------------------------------------

def test_span_periods_and_buckets():
    today = date(2026, 3, 15)
    assert span_period(Span.WEEK, today) == (date(2026, 3, 9), today, Bucket.DAY)
    assert span_period(Span.MONTH, today) == (date(2026, 2, 14), today, Bucket.DAY)
    assert span_period(Span.YEAR, today) == (date(2025, 4, 1), today, Bucket.MONTH)
    assert span_period(Span.YEAR, date(2026, 12, 5)) == (date(2026, 1, 1), date(2026, 12, 5),
                                                         Bucket.MONTH)
    start = date(2026, 1, 1)
    assert bucket_for(start, start) == Bucket.DAY
    assert bucket_for(start, start + timedelta(days=44)) == Bucket.DAY
    assert bucket_for(start, start + timedelta(days=45)) == Bucket.WEEK
    assert bucket_for(start, start + timedelta(days=369)) == Bucket.WEEK
    assert bucket_for(start, start + timedelta(days=370)) == Bucket.MONTH
    assert bucket_start(date(2026, 3, 5), Bucket.WEEK) == date(2026, 3, 2)   # a Monday
    assert bucket_start(date(2026, 3, 5), Bucket.MONTH) == date(2026, 3, 1)


def test_daily_series_averages_and_shows_gaps(journal):
    write(journal, datetime(2026, 3, 2, 8), mood=Mood.LOW)
    write(journal, datetime(2026, 3, 2, 23, 59, 59), mood=Mood.GREAT)
    write(journal, datetime(2026, 3, 2, 12))                       # no mood: not counted
    write(journal, datetime(2026, 3, 4, 9), mood=Mood.GOOD)
    gone = write(journal, datetime(2026, 3, 3, 9), mood=Mood.VERY_LOW)
    journal.delete(gone.id)
    write(journal, datetime(2026, 3, 1, 23, 59, 59), mood=Mood.VERY_LOW)   # before start
    write(journal, datetime(2026, 3, 5, 0, 0), mood=Mood.VERY_LOW)         # after end
    points = mood_series(journal.vault, date(2026, 3, 2), date(2026, 3, 4), Bucket.DAY)
    assert [(p.start, p.label, p.average, p.count) for p in points] == [
        (date(2026, 3, 2), "Mon 2", 3.5, 2),
        (date(2026, 3, 3), "Tue 3", None, 0),
        (date(2026, 3, 4), "Wed 4", 4.0, 1)]


def test_weekly_and_monthly_series(journal):
    for when, mood in [(datetime(2026, 3, 2), 1), (datetime(2026, 3, 8, 23), 4),
                       (datetime(2026, 3, 23), 5), (datetime(2026, 5, 31), 2)]:
        write(journal, when, mood=Mood(mood))
    weeks = mood_series(journal.vault, date(2026, 3, 2), date(2026, 3, 29), Bucket.WEEK)
    assert [(p.start, p.label, p.average, p.count) for p in weeks] == [
        (date(2026, 3, 2), "2 Mar", 2.5, 2), (date(2026, 3, 9), "9 Mar", None, 0),
        (date(2026, 3, 16), "16 Mar", None, 0), (date(2026, 3, 23), "23 Mar", 5.0, 1)]
    months = mood_series(journal.vault, date(2026, 3, 10), date(2026, 6, 1), Bucket.MONTH)
    assert [(p.start, p.label, p.average) for p in months] == [
        (date(2026, 3, 1), "Mar 2026", 5.0), (date(2026, 4, 1), "Apr 2026", None),
        (date(2026, 5, 1), "May 2026", 2.0), (date(2026, 6, 1), "Jun 2026", None)]
    # without a bucket, the period chooses one
    assert len(mood_series(journal.vault, date(2026, 3, 1), date(2026, 3, 31))) == 31
    year = mood_series(journal.vault, *span_period(Span.YEAR, date(2026, 12, 31)))
    assert [p.start.month for p in year] == list(range(1, 13))
    assert [p.count for p in year] == [0, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0]


def test_a_broken_character_is_refused_with_a_message_and_nothing_is_stored(journal):
    with pytest.raises(ValidationError, match="broken character"):
        journal.create(EntryDraft(MORNING, body="half an emoji: \ud83d"))
    entry = write(journal, MORNING, body="whole")
    with pytest.raises(ValidationError, match="broken character"):
        journal.update(entry.id, title="\udc00")
    assert journal.count() == 1 and journal.get(entry.id).title == ""
